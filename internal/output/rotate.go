package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// DefaultMaxFileBytes is the size at which a folder output starts a new file.
const DefaultMaxFileBytes = 256 << 20

// rotating writes Parquet files part-00000.parquet, part-00001.parquet, … into a
// folder, starting a new file once the current one reaches the size limit. The
// check runs after each row group, so a file may exceed the limit by one row group.
// Rows go to files in the order they arrive, so the same input gives the same files.
type rotating struct {
	dir      string
	opts     Options
	current  *parquetWriter
	next     int
	finished int64
	closed   bool
}

func newRotating(dir string, opts Options) (*rotating, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	if opts.MaxFileBytes <= 0 {
		opts.MaxFileBytes = DefaultMaxFileBytes
	}
	return &rotating{dir: dir, opts: opts}, nil
}

func (r *rotating) Write(events []*ocsf.Event) error {
	return r.writeRows(len(events), func(from, to int) error {
		return r.current.Write(events[from:to])
	})
}

// Prepare shreds events into a pooled column batch for WritePrepared, as
// parquetWriter.Prepare does. It is safe for concurrent use.
func (r *rotating) Prepare(events []*ocsf.Event) (any, error) {
	return prepareBatch(events)
}

// WritePrepared writes a batch that Prepare returned and puts it back in the
// pool. Batches must come in output order. A batch may span two files, and the
// files get the same bytes as when Write receives the same events in the same
// batches.
func (r *rotating) WritePrepared(prepared any) error {
	b, err := batchOf(prepared)
	if err != nil {
		return err
	}
	defer b.release()
	return r.writeRows(b.rows, func(from, to int) error {
		return r.current.writeRows(b, from, to)
	})
}

// writeRows writes rows rows with write, which writes the rows [from, to) to
// r.current. It passes write at most the rows that fill the current row group, and
// starts a new file when a row group ends a call and the file has reached the size
// limit.
//
// NOTE: a row group that ends at its byte budget inside a call is not followed by
// the size check, so where files end depends on the batch boundaries.
func (r *rotating) writeRows(rows int, write func(from, to int) error) error {
	if r.closed {
		return errClosed
	}
	for from := 0; from < rows; {
		if r.current == nil {
			if err := r.open(); err != nil {
				return err
			}
		}
		room := r.current.limit - r.current.pending
		n := min(room, rows-from)
		if err := write(from, from+n); err != nil {
			return err
		}
		from += n
		if r.current.pending == 0 && r.current.BytesWritten() >= r.opts.MaxFileBytes {
			if err := r.finish(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *rotating) open() error {
	path := filepath.Join(r.dir, fmt.Sprintf("part-%05d.parquet", r.next))
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	r.next++
	r.current = newParquet(f, r.opts.ParquetOptions)
	return nil
}

// finish closes the current file.
func (r *rotating) finish() error {
	w := r.current
	r.current = nil
	if err := w.Close(); err != nil {
		return err
	}
	r.finished += w.BytesWritten()
	return nil
}

// Close completes the last file, then removes part files left in the folder by an
// earlier run that wrote more of them, so the folder holds exactly this run's rows.
func (r *rotating) Close() error {
	if r.closed {
		return errClosed
	}
	r.closed = true
	if r.current != nil {
		if err := r.finish(); err != nil {
			return err
		}
	}
	return r.removeStaleParts()
}

// removeStaleParts deletes part-NNNNN.parquet files numbered from r.next on.
func (r *rotating) removeStaleParts() error {
	for n := r.next; ; n++ {
		path := filepath.Join(r.dir, fmt.Sprintf("part-%05d.parquet", n))
		err := os.Remove(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("remove stale output file: %w", err)
		}
	}
}

// Abort discards the file being written. Files already completed stay: each is a
// valid Parquet file.
func (r *rotating) Abort() {
	if r.closed {
		return
	}
	r.closed = true
	if r.current != nil {
		r.current.Abort()
	}
}

func (r *rotating) BytesWritten() int64 {
	n := r.finished
	if r.current != nil {
		n += r.current.BytesWritten()
	}
	return n
}
