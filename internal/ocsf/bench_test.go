package ocsf_test

// BenchmarkMap measures the mapping alone: the records are parsed before the timer
// starts. One op maps benchLines records, and SetBytes counts the bytes of their
// lines, so MB/s is uncompressed log text. Compare with benchstat:
//
//	go test -run '^$' -bench 'BenchmarkMap' -count 6 ./internal/ocsf/ | tee /tmp/ocsf.txt
//	benchstat /tmp/ocsf-before.txt /tmp/ocsf.txt

import (
	"math/rand/v2"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
	"github.com/alb2ocsf/alb2ocsf/internal/corpus"
	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

const benchLines = 4096

// benchKey is an object key of the shape ALB writes, so the mapper fills the
// cloud and load balancer attributes from it as it does for real input.
const benchKey = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2025/08/22/" +
	"123456789012_elasticloadbalancing_us-east-1_app.web-alb.50dc6c495c0c9188_20250822T0905Z_192.0.2.10_2r4e8tgf.log.gz"

func BenchmarkMap(b *testing.B) {
	mapper, err := ocsf.NewMapper(ocsf.Options{})
	if err != nil {
		b.Fatal(err)
	}
	src := ocsf.NewSource(benchKey)
	rng := rand.New(rand.NewPCG(1, 2))
	lines := make([][]byte, 0, benchLines)
	records := make([]alb.Record, 0, benchLines)
	var size int64
	for i := 0; len(lines) < benchLines; i++ {
		line := corpus.Line(rng, i)
		var rec alb.Record
		if alb.Classify(line) != alb.KindAccess || alb.Parse(line, &rec) != nil {
			continue
		}
		lines = append(lines, line)
		records = append(records, rec)
		size += int64(len(line))
	}

	var last *ocsf.Event
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i := range records {
			last = mapper.Map(&records[i], lines[i], src, int64(i+1))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchLines), "ns/line")
	if last == nil || last.ClassUID != 4002 {
		b.Fatalf("last event has class_uid %v, expected 4002", last)
	}
}
