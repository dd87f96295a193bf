package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/pipeline"
)

// sampleDir is the bundled sample that the README's first command converts, and
// brokenLines a file of lines the converter must reject.
const (
	sampleDir   = "../../testdata/sample"
	brokenLines = "../../testdata/broken/broken-lines.log"
)

// runCommand runs the command line args in process and returns its exit code and
// what it wrote to stdout and stderr.
func runCommand(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &stdout, stderr: &stderr, logger: discardLogger()}
	code := run(context.Background(), e, args)
	return code, stdout.String(), stderr.String()
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func readStats(t *testing.T, path string) pipeline.Stats {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var s pipeline.Stats
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConvertSample(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "events.parquet")
	statsPath := filepath.Join(dir, "stats.json")
	code, _, stderr := runCommand(t, "", "convert", "-o", out, "--stats-json", statsPath, sampleDir, brokenLines)
	if code != exitRejected {
		t.Fatalf("exit code = %d, want %d (the broken lines are rejected)\n%s", code, exitRejected, stderr)
	}
	s := readStats(t, statsPath)
	checks := []struct {
		name      string
		got, want int64
	}{
		{"files", s.Files, 13},
		{"lines", s.Lines, 225},
		{"events", s.Events, 210},
		{"rejected", s.Rejected, 4},
		{"skipped", s.Skipped, 11},
		{"lines = events + rejected + skipped", s.Lines, s.Events + s.Rejected + s.Skipped},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, c.got, c.want)
		}
	}
	for reason, want := range map[string]int64{"invalid_time": 1, "unknown_record_type": 1, "unexpected_quote": 1, "invalid_number": 1} {
		if got := s.RejectedByReason[reason]; got != want {
			t.Errorf("rejected %s: got %d, want %d", reason, got, want)
		}
	}
	rejects, err := os.ReadFile(filepath.Join(dir, "events.rejects.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(rejects, []byte("\n")); n != 4 {
		t.Errorf("rejects file has %d lines, want 4", n)
	}
	if code, stdout, _ := runCommand(t, "", "validate", out); code != exitOK {
		t.Errorf("validate exit code = %d, want 0\n%s", code, stdout)
	}
}

func TestConvertOutputs(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name  string
		out   string
		check func(t *testing.T, stdout string)
	}{
		{"json lines file", filepath.Join(dir, "a.jsonl"), func(t *testing.T, _ string) {
			b, err := os.ReadFile(filepath.Join(dir, "a.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			if n := bytes.Count(b, []byte("\n")); n != 210 {
				t.Errorf("lines = %d, want 210", n)
			}
		}},
		{"stdout", "-", func(t *testing.T, stdout string) {
			if n := strings.Count(stdout, "\n"); n != 210 {
				t.Errorf("stdout lines = %d, want 210", n)
			}
		}},
		{"folder", filepath.Join(dir, "parts"), func(t *testing.T, _ string) {
			parts, _ := filepath.Glob(filepath.Join(dir, "parts", "part-*.parquet"))
			if len(parts) != 1 {
				t.Errorf("parts = %v, want one file", parts)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rejects := filepath.Join(dir, tt.name+".rejects.jsonl")
			code, stdout, stderr := runCommand(t, "", "convert", "-q", "--rejects", rejects, "-o", tt.out, sampleDir)
			if code != exitOK {
				t.Fatalf("exit code = %d, want %d\n%s", code, exitOK, stderr)
			}
			tt.check(t, stdout)
		})
	}
}

func TestConvertExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.log")
	line := `http 2025-08-22T09:01:02.123456Z app/web-alb/50dc6c495c0c9188 192.0.2.10:1 - -1 -1 -1 301 - 1 2 "GET http://www.example.com:80/ HTTP/1.1" "-" - - - "-" "-" "-" 0 2025-08-22T09:01:02.120000Z "redirect" "https://www.example.com:443/" "-"` + "\n"
	if err := os.WriteFile(clean, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"clean", []string{"convert", "-q", "-o", filepath.Join(dir, "c.jsonl"), clean}, exitOK},
		{"sample", []string{"convert", "-q", "-o", filepath.Join(dir, "s.jsonl"), sampleDir}, exitOK},
		{"rejected", []string{"convert", "-q", "-o", filepath.Join(dir, "r.jsonl"), brokenLines}, exitRejected},
		{"missing input", []string{"convert", "-q", "-o", filepath.Join(dir, "m.jsonl"), filepath.Join(dir, "nope")}, exitFailed},
		{"no input", []string{"convert"}, exitUsage},
		{"unknown flag", []string{"convert", "--bogus", clean}, exitUsage},
		{"unknown command", []string{"frobnicate"}, exitUsage},
		{"help", []string{"convert", "-h"}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, stderr := runCommand(t, "", tt.args...); code != tt.want {
				t.Errorf("exit code = %d, want %d\n%s", code, tt.want, stderr)
			}
		})
	}
}

