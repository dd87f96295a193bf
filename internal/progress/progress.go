// Package progress reports how far a conversion has got: a one-line status on a
// terminal, or periodic structured log records when stderr is a file or pipe.
package progress

import (
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/pipeline"
)

// Intervals between updates.
const (
	TerminalInterval = 200 * time.Millisecond
	LogInterval      = 10 * time.Second
)

// Totals are the amounts a run is expected to read. A zero field is unknown.
type Totals struct {
	Objects int64
	Bytes   int64
}

// Reporter writes progress until Stop is called.
type Reporter struct {
	counters *pipeline.Progress
	totals   Totals
	stop     chan struct{}
	done     sync.WaitGroup
	once     sync.Once
}

// StartTerminal redraws a status line on w, which must be a terminal, every
// TerminalInterval: objects, stored bytes and lines read so far.
func StartTerminal(w io.Writer, counters *pipeline.Progress, totals Totals) *Reporter {
	r := newReporter(counters, totals)
	r.done.Go(func() {
		r.every(TerminalInterval, func() { fmt.Fprintf(w, "\r\033[K%s", r.line()) })
		fmt.Fprintf(w, "\r\033[K%s\n", r.line())
	})
	return r
}

// StartLog logs a progress record at info level every interval.
func StartLog(logger *slog.Logger, interval time.Duration, counters *pipeline.Progress, totals Totals) *Reporter {
	r := newReporter(counters, totals)
	r.done.Go(func() {
		r.every(interval, func() {
			logger.Info("progress",
				"objects", counters.Objects.Load(), "objects_total", totals.Objects,
				"bytes", counters.Bytes.Load(), "bytes_total", totals.Bytes,
				"lines", counters.Lines.Load())
		})
	})
	return r
}

func newReporter(counters *pipeline.Progress, totals Totals) *Reporter {
	return &Reporter{counters: counters, totals: totals, stop: make(chan struct{})}
}

// every calls report each interval until Stop.
func (r *Reporter) every(interval time.Duration, report func()) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			report()
		case <-r.stop:
			return
		}
	}
}

// line formats the terminal status line.
func (r *Reporter) line() string {
	objects := fmt.Sprint(r.counters.Objects.Load())
	if r.totals.Objects > 0 {
		objects += fmt.Sprintf("/%d", r.totals.Objects)
	}
	bytes := formatBytes(r.counters.Bytes.Load())
	if r.totals.Bytes > 0 {
		bytes += "/" + formatBytes(r.totals.Bytes)
	}
	return fmt.Sprintf("objects %s  bytes %s  lines %d", objects, bytes, r.counters.Lines.Load())
}

// Stop ends the reports and waits for the last one to be written. It may be
// called more than once.
func (r *Reporter) Stop() {
	r.once.Do(func() { close(r.stop) })
	r.done.Wait()
}

// formatBytes formats n with a binary unit, such as 1.5 MiB.
func formatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	value, exp := float64(n)/unit, 0
	for value >= unit && exp < 4 {
		value /= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", value, "KMGTP"[exp])
}
