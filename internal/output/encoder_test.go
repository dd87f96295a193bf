package output

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

func ptr[T any](v T) *T { return &v }

// fullEndpoint is a network endpoint with every attribute set.
func fullEndpoint(ip string) *ocsf.NetworkEndpoint {
	return &ocsf.NetworkEndpoint{IP: ip, Port: ptr[int32](443), UID: "i-0abc", TypeID: ptr[int32](1), Type: "Server"}
}

// fullEvent returns an event with every optional group, list and map present.
func fullEvent() *ocsf.Event {
	start := ocsf.DateTime(1756720800123456)
	return &ocsf.Event{
		ActivityID: 3, ActivityName: "Get", CategoryUID: 4, CategoryName: "Network Activity",
		ClassUID: 4002, ClassName: "HTTP Activity", TypeUID: 400203, TypeName: "HTTP Activity: Get",
		SeverityID: 1, Severity: "Informational", StatusID: 1, Status: "Success",
		StatusCode: "200", StatusDetail: "ok", Message: "GET /", TimezoneOffset: -60,
		Time: 1756720800123, TimeDT: start, StartTime: ptr[int64](1756720800000), StartTimeDT: &start,
		EndTime: 1756720800123, EndTimeDT: start + 1, Duration: ptr[int64](0),
		ActionID: ptr[int32](1), Action: "Allowed", DispositionID: ptr[int32](1), Disposition: "Allowed",
		Metadata: ocsf.Metadata{
			Version: "1.8.0",
			Product: ocsf.Product{Name: "ALB", VendorName: "AWS", Feature: ocsf.Feature{Name: "Access Logs"}},
			UID:     "uid-1", LogSource: "s3://b/k", OriginalTime: "2025-09-01T10:00:00Z",
			Profiles: []string{"cloud", "datetime", "load_balancer"},
		},
		Cloud:          ocsf.Cloud{Provider: "AWS", Region: "eu-west-1", Account: &ocsf.Account{UID: "123456789012", TypeID: 10, Type: "AWS Account"}},
		SrcEndpoint:    fullEndpoint("192.0.2.1"),
		DstEndpoint:    fullEndpoint("10.0.0.1"),
		ConnectionInfo: &ocsf.ConnectionInfo{UID: "TID_1", ProtocolName: "tcp", ProtocolNum: 6, ProtocolVerID: 4, ProtocolVer: "Internet Protocol version 4 (IPv4)", DirectionID: 1, Direction: "Inbound"},
		HTTPRequest: &ocsf.HTTPRequest{
			HTTPMethod: "GET", Version: "HTTP/1.1", UserAgent: "curl/8", Length: ptr[int32](0),
			URL: &ocsf.URL{URLString: "https://h:443/p?q", Scheme: "https", Hostname: "h", Port: ptr[int32](443), Path: "/p", QueryString: "q"},
		},
		HTTPResponse: &ocsf.HTTPResponse{Code: 200, Length: ptr[int32](10), Latency: ptr[int32](-1)},
		Traffic:      &ocsf.NetworkTraffic{BytesIn: ptr[int64](1), BytesOut: ptr[int64](2), Bytes: ptr[int64](3)},
		TLS:          &ocsf.TLS{Version: "1.3", Cipher: "TLS_AES_128_GCM_SHA256", SNI: "h"},
		LoadBalancer: &ocsf.LoadBalancer{
			Name: "web", UID: "arn:lb", IP: "10.0.0.2", Code: ptr[int32](200), Classification: "Acceptable",
			StatusDetail: "detail", ErrorMessage: "none", DstEndpoint: fullEndpoint("10.0.0.3"),
			EndpointConnections: []ocsf.EndpointConnection{
				{NetworkEndpoint: fullEndpoint("10.0.0.4"), Code: ptr[int32](502)},
				{},
				{NetworkEndpoint: &ocsf.NetworkEndpoint{}},
				{Code: ptr[int32](200)},
			},
			Metrics: []ocsf.Metric{{Name: "request_processing_time", Value: "0.001"}, {Name: "", Value: ""}},
		},
		Trace: &ocsf.Trace{UID: "Root=1-2-3"},
		Observables: []ocsf.Observable{
			{Name: "src_endpoint.ip", Type: "IP Address", TypeID: 2, Value: "192.0.2.1"},
			{Name: "x", TypeID: 0, Value: ""},
		},
		Unmapped: map[string]string{"type": "https", "b": "", "a": "1", "zz": "last"},
		RawData:  "https 2025-09-01T10:00:00Z ...",
	}
}

