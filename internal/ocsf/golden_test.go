package ocsf

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
	"github.com/alb2ocsf/alb2ocsf/internal/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// goldenKey is the object key the golden events are mapped as coming from, so the
// key-derived attributes (node IP, account, region) are covered too.
const goldenKey = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2025/08/22/" +
	"123456789012_elasticloadbalancing_us-east-1_app.web-alb.50dc6c495c0c9188_20250822T0905Z_198.51.100.7_a1b2c3d4.log.gz"

// TestGoldenEvents maps every line of testdata/events.log and compares the whole
// events with testdata/events.golden.jsonl. Run with -update to rewrite it.
func TestGoldenEvents(t *testing.T) {
	got := mapFile(t, "testdata/events.log", newMapper(t, Options{}))
	golden := filepath.Join("testdata", "events.golden.jsonl")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	gotLines, wantLines := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	if len(gotLines) != len(wantLines) {
		t.Fatalf("got %d events, want %d", len(gotLines), len(wantLines))
	}
	for i := range gotLines {
		if !bytes.Equal(gotLines[i], wantLines[i]) {
			t.Errorf("event %d differs from the golden file (run go test -update if the change is intended): %s",
				i+1, firstDifference(gotLines[i], wantLines[i]))
		}
	}
}

// TestGoldenEventsValid validates every golden event against the OCSF schema.
func TestGoldenEventsValid(t *testing.T) {
	s, err := schema.Load(Version180)
	if err != nil {
		t.Fatal(err)
	}
	events := mapFile(t, "testdata/events.log", newMapper(t, Options{}))
	for i, line := range bytes.Split(bytes.TrimSpace(events), []byte("\n")) {
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		var ev map[string]any
		if err := dec.Decode(&ev); err != nil {
			t.Fatal(err)
		}
		for _, v := range s.Validate(ev).Violations {
			t.Errorf("event %d: %s: %s", i+1, v.Path, v.Message)
		}
	}
}

// firstDifference names the first top-level attribute whose JSON differs.
func firstDifference(got, want []byte) string {
	var g, w map[string]json.RawMessage
	if json.Unmarshal(got, &g) != nil || json.Unmarshal(want, &w) != nil {
		return "output is not a JSON object"
	}
	for k, wv := range w {
		if gv, ok := g[k]; !ok || !bytes.Equal(gv, wv) {
			return fmt.Sprintf("%s: got %s, want %s", k, gv, wv)
		}
	}
	for k, gv := range g {
		if _, ok := w[k]; !ok {
			return fmt.Sprintf("%s: got %s, not in the golden file", k, gv)
		}
	}
	return "key order differs"
}

// mapFile maps every line of path and returns the events as JSON lines.
func mapFile(t *testing.T, path string, m *Mapper) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	src := NewSource(goldenKey)
	sc := bufio.NewScanner(f)
	var rec alb.Record
	for n := int64(1); sc.Scan(); n++ {
		line := sc.Bytes()
		if err := alb.Parse(line, &rec); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		if err := enc.Encode(m.Map(&rec, line, src, n)); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}
