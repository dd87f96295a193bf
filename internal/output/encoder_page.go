package output

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"sync"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// maxStatBytes bounds the BYTE_ARRAY values that statistics cover. A page with a
// longer value gets no min and max, and neither does its column chunk, which keeps
// long values such as raw_data out of the footer.
const maxStatBytes = 64

// encodedPage is one page ready to write: its header and compressed body, and
// what the column chunk metadata needs from it.
type encodedPage struct {
	data         []byte // page header, then the compressed body; reused between row groups
	uncompressed int    // header plus uncompressed body
	dictionary   bool   // a dictionary page, which has no levels, nulls or statistics
	numValues    int    // levels, nulls included
	nullCount    int
	stats        pageStats
	err          error
}

// pageStats are the min and max of a page's non-null values. Integers are in
// minInt and maxInt; BYTE_ARRAY values are slices of the column buffer, valid until
// the row group is reset. Neither ok nor unknown is set when all values are null.
type pageStats struct {
	ok             bool // the min and max are set
	unknown        bool // there are values but their min or max is too long to store
	minInt, maxInt int64
	minBytes       []byte
	maxBytes       []byte
}

// zstdEncoders keeps zstd encoders between files, because each holds several MiB
// of tables.
var zstdEncoders = sync.Pool{New: func() any {
	enc, err := zstd.NewWriter(nil,
		zstd.WithEncoderLevel(zstd.SpeedFastest),
		zstd.WithEncoderConcurrency(1),
		zstd.WithZeroFrames(true),
		zstd.WithEncoderCRC(false),
	)
	if err != nil {
		// The options above are constants, so an error is a programming error.
		panic(fmt.Sprintf("create zstd encoder: %v", err))
	}
	return enc
}}

// pageEncoder turns column ranges into data pages (version 1, PLAIN or
// RLE_DICTIONARY values, levels in the RLE/bit-packed hybrid encoding, zstd) and
// dictionaries into dictionary pages. Each encoder goroutine owns one, and its
// scratch buffers are reused for every page.
type pageEncoder struct {
	zstd       *zstd.Encoder
	body       []byte
	compressed []byte
	header     bytes.Buffer
	thrift     *thrift.Encoder
	used       []bool // dictionary values that a page uses, for its statistics
}

func newPageEncoder() *pageEncoder {
	e := &pageEncoder{zstd: zstdEncoders.Get().(*zstd.Encoder)}
	e.thrift = thrift.NewEncoder(new(thrift.CompactProtocol).NewWriter(&e.header))
	return e
}

// release returns the zstd encoder to the pool. The pageEncoder is unusable after.
func (e *pageEncoder) release() {
	zstdEncoders.Put(e.zstd)
	e.zstd = nil
}

// encode writes the data page of column c between from and to into out,
// reusing out.data.
func (e *pageEncoder) encode(column int, c *columnBuffer, from, to pageEnd, out *encodedPage) error {
	e.body = e.body[:0]
	if c.maxRep > 0 {
		e.body = appendLevels(e.body, c.reps[from.levels:to.levels], c.maxRep)
	}
	if c.maxDef > 0 {
		e.body = appendLevels(e.body, c.defs[from.levels:to.levels], c.maxDef)
	}
	*out = encodedPage{data: out.data}
	encoding := format.Plain
	switch {
	case c.kind == format.Int32:
		values := c.int32s[from.values:to.values]
		e.body = appendInt32s(e.body, values)
		out.stats = int32Stats(values)
	case c.kind == format.Int64:
		values := c.int64s[from.values:to.values]
		e.body = appendInt64s(e.body, values)
		out.stats = int64Stats(values)
	case c.dict.encoded():
		indexes := c.dict.indexes[from.values:to.values]
		e.body = appendDictionaryIndexes(e.body, indexes, c.dict.bitWidth())
		out.stats, e.used = dictionaryStats(c.dict, indexes, e.used)
		encoding = format.RLEDictionary
	default:
		plain := c.plain[from.bytes:to.bytes]
		e.body = append(e.body, plain...)
		out.stats = byteArrayStats(plain)
	}
	if len(e.body) > math.MaxInt32 {
		return fmt.Errorf("encode page of column %s: %d bytes exceed the 2 GiB page limit", columnPaths[column], len(e.body))
	}
	out.numValues = to.levels - from.levels
	out.nullCount = out.numValues - (to.values - from.values)
	e.compressed = e.zstd.EncodeAll(e.body, e.compressed[:0])

	header := format.PageHeader{
		Type:                 format.DataPage,
		UncompressedPageSize: int32(len(e.body)),
		CompressedPageSize:   int32(len(e.compressed)),
		DataPageHeader: thrift.New(format.DataPageHeader{
			NumValues:               int32(out.numValues),
			Encoding:                encoding,
			DefinitionLevelEncoding: format.RLE,
			RepetitionLevelEncoding: format.RLE,
			Statistics:              out.stats.format(c.kind, int64(out.nullCount)),
		}),
	}
	return e.finishPage(&header, len(e.body), out)
}

// format returns the statistics as the Parquet footer and page headers store them:
// PLAIN-encoded min and max without the BYTE_ARRAY length prefix.
func (s *pageStats) format(kind format.Type, nullCount int64) format.Statistics {
	stats := format.Statistics{NullCount: nullCount}
	if !s.ok {
		return stats
	}
	switch kind {
	case format.Int32:
		stats.MinValue = binary.LittleEndian.AppendUint32(nil, uint32(s.minInt))
		stats.MaxValue = binary.LittleEndian.AppendUint32(nil, uint32(s.maxInt))
	case format.Int64:
		stats.MinValue = binary.LittleEndian.AppendUint64(nil, uint64(s.minInt))
		stats.MaxValue = binary.LittleEndian.AppendUint64(nil, uint64(s.maxInt))
	default:
		stats.MinValue = append([]byte{}, s.minBytes...)
		stats.MaxValue = append([]byte{}, s.maxBytes...)
	}
	return stats
}

