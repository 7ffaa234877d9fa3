// corpus.go writes corpus.txt: random formats and operands of the kinds a template's Value
// holds, with what Go prints for them. fmt_go_corpus.rs checks gotemplate prints the same.
//
//	cd crates/gotemplate/tests/fmt_port && go run corpus.go > corpus.txt
//
// The seed is fixed, so the corpus only changes with this file or with Go.
//
// Format of a case, all lengths in bytes:
//
//	f<len>:<format> or p (Sprint) or l (Sprintln), then a<n>: and n operands, then
//	w<len>:<what Go printed>, then a newline.
//
// An operand: N nil, B0 B1, I<decimal>; U<decimal>; F<16 hex digits of the bits>;
// S<len>:<bytes>, L<n>: and n operands, M<n>: and n string keys (S...) each with an operand.
package main

import (
	"bufio"
	"fmt"
	"math"
	"math/rand"
	"os"
	"sort"
	"strings"
	"unicode"
)

var r = rand.New(rand.NewSource(20240522))

func main() {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for i := 0; i < 4000; {
		format, args := randomPrintf()
		// An operand taken as a width by a shifted index can ask for 100000 spaces: keep
		// the corpus small.
		if out := fmt.Sprintf(format, args...); len(out) < 1000 && stable(format, args) {
			writeCase(w, "f"+lenPrefixed(format), args, out)
			i++
		}
	}
	for i := 0; i < 4000; {
		format, args := randomFloat()
		if stable(format, args) {
			writeCase(w, "f"+lenPrefixed(format), args, fmt.Sprintf(format, args...))
			i++
		}
	}
	for i := 0; i < 300; i++ {
		args := randomArgs(r.Intn(5))
		if i%2 == 0 {
			writeCase(w, "p", args, fmt.Sprint(args...))
		} else {
			writeCase(w, "l", args, fmt.Sprintln(args...))
		}
	}
}

// stable says whether a case prints the same in any Go: not an address (Go prints where a
// value lives; gotemplate prints one fixed address), and no code point that Go 1.19's
// Unicode 13 has not assigned (newer Go prints some of those unescaped).
func stable(format string, args []any) bool {
	if fmt.Sprintf(format, args...) != fmt.Sprintf(format, deepCopy(args).([]any)...) {
		return false
	}
	for _, a := range args {
		if !assignedInGo119(a) {
			return false
		}
	}
	return true
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case []any:
		// Room for one more, so that even an empty list has an address of its own.
		c := make([]any, 0, len(v)+1)
		for _, e := range v {
			c = append(c, deepCopy(e))
		}
		return c
	case map[string]any:
		c := map[string]any{}
		for k, e := range v {
			c[k] = deepCopy(e)
		}
		return c
	}
	return v
}

func assignedInGo119(v any) bool {
	assigned := func(r rune) bool {
		return r < 0 || r > unicode.MaxRune || unicode.IsPrint(r) ||
			unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs, unicode.Zs, unicode.Zl, unicode.Zp)
	}
	switch v := v.(type) {
	case int:
		return assigned(rune(v)) || int(rune(v)) != v
	case uint:
		return v > unicode.MaxRune || assigned(rune(v))
	case string:
		for _, r := range v {
			if !assigned(r) {
				return false
			}
		}
	case []any:
		for _, e := range v {
			if !assignedInGo119(e) {
				return false
			}
		}
	case map[string]any:
		for k, e := range v {
			if !assignedInGo119(k) || !assignedInGo119(e) {
				return false
			}
		}
	}
	return true
}

func writeCase(w *bufio.Writer, head string, args []any, out string) {
	w.WriteString(head)
	fmt.Fprintf(w, "a%d:", len(args))
	for _, a := range args {
		w.WriteString(encode(a))
	}
	w.WriteString("w" + lenPrefixed(out) + "\n")
}

func lenPrefixed(s string) string { return fmt.Sprintf("%d:%s", len(s), s) }

func encode(v any) string {
	switch v := v.(type) {
	case nil:
		return "N"
	case bool:
		if v {
			return "B1"
		}
		return "B0"
	case int:
		return fmt.Sprintf("I%d;", v)
	case uint:
		return fmt.Sprintf("U%d;", v)
	case float64:
		return fmt.Sprintf("F%016x;", math.Float64bits(v))
	case string:
		return "S" + lenPrefixed(v)
	case []any:
		var b strings.Builder
		fmt.Fprintf(&b, "L%d:", len(v))
		for _, e := range v {
			b.WriteString(encode(e))
		}
		return b.String()
	case map[string]any:
		var keys []string
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		fmt.Fprintf(&b, "M%d:", len(v))
		for _, k := range keys {
			b.WriteString(encode(k) + encode(v[k]))
		}
		return b.String()
	}
	panic(fmt.Sprintf("cannot encode %T", v))
}

func pick(s string) string {
	rs := []rune(s)
	return string(rs[r.Intn(len(rs))])
}

