package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// sharedSchemaDir is the OCSF schema source tree beside the repository, the
// same one that the generate directives in package schema read.
const sharedSchemaDir = "../../../../shared/ocsf-schema"

func TestGeneratedFactsUpToDate(t *testing.T) {
	for _, version := range []string{"1.8.0", "1.1.0"} {
		t.Run(version, func(t *testing.T) {
			dir := filepath.Join(sharedSchemaDir, version)
			if _, err := os.Stat(dir); err != nil {
				t.Skipf("schema sources not available: %v", err)
			}
			out := filepath.Join(t.TempDir(), "facts.json")
			if err := run(dir, out, "http_activity"); err != nil {
				t.Fatalf("run generator: %v", err)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			committed, err := os.ReadFile(filepath.Join("..", "ocsf-"+version+".json"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, committed) {
				t.Errorf("ocsf-%s.json is stale: got %d bytes from the generator, want the committed %d bytes; run go generate ./internal/schema",
					version, len(got), len(committed))
			}
		})
	}
}

func TestGeneratorDeterministic(t *testing.T) {
	dir := filepath.Join(sharedSchemaDir, "1.8.0")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("schema sources not available: %v", err)
	}
	var outputs [2][]byte
	for i := range outputs {
		out := filepath.Join(t.TempDir(), "facts.json")
		if err := run(dir, out, "http_activity"); err != nil {
			t.Fatalf("run generator: %v", err)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		outputs[i] = data
	}
	if !bytes.Equal(outputs[0], outputs[1]) {
		t.Error("two runs on the same schema wrote different bytes")
	}
}

func TestGeneratorErrors(t *testing.T) {
	tests := []struct {
		name      string
		schemaDir string
		className string
	}{
		{name: "missing schema directory", schemaDir: "testdata/does-not-exist", className: "http_activity"},
		{name: "unknown class", schemaDir: filepath.Join(sharedSchemaDir, "1.8.0"), className: "no_such_class"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.className != "http_activity" {
				if _, err := os.Stat(tt.schemaDir); err != nil {
					t.Skipf("schema sources not available: %v", err)
				}
			}
			out := filepath.Join(t.TempDir(), "facts.json")
			if err := run(tt.schemaDir, out, tt.className); err == nil {
				t.Errorf("run(%q, %q): got nil error, want an error", tt.schemaDir, tt.className)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("run(%q, %q) wrote %s despite failing", tt.schemaDir, tt.className, out)
			}
		})
	}
}
