package alb

import (
	"errors"
	"reflect"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name   string
		line   string
		want   []string
		reason string // expected ParseError reason, "" for success
		field  int
	}{
		{name: "bare fields", line: "a b c", want: []string{"a", "b", "c"}},
		{name: "quoted with spaces", line: `a "b c" d`, want: []string{"a", "b c", "d"}},
		{name: "quoted dash", line: `"-" -`, want: []string{"-", "-"}},
		{name: "empty quoted", line: `a "" b`, want: []string{"a", "", "b"}},
		{name: "quoted at end", line: `a "b c"`, want: []string{"a", "b c"}},
		{name: "runs of spaces", line: "https    2018  x", want: []string{"https", "2018", "x"}},
		{name: "leading and trailing spaces", line: "  a b  ", want: []string{"a", "b"}},
		{name: "hex escape kept verbatim", line: `"GET /?q=\x22 HTTP/1.1" x`, want: []string{`GET /?q=\x22 HTTP/1.1`, "x"}},
		{name: "backslash quote does not close", line: `"a \" b" c`, want: []string{`a \" b`, "c"}},
		{name: "backslash quote before close", line: `"a \"" c`, want: []string{`a \"`, "c"}},
		{name: "trailing space inside quotes", line: `"- http://h:80-/ " x`, want: []string{"- http://h:80-/ ", "x"}},
		{name: "quote inside bare field", line: `a b"c d`, reason: ReasonUnexpectedQuote, field: 1},
		{name: "closing quote glued to text", line: `a "b"1 c`, reason: ReasonUnexpectedQuote, field: 1},
		{name: "unterminated quote", line: `a "b c`, reason: ReasonUnterminatedQuote, field: 1},
		{name: "lone quote", line: `a "`, reason: ReasonUnterminatedQuote, field: 1},
		{name: "empty line", line: "", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Split(nil, []byte(tt.line))
			if tt.reason != "" {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("Split(%q) error = %v, want a *ParseError", tt.line, err)
				}
				if pe.Reason != tt.reason {
					t.Errorf("reason = %q, want %q", pe.Reason, tt.reason)
				}
				if pe.Field != tt.field {
					t.Errorf("field = %d, want %d", pe.Field, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatalf("Split(%q) error = %v", tt.line, err)
			}
			if !reflect.DeepEqual(asStrings(got), tt.want) {
				t.Errorf("Split(%q)\ngot  %q\nwant %q", tt.line, asStrings(got), tt.want)
			}
		})
	}
}

func asStrings(fields [][]byte) []string {
	if fields == nil {
		return nil
	}
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = string(f)
	}
	return out
}

func TestTrimEOL(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"lf", "a\n", "a"},
		{"crlf", "a\r\n", "a"},
		{"cr", "a\r", "a"},
		{"none", "a", "a"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(TrimEOL([]byte(tt.in))); got != tt.want {
				t.Errorf("TrimEOL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
