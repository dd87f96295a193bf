package output

import (
	"fmt"
	"runtime"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// DefaultRowGroupRows bounds the rows a Parquet writer buffers before it writes a
// row group. The writer also ends a row group at about 32 MiB of column data, which
// comes first for events of the synthetic corpus (an estimated 1.8 KiB of column
// data each, with repeated strings counted as 4-byte dictionary indexes).
const DefaultRowGroupRows = 32 * 1024

// ParquetOptions tune the Parquet writer.
type ParquetOptions struct {
	RowGroupRows int               // rows per row group; DefaultRowGroupRows when zero
	Metadata     map[string]string // key-value metadata written to the footer
	CreatedBy    string            // the writer's version for the footer's created_by
	// Encoders is the number of goroutines that compress pages; GOMAXPROCS when
	// zero. It changes the speed, never the bytes of the file.
	Encoders int
}

// parquetWriter writes events with the fixed schema of ocsf.Event: zstd pages,
// data page version 1, pages of about 1 MiB, and row groups of at most limit rows
// and about 32 MiB of column data.
type parquetWriter struct {
	f   file
	enc *eventEncoder
	err error // from creating enc
	// pending counts the rows buffered for the next row group. It is 0 right after
	// a row group was handed to the encoders, which is when the rotating writer
	// checks the file size.
	pending int
	limit   int
	closed  bool
}

func newParquet(f file, opts ParquetOptions) *parquetWriter {
	limit := opts.RowGroupRows
	if limit <= 0 {
		limit = DefaultRowGroupRows
	}
	enc, err := newEventEncoder(f, encoderConfig{
		rowGroupRows: limit,
		encoders:     encodersOf(opts),
		metadata:     opts.Metadata,
		createdBy:    createdByOf(opts),
	})
	return &parquetWriter{f: f, enc: enc, err: err, limit: limit}
}

func encodersOf(opts ParquetOptions) int {
	if opts.Encoders > 0 {
		return opts.Encoders
	}
	return runtime.GOMAXPROCS(0)
}

// createdByOf formats created_by as parquet-go's CreatedBy option does.
func createdByOf(opts ParquetOptions) string {
	version := opts.CreatedBy
	if version == "" {
		version = "dev"
	}
	return "alb2ocsf version " + version + "(build )"
}

func (p *parquetWriter) Write(events []*ocsf.Event) error {
	if p.closed {
		return errClosed
	}
	if p.err != nil {
		return p.err
	}
	for _, ev := range events {
		if err := p.enc.write(ev); err != nil {
			return fmt.Errorf("write parquet rows: %w", err)
		}
	}
	p.pending = p.enc.bufferedRows()
	return nil
}

// Prepare shreds events into a pooled column batch for WritePrepared. It is safe
// for concurrent use, does not touch the writer's state, and keeps no reference to
// the events. It returns nil for an empty batch and for one too large to prepare,
// which Write then takes.
func (p *parquetWriter) Prepare(events []*ocsf.Event) (any, error) {
	return prepareBatch(events)
}

// WritePrepared writes a batch that Prepare returned and puts it back in the
// pool. Batches must come in output order. The file gets the same bytes as when
// Write receives the same events in the same batches.
func (p *parquetWriter) WritePrepared(prepared any) error {
	b, err := batchOf(prepared)
	if err != nil {
		return err
	}
	defer b.release()
	return p.writeRows(b, 0, b.rows)
}

// writeRows writes the rows [from, to) of b.
func (p *parquetWriter) writeRows(b *columnBatch, from, to int) error {
	if p.closed {
		return errClosed
	}
	if p.err != nil {
		return p.err
	}
	if err := p.enc.writeBatch(b, from, to); err != nil {
		return fmt.Errorf("write parquet rows: %w", err)
	}
	p.pending = p.enc.bufferedRows()
	return nil
}

func (p *parquetWriter) Close() error {
	if p.closed {
		return errClosed
	}
	p.closed = true
	if p.err != nil {
		p.f.Abort()
		return p.err
	}
	if err := p.enc.close(); err != nil {
		p.f.Abort()
		return fmt.Errorf("close parquet writer: %w", err)
	}
	return p.f.Commit()
}

func (p *parquetWriter) Abort() {
	if !p.closed {
		p.closed = true
		if p.enc != nil {
			p.enc.abort()
		}
		p.f.Abort()
	}
}

// BytesWritten returns the bytes in the file so far. While events are written, the
// row group being encoded is not counted yet: it is written when the next row group
// is handed over or on Close. The count is the same on every run for the same
// events.
//
// NOTE: because of this lag, a rotated file may exceed MaxFileBytes by up to two
// row groups, not the one that the rotating writer's comment states.
func (p *parquetWriter) BytesWritten() int64 { return p.f.Size() }

var (
	_ Preparer = (*parquetWriter)(nil)
	_ Preparer = (*rotating)(nil)
)
