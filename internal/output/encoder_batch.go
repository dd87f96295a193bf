package output

import (
	"fmt"
	"math"
	"sync"

	"github.com/parquet-go/parquet-go/format"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// Prepared batches.
//
// Prepare shreds a batch of events into a columnBatch on the caller's goroutine,
// so the pipeline's workers shred batches in parallel. The collector then calls
// WritePrepared, which appends the batch to the row group being filled. It copies
// levels and PLAIN values in bulk and maps each distinct value of a batch
// dictionary to the row group's dictionary once, so a row costs a few memory
// copies there instead of a shred.
//
// WritePrepared appends the rows in runs that end where write would check the
// page and row group sizes: every pageCheckRows rows of the row group and at its
// row limit. Within a run, it adds dictionary values to the row group's
// dictionary in the order that write adds them, and falls back to PLAIN at the
// same value. The row group and page boundaries and the fallback decisions thus
// are those of write. A file written from prepared batches therefore has the same
// bytes as one written with Write from the same batches. Neither the order in
// which Prepare ran nor the number of goroutines that ran it changes them.
//
// NOTE: WritePrepared copies the levels and PLAIN values a second time, and
// Prepare records each column's position after every row, so a prepared row
// costs more CPU in total than a written one. The collector's share goes down,
// which helps only where the collector, not the total CPU, limits throughput.

// unmappedIndex marks a batch dictionary value that has no index in the row
// group's dictionary yet.
const unmappedIndex = math.MaxUint32

// columnBatch is a batch of events shredded into column buffers of its own. Its
// dictionaries hold the batch's distinct values and never fall back to PLAIN.
// It holds no reference to the events once Prepare returns.
//
// A columnBatch comes from columnBatchPool and goes back to it when it has been
// written. It is not safe for concurrent use.
type columnBatch struct {
	columns  [numColumns]columnBuffer
	rows     int
	shredder shredder

	// ends holds the position in each column after each row: the entry of row r
	// and column c is ends[r*numColumns+c].
	ends []batchEnd

	// mapping holds, per dictionary column, the row group dictionary index of each
	// batch dictionary value, or unmappedIndex. It is valid for one row group.
	mapping [numColumns][]uint32
}

// batchEnd is a pageEnd of a columnBatch, in 32 bits to halve the memory of ends.
type batchEnd struct {
	levels, values, bytes int32
}

// columnBatchPool keeps written column batches, so Prepare reuses their grown
// buffers. A batch keeps the capacity of its largest batch of events.
var columnBatchPool sync.Pool

// newColumnBatch returns an empty column batch from the pool or a new one.
func newColumnBatch(schema *eventSchema) *columnBatch {
	if b, ok := columnBatchPool.Get().(*columnBatch); ok {
		return b
	}
	b := &columnBatch{}
	initColumns(&b.columns, schema)
	for i := range b.columns {
		if d := b.columns[i].dict; d != nil {
			d.unbounded = true
		}
	}
	return b
}

// release empties b and puts it in the pool. A nil b is ignored.
func (b *columnBatch) release() {
	if b == nil {
		return
	}
	for i := range b.columns {
		b.columns[i].reset()
	}
	b.rows = 0
	b.ends = b.ends[:0]
	columnBatchPool.Put(b)
}

// prepareBatch shreds events into a column batch. It returns nil, and no error,
// when the events are empty or a column of the batch would exceed the 2 GiB that
// batchEnd can address, so the caller writes them with Write. It is safe for
// concurrent use.
func prepareBatch(events []*ocsf.Event) (any, error) {
	if len(events) == 0 {
		return nil, nil
	}
	schema, err := loadEventSchema()
	if err != nil {
		return nil, err
	}
	b := newColumnBatch(schema)
	for _, ev := range events {
		b.shredder.shred(&b.columns, ev)
		b.recordEnds()
	}
	b.rows = len(events)
	if !b.forgetEvents() {
		b.release()
		return nil, nil
	}
	return b, nil
}

// recordEnds appends the position of each column after the row just shredded.
func (b *columnBatch) recordEnds() {
	for i := range b.columns {
		end := b.columns[i].end()
		b.ends = append(b.ends, batchEnd{int32(end.levels), int32(end.values), int32(end.bytes)})
	}
}

// forgetEvents clears the dictionary caches, the only place where b refers to
// the events' strings. It reports whether every column fits in batchEnd.
func (b *columnBatch) forgetEvents() bool {
	fits := true
	for i := range b.columns {
		c := &b.columns[i]
		if c.dict != nil {
			c.dict.cache = [dictionaryCacheSlots]cachedValue{}
		}
		end := c.end()
		if max(end.levels, end.values, end.bytes) > math.MaxInt32 {
			fits = false
		}
	}
	return fits
}

// batchOf returns the column batch that Prepare returned as prepared.
func batchOf(prepared any) (*columnBatch, error) {
	b, ok := prepared.(*columnBatch)
	if !ok || b == nil {
		return nil, fmt.Errorf("write prepared parquet rows: got %T, want the result of Prepare of a Parquet writer", prepared)
	}
	return b, nil
}

// endOf returns the position in column col after the first rows rows.
func (b *columnBatch) endOf(rows, col int) pageEnd {
	if rows == 0 {
		return pageEnd{}
	}
	end := &b.ends[(rows-1)*numColumns+col]
	return pageEnd{levels: int(end.levels), values: int(end.values), bytes: int(end.bytes)}
}

// resetMapping marks every batch dictionary value as unmapped, for a new row
// group or a row group that b has not been written to.
func (b *columnBatch) resetMapping() {
	for i := range b.columns {
		d := b.columns[i].dict
		if d == nil {
			continue
		}
		m := b.mapping[i][:0]
		for range d.values {
			m = append(m, unmappedIndex)
		}
		b.mapping[i] = m
	}
}

// appendRows appends the rows [from, to) of b to the columns of rg. It does not
// change rg.rows.
func (b *columnBatch) appendRows(rg *rowGroup, from, to int) {
	for col := range rg.columns {
		b.appendColumn(&rg.columns[col], col, b.endOf(from, col), b.endOf(to, col))
	}
}

// appendColumn appends the entries of column col between from and to to c.
func (b *columnBatch) appendColumn(c *columnBuffer, col int, from, to pageEnd) {
	src := &b.columns[col]
	if c.maxDef > 0 {
		c.defs = append(c.defs, src.defs[from.levels:to.levels]...)
	}
	if c.maxRep > 0 {
		c.reps = append(c.reps, src.reps[from.levels:to.levels]...)
	}
	switch {
	case c.kind == format.Int32:
		c.int32s = append(c.int32s, src.int32s[from.values:to.values]...)
	case c.kind == format.Int64:
		c.int64s = append(c.int64s, src.int64s[from.values:to.values]...)
	case src.dict == nil:
		c.plain = append(c.plain, src.plain[from.bytes:to.bytes]...)
		c.count += to.values - from.values
	default:
		b.appendDictionaryValues(c, col, src.dict.indexes[from.values:to.values])
	}
}

// appendDictionaryValues appends values given as indexes into the batch
// dictionary of column col. It adds a value to the row group's dictionary, and
// checks the dictionary's budget, at the value's first use in the row group, as
// appendString does, and appends PLAIN values once the chunk has fallen back.
func (b *columnBatch) appendDictionaryValues(c *columnBuffer, col int, indexes []uint32) {
	values := b.columns[col].dict.values
	mapping := b.mapping[col]
	d := c.dict
	for i, index := range indexes {
		if !d.active {
			for _, index := range indexes[i:] {
				c.plain = appendPlainString(c.plain, values[index])
			}
			c.count += len(indexes) - i
			return
		}
		c.count++
		mapped := mapping[index]
		if mapped != unmappedIndex {
			d.indexes = append(d.indexes, mapped)
			continue
		}
		s := values[index]
		mapped, found := d.lookup(s)
		if !found {
			mapped = d.add(s)
		}
		mapping[index] = mapped
		d.indexes = append(d.indexes, mapped)
		if !found && d.full(c.count) {
			c.dropDictionary()
		}
	}
}

// writeBatch appends the rows [from, to) of b, in runs that end where write
// checks the page and row group sizes, and hands over row groups where write
// would.
func (e *eventEncoder) writeBatch(b *columnBatch, from, to int) error {
	if e.err != nil {
		return e.err
	}
	b.resetMapping()
	for from < to {
		rg := e.filling
		n := min(to-from, e.cfg.rowGroupRows-rg.rows, pageCheckRows-rg.rows%pageCheckRows)
		b.appendRows(rg, from, from+n)
		rg.rows += n
		from += n
		flush := false
		switch {
		case rg.rows >= e.cfg.rowGroupRows:
			flush = true
		case rg.rows%pageCheckRows == 0:
			flush = rg.cutPages(e.cfg.pageBytes) >= e.cfg.rowGroupBytes
		}
		if flush {
			if err := e.flush(); err != nil {
				return err
			}
			b.resetMapping()
		}
	}
	return nil
}
