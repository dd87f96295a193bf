package pipeline_test

// BenchmarkPipeline measures a whole conversion: gzip objects held in memory go
// through Run into a sink. One op converts the whole benchmark corpus, and SetBytes
// counts its uncompressed bytes, so MB/s is log text per second. The sub-benchmarks:
//
//   - discard: a sink that drops the events (gunzip, tokenizer, mapping, pipeline).
//   - parquet: the Parquet writer of internal/output with its default options,
//     writing a file in b.TempDir() that is removed after each op.
//
// Run with -cpu 1,2 to see how it scales with GOMAXPROCS, and compare with benchstat:
//
//	go test -run '^$' -bench 'BenchmarkPipeline' -cpu 1,2 -count 6 ./internal/pipeline/ | tee /tmp/pipeline.txt
//	benchstat /tmp/pipeline-before.txt /tmp/pipeline.txt
//
// For a CPU profile of a whole conversion:
//
//	go test -run '^$' -bench 'BenchmarkPipeline/parquet' -count 1 -cpuprofile /tmp/cpu.prof ./internal/pipeline/
//	go tool pprof -top /tmp/cpu.prof

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/corpus"
	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
	"github.com/alb2ocsf/alb2ocsf/internal/output"
	"github.com/alb2ocsf/alb2ocsf/internal/pipeline"
	"github.com/alb2ocsf/alb2ocsf/internal/source"
)

// benchCorpusLines is the size of the generated corpus. With objects of 25,000 to
// 50,000 lines it makes several objects, so two workers both have work.
const benchCorpusLines = 200_000

// benchCorpus is the generated corpus: the gzip objects' keys and bytes, and the
// total of lines and uncompressed bytes.
type benchCorpus struct {
	keys     []string
	data     [][]byte
	lines    int64
	rawBytes int64
}

var (
	corpusOnce sync.Once
	corpusData benchCorpus
	corpusErr  error
)

// loadCorpus generates the corpus once per test binary and reads it into memory.
func loadCorpus(b *testing.B) *benchCorpus {
	b.Helper()
	corpusOnce.Do(func() {
		dir, err := os.MkdirTemp("", "alb2ocsf-bench-")
		if err != nil {
			corpusErr = err
			return
		}
		defer os.RemoveAll(dir)
		sum, err := corpus.Generate(context.Background(), corpus.Options{
			Dir: dir, Lines: benchCorpusLines, Seed: 1,
			MinLinesPerFile: 25_000, MaxLinesPerFile: 50_000,
		})
		if err != nil {
			corpusErr = err
			return
		}
		corpusData = benchCorpus{lines: sum.Lines, rawBytes: sum.RawBytes}
		for _, key := range sum.Keys {
			data, err := os.ReadFile(filepath.Join(dir, key))
			if err != nil {
				corpusErr = err
				return
			}
			corpusData.keys = append(corpusData.keys, key)
			corpusData.data = append(corpusData.data, data)
		}
	})
	if corpusErr != nil {
		b.Fatalf("generate benchmark corpus: %v", corpusErr)
	}
	return &corpusData
}

// objects returns the corpus as source objects that read from memory. The names
// are the S3 keys, so the mapper reads account, region and node from them.
func (c *benchCorpus) objects() []source.Object {
	objects := make([]source.Object, len(c.data))
	for i, data := range c.data {
		objects[i] = source.Object{
			Name: c.keys[i],
			Size: int64(len(data)),
			Open: func(context.Context) (io.ReadCloser, error) {
				return io.NopCloser(bytes.NewReader(data)), nil
			},
		}
	}
	return objects
}

// discardSink counts what it receives and keeps nothing.
type discardSink struct{ events, rejects int64 }

func (s *discardSink) WriteEvents(events []*ocsf.Event) error {
	s.events += int64(len(events))
	return nil
}

func (s *discardSink) WriteRejects(rejects []pipeline.Reject) error {
	s.rejects += int64(len(rejects))
	return nil
}

// parquetSink writes events with the Parquet writer of internal/output and drops
// the rejects.
type parquetSink struct{ w output.Writer }

func (s *parquetSink) WriteEvents(events []*ocsf.Event) error { return s.w.Write(events) }

func (s *parquetSink) WriteRejects([]pipeline.Reject) error { return nil }

func BenchmarkPipeline(b *testing.B) {
	b.Run("discard", func(b *testing.B) {
		benchmarkPipeline(b, func(string) (pipeline.Sink, func() error, error) {
			return &discardSink{}, func() error { return nil }, nil
		})
	})
	b.Run("parquet", func(b *testing.B) {
		dir := b.TempDir()
		benchmarkPipeline(b, func(name string) (pipeline.Sink, func() error, error) {
			path := filepath.Join(dir, name+".parquet")
			w, err := output.Open(output.Target{Format: output.FormatParquet, Path: path}, output.Options{}, nil)
			if err != nil {
				return nil, nil, err
			}
			finish := func() error {
				if err := w.Close(); err != nil {
					return err
				}
				return os.Remove(path)
			}
			return &parquetSink{w: w}, finish, nil
		})
	})
}

// openSink returns a sink for one op and the function that completes it.
type openSink func(name string) (pipeline.Sink, func() error, error)

func benchmarkPipeline(b *testing.B, open openSink) {
	c := loadCorpus(b)
	objects := c.objects()
	mapper, err := ocsf.NewMapper(ocsf.Options{})
	if err != nil {
		b.Fatal(err)
	}
	cfg := pipeline.Config{Mapper: mapper}

	b.SetBytes(c.rawBytes)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		sink, finish, err := open("bench")
		if err != nil {
			b.Fatal(err)
		}
		stats, err := pipeline.Run(context.Background(), cfg, objects, sink)
		if err != nil {
			b.Fatal(err)
		}
		if err := finish(); err != nil {
			b.Fatal(err)
		}
		if stats.Lines != c.lines {
			b.Fatalf("read %d lines, expected %d", stats.Lines, c.lines)
		}
	}
	b.ReportMetric(float64(c.lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}
