package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
	"github.com/alb2ocsf/alb2ocsf/internal/source"
)

// accessLine returns a valid 30-field access log line whose client port is n, so
// tests can tell lines apart in the output.
func accessLine(n int) string {
	return fmt.Sprintf(`http 2025-08-22T09:01:02.123456Z app/web-alb/50dc6c495c0c9188 192.0.2.10:%d `+
		`198.51.100.20:80 0.001 0.002 0.000 200 200 10 20 "GET http://www.example.com:80/ HTTP/1.1" `+
		`"curl/8.5.0" - - - "-" "-" "-" 0 2025-08-22T09:01:02.120000Z "forward" "-" "-" `+
		`"198.51.100.20:80" "200" "-" "-" TID_0123456789abcdef0123456789abcdef`, n)
}

// memorySink keeps everything the pipeline hands it.
type memorySink struct {
	events  []*ocsf.Event
	rejects []Reject
}

func (m *memorySink) WriteEvents(e []*ocsf.Event) error {
	m.events = append(m.events, e...)
	return nil
}
func (m *memorySink) WriteRejects(r []Reject) error { m.rejects = append(m.rejects, r...); return nil }

// memoryObject returns an object that reads data.
func memoryObject(name string, data []byte) source.Object {
	return source.Object{
		Name: name,
		Size: int64(len(data)),
		Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
	}
}

