package output

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// chunkPageHeaders decodes the page headers of column col in row group rg, in
// file order, and checks that the pages fill the chunk exactly.
func chunkPageHeaders(t *testing.T, data []byte, rg, col int) []format.PageHeader {
	t.Helper()
	meta := openParquet(t, data).Metadata().RowGroups[rg].Columns[col].MetaData
	start := meta.DataPageOffset
	if meta.DictionaryPageOffset != 0 {
		start = meta.DictionaryPageOffset
	}
	chunk := data[start : start+meta.TotalCompressedSize]
	var headers []format.PageHeader
	for len(chunk) > 0 {
		r := bytes.NewReader(chunk)
		var h format.PageHeader
		if err := thrift.NewDecoder(new(thrift.CompactProtocol).NewReader(r)).Decode(&h); err != nil {
			t.Fatalf("decode page header %d of %s: %v", len(headers), columnPaths[col], err)
		}
		headerBytes := len(chunk) - r.Len()
		if next := headerBytes + int(h.CompressedPageSize); next <= len(chunk) {
			chunk = chunk[next:]
		} else {
			t.Fatalf("page %d of %s ends %d bytes past its chunk", len(headers), columnPaths[col], next-len(chunk))
		}
		headers = append(headers, h)
	}
	return headers
}

// checkDictionaryChunk checks that column col of row group rg is one dictionary
// page of distinct values followed by RLE_DICTIONARY data pages, and returns the
// number of data pages.
func checkDictionaryChunk(t *testing.T, data []byte, rg, col, distinct int) int {
	t.Helper()
	meta := openParquet(t, data).Metadata().RowGroups[rg].Columns[col].MetaData
	name := columnPaths[col]
	if meta.DictionaryPageOffset == 0 {
		t.Errorf("row group %d %s: no dictionary_page_offset", rg, name)
		return 0
	}

	if !slices.Contains(meta.Encoding, format.RLEDictionary) || !slices.Contains(meta.Encoding, format.Plain) {
		t.Errorf("row group %d %s encodings: got %v, want PLAIN and RLE_DICTIONARY", rg, name, meta.Encoding)
	}
	headers := chunkPageHeaders(t, data, rg, col)
	if got := headers[0].Type; got != format.DictionaryPage {
		t.Fatalf("row group %d %s first page: got %v, want DICTIONARY_PAGE", rg, name, got)
	}
	if got := int(headers[0].DictionaryPageHeader.V.NumValues); got != distinct {
		t.Errorf("row group %d %s dictionary values: got %d, want %d", rg, name, got, distinct)
	}

	var values int64
	for i, h := range headers[1:] {
		if h.Type != format.DataPage {
			t.Errorf("row group %d %s page %d: got %v, want DATA_PAGE", rg, name, i+1, h.Type)
			continue
		}
		if got := h.DataPageHeader.V.Encoding; got != format.RLEDictionary {
			t.Errorf("row group %d %s page %d encoding: got %v, want RLE_DICTIONARY", rg, name, i+1, got)
		}
		values += int64(h.DataPageHeader.V.NumValues)
	}
	if values != meta.NumValues {
		t.Errorf("row group %d %s: data pages hold %d values, the chunk %d", rg, name, values, meta.NumValues)
	}
	return len(headers) - 1
}

// checkPlainChunk checks that column col of row group rg has no dictionary and
// only PLAIN data pages.
func checkPlainChunk(t *testing.T, data []byte, rg, col int) {
	t.Helper()
	meta := openParquet(t, data).Metadata().RowGroups[rg].Columns[col].MetaData
	name := columnPaths[col]
	if meta.DictionaryPageOffset != 0 {
		t.Errorf("row group %d %s: dictionary_page_offset %d, want none", rg, name, meta.DictionaryPageOffset)
	}
	if slices.Contains(meta.Encoding, format.RLEDictionary) {
		t.Errorf("row group %d %s encodings: got %v, want no RLE_DICTIONARY", rg, name, meta.Encoding)
	}
	for i, h := range chunkPageHeaders(t, data, rg, col) {
		if h.Type != format.DataPage || h.DataPageHeader.V.Encoding != format.Plain {
			t.Errorf("row group %d %s page %d: got %v, want a PLAIN DATA_PAGE", rg, name, i, h.Type)
		}
	}
}

// distinctValues counts the distinct non-empty values of field among events.
func distinctValues(events []*ocsf.Event, field func(*ocsf.Event) string) int {
	seen := map[string]bool{}
	for _, ev := range events {
		if v := field(ev); v != "" {
			seen[v] = true
		}
	}
	return len(seen)
}

func TestEncoderDictionaryAndPlainChunks(t *testing.T) {
	events := corpusEvents(t, 2000, 41)
	data := writeEncoded(t, events, encoderConfig{encoders: 2})

	checkDictionaryChunk(t, data, 0, colCategoryName, 1)
	checkDictionaryChunk(t, data, 0, colMetadataLogSource, 1)
	checkDictionaryChunk(t, data, 0, colRequestMethod, distinctValues(events, func(ev *ocsf.Event) string { return ev.HTTPRequest.HTTPMethod }))
	checkDictionaryChunk(t, data, 0, colStatusCode, distinctValues(events, func(ev *ocsf.Event) string { return ev.StatusCode }))
	for _, col := range []int{colRawData, colMetadataUID, colRequestURLString, colUnmappedValue} {
		checkPlainChunk(t, data, 0, col)
	}
	checkSameEvents(t, readEvents(t, data), readEvents(t, writeReference(t, events, DefaultRowGroupRows)))
}

