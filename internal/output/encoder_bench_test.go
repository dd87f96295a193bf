package output

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// Compare the two writers with benchstat:
//
//	go test ./internal/output/ -run '^$' -bench 'BenchmarkParquetEncoder|BenchmarkGenericWriter' -count 6 | tee bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest bench.txt
//
// Each iteration writes one file of benchEvents events mapped from the synthetic
// corpus. SetBytes counts their raw_data, so MB/s is log text per second.

const benchEvents = 32 * 1024

// benchInput maps the benchmark's events once and returns them with the bytes of
// their raw_data.
func benchInput(b *testing.B) ([]*ocsf.Event, int64) {
	b.Helper()
	events := corpusEvents(b, benchEvents, 42)
	var raw int64
	for _, ev := range events {
		raw += int64(len(ev.RawData))
	}
	return events, raw
}

// countingWriter discards what it is given and counts the bytes.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// reportRows adds ns/row and rows/s, which compare with the per-line costs of the
// other stages of a conversion.
func reportRows(b *testing.B, elapsed time.Duration, fileBytes int64) {
	rows := float64(b.N) * benchEvents
	b.ReportMetric(float64(elapsed.Nanoseconds())/rows, "ns/row")
	b.ReportMetric(rows/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(fileBytes), "file-bytes")
}

func BenchmarkParquetEncoder(b *testing.B) {
	events, raw := benchInput(b)
	for _, encoders := range []int{1, runtime.GOMAXPROCS(0)} {
		b.Run(fmt.Sprintf("encoders=%d", encoders), func(b *testing.B) {
			b.SetBytes(raw)
			b.ReportAllocs()
			var out countingWriter
			start := time.Now()
			for b.Loop() {
				out.n = 0
				enc, err := newEventEncoder(&out, encoderConfig{encoders: encoders})
				if err != nil {
					b.Fatalf("newEventEncoder: %v", err)
				}
				for _, ev := range events {
					if err := enc.write(ev); err != nil {
						b.Fatalf("write: %v", err)
					}
				}
				if err := enc.close(); err != nil {
					b.Fatalf("close: %v", err)
				}
			}
			reportRows(b, time.Since(start), out.n)
		})
	}
}

func BenchmarkGenericWriter(b *testing.B) {
	events, raw := benchInput(b)
	rows := make([]ocsf.Event, len(events))
	b.SetBytes(raw)
	b.ReportAllocs()
	var out countingWriter
	start := time.Now()
	for b.Loop() {
		out.n = 0
		w := parquet.NewGenericWriter[ocsf.Event](&out, referenceOptions(ParquetOptions{})...)
		// Copy the events as the old parquetWriter did.
		for i, ev := range events {
			rows[i] = *ev
		}
		if _, err := w.Write(rows); err != nil {
			b.Fatalf("write: %v", err)
		}
		if err := w.Close(); err != nil {
			b.Fatalf("close: %v", err)
		}
	}
	reportRows(b, time.Since(start), out.n)
}

// BenchmarkShred measures the shredder alone: the caller's goroutine's share of
// the encoder's work, without page encoding.
func BenchmarkShred(b *testing.B) {
	events, raw := benchInput(b)
	schema, err := loadEventSchema()
	if err != nil {
		b.Fatalf("loadEventSchema: %v", err)
	}
	rg := newRowGroup(schema)
	var s shredder
	b.SetBytes(raw)
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		rg.reset()
		for _, ev := range events {
			s.shred(&rg.columns, ev)
		}
	}
	reportRows(b, time.Since(start), 0)
}
