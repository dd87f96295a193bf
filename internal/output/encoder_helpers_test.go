package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
	"github.com/alb2ocsf/alb2ocsf/internal/corpus"
	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// referenceOptions are the options of the parquet-go GenericWriter that wrote events
// before eventEncoder. Tests check the encoder's output against this writer's.
func referenceOptions(opts ParquetOptions) []parquet.WriterOption {
	version := opts.CreatedBy
	if version == "" {
		version = "dev"
	}
	out := []parquet.WriterOption{
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedFastest}),
		parquet.DataPageVersion(1),
		parquet.PageBufferSize(1 << 20),
		parquet.CreatedBy("alb2ocsf", version, ""),
	}
	for k, v := range opts.Metadata {
		out = append(out, parquet.KeyValueMetadata(k, v))
	}
	return out
}

// writeReference writes events with parquet-go's GenericWriter, flushing a row group
// every rowGroupRows events.
func writeReference(tb testing.TB, events []*ocsf.Event, rowGroupRows int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[ocsf.Event](&buf, referenceOptions(ParquetOptions{})...)
	rows := make([]ocsf.Event, 0, rowGroupRows)
	for len(events) > 0 {
		n := min(rowGroupRows, len(events))
		rows = rows[:0]
		for _, ev := range events[:n] {
			rows = append(rows, *ev)
		}
		if _, err := w.Write(rows); err != nil {
			tb.Fatalf("write reference rows: %v", err)
		}
		if err := w.Flush(); err != nil {
			tb.Fatalf("flush reference row group: %v", err)
		}
		events = events[n:]
	}
	if err := w.Close(); err != nil {
		tb.Fatalf("close reference writer: %v", err)
	}
	return buf.Bytes()
}

// writeEncoded writes events with an eventEncoder.
func writeEncoded(tb testing.TB, events []*ocsf.Event, cfg encoderConfig) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc, err := newEventEncoder(&buf, cfg)
	if err != nil {
		tb.Fatalf("newEventEncoder: %v", err)
	}
	for _, ev := range events {
		if err := enc.write(ev); err != nil {
			tb.Fatalf("write: %v", err)
		}
	}
	if err := enc.close(); err != nil {
		tb.Fatalf("close: %v", err)
	}
	return buf.Bytes()
}

// openParquet opens data with parquet-go, which checks the magic bytes and footer.
func openParquet(tb testing.TB, data []byte) *parquet.File {
	tb.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatalf("open parquet file: %v", err)
	}
	return f
}

// readEvents reads every row of data back into events.
func readEvents(tb testing.TB, data []byte) []ocsf.Event {
	tb.Helper()
	openParquet(tb, data)
	r := parquet.NewGenericReader[ocsf.Event](bytes.NewReader(data))
	defer r.Close()
	out := make([]ocsf.Event, r.NumRows())
	read := 0
	for read < len(out) {
		n, err := r.Read(out[read:])
		read += n
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatalf("read rows: %v", err)
		}
	}
	if read != len(out) {
		tb.Fatalf("read rows: got %d, want %d", read, len(out))
	}
	return out
}

// checkSameEvents compares two read-backs row by row and reports the first fields
// that differ in each row.
func checkSameEvents(t *testing.T, got, want []ocsf.Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("rows: got %d, want %d", len(got), len(want))
	}
	failures := 0
	for i := range got {
		diffs := diffValues("", reflect.ValueOf(got[i]), reflect.ValueOf(want[i]), nil)
		if len(diffs) == 0 {
			continue
		}
		t.Errorf("row %d differs:\n  %s", i, strings.Join(diffs, "\n  "))
		if failures++; failures == 5 {
			t.Fatalf("stopping after %d rows that differ", failures)
		}
	}
}