func TestEncoderDictionaryStatistics(t *testing.T) {
	events := []*ocsf.Event{{Severity: "Medium"}, {Severity: "Low"}, {}, {Severity: "Medium"}, {Severity: "High"}}
	data := writeEncoded(t, events, encoderConfig{encoders: 1})
	checkDictionaryChunk(t, data, 0, colSeverity, 3)
	stats := openParquet(t, data).Metadata().RowGroups[0].Columns[colSeverity].MetaData.Statistics
	if got := string(stats.MinValue); got != "High" {
		t.Errorf("severity min: got %q, want %q", got, "High")
	}
	if got := string(stats.MaxValue); got != "Medium" {
		t.Errorf("severity max: got %q, want %q", got, "Medium")
	}
	if stats.NullCount != 1 {
		t.Errorf("severity null_count: got %d, want 1", stats.NullCount)
	}
}

func TestEncoderDictionaryFallback(t *testing.T) {
	tests := []struct {
		name      string
		logSource func(i int) string
		pageBytes int
	}{
		// More than half the values distinct once past dictionaryMinDistinct.
		{"distinct values", func(i int) string { return fmt.Sprintf("s3://logs/%d.log.gz", i) }, 0},
		// Pages cut before the fallback must keep their boundaries.
		{"distinct values small pages", func(i int) string { return fmt.Sprintf("s3://logs/%d.log.gz", i) }, 512},
		// Fewer distinct values than dictionaryMinDistinct, but over dictionaryMaxBytes.
		{"dictionary bytes", func(i int) string { return fmt.Sprintf("%04d%s", i%1000, strings.Repeat("x", 1100)) }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The first row group falls back to PLAIN, and the second, which
			// repeats one value, gets a dictionary again.
			const rows = 3000
			events := corpusEvents(t, 2*rows, 43)
			for i, ev := range events[:rows] {
				ev.Metadata.LogSource = tt.logSource(i)
			}
			data := writeEncoded(t, events, encoderConfig{encoders: 2, rowGroupRows: rows, pageBytes: tt.pageBytes})
			checkPlainChunk(t, data, 0, colMetadataLogSource)
			checkDictionaryChunk(t, data, 1, colMetadataLogSource, 1)
			checkDictionaryChunk(t, data, 0, colCategoryName, 1)
			checkSameEvents(t, readEvents(t, data), readEvents(t, writeReference(t, events, rows)))
		})
	}
}

func TestEncoderDictionaryManyPages(t *testing.T) {
	events := corpusEvents(t, 3000, 47)
	data := writeEncoded(t, events, encoderConfig{encoders: 3, pageBytes: 1024})
	agents := distinctValues(events, func(ev *ocsf.Event) string { return ev.HTTPRequest.UserAgent })
	if pages := checkDictionaryChunk(t, data, 0, colRequestUserAgent, agents); pages < 3 {
		t.Errorf("user_agent data pages: got %d, want at least 3", pages)
	}
	if pages := checkDictionaryChunk(t, data, 0, colMetadataProfiles, 5); pages < 3 {
		t.Errorf("profiles data pages: got %d, want at least 3", pages)
	}
	checkSameEvents(t, readEvents(t, data), readEvents(t, writeReference(t, events, DefaultRowGroupRows)))
}

func TestEncoderDictionaryNulls(t *testing.T) {
	// The first row group has no values in any string column, the second has
	// values in some, and src_endpoint.uid stays null in both.
	full := fullEvent()
	full.SrcEndpoint.UID = ""
	events := []*ocsf.Event{{}, {}, emptyCollectionsEvent(), full, mappedTestLines(t)[0]}
	data := writeEncoded(t, events, encoderConfig{encoders: 2, rowGroupRows: 3})
	for _, col := range []int{colCategoryName, colMetadataLogSource, colMetadataProfiles, colObservableName, colUnmappedKey, colSrcEndpointUID} {
		checkPlainChunk(t, data, 0, col)
	}
	checkPlainChunk(t, data, 1, colSrcEndpointUID)
	checkDictionaryChunk(t, data, 1, colCategoryName, distinctValues(events[3:], func(ev *ocsf.Event) string { return ev.CategoryName }))
	checkDictionaryChunk(t, data, 1, colMetadataLogSource, distinctValues(events[3:], func(ev *ocsf.Event) string { return ev.Metadata.LogSource }))
	checkSameEvents(t, readEvents(t, data), readEvents(t, writeReference(t, events, 3)))
}

func TestAppendDictionaryIndexes(t *testing.T) {
	tests := []struct {
		name    string
		indexes []uint32
		width   uint
		want    []byte
	}{
		{"width 0 run", []uint32{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0, []byte{0, 10 << 1}},
		{"width 0 literal", []uint32{0, 0, 0}, 0, []byte{0, 1<<1 | 1}},
		{"width 9 run", []uint32{300, 300, 300, 300, 300, 300, 300, 300}, 9, []byte{9, 8 << 1, 300 & 0xff, 300 >> 8}},
		{"width 2 literal", []uint32{0, 1, 2, 3, 0, 1, 2, 3}, 2, []byte{2, 1<<1 | 1, 0b11_10_01_00, 0b11_10_01_00}},
		{"width 9 literal", []uint32{511, 1, 0, 0, 0, 0, 0, 0}, 9, []byte{9, 1<<1 | 1, 0xff, 0b11, 0, 0, 0, 0, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := appendDictionaryIndexes(nil, tt.indexes, tt.width); !bytes.Equal(got, tt.want) {
				t.Errorf("got %08b, want %08b", got, tt.want)
			}
		})
	}
}