func TestConvertStdin(t *testing.T) {
	dir := t.TempDir()
	objects, err := filepath.Glob(filepath.Join(sampleDir, "AWSLogs/*/elasticloadbalancing/*/2025/08/21/*.log.gz"))
	if err != nil || len(objects) == 0 {
		t.Fatalf("no sample object for 2025-08-21: %v", err)
	}
	data, err := os.ReadFile(objects[0])
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCommand(t, string(data), "convert", "-q", "--rejects", filepath.Join(dir, "r.jsonl"), "-o", "-", "-")
	if code != exitOK && code != exitRejected {
		t.Fatalf("exit code = %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, `"log_source":"stdin"`) {
		t.Errorf("stdin events do not name stdin as their log source")
	}
}

func TestConvertLeavesNoPartialFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "missing-folder", "x.parquet")
	code, _, _ := runCommand(t, "", "convert", "-q", "-o", out, sampleDir)
	if code != exitFailed {
		t.Errorf("exit code = %d, want %d for an output in a missing folder", code, exitFailed)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "missing-folder" {
			t.Errorf("left %s behind", e.Name())
		}
	}
}

func TestConvertRefusesUnsafeOutputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	data, err := os.ReadFile(brokenLines)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "existing.parquet")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
	}{
		{"output is an input", []string{"convert", "-q", "-o", in, in}},
		{"rejects file is an input", []string{"convert", "-q", "--rejects", in, "-o", filepath.Join(dir, "o.jsonl"), in}},
		{"file output is a folder", []string{"convert", "-q", "-o", folder, in}},
		{"both to stdout", []string{"convert", "-q", "--rejects", "-", "-o", "-", in}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, stderr := runCommand(t, "", tt.args...); code != exitUsage {
				t.Errorf("exit code = %d, want %d\n%s", code, exitUsage, stderr)
			}
			if got, _ := os.ReadFile(in); !bytes.Equal(got, data) {
				t.Fatal("the input file was changed")
			}
		})
	}
}

func TestConvertFlagsAfterInputs(t *testing.T) {
	dir := t.TempDir()
	stats := filepath.Join(dir, "stats.json")
	code, _, stderr := runCommand(t, "", "convert", sampleDir, "-o", filepath.Join(dir, "o.jsonl"), "--stats-json", stats, "-q")
	if code != exitOK {
		t.Fatalf("exit code = %d\n%s", code, stderr)
	}
	if s := readStats(t, stats); s.Events != 210 {
		t.Errorf("events = %d, want 210", s.Events)
	}
}

func TestConvertRejectsToStdout(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCommand(t, "", "convert", "-q", "--rejects", "-", "-o", filepath.Join(dir, "o.jsonl"), brokenLines)
	if code != exitRejected {
		t.Fatalf("exit code = %d, want %d\n%s", code, exitRejected, stderr)
	}
	if n := strings.Count(stdout, "\n"); n != 4 {
		t.Errorf("rejects on stdout = %d lines, want 4", n)
	}
	if stderr != "" {
		t.Errorf("-q printed %q", stderr)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error("a file named - was created")
	}
}

func TestConvertFolderReplacesStaleParts(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "parts")
	code, _, stderr := runCommand(t, "", "convert", "-q", "--row-group-rows", "10", "--max-file-bytes", "1", "-o", out, sampleDir)
	if code != exitOK {
		t.Fatalf("first run exit code = %d\n%s", code, stderr)
	}
	first, _ := filepath.Glob(filepath.Join(out, "part-*.parquet"))
	if len(first) < 3 {
		t.Fatalf("first run wrote %d parts, want several", len(first))
	}
	code, _, stderr = runCommand(t, "", "convert", "-q", "-o", out, sampleDir)
	if code != exitOK {
		t.Fatalf("second run exit code = %d\n%s", code, stderr)
	}
	second, _ := filepath.Glob(filepath.Join(out, "part-*.parquet"))
	if len(second) != 1 {
		t.Errorf("second run left %d parts, want 1: %v", len(second), second)
	}
	info, err := os.Stat(second[0])
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("part mode = %v, want 0644", info.Mode().Perm())
	}
}

func TestLooksLikeText(t *testing.T) {
	tests := []struct {
		arg  string
		want bool
	}{
		{"-o", false}, {"--stats-json", false}, {"--title=My report", false}, {"-", false},
		{"-- comment\nSELECT 1", true}, {"--comment SELECT 1", true},
	}
	for _, tt := range tests {
		if got := looksLikeText(tt.arg); got != tt.want {
			t.Errorf("looksLikeText(%q) = %v, want %v", tt.arg, got, tt.want)
		}
	}
}
