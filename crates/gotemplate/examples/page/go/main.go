// The Go side of examples/render_page.rs: the same templates and the same page, executed
// 10,000 times by Go's text/template and html/template, for the comparison in the README.
//
//	cd crates/gotemplate/examples/page/go && go run . [RUNS]
package main

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"os"
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

func run(label string, execute func(*bytes.Buffer) error, runs int) {
	var out bytes.Buffer
	if err := execute(&out); err != nil {
		panic(err)
	}
	size := out.Len()
	start := time.Now()
	for i := 0; i < runs; i++ {
		out.Reset()
		if err := execute(&out); err != nil {
			panic(err)
		}
	}
	elapsed := time.Since(start)
	fmt.Printf("%s: %d renders of a %d-byte page: %v in all, %v per page, %.0f MB/s\n", label, runs, size,
		elapsed, elapsed/time.Duration(runs), float64(size*runs)/elapsed.Seconds()/1e6)
}

func main() {
	runs := 10000
	if len(os.Args) > 1 && os.Args[1] != "--print" {
		runs, _ = strconv.Atoi(os.Args[1])
	}
	d := data()
	tbase := texttemplate.Must(texttemplate.New("_default/baseof.html").Funcs(funcs).Parse(read("baseof.html")))
	tset := texttemplate.Must(texttemplate.Must(tbase.Clone()).Parse(read("single.html")))
	if len(os.Args) > 1 && os.Args[1] == "--print" {
		if err := tset.ExecuteTemplate(os.Stdout, "_default/baseof.html", d); err != nil {
			panic(err)
		}
		return
	}
	run("text/template", func(b *bytes.Buffer) error { return tset.ExecuteTemplate(b, "_default/baseof.html", d) }, runs)
	hbase := htmltemplate.Must(htmltemplate.New("_default/baseof.html").Funcs(funcs).Parse(read("baseof.html")))
	hset := htmltemplate.Must(htmltemplate.Must(hbase.Clone()).Parse(read("single.html")))
	run("html/template", func(b *bytes.Buffer) error { return hset.ExecuteTemplate(b, "_default/baseof.html", d) }, runs)
}
