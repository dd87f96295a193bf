package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/s3/s3test"
)

// s3Regressions contains the regression inputs of the S3 tests.
const s3Regressions = "../../internal/s3/testdata"

// s3Run is an in-process run of the command against a test gateway.
type s3Run struct {
	code           int
	stdout, stderr string
	log            string
}

// runS3Command runs args with the gateway's endpoint and short backoff added.
// onRead, when set, is called with the number of S3 objects read so far after
// each object.
func runS3Command(t *testing.T, srv *s3test.Server, onRead func(n int), args ...string) s3Run {
	t.Helper()
	var stdout, stderr, log bytes.Buffer
	handler := &readHook{Handler: slog.NewTextHandler(&syncWriter{w: &log}, &slog.HandlerOptions{Level: slog.LevelDebug}), onRead: onRead}
	e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, logger: slog.New(handler)}
	full := append([]string{args[0], "--endpoint-url", srv.Endpoint, "--s3-max-attempts", "2", "--s3-max-backoff", "50ms"}, args[1:]...)
	code := run(context.Background(), e, full)
	return s3Run{code: code, stdout: stdout.String(), stderr: stderr.String(), log: log.String()}
}

// readHook is a log handler that counts "read S3 object" records.
type readHook struct {
	slog.Handler
	onRead func(n int)
	mu     sync.Mutex
	reads  int
}

func (h *readHook) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "read S3 object" && h.onRead != nil {
		h.mu.Lock()
		h.reads++
		n := h.reads
		h.mu.Unlock()
		h.onRead(n)
	}
	return h.Handler.Handle(ctx, r)
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// startGateway starts a gateway with one bucket, with the SDK chain pointed at it.
func startGateway(t testing.TB, bucket string) *s3test.Server {
	t.Helper()
	srv := s3test.Start(t)
	srv.SetEnv(t)
	srv.CreateBucket(t, bucket)
	return srv
}

// putFolder stores every file below dir under prefix + its path relative to dir.
func putFolder(t testing.TB, srv *s3test.Server, bucket, prefix, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		srv.Put(t, bucket, prefix+filepath.ToSlash(rel), body, "")
		return nil
	})
	if err != nil {
		t.Fatalf("store %s: %v", dir, err)
	}
}

// readEvents returns the events of a JSON lines output with metadata.log_source
// cut to its part from AWSLogs/ or its base name, so that S3 and local runs
// compare equal. The events are sorted by metadata.uid.
func readEvents(t *testing.T, data []byte) []string {
	t.Helper()
	var events []string
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		if line == "" {
			continue
		}
		var event map[string]any
		if err := json.Unmarshal([]byte(line), &event); err != nil {
			t.Fatalf("decode event: %v", err)
		}
		meta := event["metadata"].(map[string]any)
		source := meta["log_source"].(string)
		if i := strings.Index(source, "AWSLogs/"); i >= 0 {
			source = source[i:]
		} else {
			source = filepath.Base(source)
		}
		meta["log_source"] = source
		b, err := json.Marshal(event)
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, string(b))
	}
	slices.Sort(events)
	return events
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// convertLocal converts local inputs into a JSON lines file and returns its
// normalised events.
func convertLocal(t *testing.T, inputs ...string) []string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "local.jsonl")
	args := append([]string{"convert", "-q", "-o", out}, inputs...)
	if code, _, stderr := runCommand(t, "", args...); code != exitOK && code != exitRejected {
		t.Fatalf("local convert exit code %d\n%s", code, stderr)
	}
	return readEvents(t, readFile(t, out))
}

