// The Go side of examples/render_page.rs: the same templates and the same page, executed by
// Go's text/template or html/template in 11 rounds of RUNS renders (1,000 by default); the
// median round's time per page is printed, for the comparison in the README.
//
//	cd crates/gotemplate/examples/page/go && go run . [text|html] [RUNS | --print]
package main

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	texttemplate "text/template"
	"time"
)

type Site struct {
	Title, Language, BaseURL, Author string
	Year                             int
	Menu                             []map[string]any
	Stylesheets                      []string
	Pages                            []any
}

type Page struct {
	Title, Permalink, Date, Kind, Section string
	ReadingTime                           int
	IsHome                                bool
	Params                                map[string]any
	Tags                                  []string
	TOC                                   []map[string]any
	Content                               htmltemplate.HTML
	Related                               []any
	Prev, Next                            *Page
	Site                                  *Site
}

func page(title string, site *Site, related []any, prev, next *Page) *Page {
	var body strings.Builder
	var toc []map[string]any
	for i := 0; i < 12; i++ {
		fmt.Fprintf(&body, "<h2 id=\"s%d\">第 %d 节：调度器</h2>\n<p>Go 的调度器在 <code>runtime/proc.go</code> 里，"+
			"P、M、G 三者配合。This paragraph explains work stealing &amp; handoff.</p>\n"+
			"<pre><code class=\"language-go\">func schedule() { gp := findRunnable() }</code></pre>\n", i, i)
		toc = append(toc, map[string]any{"ID": fmt.Sprintf("s%d", i), "Level": 2, "Title": fmt.Sprintf("第 %d 节", i)})
	}
	return &Page{
		Title: title, Permalink: fmt.Sprintf("https://notes.example.org/posts/%d/", len(title)),
		Date: "2025-03-14", Kind: "page", Section: "posts", ReadingTime: 7,
		Params: map[string]any{"description": "A walk through Go's scheduler, with notes on the runtime.",
			"author": "Jane", "series": "Go runtime", "draft": false},
		Tags: []string{"go", "runtime", "scheduler", "源码"}, TOC: toc,
		Content: htmltemplate.HTML(body.String()), Related: related, Prev: prev, Next: next, Site: site,
	}
}

func data() *Page {
	site := &Site{Title: "源码笔记", Language: "zh-cn", BaseURL: "https://notes.example.org/", Author: "Jane Doe",
		Year: 2025, Stylesheets: []string{"css/main.css", "css/code.css"}, Pages: make([]any, 200)}
	for _, n := range []string{"posts", "notes", "about"} {
		site.Menu = append(site.Menu, map[string]any{"Name": n, "URL": "/" + n + "/"})
	}
	small := func(t string) *Page { return page(t, site, nil, nil, nil) }
	related := []any{small("Channels"), small("Select"), small("Timers"), small("Netpoll")}
	return page("Go 调度器源码分析", site, related, small("Goroutines"), nil)
}

var funcs = map[string]any{
	"add1":  func(i int) int { return i + 1 },
	"first": func(n int, l []any) []any { return l[:n] },
}

func read(name string) string {
	b, err := os.ReadFile("../" + name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

const rounds = 11

func run(label string, execute func(*bytes.Buffer) error, runs int) {
	var out bytes.Buffer
	if err := execute(&out); err != nil {
		panic(err)
	}
	size := out.Len()
	var times []time.Duration
	for r := 0; r < rounds; r++ {
		start := time.Now()
		for i := 0; i < runs; i++ {
			out.Reset()
			if err := execute(&out); err != nil {
				panic(err)
			}
		}
		times = append(times, time.Since(start))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	perPage := times[rounds/2] / time.Duration(runs)
	fmt.Printf("go %s: median of %d rounds of %d renders of a %d-byte page: %d ns per page\n", label, rounds, runs, size,
		perPage.Nanoseconds())
}

func main() {
	args := os.Args[1:]
	mode := "text"
	if len(args) > 0 && (args[0] == "text" || args[0] == "html") {
		mode, args = args[0], args[1:]
	}
	runs := 1000
	print := len(args) > 0 && args[0] == "--print"
	if len(args) > 0 && !print {
		runs, _ = strconv.Atoi(args[0])
	}
	d := data()
	var execute func(w io.Writer) error
	if mode == "text" {
		base := texttemplate.Must(texttemplate.New("_default/baseof.html").Funcs(funcs).Parse(read("baseof.html")))
		set := texttemplate.Must(texttemplate.Must(base.Clone()).Parse(read("single.html")))
		execute = func(w io.Writer) error { return set.ExecuteTemplate(w, "_default/baseof.html", d) }
	} else {
		base := htmltemplate.Must(htmltemplate.New("_default/baseof.html").Funcs(funcs).Parse(read("baseof.html")))
		set := htmltemplate.Must(htmltemplate.Must(base.Clone()).Parse(read("single.html")))
		execute = func(w io.Writer) error { return set.ExecuteTemplate(w, "_default/baseof.html", d) }
	}
	if print {
		if err := execute(os.Stdout); err != nil {
			panic(err)
		}
		return
	}
	run(mode, func(b *bytes.Buffer) error { return execute(b) }, runs)
}