// emptyCollectionsEvent has present groups whose lists and maps are empty, not nil.
func emptyCollectionsEvent() *ocsf.Event {
	return &ocsf.Event{
		Metadata:     ocsf.Metadata{Profiles: []string{}},
		LoadBalancer: &ocsf.LoadBalancer{EndpointConnections: []ocsf.EndpointConnection{}, Metrics: []ocsf.Metric{}},
		Observables:  []ocsf.Observable{},
		Unmapped:     map[string]string{},
		HTTPRequest:  &ocsf.HTTPRequest{URL: &ocsf.URL{}},
		Cloud:        ocsf.Cloud{Account: &ocsf.Account{}},
	}
}

func TestEventSchemaMatchesShredder(t *testing.T) {
	schema, err := loadEventSchema()
	if err != nil {
		t.Fatalf("the encoder does not cover ocsf.Event: %v", err)
	}
	ref := openParquet(t, writeReference(t, []*ocsf.Event{fullEvent()}, 1))
	got, want := schema.elements, ref.Metadata().Schema
	if len(got) != len(want) {
		t.Fatalf("schema elements: got %d, want %d", len(got), len(want))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("schema element %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestEncoderRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		events func(testing.TB) []*ocsf.Event
	}{
		{"mapped test lines", mappedTestLines},
		{"corpus lines", func(tb testing.TB) []*ocsf.Event { return corpusEvents(tb, 2000, 7) }},
		{"every group absent", func(testing.TB) []*ocsf.Event { return []*ocsf.Event{{}, {}} }},
		{"every group present", func(testing.TB) []*ocsf.Event { return []*ocsf.Event{fullEvent(), fullEvent()} }},
		{"empty lists and maps", func(testing.TB) []*ocsf.Event { return []*ocsf.Event{emptyCollectionsEvent()} }},
		{"mixed presence", func(tb testing.TB) []*ocsf.Event {
			return append([]*ocsf.Event{{}, fullEvent(), emptyCollectionsEvent()}, mappedTestLines(tb)...)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events := tt.events(t)
			got := readEvents(t, writeEncoded(t, events, encoderConfig{encoders: 2}))
			want := readEvents(t, writeReference(t, events, DefaultRowGroupRows))
			checkSameEvents(t, got, want)
		})
	}
}

func TestEncoderUnmappedKeysSorted(t *testing.T) {
	data := writeEncoded(t, []*ocsf.Event{fullEvent()}, encoderConfig{encoders: 1})
	f := openParquet(t, data)
	pages := f.RowGroups()[0].ColumnChunks()[colUnmappedKey].Pages()
	defer pages.Close()
	page, err := pages.ReadPage()
	if err != nil {
		t.Fatalf("read page: %v", err)
	}
	values := make([]parquet.Value, page.NumValues())
	if n, err := page.Values().ReadValues(values); n != len(values) {
		t.Fatalf("read values: got %d of %d: %v", n, len(values), err)
	}
	var keys []string
	for _, v := range values {
		keys = append(keys, v.String())
	}
	if want := []string{"a", "b", "type", "zz"}; !slices.Equal(keys, want) {
		t.Errorf("unmapped keys: got %q, want %q", keys, want)
	}
}

func TestEncoderEmptyOutput(t *testing.T) {
	data := writeEncoded(t, nil, encoderConfig{encoders: 1, metadata: map[string]string{"k": "v"}})
	f := openParquet(t, data)
	if got := f.NumRows(); got != 0 {
		t.Errorf("rows: got %d, want 0", got)
	}
	if got := len(f.RowGroups()); got != 0 {
		t.Errorf("row groups: got %d, want 0", got)
	}
	if got, ok := f.Lookup("k"); !ok || got != "v" {
		t.Errorf("metadata k: got %q (present %v), want %q", got, ok, "v")
	}
	if got := readEvents(t, data); len(got) != 0 {
		t.Errorf("events: got %d, want 0", len(got))
	}
}

// countPages returns the number of data pages of each column of row group rg.
func countPages(t *testing.T, data []byte, rg int) []int {
	t.Helper()
	f := openParquet(t, data)
	var counts []int
	for _, chunk := range f.RowGroups()[rg].ColumnChunks() {
		pages := chunk.Pages()
		n := 0
		for {
			_, err := pages.ReadPage()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("read page: %v", err)
			}
			n++
		}
		pages.Close()
		counts = append(counts, n)
	}
	return counts
}

