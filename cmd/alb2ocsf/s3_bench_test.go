package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/corpus"
)

// BenchmarkConvertS3VsLocal converts the same generated objects from local disk
// and from a versitygw gateway on 127.0.0.1, into a local Parquet file.
func BenchmarkConvertS3VsLocal(b *testing.B) {
	dir := b.TempDir()
	sum, err := corpus.Generate(context.Background(), corpus.Options{
		Dir: dir, Lines: 400_000, Seed: 1, MinLinesPerFile: 5_000, MaxLinesPerFile: 20_000,
	})
	if err != nil {
		b.Fatal(err)
	}
	srv := startGateway(b, "bench")
	putFolder(b, srv, "bench", "", dir)
	out := filepath.Join(b.TempDir(), "events.parquet")
	cases := []struct {
		name string
		args []string
	}{
		{name: "local", args: []string{"convert", "-q", "-o", out, dir}},
		{name: "s3", args: []string{"convert", "-q", "--endpoint-url", srv.Endpoint, "-o", out, "s3://bench/"}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(sum.GzipBytes)
			for b.Loop() {
				var stderr bytes.Buffer
				e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &stderr, logger: discardLogger()}
				if code := run(context.Background(), e, c.args); code != exitOK && code != exitRejected {
					b.Fatalf("exit code %d\n%s", code, stderr.String())
				}
			}
			b.ReportMetric(float64(sum.Files), "objects")
		})
	}
}
