package output

import (
	"fmt"
	"math"
	"math/bits"
	"strings"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// Dictionary encoding of BYTE_ARRAY columns.
//
// A column chunk of a dictionary column starts with a dictionary page, which
// stores each distinct value once, PLAIN-encoded. The data pages that follow
// store RLE_DICTIONARY values: a one-byte bit width, then the indexes into the
// dictionary in the RLE/bit-packed hybrid encoding. The shredder builds the
// dictionary as it appends values, so a repeated value costs a 4-byte index in
// memory and a few bits in the file, not a copy of the string.
//
// The whole chunk is written PLAIN instead when its dictionary exceeds
// dictionaryMaxBytes, or when more than half of its values are distinct once it
// has more than dictionaryMinDistinct distinct values. The check runs on every
// new distinct value, so the choice depends only on the events, never on timing.
const (
	// dictionaryMaxBytes bounds the PLAIN size of a chunk's dictionary, which is
	// also the uncompressed size of its dictionary page.
	dictionaryMaxBytes = 1 << 20
	// dictionaryMinDistinct is the number of distinct values up to which a chunk
	// keeps its dictionary however few values repeat.
	dictionaryMinDistinct = 1024
	// dictionaryCacheSlots is the number of list positions whose last value a
	// dictionary caches. Later positions share the last slot.
	dictionaryCacheSlots = 8
	// dictionaryScanValues is the dictionary size up to which a lookup compares
	// the values in turn, which is faster than hashing for a few short strings.
	dictionaryScanValues = 8
)

// plainColumns are the BYTE_ARRAY columns that are never dictionary-encoded,
// because their values are unique, or nearly so, on every row. Trying a
// dictionary there would only cost a map insert and a copy per value until the
// fallback.
var plainColumns = map[int]bool{
	colMessage:               true,
	colMetadataUID:           true,
	colMetadataOriginalTime:  true,
	colConnectionUID:         true,
	colRequestURLString:      true,
	colRequestURLPath:        true,
	colRequestURLQueryString: true,
	colTraceUID:              true,
	colUnmappedValue:         true, // many values are unique per row, so its dictionary fell back on the synthetic corpus
	colRawData:               true,
}

// columnDictionary is the dictionary of one column chunk while it is filled,
// and the source of its dictionary page once it is handed to the encoders.
type columnDictionary struct {
	index  map[string]uint32 // value to its index in values
	values []string          // distinct values in order of first use, copied from the events
	plain  []byte            // values PLAIN-encoded: the dictionary page body

	// indexes are the chunk's non-null values as indexes into values, while active.
	indexes []uint32

	// active is false once the chunk fell back to PLAIN. reset sets it again.
	active bool
	// unbounded is set for the dictionary of a columnBatch, which never falls
	// back: the row group that receives the batch makes that choice.
	unbounded bool

	// cache holds the last value at each position of a row's list, or the last
	// value of a column that is not a list. Rows tend to repeat them, for example
	// metadata.log_source on every row of a file, or the same observable names
	// in the same order. A hit skips the map lookup.
	cache    [dictionaryCacheSlots]cachedValue
	position int // position of the last value in its row's list
}

// cachedValue is a value of the dictionary and its index. value is the string
// that the caller last passed, not the dictionary's copy, because comparing a
// string with itself stops at its pointer. Each slot thus keeps one event string
// alive until the slot changes or the dictionary is reset.
type cachedValue struct {
	value string
	index uint32
	ok    bool
}

func newColumnDictionary() *columnDictionary {
	return &columnDictionary{index: make(map[string]uint32), active: true}
}

// reset empties the dictionary for the next column chunk and keeps the
// capacity of its map and slices.
func (d *columnDictionary) reset() {
	clear(d.index)
	clear(d.values) // drop the strings
	d.values = d.values[:0]
	d.plain = d.plain[:0]
	d.indexes = d.indexes[:0]
	d.active = true
	d.cache = [dictionaryCacheSlots]cachedValue{}
	d.position = 0
}

// indexOf returns the index of s, a value with repetition level rep, adding s
// to the dictionary when it is new. added reports whether it was.
func (d *columnDictionary) indexOf(s string, rep uint8) (index uint32, added bool) {
	if rep == 0 {
		d.position = 0
	} else {
		d.position++
	}
	slot := &d.cache[min(d.position, dictionaryCacheSlots-1)]
	if slot.ok && s == slot.value {
		return slot.index, false
	}
	index, ok := d.lookup(s)
	if !ok {
		index = d.add(s)
	}
	*slot = cachedValue{value: s, index: index, ok: true}
	return index, !ok
}

// lookup returns the index of s and whether s is in the dictionary.
func (d *columnDictionary) lookup(s string) (uint32, bool) {
	if len(d.values) <= dictionaryScanValues {
		for i, v := range d.values {
			if v == s {
				return uint32(i), true
			}
		}
		return 0, false
	}
	index, ok := d.index[s]
	return index, ok
}

// add appends a copy of s to the dictionary, so the dictionary does not keep
// the event's memory alive, and returns its index.
func (d *columnDictionary) add(s string) uint32 {
	index := uint32(len(d.values))
	owned := strings.Clone(s)
	d.index[owned] = index
	d.values = append(d.values, owned)
	d.plain = appendPlainString(d.plain, owned)
	return index
}

// full reports whether the dictionary exceeds its budget for a chunk of
// values non-null values so far. An unbounded dictionary is never full.
func (d *columnDictionary) full(values int) bool {
	if d.unbounded {
		return false
	}
	distinct := len(d.values)
	if len(d.plain) > dictionaryMaxBytes {
		return true
	}
	return distinct > dictionaryMinDistinct && 2*distinct > values
}

// encoded reports whether the chunk is written with this dictionary: it did not
// fall back and has at least one value. A chunk of nulls only is written PLAIN,
// with no dictionary page.
func (d *columnDictionary) encoded() bool {
	return d != nil && d.active && len(d.values) > 0
}

// bitWidth returns the bit width of the indexes: enough for the largest index,
// 0 when the dictionary has a single value.
func (d *columnDictionary) bitWidth() uint {
	return uint(bits.Len32(uint32(len(d.values) - 1)))
}

// appendPlainString appends s as PLAIN encoding stores a BYTE_ARRAY value: a
// 4-byte little-endian length, then the bytes.
func appendPlainString(dst []byte, s string) []byte {
	n := uint32(len(s))
	dst = append(dst, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
	return append(dst, s...)
}

// dropDictionary switches the column chunk to PLAIN. It rewrites the values
// appended so far as PLAIN, sets the byte positions of the pages cut so far,
// and empties the dictionary.
func (c *columnBuffer) dropDictionary() {
	d := c.dict
	page := 0
	for i, index := range d.indexes {
		for page < len(c.pages) && c.pages[page].values == i {
			c.pages[page].bytes = len(c.plain)
			page++
		}
		c.plain = appendPlainString(c.plain, d.values[index])
	}
	for ; page < len(c.pages); page++ {
		c.pages[page].bytes = len(c.plain)
	}
	d.reset()
	d.active = false
}

// dictionaryStats returns the min and max of the dictionary values that
// indexes use, by the rules of byteArrayStats. used is scratch space, returned
// for reuse.
func dictionaryStats(d *columnDictionary, indexes []uint32, used []bool) (pageStats, []bool) {
	used = append(used[:0], make([]bool, len(d.values))...)
	for _, index := range indexes {
		used[index] = true
	}
	var s pageStats
	var minValue, maxValue string
	for i, v := range d.values {
		if !used[i] {
			continue
		}
		if len(v) > maxStatBytes {
			return pageStats{unknown: true}, used
		}
		switch {
		case !s.ok:
			s.ok, minValue, maxValue = true, v, v
		case v < minValue:
			minValue = v
		case v > maxValue:
			maxValue = v
		}
	}
	if s.ok {
		s.minBytes, s.maxBytes = []byte(minValue), []byte(maxValue)
	}
	return s, used
}

// appendDictionaryIndexes appends the values section of an RLE_DICTIONARY
// data page: the bit width in one byte, then the indexes in the RLE/bit-packed
// hybrid encoding with no length prefix.
func appendDictionaryIndexes(dst []byte, indexes []uint32, width uint) []byte {
	dst = append(dst, byte(width))
	return appendHybrid(dst, indexes, width)
}

// encodeDictionary writes the dictionary page of column c into out.
func (e *pageEncoder) encodeDictionary(column int, c *columnBuffer, out *encodedPage) error {
	d := c.dict
	if len(d.plain) > math.MaxInt32 {
		return fmt.Errorf("encode dictionary page of column %s: %d bytes exceed the 2 GiB page limit", columnPaths[column], len(d.plain))
	}
	*out = encodedPage{data: out.data[:0], dictionary: true}
	e.compressed = e.zstd.EncodeAll(d.plain, e.compressed[:0])
	header := format.PageHeader{
		Type:                 format.DictionaryPage,
		UncompressedPageSize: int32(len(d.plain)),
		CompressedPageSize:   int32(len(e.compressed)),
		DictionaryPageHeader: thrift.New(format.DictionaryPageHeader{
			NumValues: int32(len(d.values)),
			Encoding:  format.Plain,
		}),
	}
	return e.finishPage(&header, len(d.plain), out)
}

// finishPage writes the header and the compressed body in e.compressed to
// out.data, and records the uncompressed size of the page.
func (e *pageEncoder) finishPage(header *format.PageHeader, bodyBytes int, out *encodedPage) error {
	e.header.Reset()
	if err := e.thrift.Encode(header); err != nil {
		return fmt.Errorf("encode page header: %w", err)
	}
	out.data = append(out.data[:0], e.header.Bytes()...)
	out.data = append(out.data, e.compressed...)
	out.uncompressed = e.header.Len() + bodyBytes
	return nil
}
