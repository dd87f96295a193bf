package output

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// encodingJSON returns what encoding/json writes for ev with HTML escaping off,
// without the trailing newline.
func encodingJSON(t *testing.T, ev *ocsf.Event) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ev); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func TestAppendEventMatchesEncodingJSON(t *testing.T) {
	events := mappedTestLines(t)
	g := eventGen{rng: rand.New(rand.NewPCG(5, 7))}
	for range 2000 {
		events = append(events, g.event())
	}
	for i, ev := range events {
		got := appendEvent(nil, ev)
		want := encodingJSON(t, ev)
		if !bytes.Equal(got, want) {
			t.Fatalf("event %d differs from encoding/json\ngot  %s\nwant %s", i, got, want)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	tests := []string{
		"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rcr", "\b\f\x00\x1f\x7f",
		"<script>&amp;</script>", "é✓ 日本", "\u2028\u2029", "bad \xff\xfe utf8", "\xc6\xc6",
	}
	for _, s := range tests {
		got := appendJSONString(nil, s)
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		// encoding/json's Marshal escapes HTML; undo that for the comparison.
		want = bytes.ReplaceAll(want, []byte(`\u003c`), []byte("<"))
		want = bytes.ReplaceAll(want, []byte(`\u003e`), []byte(">"))
		want = bytes.ReplaceAll(want, []byte(`\u0026`), []byte("&"))
		if !bytes.Equal(got, want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}

// BenchmarkJSONLines compares the hand-written encoder with encoding/json on
// events mapped from corpus lines:
//
//	go test -run '^$' -bench 'BenchmarkJSON' -count 6 ./internal/output/ | tee json.txt
func BenchmarkJSONLinesAppend(b *testing.B) {
	events := mappedTestLines(b)
	b.ReportAllocs()
	var buf []byte
	for i := 0; b.Loop(); i++ {
		buf = appendEvent(buf[:0], events[i%len(events)])
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkJSONLinesEncodingJSON(b *testing.B) {
	events := mappedTestLines(b)
	b.ReportAllocs()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := 0; b.Loop(); i++ {
		buf.Reset()
		if err := enc.Encode(events[i%len(events)]); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