func TestConvertS3MatchesLocal(t *testing.T) {
	srv := startGateway(t, "logs")
	putFolder(t, srv, "logs", "", sampleDir)
	dir := t.TempDir()
	out := filepath.Join(dir, "s3.jsonl")
	r := runS3Command(t, srv, nil, "convert", "-q", "-o", out, "--stats-json", filepath.Join(dir, "stats.json"), "s3://logs/")
	if r.code != exitOK && r.code != exitRejected {
		t.Fatalf("exit code %d\n%s%s", r.code, r.stderr, r.log)
	}
	got := readEvents(t, readFile(t, out))
	want := convertLocal(t, sampleDir)
	if len(got) == 0 {
		t.Fatal("the S3 run wrote no events")
	}
	if !slices.Equal(got, want) {
		t.Errorf("S3 run wrote %d events, local run %d; the events differ", len(got), len(want))
	}
	stats := readStats(t, filepath.Join(dir, "stats.json"))
	for _, kind := range []string{"alb_connection", "alb_health_check", "elb_test_file"} {
		if !strings.Contains(r.log, "kind="+kind) {
			t.Errorf("log has no count of skipped %s objects:\n%s", kind, r.log)
		}
		if stats.SkippedObjects[kind] == 0 {
			t.Errorf("stats count no skipped %s objects: %v", kind, stats.SkippedObjects)
		}
	}
	if strings.Contains(r.log+r.stderr, srv.SecretKey) || strings.Contains(r.log+r.stderr, srv.AccessKey) {
		t.Error("the log or stderr contains the access key or secret")
	}
}

func TestConvertS3OutputRerun(t *testing.T) {
	srv := startGateway(t, "logs")
	putFolder(t, srv, "logs", "in/", sampleDir)
	rejects := filepath.Join(t.TempDir(), "rejects.jsonl")
	var firstKeys []string
	var firstBodies [][]byte
	for run := range 2 {
		r := runS3Command(t, srv, nil, "convert", "-q", "--rejects", rejects, "--concurrency", fmt.Sprint(1+run*7), "-o", "s3://logs/out/", "s3://logs/in/")
		if r.code != exitOK && r.code != exitRejected {
			t.Fatalf("run %d exit code %d\n%s%s", run, r.code, r.stderr, r.log)
		}
		keys := srv.Keys(t, "logs", "out/")
		if len(keys) == 0 {
			t.Fatalf("run %d uploaded nothing", run)
		}
		var bodies [][]byte
		for _, k := range keys {
			if !strings.HasPrefix(k, "out/part-") || !strings.HasSuffix(k, ".parquet") {
				t.Errorf("output key %q does not match out/part-<id>-NNNNN.parquet", k)
			}
			bodies = append(bodies, srv.Get(t, "logs", k))
		}
		if run == 0 {
			firstKeys, firstBodies = keys, bodies
			continue
		}
		if !slices.Equal(keys, firstKeys) {
			t.Errorf("rerun keys %q, first run %q", keys, firstKeys)
		}
		for i := range min(len(bodies), len(firstBodies)) {
			if !bytes.Equal(bodies[i], firstBodies[i]) {
				t.Errorf("rerun %s differs from the first run", keys[i])
			}
		}
	}
}

