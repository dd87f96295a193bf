// Command gencorpus writes a deterministic corpus of synthetic ALB access logs for
// benchmarks, laid out under the S3 keys ALB uses:
//
//	go run ./bench/gencorpus -out DIR -lines N -seed S
//
// The same flags always produce the same bytes. It prints what it wrote and how fast.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/corpus"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run() error {
	var opts corpus.Options
	flag.StringVar(&opts.Dir, "out", "", "output `directory`; objects are written under DIR/AWSLogs/ (required)")
	flag.Int64Var(&opts.Lines, "lines", 1_000_000, "total number of log lines")
	flag.Uint64Var(&opts.Seed, "seed", 1, "random seed; the same seed and flags give the same bytes")
	flag.IntVar(&opts.MinLinesPerFile, "min-lines-per-file", 50_000, "minimum lines in one object (the last may hold fewer)")
	flag.IntVar(&opts.MaxLinesPerFile, "max-lines-per-file", 200_000, "maximum lines in one object")
	flag.IntVar(&opts.Workers, "workers", 0, "objects written in parallel (0 means GOMAXPROCS)")
	flag.IntVar(&opts.GzipLevel, "level", 0, "gzip level from 1 (fastest) to 9 (smallest); 0 means the default, 6")
	flag.Parse()
	if opts.Dir == "" {
		flag.Usage()
		return errors.New("missing -out directory: name the folder to write the corpus into")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	began := time.Now()
	sum, err := corpus.Generate(ctx, opts)
	if err != nil {
		return fmt.Errorf("generate corpus in %s: %w", opts.Dir, err)
	}
	elapsed := time.Since(began)
	fmt.Printf("wrote %d lines in %d objects under %s: %.1f MB raw, %.1f MB gzip, %.2fs, %.0f lines/s\n",
		sum.Lines, sum.Files, opts.Dir, float64(sum.RawBytes)/1e6, float64(sum.GzipBytes)/1e6,
		elapsed.Seconds(), float64(sum.Lines)/elapsed.Seconds())
	return nil
}
