package conformance

import (
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/source"
)

// inputFiles returns every .log and .txt file below the shared corpus folders
// in lexical order. The .md and .json files beside them are notes and
// expectations, not inputs.
func inputFiles(t *testing.T) []source.Object {
	t.Helper()
	var objects []source.Object
	for _, dir := range []string{"public", "regressions"} {
		root := corpusPath(t, dir)
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if ext := filepath.Ext(p); ext != ".log" && ext != ".txt" {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			objects = append(objects, source.File(p, info.Size()))
			return nil
		})
		if err != nil {
			t.Fatalf("walk %s: %v", root, err)
		}
	}
	return objects
}

var hex32 = regexp.MustCompile(`^[0-9a-f]{32}$`)

// TestCorpusAccounting converts the whole shared corpus and checks that every
// line is accounted for, with the exact counts by reason, and that every event
// is sane and valid against the OCSF schema.
func TestCorpusAccounting(t *testing.T) {
	stats, sink := runPipeline(t, inputFiles(t))

	t.Run("lines reconcile", func(t *testing.T) {
		if got, want := stats.Events+stats.Rejected+stats.Skipped, stats.Lines; got != want {
			t.Errorf("events + rejected + skipped: got %d, want lines %d", got, want)
		}
		if got, want := int64(len(sink.events)), stats.Events; got != want {
			t.Errorf("events written: got %d, want %d", got, want)
		}
		if got, want := int64(len(sink.rejects)), stats.Rejected; got != want {
			t.Errorf("rejects written: got %d, want %d", got, want)
		}
		if len(stats.Failed) != 0 {
			t.Errorf("failed objects: got %v, want none", stats.Failed)
		}
	})

	t.Run("counts", func(t *testing.T) {
		want := map[string]int64{
			"files": 37, "lines": 1142, "events": 99,
			"rejected": 1014, "skipped": 29,
		}
		got := map[string]int64{
			"files": stats.Files, "lines": stats.Lines, "events": stats.Events,
			"rejected": stats.Rejected, "skipped": stats.Skipped,
		}
		compareCounts(t, "total", got, want)
		compareCounts(t, "rejected", stats.RejectedByReason, map[string]int64{
			"field_count":         8,
			"invalid_time":        1,
			"unexpected_quote":    2,
			"unknown_record_type": 1003,
		})
		compareCounts(t, "skipped", stats.SkippedByReason, map[string]int64{
			"alb_connection":     5,
			"alb_health_check":   2,
			"blank":              2,
			"classic_elb_access": 10,
			"elb_test_file":      2,
			"nlb_access":         8,
		})
	})

	t.Run("event sanity", func(t *testing.T) {
		seen := map[string]string{}
		for _, ev := range sink.events {
			id := shortName(ev.Metadata.LogSource)
			if ev.ClassUID != 4002 {
				t.Errorf("%s: class_uid: got %d, want 4002", id, ev.ClassUID)
			}
			if got, want := ev.TypeUID, 400200+int64(ev.ActivityID); got != want {
				t.Errorf("%s: type_uid: got %d, want %d", id, got, want)
			}
			if ev.Time <= 0 {
				t.Errorf("%s: time: got %d, want > 0", id, ev.Time)
			}
			if !hex32.MatchString(ev.Metadata.UID) {
				t.Errorf("%s: metadata.uid: got %q, want 32 hex digits", id, ev.Metadata.UID)
			}
			if other, dup := seen[ev.Metadata.UID]; dup {
				t.Errorf("%s: metadata.uid %s: got a duplicate of an event from %s, want unique ids", id, ev.Metadata.UID, other)
			}
			seen[ev.Metadata.UID] = id
		}
	})

	t.Run("schema", func(t *testing.T) {
		violations := map[string]int{}
		for _, ev := range sink.events {
			for _, v := range validateEvent(t, ev) {
				violations[v]++
			}
		}
		for v, n := range violations {
			t.Errorf("%d events: got violation %s, want none", n, v)
		}
	})
}

func compareCounts(t *testing.T, group string, got, want map[string]int64) {
	t.Helper()
	for k, w := range want {
		if g := got[k]; g != w {
			t.Errorf("%s %s: got %d, want %d", group, k, g, w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok && g != 0 {
			t.Errorf("%s %s: got %d, want none", group, k, g)
		}
	}
}

// shortName returns the part of a path below the corpus folder, for messages.
func shortName(p string) string {
	if i := strings.Index(p, "/testdata/alb/"); i >= 0 {
		return p[i+len("/testdata/alb/"):]
	}
	return p
}