func TestConvertS3DryRun(t *testing.T) {
	srv := startGateway(t, "logs")
	putFolder(t, srv, "logs", "", sampleDir)
	out := filepath.Join(t.TempDir(), "events.parquet")
	r := runS3Command(t, srv, nil, "convert", "--dry-run", "--since", "2025-08-22", "--until", "2025-08-22", "-o", out, "s3://logs/")
	if r.code != exitOK {
		t.Fatalf("exit code %d, want %d\n%s%s", r.code, exitOK, r.stderr, r.log)
	}
	for _, want := range []string{"123456789012", "us-east-1", "2025-08-22", "total", "skipped alb_connection objects: 1", "skipped alb_health_check objects: 1"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("dry run output has no %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "2025-08-21") {
		t.Errorf("dry run lists the day folder before --since:\n%s", r.stdout)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a dry run wrote the output file")
	}
}

// TestConvertS3EventTimeSelection reads the two lines delivered in the May 29
// folder with --since and --until set to May 28: the folder is listed as slack,
// the May 28 event is kept and the May 29 event is skipped as out of range.
func TestConvertS3EventTimeSelection(t *testing.T) {
	srv := startGateway(t, "logs")
	key := "AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2024/05/29/" +
		"123456789012_elasticloadbalancing_eu-west-1_app.my-alb.50dc6c495c0c9188_20240529T0000Z_198.51.100.230_abcd1234.log.gz"
	srv.Put(t, "logs", key, readFile(t, filepath.Join(s3Regressions, "23-partition-from-event-not-context.log")), "")
	other := "AWSLogs/444455556666/elasticloadbalancing/eu-west-1/2024/05/28/" +
		"444455556666_elasticloadbalancing_eu-west-1_app.my-alb.50dc6c495c0c9188_20240528T1000Z_198.51.100.230_abcd1234.log"
	srv.Put(t, "logs", other, readFile(t, filepath.Join(s3Regressions, "18-retry-duplicates.log")), "")
	tests := []struct {
		name       string
		args       []string
		wantEvents int64
		wantFiles  int64
		wantSkip   int64
	}{
		{name: "day range with slack", args: []string{"--since", "2024-05-28", "--until", "2024-05-28"}, wantEvents: 1 + 3, wantFiles: 2, wantSkip: 1},
		{name: "account filter", args: []string{"--since", "2024-05-28", "--until", "2024-05-28", "--account", "123456789012"}, wantEvents: 1, wantFiles: 1, wantSkip: 1},
		{name: "region filter", args: []string{"--region", "us-east-1"}, wantEvents: 0, wantFiles: 0},
		{name: "rfc3339 range", args: []string{"--since", "2024-05-29T00:00:00Z", "--until", "2024-05-30"}, wantEvents: 1, wantFiles: 1, wantSkip: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			statsPath := filepath.Join(dir, "stats.json")
			args := append([]string{"convert", "-q", "--stats-json", statsPath, "-o", filepath.Join(dir, "out.jsonl")}, tt.args...)
			r := runS3Command(t, srv, nil, append(args, "s3://logs/")...)
			if r.code != exitOK {
				t.Fatalf("exit code %d\n%s%s", r.code, r.stderr, r.log)
			}
			s := readStats(t, statsPath)
			if s.Events != tt.wantEvents {
				t.Errorf("events = %d, want %d", s.Events, tt.wantEvents)
			}
			if s.Files != tt.wantFiles {
				t.Errorf("files = %d, want %d", s.Files, tt.wantFiles)
			}
			if got := s.SkippedByReason["out_of_time_range"]; got != tt.wantSkip {
				t.Errorf("out_of_time_range = %d, want %d", got, tt.wantSkip)
			}
		})
	}
}

func TestConvertLocalEventTimeSelection(t *testing.T) {
	dir := t.TempDir()
	statsPath := filepath.Join(dir, "stats.json")
	input := filepath.Join(s3Regressions, "23-partition-from-event-not-context.log")
	code, _, stderr := runCommand(t, "", "convert", "-q", "--since", "2024-05-29", "--stats-json", statsPath, "-o", filepath.Join(dir, "out.jsonl"), input)
	if code != exitOK {
		t.Fatalf("exit code %d\n%s", code, stderr)
	}
	s := readStats(t, statsPath)
	if s.Events != 1 {
		t.Errorf("events = %d, want 1", s.Events)
	}
	if got := s.SkippedByReason["out_of_time_range"]; got != 1 {
		t.Errorf("out_of_time_range = %d, want 1", got)
	}
}