// randomPrintf is a format of one to three verbs with random flags, widths, precisions and
// indexes, and operands that mostly fit.
func randomPrintf() (string, []any) {
	var b strings.Builder
	var args []any
	verbs := 1 + r.Intn(3)
	for v := 0; v < verbs; v++ {
		if r.Intn(3) == 0 {
			b.WriteString(pick("ab -:|日"))
		}
		b.WriteByte('%')
		for f := r.Intn(4); f > 0; f-- {
			b.WriteString(pick("#0+- "))
		}
		if r.Intn(12) == 0 {
			fmt.Fprintf(&b, "[%d]", r.Intn(4))
		}
		switch r.Intn(6) {
		case 0, 1:
			fmt.Fprintf(&b, "%d", r.Intn(25))
		case 2:
			b.WriteByte('*')
			args = append(args, randomWidth())
		}
		switch r.Intn(6) {
		case 0:
			b.WriteByte('.')
		case 1, 2:
			fmt.Fprintf(&b, ".%d", r.Intn(20))
		case 3:
			b.WriteString(".*")
			args = append(args, randomWidth())
		}
		verb := pick("vvvvdddsssqqxxXbooOcUeEfFggGtTp%zé")
		b.WriteString(verb)
		if verb != "%" && r.Intn(15) != 0 {
			args = append(args, randomValue(2))
		}
	}
	if r.Intn(10) == 0 {
		b.WriteString(pick("%.["))
	}
	if r.Intn(10) == 0 {
		args = append(args, randomValue(1))
	}
	return b.String(), args
}

func randomWidth() any {
	switch r.Intn(8) {
	case 0:
		return -r.Intn(20)
	case 1:
		return uint(r.Intn(20))
	case 2:
		// Not an integer: a bad width.
		return []any{nil, "3", 2.0, true, []any{}}[r.Intn(5)]
	case 3:
		return 2000000
	}
	return r.Intn(20)
}

// randomFloat is one float verb with random flags, width and precision.
func randomFloat() (string, []any) {
	var b strings.Builder
	b.WriteByte('%')
	for f := r.Intn(3); f > 0; f-- {
		b.WriteString(pick("#0+- "))
	}
	if r.Intn(4) == 0 {
		fmt.Fprintf(&b, "%d", r.Intn(30))
	}
	if r.Intn(3) != 0 {
		fmt.Fprintf(&b, ".%d", r.Intn(25))
	}
	b.WriteString(pick("vvvvggGeEfFxXb"))
	return b.String(), []any{randomFloatValue()}
}

func randomArgs(n int) []any {
	var args []any
	for i := 0; i < n; i++ {
		args = append(args, randomValue(1))
	}
	return args
}

func randomValue(depth int) any {
	switch k := r.Intn(20); {
	case k < 2:
		return nil
	case k < 3:
		return r.Intn(2) == 0
	case k < 7:
		return randomInt()
	case k < 9:
		return uint(randomInt())
	case k < 12:
		return randomFloatValue()
	case k < 17 || depth == 0:
		return randomString()
	case k < 19:
		n := r.Intn(4)
		l := make([]any, 0, n+1)
		for i := 0; i < n; i++ {
			l = append(l, randomValue(depth-1))
		}
		return l
	default:
		n := r.Intn(4)
		m := map[string]any{}
		for i := 0; i < n; i++ {
			m[randomString()] = randomValue(depth - 1)
		}
		return m
	}
}

func randomInt() int {
	switch r.Intn(6) {
	case 0:
		return r.Intn(20) - 5
	case 1:
		return int(r.Uint64())
	case 2:
		return []int{0, -1, math.MaxInt64, math.MinInt64, 0x10FFFF, 0x110000, 0xD800, 0x1F600, 0xa0, 0x7f}[r.Intn(10)]
	case 3:
		return r.Intn(0x20000)
	}
	return r.Intn(100000) - 50000
}

func randomString() string {
	parts := []string{"", "a", "abc", "héllo", "日本語", "\u00a0", "\x00", "\n\t", `"`, "`", `\`,
		"\ufeff", "\u200b", "😀", "\u0378", "'", "%d", "<b>", "\x7f", "Ω≈ç√"}
	var b strings.Builder
	for n := r.Intn(4); n > 0; n-- {
		b.WriteString(parts[r.Intn(len(parts))])
	}
	return b.String()
}

func randomFloatValue() float64 {
	switch r.Intn(10) {
	case 0:
		return math.Float64frombits(r.Uint64())
	case 1:
		return float64(r.Intn(2000000)-1000000) / math.Pow(10, float64(r.Intn(8)))
	case 2:
		return r.Float64() * math.Pow(10, float64(r.Intn(60)-30))
	case 3:
		// Halfway cases: x.5, x.25, x.125 and their kin.
		return float64(r.Intn(1000)) + float64(r.Intn(8))/8
	case 4:
		return []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
			5e-324, math.MaxFloat64, 1e21, 1e20, 1e-5, 1e-4, 1e6, 123456, 1234567, 0.1, 2.5, -2.5}[r.Intn(17)]
	case 5:
		return float64(r.Int63n(1 << 53))
	case 6:
		return -r.Float64() * math.Pow(10, float64(r.Intn(40)-20))
	}
	return float64(r.Intn(100000)) / 100
}