func TestEncoderMultiPage(t *testing.T) {
	events := corpusEvents(t, 3000, 11)
	for i, ev := range events {
		// About 3 MiB of raw_data in one row group, so several 1 MiB pages.
		ev.RawData = strings.Repeat(string(rune('a'+i%26)), 1000+i%50)
	}
	data := writeEncoded(t, events, encoderConfig{encoders: 3})
	counts := countPages(t, data, 0)
	if got := counts[colRawData]; got < 3 {
		t.Errorf("raw_data pages: got %d, want at least 3", got)
	}
	if got := counts[colActivityID]; got != 1 {
		t.Errorf("activity_id pages: got %d, want 1", got)
	}
	checkSameEvents(t, readEvents(t, data), readEvents(t, writeReference(t, events, DefaultRowGroupRows)))
}

func TestEncoderMultiPageRepeated(t *testing.T) {
	// Small pages split the repeated columns too; each page must start a row.
	events := corpusEvents(t, 1500, 12)
	data := writeEncoded(t, events, encoderConfig{encoders: 2, pageBytes: 2048})
	counts := countPages(t, data, 0)
	for _, col := range []int{colMetadataProfiles, colUnmappedKey, colObservableValue, colLBMetricValue} {
		if counts[col] < 2 {
			t.Errorf("%s pages: got %d, want at least 2", columnPaths[col], counts[col])
		}
	}
	checkSameEvents(t, readEvents(t, data), readEvents(t, writeReference(t, events, DefaultRowGroupRows)))
}

func TestEncoderRowGroups(t *testing.T) {
	events := corpusEvents(t, 1050, 13)
	tests := []struct {
		name      string
		cfg       encoderConfig
		wantSizes []int64 // rows of each row group; nil to only check the count
		wantCount int
	}{
		{"row limit", encoderConfig{rowGroupRows: 100}, []int64{100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 50}, 11},
		{"one row group", encoderConfig{}, []int64{1050}, 1},
		{"byte budget", encoderConfig{rowGroupBytes: 64 << 10}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.encoders = 2
			data := writeEncoded(t, events, tt.cfg)
			f := openParquet(t, data)
			var sizes []int64
			for _, rg := range f.Metadata().RowGroups {
				sizes = append(sizes, rg.NumRows)
			}
			if tt.wantSizes != nil && !slices.Equal(sizes, tt.wantSizes) {
				t.Errorf("row group rows: got %v, want %v", sizes, tt.wantSizes)
			}
			if tt.wantSizes == nil && len(sizes) < 3 {
				t.Errorf("row groups: got %d (%v), want at least 3", len(sizes), sizes)
			}
			checkSameEvents(t, readEvents(t, data), readEvents(t, writeReference(t, events, 100)))
		})
	}
}

func TestEncoderDeterministic(t *testing.T) {
	events := append(corpusEvents(t, 3000, 17), fullEvent(), emptyCollectionsEvent(), &ocsf.Event{})
	cfg := encoderConfig{rowGroupRows: 700, pageBytes: 64 << 10, metadata: map[string]string{"b": "2", "a": "1", "c": "3"}}
	var first []byte
	for _, encoders := range []int{1, 4, 1, 4} {
		cfg.encoders = encoders
		data := writeEncoded(t, events, cfg)
		if first == nil {
			first = data
			continue
		}
		if !bytes.Equal(data, first) {
			t.Errorf("%d encoders: got %d bytes that differ from the first run's %d", encoders, len(data), len(first))
		}
	}
}

func TestEncoderFooter(t *testing.T) {
	events := corpusEvents(t, 500, 19)
	data := writeEncoded(t, events, encoderConfig{encoders: 1, rowGroupRows: 200, createdBy: createdByOf(ParquetOptions{CreatedBy: "1.2.3"}), metadata: map[string]string{"ocsf_version": "1.8.0"}})
	meta := openParquet(t, data).Metadata()
	if got, want := meta.CreatedBy, "alb2ocsf version 1.2.3(build )"; got != want {
		t.Errorf("created_by: got %q, want %q", got, want)
	}
	if got, want := meta.KeyValueMetadata, []format.KeyValue{{Key: "ocsf_version", Value: "1.8.0"}}; !reflect.DeepEqual([]format.KeyValue(got), want) {
		t.Errorf("key-value metadata: got %v, want %v", got, want)
	}
	if got := meta.NumRows; got != 500 {
		t.Errorf("num_rows: got %d, want 500", got)
	}
	offset := int64(4)
	for i, rg := range meta.RowGroups {
		if rg.FileOffset != offset {
			t.Errorf("row group %d file_offset: got %d, want %d", i, rg.FileOffset, offset)
		}
		for j, c := range rg.Columns {
			if got := strings.Join(c.MetaData.PathInSchema, "."); got != columnPaths[j] {
				t.Errorf("row group %d column %d path: got %s, want %s", i, j, got, columnPaths[j])
			}
			start := c.MetaData.DataPageOffset
			if c.MetaData.DictionaryPageOffset != 0 {
				start = c.MetaData.DictionaryPageOffset
				if c.MetaData.DataPageOffset <= start {
					t.Errorf("row group %d column %s data_page_offset: got %d, want more than dictionary_page_offset %d", i, columnPaths[j], c.MetaData.DataPageOffset, start)
				}
			}
			if start != offset {
				t.Errorf("row group %d column %s first page offset: got %d, want %d", i, columnPaths[j], start, offset)
			}
			if c.MetaData.Codec != format.Zstd {
				t.Errorf("row group %d column %s codec: got %v, want ZSTD", i, columnPaths[j], c.MetaData.Codec)
			}
			offset += c.MetaData.TotalCompressedSize
		}
		if int64(rg.NumRows) != min(200, 500-200*int64(i)) {
			t.Errorf("row group %d rows: got %d", i, rg.NumRows)
		}
	}
}

