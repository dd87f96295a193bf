package output

import (
	"encoding/binary"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

const (
	// defaultPageBytes is the estimated uncompressed size at which a page ends.
	defaultPageBytes = 1 << 20
	// defaultRowGroupBytes is the estimated column data at which a row group ends
	// before it reaches its row limit.
	defaultRowGroupBytes = 32 << 20
	// pageCheckRows is how often, in rows, the encoder checks page and row group
	// sizes. A page may exceed its size by the values of this many rows.
	pageCheckRows = 32
	// parquetFormatVersion is FileMetaData.version, 2 as parquet-go v0.32.1 writes.
	parquetFormatVersion = 2
)

var parquetMagic = []byte("PAR1")

// encoderConfig tunes an eventEncoder. Zero fields take the defaults.
type encoderConfig struct {
	rowGroupRows  int // DefaultRowGroupRows
	rowGroupBytes int // defaultRowGroupBytes
	pageBytes     int // defaultPageBytes
	encoders      int // goroutines that encode pages; must be set
	metadata      map[string]string
	createdBy     string // the footer's created_by
}

// eventEncoder writes events as a Parquet file with the schema of ocsf.Event.
//
// The caller's goroutine shreds each event into the column buffers of the row group
// being filled. A full row group goes to the encoder goroutines, which compress its
// pages in parallel, while the caller fills a second set of buffers. The caller
// writes an encoded row group to out when it hands over the next one, or on close,
// so row groups reach the file in order and only from the caller's goroutine.
//
// Memory stays bounded: at most two row groups exist, one filling and one encoding,
// and their buffers are reused. Each holds up to about rowGroupBytes of column data,
// with spare capacity from slice growth. Page and row group boundaries depend only on
// the events, so the bytes of the file do not depend on timing or on the number of
// encoders.
//
// An eventEncoder is not safe for concurrent use. After an error every method
// returns that error.
type eventEncoder struct {
	out      io.Writer
	cfg      encoderConfig
	schema   *eventSchema
	shredder shredder

	filling  *rowGroup // receives events
	inFlight *rowGroup // being encoded, or nil
	spare    *rowGroup // written and reset, or nil

	jobs    chan *rowGroup
	workers sync.WaitGroup

	offset    int64 // bytes written to out
	rowGroups []format.RowGroup
	numRows   int64
	err       error
}

// newEventEncoder returns an encoder that writes to out. It starts no goroutine
// until the first row group is full.
func newEventEncoder(out io.Writer, cfg encoderConfig) (*eventEncoder, error) {
	schema, err := loadEventSchema()
	if err != nil {
		return nil, err
	}
	if cfg.rowGroupRows <= 0 {
		cfg.rowGroupRows = DefaultRowGroupRows
	}
	if cfg.rowGroupBytes <= 0 {
		cfg.rowGroupBytes = defaultRowGroupBytes
	}
	if cfg.pageBytes <= 0 {
		cfg.pageBytes = defaultPageBytes
	}
	cfg.encoders = max(cfg.encoders, 1)
	return &eventEncoder{out: out, cfg: cfg, schema: schema, filling: newRowGroup(schema)}, nil
}

// bufferedRows returns the rows shredded into the row group being filled, 0 after
// close.
func (e *eventEncoder) bufferedRows() int {
	if e.filling == nil {
		return 0
	}
	return e.filling.rows
}

// write adds one event. It hands the row group over when it reaches its row limit
// or its byte budget.
func (e *eventEncoder) write(ev *ocsf.Event) error {
	if e.err != nil {
		return e.err
	}
	rg := e.filling
	e.shredder.shred(&rg.columns, ev)
	rg.rows++
	switch {
	case rg.rows >= e.cfg.rowGroupRows:
		return e.flush()
	case rg.rows%pageCheckRows == 0:
		if rg.cutPages(e.cfg.pageBytes) >= e.cfg.rowGroupBytes {
			return e.flush()
		}
	}
	return nil
}

// flush hands the row group being filled to the encoder goroutines, after writing
// the one they encoded before.
func (e *eventEncoder) flush() error {
	rg := e.filling
	if e.err != nil || rg.rows == 0 {
		return e.err
	}
	if err := e.finishInFlight(); err != nil {
		return err
	}
	rg.planPages()
	if e.jobs == nil {
		e.startEncoders()
	}
	rg.done.Add(e.cfg.encoders)
	for range e.cfg.encoders {
		e.jobs <- rg
	}
	e.inFlight = rg
	e.filling = e.spare
	e.spare = nil
	if e.filling == nil {
		e.filling = newRowGroup(e.schema)
	}
	return nil
}

// finishInFlight waits for the row group being encoded and writes it.
func (e *eventEncoder) finishInFlight() error {
	rg := e.inFlight
	if rg == nil {
		return nil
	}
	rg.done.Wait()
	e.inFlight = nil
	err := e.writeRowGroup(rg)
	rg.reset()
	e.spare = rg
	if err != nil {
		e.err = err
	}
	return err
}

// startEncoders starts the encoder goroutines. Each takes every row group sent to
// it and encodes pages of it until none is left, so all of them share one row group.
func (e *eventEncoder) startEncoders() {
	e.jobs = make(chan *rowGroup, e.cfg.encoders)
	for range e.cfg.encoders {
		e.workers.Go(func() {
			pe := newPageEncoder()
			defer pe.release()
			for rg := range e.jobs {
				rg.encodePages(pe)
				rg.done.Done()
			}
		})
	}
}

// stopEncoders waits for the row group in flight, without writing it, ends the
// encoder goroutines and returns every row group to the pool.
func (e *eventEncoder) stopEncoders() {
	if e.inFlight != nil {
		e.inFlight.done.Wait()
	}
	if e.jobs != nil {
		close(e.jobs)
		e.workers.Wait()
		e.jobs = nil
	}
	for _, rg := range []*rowGroup{e.filling, e.inFlight, e.spare} {
		rg.release()
	}
	e.filling, e.inFlight, e.spare = nil, nil, nil
}

// close writes the remaining rows and the footer. It does not close out.
func (e *eventEncoder) close() error {
	err := e.flush()
	if err == nil {
		err = e.finishInFlight()
	}
	e.stopEncoders()
	if err == nil {
		err = e.writeFooter()
	}
	e.err = errClosed
	return err
}

// abort stops the encoder goroutines and drops the buffered rows.
func (e *eventEncoder) abort() {
	e.stopEncoders()
	e.err = errClosed
}

func (e *eventEncoder) writeBytes(b []byte) error {
	n, err := e.out.Write(b)
	e.offset += int64(n)
	return err
}

// writeMagic writes the leading "PAR1" if nothing was written yet.
func (e *eventEncoder) writeMagic() error {
	if e.offset > 0 {
		return nil
	}
	if err := e.writeBytes(parquetMagic); err != nil {
		return fmt.Errorf("write parquet header: %w", err)
	}
	return nil
}

// writeRowGroup writes the encoded pages of rg column by column and records the row
// group for the footer.
func (e *eventEncoder) writeRowGroup(rg *rowGroup) error {
	if err := e.writeMagic(); err != nil {
		return err
	}
	group := format.RowGroup{
		Columns:    make([]format.ColumnChunk, numColumns),
		NumRows:    int64(rg.rows),
		FileOffset: e.offset,
		Ordinal:    int16(len(e.rowGroups)),
	}
	task := 0
	for col := range numColumns {
		var err error
		task, err = e.writeColumnChunk(rg, col, task, &group.Columns[col])
		if err != nil {
			return err
		}
		group.TotalByteSize += group.Columns[col].MetaData.TotalUncompressedSize
		group.TotalCompressedSize += group.Columns[col].MetaData.TotalCompressedSize
	}
	e.rowGroups = append(e.rowGroups, group)
	e.numRows += group.NumRows
	return nil
}

// writeColumnChunk writes the pages of column col, which start at rg.tasks[task],
// fills chunk and returns the index of the next column's first page.
func (e *eventEncoder) writeColumnChunk(rg *rowGroup, col, task int, chunk *format.ColumnChunk) (int, error) {
	spec := &e.schema.columns[col]
	meta := &chunk.MetaData
	*meta = format.ColumnMetaData{
		Type:           spec.kind,
		Encoding:       encodingsOf(spec, rg.columns[col].dict.encoded()),
		PathInSchema:   spec.path,
		Codec:          format.Zstd,
		DataPageOffset: e.offset,
	}
	var stats pageStats
	var nulls int
	for ; task < len(rg.tasks) && rg.tasks[task].column == col; task++ {
		page := &rg.pages[task]
		if page.err != nil {
			return task, page.err
		}
		if page.dictionary {
			meta.DictionaryPageOffset = e.offset
		}
		if err := e.writeBytes(page.data); err != nil {
			return task, fmt.Errorf("write parquet page of %s: %w", columnPaths[col], err)
		}
		meta.TotalUncompressedSize += int64(page.uncompressed)
		meta.TotalCompressedSize += int64(len(page.data))
		if page.dictionary {
			meta.DataPageOffset = e.offset
			continue
		}
		meta.NumValues += int64(page.numValues)
		nulls += page.nullCount
		stats.merge(&page.stats, spec.kind)
	}
	meta.Statistics = stats.format(spec.kind, int64(nulls))
	return task, nil
}

// encodingsOf lists the encodings of a column chunk's pages in ascending order:
// PLAIN values or dictionary, RLE levels when the column has levels, and
// RLE_DICTIONARY values when the chunk is dictionary-encoded.
func encodingsOf(spec *columnSpec, dictionary bool) []format.Encoding {
	encodings := []format.Encoding{format.Plain}
	if spec.maxDef > 0 || spec.maxRep > 0 {
		encodings = append(encodings, format.RLE)
	}
	if dictionary {
		encodings = append(encodings, format.RLEDictionary)
	}
	return encodings
}

// writeFooter writes the FileMetaData, its length and the trailing "PAR1".
func (e *eventEncoder) writeFooter() error {
	if err := e.writeMagic(); err != nil {
		return err
	}
	meta := format.FileMetaData{
		Version:          parquetFormatVersion,
		Schema:           e.schema.elements,
		NumRows:          e.numRows,
		RowGroups:        e.rowGroups,
		KeyValueMetadata: keyValuesOf(e.cfg.metadata),
		CreatedBy:        e.cfg.createdBy,
		ColumnOrders:     make([]format.ColumnOrder, numColumns),
	}
	for i := range e.schema.columns {
		meta.ColumnOrders[i] = e.schema.columns[i].order
	}
	footer, err := thrift.Marshal(new(thrift.CompactProtocol), &meta)
	if err != nil {
		return fmt.Errorf("encode parquet footer: %w", err)
	}
	footer = binary.LittleEndian.AppendUint32(footer, uint32(len(footer)))
	footer = append(footer, parquetMagic...)
	if err := e.writeBytes(footer); err != nil {
		return fmt.Errorf("write parquet footer: %w", err)
	}
	return nil
}

// keyValuesOf returns the metadata sorted by key, so the footer does not depend on
// map order.
func keyValuesOf(metadata map[string]string) []format.KeyValue {
	if len(metadata) == 0 {
		return nil
	}
	kvs := make([]format.KeyValue, 0, len(metadata))
	for _, k := range slices.Sorted(maps.Keys(metadata)) {
		kvs = append(kvs, format.KeyValue{Key: k, Value: metadata[k]})
	}
	return kvs
}

// rowGroup is one row group's column buffers and, once handed over, its page
// encoding state. Buffers keep their capacity across reset.
type rowGroup struct {
	columns [numColumns]columnBuffer
	rows    int

	tasks []pageTask    // pages in file order: column by column
	pages []encodedPage // result of tasks[i]; data buffers are reused
	next  atomic.Int64  // index of the next task to claim
	done  sync.WaitGroup
}

// pageTask is one page to encode: the range [from, to) of a column, or the
// column's dictionary.
type pageTask struct {
	column     int
	dictionary bool
	from, to   pageEnd
}

// rowGroupPool keeps row groups of closed encoders, so the next file, such as the
// next one of a rotating writer, reuses their grown buffers.
var rowGroupPool sync.Pool

// newRowGroup returns an empty row group from the pool or a new one.
func newRowGroup(schema *eventSchema) *rowGroup {
	if rg, ok := rowGroupPool.Get().(*rowGroup); ok {
		return rg
	}
	rg := &rowGroup{}
	initColumns(&rg.columns, schema)
	return rg
}

// initColumns sets up empty column buffers for the schema's columns, with a
// dictionary for each BYTE_ARRAY column that is not in plainColumns.
func initColumns(cols *[numColumns]columnBuffer, schema *eventSchema) {
	for i := range cols {
		spec := &schema.columns[i]
		cols[i] = columnBuffer{kind: spec.kind, maxDef: spec.maxDef, maxRep: spec.maxRep}
		if spec.kind == format.ByteArray && !plainColumns[i] {
			cols[i].dict = newColumnDictionary()
		}
	}
}

// cutPages ends the pages that reached pageBytes and returns the estimated column
// data of the row group.
func (rg *rowGroup) cutPages(pageBytes int) int {
	total := 0
	for i := range rg.columns {
		total += rg.columns[i].cutPage(pageBytes)
	}
	return total
}

// planPages lists the pages to encode: per column, the dictionary page of a
// dictionary-encoded chunk, then the cut pages and the last one.
func (rg *rowGroup) planPages() {
	rg.tasks = rg.tasks[:0]
	for col := range rg.columns {
		c := &rg.columns[col]
		if c.dict.encoded() {
			rg.tasks = append(rg.tasks, pageTask{column: col, dictionary: true})
		}
		var from pageEnd
		for _, to := range c.pages {
			rg.tasks = append(rg.tasks, pageTask{column: col, from: from, to: to})
			from = to
		}
		if to := c.end(); to.levels > from.levels {
			rg.tasks = append(rg.tasks, pageTask{column: col, from: from, to: to})
		}
	}
	if n := len(rg.tasks); n > cap(rg.pages) {
		rg.pages = append(rg.pages[:cap(rg.pages)], make([]encodedPage, n-cap(rg.pages))...)
	}
	rg.pages = rg.pages[:len(rg.tasks)]
	rg.next.Store(0)
}

// encodePages claims and encodes pages until none is left. Several goroutines may
// run it on the same row group.
func (rg *rowGroup) encodePages(pe *pageEncoder) {
	for {
		i := int(rg.next.Add(1) - 1)
		if i >= len(rg.tasks) {
			return
		}
		t := &rg.tasks[i]
		c := &rg.columns[t.column]
		if t.dictionary {
			rg.pages[i].err = pe.encodeDictionary(t.column, c, &rg.pages[i])
		} else {
			rg.pages[i].err = pe.encode(t.column, c, t.from, t.to, &rg.pages[i])
		}
	}
}

// release resets rg and puts it in the pool. A nil rg is ignored.
func (rg *rowGroup) release() {
	if rg == nil {
		return
	}
	rg.reset()
	rowGroupPool.Put(rg)
}

func (rg *rowGroup) reset() {
	for i := range rg.columns {
		rg.columns[i].reset()
	}
	rg.rows = 0
}
