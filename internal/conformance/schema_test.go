package conformance

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
	"github.com/alb2ocsf/alb2ocsf/internal/schema"
)

// validateEvent checks ev against the OCSF schema of its metadata.version the way
// a consumer of the JSON output reads it: marshalled, then decoded with UseNumber.
// It returns the violations as "path: message" strings.
func validateEvent(t testing.TB, ev *ocsf.Event) []string {
	t.Helper()
	s, err := schema.Load(ev.Metadata.Version)
	if err != nil {
		t.Fatalf("schema.Load(%q): %v", ev.Metadata.Version, err)
	}
	data, err := json.Marshal(ev)
	if err != nil {
		t.Fatalf("marshal event %s: %v", ev.Metadata.UID, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var decoded map[string]any
	if err := dec.Decode(&decoded); err != nil {
		t.Fatalf("decode event %s: %v", ev.Metadata.UID, err)
	}
	var out []string
	for _, v := range s.Validate(decoded).Violations {
		out = append(out, v.Path+": "+v.Message)
	}
	return out
}
