package output

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// Writer receives events in order. Close completes the output; Abort discards what
// was written. Exactly one of them must be called.
type Writer interface {
	Write(events []*ocsf.Event) error
	Close() error
	Abort()
	// BytesWritten returns the bytes written to the output so far.
	BytesWritten() int64
}

// Preparer is implemented by writers that can do part of the work of writing a
// batch of events on the caller's goroutine, in parallel with other batches.
// Prepare must be safe for concurrent use and must not keep events after it
// returns; WritePrepared takes Prepare's results one at a time, in output order,
// in place of Write. Prepare may return nil for a batch it leaves to Write.
type Preparer interface {
	Prepare(events []*ocsf.Event) (any, error)
	WritePrepared(prepared any) error
}

// Format is an output format.
type Format int

// Output formats.
const (
	FormatParquet Format = iota
	FormatJSONLines
)

// Target is a parsed -o argument.
type Target struct {
	Format Format
	// Path is a file path, a folder for rotated Parquet files, or "-" for stdout.
	Path string
	Dir  bool
}

// ParseTarget interprets an output argument. A path ending in .parquet is one
// Parquet file, and one ending in .jsonl or .json one JSON lines file. "-" means JSON
// lines on stdout. Any other path is a folder of rotated Parquet files, created if
// needed.
func ParseTarget(path string) (Target, error) {
	lower := strings.ToLower(path)
	switch {
	case path == "":
		return Target{}, fmt.Errorf("the output path is empty")
	case path == "-":
		return Target{Format: FormatJSONLines, Path: path}, nil
	case strings.HasSuffix(lower, ".parquet"):
		return fileTarget(FormatParquet, path)
	case strings.HasSuffix(lower, ".jsonl"), strings.HasSuffix(lower, ".json"), strings.HasSuffix(lower, ".ndjson"):
		return fileTarget(FormatJSONLines, path)
	}
	if info, err := os.Stat(path); err == nil && !info.IsDir() {
		return Target{}, fmt.Errorf("output %s exists and is not a folder; name a .parquet or .jsonl file, or a folder", path)
	}
	return Target{Format: FormatParquet, Path: path, Dir: true}, nil
}

// fileTarget returns a one-file target, failing early when path is a folder.
func fileTarget(f Format, path string) (Target, error) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return Target{}, fmt.Errorf("output %s is an existing folder; name a file, or a folder without the extension", path)
	}
	return Target{Format: f, Path: path}, nil
}

// RejectsPath returns the default rejects file for a target: beside the output
// file with the suffix .rejects.jsonl, inside an output folder, or
// alb2ocsf.rejects.jsonl in the current folder for stdout.
func (t Target) RejectsPath() string {
	switch {
	case t.Path == "-":
		return "alb2ocsf.rejects.jsonl"
	case t.Dir:
		return filepath.Join(t.Path, "rejects.jsonl")
	}
	ext := filepath.Ext(t.Path)
	return strings.TrimSuffix(t.Path, ext) + ".rejects.jsonl"
}

// Options tune the writers.
type Options struct {
	ParquetOptions
	// MaxFileBytes is the size at which a folder output starts a new file.
	MaxFileBytes int64
}

// Open opens a writer for the target. stdout is used when the target is "-".
func Open(t Target, opts Options, stdout io.Writer) (Writer, error) {
	switch {
	case t.Path == "-":
		return newJSONLines(newStreamFile(stdout)), nil
	case t.Format == FormatJSONLines:
		f, err := createAtomic(t.Path)
		if err != nil {
			return nil, err
		}
		return newJSONLines(f), nil
	case t.Dir:
		return newRotating(t.Path, opts)
	}
	f, err := createAtomic(t.Path)
	if err != nil {
		return nil, err
	}
	return newParquet(f, opts.ParquetOptions), nil
}