// int64Bound decodes an INT64 statistic.
func int64Bound(b []byte) int64 { return int64(binary.LittleEndian.Uint64(b)) }

func TestEncoderTimeStatistics(t *testing.T) {
	events := corpusEvents(t, 900, 23)
	for i, ev := range events {
		if i%3 == 0 {
			ev.StartTime, ev.StartTimeDT = nil, nil
		}
	}
	const rows = 400
	data := writeEncoded(t, events, encoderConfig{encoders: 2, rowGroupRows: rows})
	meta := openParquet(t, data).Metadata()
	columns := []struct {
		col   int
		value func(*ocsf.Event) *int64
	}{
		{colTime, func(ev *ocsf.Event) *int64 { return &ev.Time }},
		{colTimeDT, func(ev *ocsf.Event) *int64 { v := int64(ev.TimeDT); return &v }},
		{colStartTime, func(ev *ocsf.Event) *int64 { return ev.StartTime }},
		{colStartTimeDT, func(ev *ocsf.Event) *int64 { return (*int64)(ev.StartTimeDT) }},
		{colEndTime, func(ev *ocsf.Event) *int64 { return &ev.EndTime }},
		{colEndTimeDT, func(ev *ocsf.Event) *int64 { v := int64(ev.EndTimeDT); return &v }},
	}
	for i, rg := range meta.RowGroups {
		group := events[i*rows : min(len(events), (i+1)*rows)]
		for _, c := range columns {
			var lo, hi, nulls int64 = 1<<63 - 1, -1 << 63, 0
			for _, ev := range group {
				v := c.value(ev)
				if v == nil {
					nulls++
					continue
				}
				lo, hi = min(lo, *v), max(hi, *v)
			}
			stats := rg.Columns[c.col].MetaData.Statistics
			name := columnPaths[c.col]
			if got := int64Bound(stats.MinValue); got != lo {
				t.Errorf("row group %d %s min: got %d, want %d", i, name, got, lo)
			}
			if got := int64Bound(stats.MaxValue); got != hi {
				t.Errorf("row group %d %s max: got %d, want %d", i, name, got, hi)
			}
			if stats.NullCount != nulls {
				t.Errorf("row group %d %s null_count: got %d, want %d", i, name, stats.NullCount, nulls)
			}
		}
	}
}

func TestByteArrayStatistics(t *testing.T) {
	events := []*ocsf.Event{{StatusCode: "503"}, {StatusCode: "200"}, {}, {StatusCode: "460"}, {RawData: strings.Repeat("x", maxStatBytes+1)}}
	data := writeEncoded(t, events, encoderConfig{encoders: 1})
	columns := openParquet(t, data).Metadata().RowGroups[0].Columns
	status := columns[colStatusCode].MetaData.Statistics
	if got := string(status.MinValue); got != "200" {
		t.Errorf("status_code min: got %q, want %q", got, "200")
	}
	if got := string(status.MaxValue); got != "503" {
		t.Errorf("status_code max: got %q, want %q", got, "503")
	}
	if got := status.NullCount; got != 2 {
		t.Errorf("status_code null_count: got %d, want 2", got)
	}
	raw := columns[colRawData].MetaData.Statistics
	if raw.MinValue != nil || raw.MaxValue != nil {
		t.Errorf("raw_data min and max: got %q and %q, want none for values over %d bytes", raw.MinValue, raw.MaxValue, maxStatBytes)
	}
}