// retryObjects writes copies of the three-line retry regression input under 20
// keys, to a local folder and to the bucket.
func retryObjects(t *testing.T, srv *s3test.Server, bucket string) string {
	t.Helper()
	body := readFile(t, filepath.Join(s3Regressions, "18-retry-duplicates.log"))
	dir := t.TempDir()
	folder := "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2024/05/28"
	if err := os.MkdirAll(filepath.Join(dir, folder), 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		name := fmt.Sprintf("123456789012_elasticloadbalancing_us-east-1_app.my-alb.50dc6c495c0c9188_20240528T08%02dZ_198.51.100.10_r%02d.log", i, i)
		if err := os.WriteFile(filepath.Join(dir, folder, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	putFolder(t, srv, bucket, "", dir)
	return dir
}

// TestConvertS3ServerStopped stops the gateway after the third object is read.
// The run must exit non-zero, upload nothing and leave no temporary files. A
// rerun after a restart must give the events of the same files on local disk,
// each exactly once.
func TestConvertS3ServerStopped(t *testing.T) {
	srv := startGateway(t, "logs")
	local := retryObjects(t, srv, "logs")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	rejects := filepath.Join(t.TempDir(), "rejects.jsonl")
	var stopOnce sync.Once
	stop := func(n int) {
		if n == 3 {
			stopOnce.Do(srv.Stop)
		}
	}
	r := runS3Command(t, srv, stop, "convert", "--concurrency", "1", "--rejects", rejects, "-o", "s3://logs/out/", "s3://logs/AWSLogs/")
	if r.code != exitFailed {
		t.Fatalf("exit code %d, want %d\n%s", r.code, exitFailed, r.stderr)
	}
	if !strings.Contains(r.log, "S3 object failed; its events are left out\" object=s3://logs/AWSLogs/") {
		t.Errorf("the log names no failed object:\n%s", r.log)
	}
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}

	srv.Restart()
	if keys := srv.Keys(t, "logs", "out/"); len(keys) != 0 {
		t.Errorf("the failed run uploaded %q", keys)
	}
	r = runS3Command(t, srv, nil, "convert", "-q", "--rejects", rejects, "-o", "s3://logs/out/events.jsonl", "s3://logs/AWSLogs/")
	if r.code != exitOK {
		t.Fatalf("rerun exit code %d\n%s%s", r.code, r.stderr, r.log)
	}
	got := readEvents(t, srv.Get(t, "logs", "out/events.jsonl"))
	want := convertLocal(t, local)
	if len(got) != 60 {
		t.Errorf("rerun wrote %d events, want 60", len(got))
	}
	if !slices.Equal(got, want) {
		t.Error("rerun events differ from the events of the local files")
	}
}

// TestConvertS3NewObjects runs three times with a state file. A late object whose
// key sorts before every converted key must still be picked up, and nothing twice.
func TestConvertS3NewObjects(t *testing.T) {
	srv := startGateway(t, "logs")
	putFolder(t, srv, "logs", "AWSLogs/", filepath.Join(sampleDir, "AWSLogs"))
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	late := "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2025/08/21/" +
		"123456789012_elasticloadbalancing_us-east-1_app.sample-alb.50dc6c495c0c9188_20250821T0005Z_198.51.100.7_late0001.log"
	tests := []struct {
		name      string
		before    func()
		wantFiles int64
	}{
		{name: "first run converts all", wantFiles: 7},
		{
			name: "late object only",
			before: func() {
				srv.Put(t, "logs", late, readFile(t, filepath.Join(s3Regressions, "18-retry-duplicates.log")), "")
			},
			wantFiles: 1,
		},
		{name: "nothing new", wantFiles: 0},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.before != nil {
				tt.before()
			}
			statsPath := filepath.Join(dir, fmt.Sprintf("stats-%d.json", i))
			r := runS3Command(t, srv, nil, "convert", "-q", "--new-objects-state", state, "--stats-json", statsPath,
				"-o", filepath.Join(dir, fmt.Sprintf("out-%d.jsonl", i)), "s3://logs/")
			if r.code != exitOK && r.code != exitRejected {
				t.Fatalf("exit code %d\n%s%s", r.code, r.stderr, r.log)
			}
			if got := readStats(t, statsPath).Files; got != tt.wantFiles {
				t.Errorf("files = %d, want %d", got, tt.wantFiles)
			}
		})
	}
}
