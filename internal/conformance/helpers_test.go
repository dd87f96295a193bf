package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
	"github.com/alb2ocsf/alb2ocsf/internal/pipeline"
	"github.com/alb2ocsf/alb2ocsf/internal/source"
)

// sharedEnv names the environment variable that overrides where the shared folder
// is found.
const sharedEnv = "ALB2OCSF_SHARED"

// sharedDir returns the shared folder: $ALB2OCSF_SHARED, or ../shared beside the
// folder that holds go.mod. When neither exists the test is skipped, or fails when
// the CI environment variable is set, because CI must run the corpus.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := findShared()
	if err == nil {
		return dir
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("shared test corpus not found: %v; set %s to its folder", err, sharedEnv)
	}
	t.Skipf("shared test corpus not found: %v; set %s to run these tests", err, sharedEnv)
	return ""
}

func findShared() (string, error) {
	if dir := os.Getenv(sharedEnv); dir != "" {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			return "", errors.New(sharedEnv + "=" + dir + " is not a folder")
		}
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			shared := filepath.Join(filepath.Dir(dir), "shared")
			if info, err := os.Stat(shared); err != nil || !info.IsDir() {
				return "", errors.New(shared + " does not exist")
			}
			return shared, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above " + wd)
		}
		dir = parent
	}
}

// corpusPath returns the path of a file below the shared folder's
// testdata/alb directory.
func corpusPath(t testing.TB, rel string) string {
	t.Helper()
	return filepath.Join(sharedDir(t), "testdata", "alb", filepath.FromSlash(rel))
}

func readCorpus(t testing.TB, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(corpusPath(t, rel))
	if err != nil {
		t.Fatalf("read %s: %v", rel, err)
	}
	return data
}

// readJSON decodes a corpus JSON file into v, keeping numbers as json.Number.
func readJSON(t testing.TB, rel string, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(readCorpus(t, rel)))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode %s: %v", rel, err)
	}
}

// corpusLines returns the lines of a corpus file without line endings, dropping
// a final empty line left by the last newline.
func corpusLines(t testing.TB, rel string) [][]byte {
	t.Helper()
	lines := bytes.Split(readCorpus(t, rel), []byte("\n"))
	if n := len(lines); n > 0 && len(lines[n-1]) == 0 {
		lines = lines[:n-1]
	}
	for i, l := range lines {
		lines[i] = alb.TrimEOL(l)
	}
	return lines
}

// outcome is what the converter does with one line: an event, a rejection with
// its reason and field, or a skip with its kind.
type outcome struct {
	Kind   alb.Kind
	Event  *ocsf.Event
	Reject *alb.ParseError
}

var defaultMapper = mustMapper()

func mustMapper() *ocsf.Mapper {
	m, err := ocsf.NewMapper(ocsf.Options{})
	if err != nil {
		panic("create the OCSF 1.8.0 mapper: " + err.Error())
	}
	return m
}

// convert runs one line through the same steps as the pipeline: classify, parse,
// map. logSource names the object the line came from.
func convert(line []byte, logSource string, lineNo int64) outcome {
	kind := alb.Classify(line)
	switch kind {
	case alb.KindAccess:
	case alb.KindUnknown:
		return outcome{Kind: kind, Reject: &alb.ParseError{Field: alb.FieldType, Reason: alb.ReasonUnknownRecordType}}
	default:
		return outcome{Kind: kind}
	}
	var rec alb.Record
	if err := alb.Parse(line, &rec); err != nil {
		var pe *alb.ParseError
		if !errors.As(err, &pe) {
			pe = &alb.ParseError{Field: -1, Reason: "parse_error", Msg: err.Error()}
		}
		return outcome{Kind: kind, Reject: pe}
	}
	return outcome{Kind: kind, Event: defaultMapper.Map(&rec, line, ocsf.NewSource(logSource), lineNo)}
}

// memorySink keeps everything a pipeline run writes.
type memorySink struct {
	mu      sync.Mutex
	events  []*ocsf.Event
	rejects []pipeline.Reject
}

func (s *memorySink) WriteEvents(events []*ocsf.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, events...)
	return nil
}

func (s *memorySink) WriteRejects(rejects []pipeline.Reject) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejects = append(s.rejects, rejects...)
	return nil
}

// runPipeline converts the objects with one worker and returns the statistics and
// everything written.
func runPipeline(t testing.TB, objects []source.Object) (pipeline.Stats, *memorySink) {
	t.Helper()
	sink := &memorySink{}
	stats, err := pipeline.Run(context.Background(), pipeline.Config{Workers: 1}, objects, sink)
	if err != nil {
		t.Fatalf("pipeline.Run: %v", err)
	}
	return stats, sink
}

// runFiles converts the files at paths.
func runFiles(t testing.TB, paths ...string) (pipeline.Stats, *memorySink) {
	t.Helper()
	objects, err := source.Expand(paths, nil)
	if err != nil {
		t.Fatalf("source.Expand: %v", err)
	}
	return runPipeline(t, objects)
}
