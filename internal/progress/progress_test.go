package progress

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/pipeline"
)

func TestFormatBytes(t *testing.T) {
	tests := []struct {
		name string
		n    int64
		want string
	}{
		{name: "bytes", n: 512, want: "512 B"},
		{name: "kibibytes", n: 1536, want: "1.5 KiB"},
		{name: "mebibytes", n: 3 << 20, want: "3.0 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatBytes(tt.n); got != tt.want {
				t.Errorf("formatBytes(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

func TestStartLogWritesRecords(t *testing.T) {
	var buf bytes.Buffer
	counters := &pipeline.Progress{}
	counters.Objects.Add(2)
	counters.Lines.Add(40)
	r := StartLog(slog.New(slog.NewTextHandler(&buf, nil)), 10*time.Millisecond, counters, Totals{Objects: 5})
	time.Sleep(50 * time.Millisecond)
	r.Stop()
	r.Stop()
	out := buf.String()
	for _, want := range []string{"msg=progress", "objects=2", "objects_total=5", "lines=40"} {
		if !strings.Contains(out, want) {
			t.Errorf("log has no %q:\n%s", want, out)
		}
	}
}

func TestStartTerminalEndsLine(t *testing.T) {
	var buf bytes.Buffer
	counters := &pipeline.Progress{}
	counters.Bytes.Add(2048)
	r := StartTerminal(&buf, counters, Totals{Bytes: 4096})
	r.Stop()
	if got := buf.String(); !strings.HasSuffix(got, "objects 0  bytes 2.0 KiB/4.0 KiB  lines 0\n") {
		t.Errorf("final status line = %q", got)
	}
}