// merge widens s to cover t. Unknown bounds on either side make the result
// unknown.
func (s *pageStats) merge(t *pageStats, kind format.Type) {
	switch {
	case s.unknown:
		return
	case t.unknown:
		*s = pageStats{unknown: true}
		return
	case !t.ok:
		return
	case !s.ok:
		*s = *t
		return
	}
	if kind != format.ByteArray {
		s.minInt = min(s.minInt, t.minInt)
		s.maxInt = max(s.maxInt, t.maxInt)
		return
	}
	if bytes.Compare(t.minBytes, s.minBytes) < 0 {
		s.minBytes = t.minBytes
	}
	if bytes.Compare(t.maxBytes, s.maxBytes) > 0 {
		s.maxBytes = t.maxBytes
	}
}

func int32Stats(values []int32) pageStats {
	if len(values) == 0 {
		return pageStats{}
	}
	lo, hi := values[0], values[0]
	for _, v := range values[1:] {
		lo = min(lo, v)
		hi = max(hi, v)
	}
	return pageStats{ok: true, minInt: int64(lo), maxInt: int64(hi)}
}

func int64Stats(values []int64) pageStats {
	if len(values) == 0 {
		return pageStats{}
	}
	lo, hi := values[0], values[0]
	for _, v := range values[1:] {
		lo = min(lo, v)
		hi = max(hi, v)
	}
	return pageStats{ok: true, minInt: lo, maxInt: hi}
}

// byteArrayStats scans PLAIN-encoded BYTE_ARRAY values for their min and max in
// unsigned byte order, the order of the STRING logical type. It gives up, reporting
// unknown bounds, at the first value longer than maxStatBytes, which skips the scan
// of columns of long values such as raw_data.
func byteArrayStats(plain []byte) pageStats {
	var s pageStats
	for len(plain) >= 4 {
		n := int(binary.LittleEndian.Uint32(plain))
		if n > maxStatBytes {
			return pageStats{unknown: true}
		}
		v := plain[4 : 4+n]
		plain = plain[4+n:]
		if !s.ok {
			s = pageStats{ok: true, minBytes: v, maxBytes: v}
			continue
		}
		if bytes.Compare(v, s.minBytes) < 0 {
			s.minBytes = v
		} else if bytes.Compare(v, s.maxBytes) > 0 {
			s.maxBytes = v
		}
	}
	return s
}

func appendInt32s(dst []byte, values []int32) []byte {
	for _, v := range values {
		dst = binary.LittleEndian.AppendUint32(dst, uint32(v))
	}
	return dst
}

func appendInt64s(dst []byte, values []int64) []byte {
	for _, v := range values {
		dst = binary.LittleEndian.AppendUint64(dst, uint64(v))
	}
	return dst
}

// minRunLength is the shortest run of equal levels written as an RLE run; shorter
// runs go into bit-packed groups.
const minRunLength = 8

// appendLevels appends levels as data page version 1 stores them: a 4-byte
// little-endian length, then the levels in the RLE/bit-packed hybrid encoding with
// the bit width of maxLevel.
func appendLevels(dst []byte, levels []uint8, maxLevel uint8) []byte {
	start := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	dst = appendHybrid(dst, levels, uint(bits.Len8(maxLevel)))
	binary.LittleEndian.PutUint32(dst[start:], uint32(len(dst)-start-4))
	return dst
}

// appendHybrid appends values in the RLE/bit-packed hybrid encoding with the
// given bit width, at most 32, and no length prefix. Runs of at least
// minRunLength equal values become RLE runs, and the rest bit-packed groups.
func appendHybrid[T uint8 | uint32](dst []byte, values []T, width uint) []byte {
	runBytes := int(width+7) / 8 // bytes of an RLE run's value
	for i := 0; i < len(values); {
		if run := runLength(values[i:]); run >= minRunLength {
			dst = binary.AppendUvarint(dst, uint64(run)<<1)
			for b := range runBytes {
				dst = append(dst, byte(uint32(values[i])>>(8*b)))
			}
			i += run
			continue
		}
		// Take groups of 8 until a long run starts at a group boundary, because
		// only the last group of the data may be padded.
		literal := i
		for i < len(values) {
			i = min(i+8, len(values))
			if i < len(values) && hasRun(values[i:], minRunLength) {
				break
			}
		}
		dst = appendBitPacked(dst, values[literal:i], width)
	}
	return dst
}

// runLength returns how many leading entries of values equal the first.
func runLength[T uint8 | uint32](values []T) int {
	n := 1
	for n < len(values) && values[n] == values[0] {
		n++
	}
	return n
}

// hasRun reports whether the first n entries of values are equal.
func hasRun[T uint8 | uint32](values []T, n int) bool {
	if len(values) < n {
		return false
	}
	for _, v := range values[1:n] {
		if v != values[0] {
			return false
		}
	}
	return true
}

// appendBitPacked appends a bit-packed run of values, padded with zeros to a
// multiple of 8 values. Values are packed from the least significant bit.
func appendBitPacked[T uint8 | uint32](dst []byte, values []T, width uint) []byte {
	groups := (len(values) + 7) / 8
	dst = binary.AppendUvarint(dst, uint64(groups)<<1|1)
	var acc uint64
	var n uint
	for i := range groups * 8 {
		var v uint64
		if i < len(values) {
			v = uint64(values[i])
		}
		acc |= v << n
		n += width
		for n >= 8 {
			dst = append(dst, byte(acc))
			acc >>= 8
			n -= 8
		}
	}
	return dst
}