// diffValues lists the paths where got and want differ, telling nil apart from
// empty for pointers, slices and maps.
func diffValues(path string, got, want reflect.Value, diffs []string) []string {
	if len(diffs) >= 10 {
		return diffs
	}
	switch got.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		if got.IsNil() != want.IsNil() {
			return append(diffs, fmt.Sprintf("%s: got nil %v, want nil %v", path, got.IsNil(), want.IsNil()))
		}
	}
	switch got.Kind() {
	case reflect.Pointer:
		if !got.IsNil() {
			diffs = diffValues(path, got.Elem(), want.Elem(), diffs)
		}
	case reflect.Struct:
		for i := range got.NumField() {
			diffs = diffValues(path+"."+got.Type().Field(i).Name, got.Field(i), want.Field(i), diffs)
		}
	case reflect.Slice:
		if got.Len() != want.Len() {
			return append(diffs, fmt.Sprintf("%s: got %d elements, want %d", path, got.Len(), want.Len()))
		}
		for i := range got.Len() {
			diffs = diffValues(fmt.Sprintf("%s[%d]", path, i), got.Index(i), want.Index(i), diffs)
		}
	default:
		if !reflect.DeepEqual(got.Interface(), want.Interface()) {
			diffs = append(diffs, fmt.Sprintf("%s: got %#v, want %#v", path, got.Interface(), want.Interface()))
		}
	}
	return diffs
}

// testLines are ALB access log lines written for these tests, one per feature: TLS
// with two targets tried, a client that closed the connection (460), a WAF block
// with a desync classification, an IPv6 WebSocket client, a Lambda error without a
// target, and a line with two fields after the 33 known ones.
var testLines = []string{
	`h2 2025-09-01T10:00:00.250000Z app/shop-alb/7f3a9c1e2b4d6f80 198.51.100.7:41234 10.0.2.15:8443 0.002 0.120 0.001 200 200 812 16384 "GET https://shop.example.org:443/products/42?ref=mail&lang=en HTTP/2.0" "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-central-1:210987654321:targetgroup/shop/5c1d2e3f4a5b6c7d "Root=1-66d4b3a0-0a1b2c3d4e5f60718293a4b5" "shop.example.org" "arn:aws:acm:eu-central-1:210987654321:certificate/aaaabbbb-cccc-dddd-eeee-ffff00001111" 5 2025-09-01T10:00:00.127000Z "forward" "-" "-" "10.0.2.14:8443 10.0.2.15:8443" "502 200" "-" "-" TID_a1b2c3d4e5f60718293a4b5c6d7e8f90 "-" "-" "-"`,
	`http 2025-09-01T10:00:01.000001Z app/shop-alb/7f3a9c1e2b4d6f80 203.0.113.9:3311 10.0.2.16:8080 0.000 -1 -1 460 - 38 0 "POST http://shop.example.org:80/cart HTTP/1.1" "curl/8.9.1" - - arn:aws:elasticloadbalancing:eu-central-1:210987654321:targetgroup/shop/5c1d2e3f4a5b6c7d "Root=1-66d4b3a1-000000000000000000000002" "-" "-" 1 2025-09-01T10:00:00.990000Z "forward" "-" "-" "10.0.2.16:8080" "-" "-" "-" TID_00000000000000000000000000000002 "-" "-" "-"`,
	`https 2025-09-01T10:00:02.500000Z app/shop-alb/7f3a9c1e2b4d6f80 192.0.2.200:60000 - -1 -1 -1 403 - 410 230 "GET https://shop.example.org:443/admin/../etc/passwd HTTP/1.1" "sqlmap/1.8" TLS_AES_256_GCM_SHA384 TLSv1.3 - "Root=1-66d4b3a2-000000000000000000000003" "shop.example.org" "session-reused" 0 2025-09-01T10:00:02.499000Z "waf" "-" "-" "-" "-" "Ambiguous" "UndefinedContentLengthSemantics" TID_00000000000000000000000000000003 "-" "-" "-"`,
	`ws 2025-09-01T10:00:03.000000Z app/shop-alb/7f3a9c1e2b4d6f80 [2001:db8:85a3::8a2e:370:7334]:51000 10.0.2.17:9000 0.001 0.004 0.000 101 101 512 1024 "GET http://shop.example.org:80/socket HTTP/1.1" "Go-http-client/1.1" - - arn:aws:elasticloadbalancing:eu-central-1:210987654321:targetgroup/ws/0f1e2d3c4b5a6978 "Root=1-66d4b3a3-000000000000000000000004" "-" "-" 2 2025-09-01T10:00:02.999000Z "forward" "-" "-" "10.0.2.17:9000" "101" "-" "-" TID_00000000000000000000000000000004 "-" "-" "-"`,
	`https 2025-09-01T10:00:04.000000Z app/shop-alb/7f3a9c1e2b4d6f80 198.51.100.8:40000 - 0.001 -1 -1 502 - 300 250 "PUT https://api.example.org:443/v1/orders/9 HTTP/1.1" "python-requests/2.32" ECDHE-RSA-AES256-GCM-SHA384 TLSv1.2 arn:aws:elasticloadbalancing:eu-central-1:210987654321:targetgroup/orders/1a2b3c4d5e6f7a8b "Root=1-66d4b3a4-000000000000000000000005" "api.example.org" "arn:aws:acm:eu-central-1:210987654321:certificate/aaaabbbb-cccc-dddd-eeee-ffff00001111" 7 2025-09-01T10:00:03.998000Z "forward" "-" "LambdaUnhandled" "-" "-" "-" "-" TID_00000000000000000000000000000005 "-" "-" "-"`,
	`https 2025-09-01T10:00:05.000000Z app/shop-alb/7f3a9c1e2b4d6f80 198.51.100.9:40001 10.0.2.15:8443 0.001 0.010 0.000 304 304 290 170 "GET https://shop.example.org:443/static/app.js HTTP/1.1" "Mozilla/5.0" TLS_AES_128_GCM_SHA256 TLSv1.3 arn:aws:elasticloadbalancing:eu-central-1:210987654321:targetgroup/shop/5c1d2e3f4a5b6c7d "Root=1-66d4b3a5-000000000000000000000006" "shop.example.org" "-" 5 2025-09-01T10:00:04.990000Z "forward" "-" "-" "10.0.2.15:8443" "304" "-" "-" TID_00000000000000000000000000000006 "rewritten.example.org" "/static/app.v2.js" "TransformSuccess" "future-field-1" "future field 2"`,
}

