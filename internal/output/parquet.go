package output

import (
	"fmt"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// DefaultRowGroupRows bounds the rows a Parquet writer buffers before it writes a
// row group. At about 1 KiB of column data per event this keeps each writer's
// buffers near 32 MiB.
const DefaultRowGroupRows = 32 * 1024

// ParquetOptions tune the Parquet writer.
type ParquetOptions struct {
	RowGroupRows int               // rows per row group; DefaultRowGroupRows when zero
	Metadata     map[string]string // key-value metadata written to the footer
	CreatedBy    string            // the writer's version for the footer's created_by
}

// parquetWriter writes events with the fixed schema of ocsf.Event: zstd pages,
// data page version 1, pages of about 1 MiB, and row groups of bounded size.
type parquetWriter struct {
	f       file
	w       *parquet.GenericWriter[ocsf.Event]
	rows    []ocsf.Event
	pending int
	limit   int
	closed  bool
}

func newParquet(f file, opts ParquetOptions) *parquetWriter {
	limit := opts.RowGroupRows
	if limit <= 0 {
		limit = DefaultRowGroupRows
	}
	return &parquetWriter{f: f, w: parquet.NewGenericWriter[ocsf.Event](f, writerOptions(opts)...), limit: limit}
}

func writerOptions(opts ParquetOptions) []parquet.WriterOption {
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

func (p *parquetWriter) Write(events []*ocsf.Event) error {
	if p.closed {
		return errClosed
	}
	for len(events) > 0 {
		n := min(len(events), p.limit-p.pending)
		p.rows = p.rows[:0]
		for _, ev := range events[:n] {
			p.rows = append(p.rows, *ev)
		}
		if _, err := p.w.Write(p.rows); err != nil {
			return fmt.Errorf("write parquet rows: %w", err)
		}
		p.pending += n
		events = events[n:]
		if p.pending >= p.limit {
			if err := p.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// flush writes the buffered rows as one row group.
func (p *parquetWriter) flush() error {
	if p.pending == 0 {
		return nil
	}
	if err := p.w.Flush(); err != nil {
		return fmt.Errorf("write parquet row group: %w", err)
	}
	p.pending = 0
	return nil
}

func (p *parquetWriter) Close() error {
	if p.closed {
		return errClosed
	}
	p.closed = true
	if err := p.w.Close(); err != nil {
		p.f.Abort()
		return fmt.Errorf("close parquet writer: %w", err)
	}
	return p.f.Commit()
}

func (p *parquetWriter) Abort() {
	if !p.closed {
		p.closed = true
		p.f.Abort()
	}
}

func (p *parquetWriter) BytesWritten() int64 { return p.f.Size() }