func gzipped(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, p := range parts {
		zw := gzip.NewWriter(&buf)
		if _, err := zw.Write([]byte(p)); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func run(t testing.TB, cfg Config, objects ...source.Object) (Stats, *memorySink) {
	t.Helper()
	sink := &memorySink{}
	stats, err := Run(context.Background(), cfg, objects, sink)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	checkAccounting(t, stats)
	return stats, sink
}

func checkAccounting(t testing.TB, s Stats) {
	t.Helper()
	if s.Lines != s.Events+s.Rejected+s.Skipped {
		t.Fatalf("lines %d != events %d + rejected %d + skipped %d", s.Lines, s.Events, s.Rejected, s.Skipped)
	}
}

func TestRunAccounting(t *testing.T) {
	tests := []struct {
		name     string
		data     []byte
		lines    int64
		events   int64
		rejected map[string]int64
		skipped  map[string]int64
	}{
		{"plain", []byte(accessLine(1) + "\n" + accessLine(2) + "\n"), 2, 2, nil, nil},
		{"crlf", []byte(accessLine(1) + "\r\n" + accessLine(2) + "\r\n"), 2, 2, nil, nil},
		{"no final newline", []byte(accessLine(1) + "\n" + accessLine(2)), 2, 2, nil, nil},
		{"blank lines", []byte("\n" + accessLine(1) + "\n\n  \n"), 4, 1, nil, map[string]int64{"blank": 3}},
		{"gzip members", gzipped(t, accessLine(1)+"\n", accessLine(2)+"\n", accessLine(3)+"\n"), 3, 3, nil, nil},
		{"empty", nil, 0, 0, nil, nil},
		{"empty gzip", gzipped(t, ""), 0, 0, nil, nil},
		{"rejects", []byte(accessLine(1) + "\nnot a log line\n" + strings.Replace(accessLine(2), " 10 20 ", " x 20 ", 1) + "\n"),
			3, 1, map[string]int64{"unknown_record_type": 1, "invalid_number": 1}, nil},
		{"other kinds", []byte("Enable AccessLog for ELB: app/web-alb/50dc6c495c0c9188 at 2025-05-30T16:47:00.781Z\n" +
			"tls 2.0 2024-12-19T20:20:28 net/my-nlb/c6e77e28c25b2234 l 192.0.2.20:51341 198.51.100.40:443 100 6 161 8144 - - - - tlsv12 - - - - - 2024-12-19T20:20:28\n"),
			2, 0, nil, map[string]int64{"elb_test_file": 1, "nlb_access": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stats, sink := run(t, Config{}, memoryObject("a.log", tt.data))
			if stats.Lines != tt.lines {
				t.Errorf("lines = %d, want %d", stats.Lines, tt.lines)
			}
			if stats.Events != tt.events || int64(len(sink.events)) != tt.events {
				t.Errorf("events = %d (sink %d), want %d", stats.Events, len(sink.events), tt.events)
			}
			for reason, n := range tt.rejected {
				if stats.RejectedByReason[reason] != n {
					t.Errorf("rejected %s = %d, want %d", reason, stats.RejectedByReason[reason], n)
				}
			}
			for reason, n := range tt.skipped {
				if stats.SkippedByReason[reason] != n {
					t.Errorf("skipped %s = %d, want %d", reason, stats.SkippedByReason[reason], n)
				}
			}
			if int64(len(sink.rejects)) != stats.Rejected {
				t.Errorf("rejects written = %d, want %d", len(sink.rejects), stats.Rejected)
			}
		})
	}
}

func TestRunKeepsInputOrder(t *testing.T) {
	var objects []source.Object
	for i := range 20 {
		var b strings.Builder
		for j := range 300 {
			b.WriteString(accessLine(i*1000+j) + "\n")
		}
		objects = append(objects, memoryObject(fmt.Sprintf("f%02d.log", i), []byte(b.String())))
	}
	_, sink := run(t, Config{Workers: 4, BatchSize: 7}, objects...)
	if len(sink.events) != 6000 {
		t.Fatalf("events = %d, want 6000", len(sink.events))
	}
	for k, ev := range sink.events {
		want := int32((k/300)*1000 + k%300)
		if *ev.SrcEndpoint.Port != want {
			t.Fatalf("event %d has client port %d, want %d: order depends on timing", k, *ev.SrcEndpoint.Port, want)
		}
	}
}

func TestRunLongLines(t *testing.T) {
	long := strings.Replace(accessLine(1), "/ HTTP", "/"+strings.Repeat("a", 2<<20)+" HTTP", 1)
	data := []byte(long + "\n" + accessLine(2) + "\n")
	stats, sink := run(t, Config{}, memoryObject("a.log", data))
	if stats.Events != 2 {
		t.Fatalf("events = %d, want 2 (a 2 MiB line must parse)", stats.Events)
	}
	if got := len(sink.events[0].HTTPRequest.URL.Path); got != 2<<20+1 {
		t.Errorf("path length = %d, want %d", got, 2<<20+1)
	}

	stats, sink = run(t, Config{MaxLineBytes: 1 << 20}, memoryObject("a.log", data))
	if stats.RejectedByReason["line_too_long"] != 1 || stats.Events != 1 {
		t.Errorf("rejected %v, events %d; want one line_too_long and one event", stats.RejectedByReason, stats.Events)
	}
	if len(sink.rejects) == 1 && sink.rejects[0].Line != 1 {
		t.Errorf("reject line = %d, want 1", sink.rejects[0].Line)
	}
}

func TestRunTruncatedGzip(t *testing.T) {
	var lines strings.Builder
	for i := range 2000 {
		lines.WriteString(accessLine(i) + "\n")
	}
	data := gzipped(t, lines.String())
	cut := data[:len(data)*2/3]
	stats, sink := run(t, Config{}, memoryObject("cut.log.gz", cut), memoryObject("ok.log", []byte(accessLine(1)+"\n")))
	if len(stats.Failed) != 1 || stats.Failed[0].Object != "cut.log.gz" {
		t.Fatalf("failed = %+v, want cut.log.gz", stats.Failed)
	}
	if stats.Events >= 2001 {
		t.Errorf("events = %d, a cut stream cannot give every line", stats.Events)
	}
	last := sink.events[len(sink.events)-1]
	if last.Metadata.LogSource != "ok.log" {
		t.Errorf("last event from %s, want the object after the failed one", last.Metadata.LogSource)
	}
	for _, ev := range sink.events[:len(sink.events)-1] {
		if ev.HTTPRequest.UserAgent != "curl/8.5.0" {
			t.Fatalf("event from a partial line: %s", ev.RawData)
		}
	}
}

func TestRunTimeRange(t *testing.T) {
	data := []byte(accessLine(1) + "\n")
	in := int64(1755853262123456)
	stats, _ := run(t, Config{Since: in, Until: in + 1}, memoryObject("a.log", data))
	if stats.Events != 1 {
		t.Errorf("events = %d, want 1 inside [since, until)", stats.Events)
	}
	stats, _ = run(t, Config{Since: in + 1}, memoryObject("a.log", data))
	if stats.SkippedByReason[ReasonOutOfRange] != 1 {
		t.Errorf("skipped = %v, want one %s", stats.SkippedByReason, ReasonOutOfRange)
	}
}

func TestRunStdinUIDs(t *testing.T) {
	data := []byte(accessLine(1) + "\n")
	_, a := run(t, Config{}, source.Stdin(bytes.NewReader(data)))
	_, b := run(t, Config{}, source.Stdin(bytes.NewReader(data)))
	if a.events[0].Metadata.UID != b.events[0].Metadata.UID {
		t.Errorf("stdin uids differ across runs of the same input")
	}
	_, named := run(t, Config{SourceName: "s3://bucket/a.log.gz"}, source.Stdin(bytes.NewReader(data)))
	_, file := run(t, Config{}, memoryObject("/tmp/a.log", data))
	if named.events[0].Metadata.UID != file.events[0].Metadata.UID {
		t.Errorf("--source-name does not give the uid of the named file")
	}
}

// FuzzConvert feeds arbitrary bytes through the whole path from input object to
// event and checks that nothing panics, every line is accounted for, and every
// event encodes to valid UTF-8 JSON.
func FuzzConvert(f *testing.F) {
	f.Add([]byte(accessLine(1) + "\n" + accessLine(2)))
	f.Add([]byte("\n\r\n \"\x00\xff tls 2.0\nEnable AccessLog for ELB: x\n"))
	f.Add(gzipped(f, accessLine(3)+"\n"))
	f.Add([]byte(strings.Replace(accessLine(4), "curl", "\xc6\xc6\xff", 1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		stats, sink := run(t, Config{Workers: 1, MaxLineBytes: 4096}, memoryObject("f.log", data))
		for _, ev := range sink.events {
			b, err := json.Marshal(ev)
			if err != nil {
				t.Fatalf("encode event: %v", err)
			}
			if !utf8.Valid(b) {
				t.Fatalf("event JSON is not valid UTF-8: %q", b)
			}
		}
		if int64(len(sink.events)) != stats.Events {
			t.Fatalf("sink got %d events, stats say %d", len(sink.events), stats.Events)
		}
	})
}

// blockingReader blocks every Read until its channel is closed, like a FIFO
// without a writer.
type blockingReader struct{ release chan struct{} }

func (b blockingReader) Read([]byte) (int, error) {
	<-b.release
	return 0, io.EOF
}

func TestRunCancelWhileReadBlocks(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	obj := source.Object{Name: "fifo", Size: -1, Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(blockingReader{release}), nil
	}}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() {
		_, err := Run(ctx, Config{}, []source.Object{obj}, &memorySink{})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run error = %v, want context.Canceled", err)
		}
	case <-time.After(stopGrace + 5*time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}
}

// preparingSink records which goroutine-side preparations reached it, in order.
type preparingSink struct {
	memorySink
	prepared int
}

func (p *preparingSink) Prepare(events []*ocsf.Event) (any, error) {
	return append([]*ocsf.Event(nil), events...), nil
}

func (p *preparingSink) WritePrepared(prepared any) error {
	p.prepared++
	p.events = append(p.events, prepared.([]*ocsf.Event)...)
	return nil
}

func TestRunPreparingSinkKeepsOrder(t *testing.T) {
	var objects []source.Object
	for i := range 8 {
		var b strings.Builder
		for j := range 100 {
			b.WriteString(accessLine(i*1000+j) + "\n")
		}
		objects = append(objects, memoryObject(fmt.Sprintf("f%d.log", i), []byte(b.String())))
	}
	sink := &preparingSink{}
	stats, err := Run(context.Background(), Config{Workers: 3, BatchSize: 16}, objects, sink)
	if err != nil {
		t.Fatal(err)
	}
	checkAccounting(t, stats)
	if sink.prepared == 0 {
		t.Fatal("WritePrepared was never called")
	}
	if len(sink.events) != 800 {
		t.Fatalf("events = %d, want 800", len(sink.events))
	}
	for k, ev := range sink.events {
		if want := int32((k/100)*1000 + k%100); *ev.SrcEndpoint.Port != want {
			t.Fatalf("event %d has client port %d, want %d", k, *ev.SrcEndpoint.Port, want)
		}
	}
}