func TestAppendLevels(t *testing.T) {
	tests := []struct {
		name     string
		levels   []uint8
		maxLevel uint8
		want     []byte // without the 4-byte length
	}{
		{"one run", []uint8{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, []byte{10 << 1, 1}},
		{"short literal padded", []uint8{1, 0, 1}, 1, []byte{1<<1 | 1, 0b101}},
		{"literal then run", []uint8{0, 1, 0, 1, 0, 1, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2}, 2,
			[]byte{1<<1 | 1, 0b01_00_01_00, 0b01_00_01_00, 9 << 1, 2}},
		{"width 3", []uint8{5, 4, 3, 2, 1, 0, 5, 4}, 5, []byte{1<<1 | 1, 0b11_100_101, 0b0_001_010_0, 0b100_101_00}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := appendLevels(nil, tt.levels, tt.maxLevel)
			if n := binary.LittleEndian.Uint32(got); int(n) != len(got)-4 {
				t.Errorf("length prefix: got %d, want %d", n, len(got)-4)
			}
			if !bytes.Equal(got[4:], tt.want) {
				t.Errorf("levels: got %08b, want %08b", got[4:], tt.want)
			}
		})
	}
}

func TestParquetWriterFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "events.parquet")
	target, err := ParseTarget(path)
	if err != nil {
		t.Fatalf("ParseTarget: %v", err)
	}
	events := corpusEvents(t, 1000, 29)
	w, err := Open(target, Options{ParquetOptions: ParquetOptions{RowGroupRows: 300, Encoders: 2}}, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	for batch := range slices.Chunk(events, 128) {
		if err := w.Write(batch); err != nil {
			t.Fatalf("Write: %v", err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read output: %v", err)
	}
	if got := w.BytesWritten(); got != int64(len(data)) {
		t.Errorf("BytesWritten: got %d, want the file size %d", got, len(data))
	}
	if err := w.Close(); !errors.Is(err, errClosed) {
		t.Errorf("second Close: got %v, want %v", err, errClosed)
	}
	checkSameEvents(t, readEvents(t, data), readEvents(t, writeReference(t, events, 300)))
}

func TestParquetWriterAbort(t *testing.T) {
	dir := t.TempDir()
	w, err := Open(Target{Format: FormatParquet, Path: filepath.Join(dir, "events.parquet")}, Options{ParquetOptions: ParquetOptions{RowGroupRows: 100}}, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := w.Write(corpusEvents(t, 250, 31)); err != nil {
		t.Fatalf("Write: %v", err)
	}
	w.Abort()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("read folder: %v", err)
	}
	if len(entries) != 0 {
		t.Errorf("files after Abort: got %d, want 0", len(entries))
	}
	if err := w.Write(nil); !errors.Is(err, errClosed) {
		t.Errorf("Write after Abort: got %v, want %v", err, errClosed)
	}
}

// writeRotating writes events into a rotated folder and returns each file's bytes.
func writeRotating(t *testing.T, events []*ocsf.Event, encoders int) [][]byte {
	t.Helper()
	dir := t.TempDir()
	opts := Options{ParquetOptions: ParquetOptions{RowGroupRows: 200, Encoders: encoders}, MaxFileBytes: 1}
	w, err := Open(Target{Format: FormatParquet, Path: dir, Dir: true}, opts, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	for batch := range slices.Chunk(events, 150) {
		if err := w.Write(batch); err != nil {
			t.Fatalf("Write: %v", err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	paths, err := filepath.Glob(filepath.Join(dir, "part-*.parquet"))
	if err != nil {
		t.Fatalf("list files: %v", err)
	}
	var files [][]byte
	var total int64
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("read %s: %v", p, err)
		}
		files = append(files, data)
		total += int64(len(data))
	}
	if got := w.BytesWritten(); got != total {
		t.Errorf("BytesWritten: got %d, want the files' total %d", got, total)
	}
	return files
}

func TestRotatingParquet(t *testing.T) {
	events := corpusEvents(t, 1000, 37)
	files := writeRotating(t, events, 1)
	if len(files) < 2 {
		t.Fatalf("files: got %d, want at least 2", len(files))
	}
	var got []ocsf.Event
	for _, data := range files {
		got = append(got, readEvents(t, data)...)
	}
	checkSameEvents(t, got, readEvents(t, writeReference(t, events, 200)))

	again := writeRotating(t, events, 4)
	if len(again) != len(files) {
		t.Fatalf("files with 4 encoders: got %d, want %d", len(again), len(files))
	}
	for i := range files {
		if !bytes.Equal(again[i], files[i]) {
			t.Errorf("file %d with 4 encoders differs from 1 encoder", i)
		}
	}
}
