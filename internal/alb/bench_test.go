package alb_test

// Benchmarks of the tokenizer and the parser over synthetic 33-field lines from
// internal/corpus. One op is one pass over benchLines lines, and SetBytes counts
// their bytes without line endings, so MB/s is uncompressed log text. Compare
// before and after a change with benchstat:
//
//	go test -run '^$' -bench 'BenchmarkSplit|BenchmarkParse' -count 6 ./internal/alb/ | tee /tmp/alb.txt
//	benchstat /tmp/alb-before.txt /tmp/alb.txt

import (
	"math/rand/v2"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
	"github.com/alb2ocsf/alb2ocsf/internal/corpus"
)

const benchLines = 4096

// accessLines returns benchLines lines that parse without error, and their total
// size in bytes. The seed is fixed, so every run measures the same bytes.
func accessLines(b *testing.B) ([][]byte, int64) {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	var lines [][]byte
	var size int64
	var rec alb.Record
	for i := 0; len(lines) < benchLines; i++ {
		line := corpus.Line(rng, i)
		if alb.Classify(line) != alb.KindAccess || alb.Parse(line, &rec) != nil {
			continue
		}
		lines = append(lines, line)
		size += int64(len(line))
	}
	return lines, size
}

func reportPerLine(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchLines), "ns/line")
}

func BenchmarkSplit(b *testing.B) {
	lines, size := accessLines(b)
	fields := make([][]byte, 0, 64)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, line := range lines {
			var err error
			fields, err = alb.Split(fields[:0], line)
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	reportPerLine(b)
}

func BenchmarkParse(b *testing.B) {
	lines, size := accessLines(b)
	var rec alb.Record
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, line := range lines {
			if err := alb.Parse(line, &rec); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportPerLine(b)
}