// mapLines parses and maps lines with the OCSF mapper.
func mapLines(tb testing.TB, lines [][]byte) []*ocsf.Event {
	tb.Helper()
	m, err := ocsf.NewMapper(ocsf.Options{})
	if err != nil {
		tb.Fatalf("NewMapper: %v", err)
	}
	src := ocsf.NewSource("s3://logs/AWSLogs/210987654321/elasticloadbalancing/eu-central-1/2025/09/01/210987654321_elasticloadbalancing_eu-central-1_app.shop-alb.7f3a9c1e2b4d6f80_20250901T1005Z_198.51.100.1_4k2j3h4g.log.gz")
	events := make([]*ocsf.Event, 0, len(lines))
	var rec alb.Record
	for i, line := range lines {
		if err := alb.Parse(line, &rec); err != nil {
			tb.Fatalf("parse line %d: %v", i+1, err)
		}
		events = append(events, m.Map(&rec, line, src, int64(i+1)))
	}
	return events
}

// mappedTestLines returns the events of testLines.
func mappedTestLines(tb testing.TB) []*ocsf.Event {
	tb.Helper()
	lines := make([][]byte, len(testLines))
	for i, l := range testLines {
		lines[i] = []byte(l)
	}
	return mapLines(tb, lines)
}

// corpusEvents maps n lines of the synthetic corpus, the same for the same seed.
func corpusEvents(tb testing.TB, n int, seed uint64) []*ocsf.Event {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, seed+1))
	lines := make([][]byte, n)
	for i := range lines {
		lines[i] = corpus.Line(rng, i)
	}
	return mapLines(tb, lines)
}
