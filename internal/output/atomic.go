// Package output writes OCSF events as Parquet or JSON lines, and rejected lines as
// JSON lines. Every file is written under a temporary name beside its final path and
// renamed only when complete, so a failed run leaves no partial file behind.
package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// atomicFile is a file that appears at its path only after Commit.
type atomicFile struct {
	path string
	tmp  *os.File
	buf  *bufio.Writer
	n    int64
}

// createAtomic creates a temporary file in path's folder.
func createAtomic(path string) (*atomicFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &atomicFile{path: path, tmp: tmp, buf: bufio.NewWriterSize(tmp, 1<<20)}, nil
}

func (f *atomicFile) Write(p []byte) (int, error) {
	n, err := f.buf.Write(p)
	f.n += int64(n)
	return n, err
}

// Size returns the bytes written so far.
func (f *atomicFile) Size() int64 { return f.n }

// Commit flushes, syncs and renames the file to its final path.
func (f *atomicFile) Commit() error {
	err := f.buf.Flush()
	if err == nil {
		// os.CreateTemp makes the file 0600; outputs are meant to be shared.
		err = f.tmp.Chmod(0o644)
	}
	if err == nil {
		err = f.tmp.Sync()
	}
	if closeErr := f.tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.tmp.Name())
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	return nil
}

// Abort removes the temporary file.
func (f *atomicFile) Abort() {
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// nopCloser adapts a stream such as stdout, which is flushed but never renamed.
type streamFile struct {
	w   *bufio.Writer
	n   int64
	out io.Writer
}

func newStreamFile(w io.Writer) *streamFile {
	return &streamFile{w: bufio.NewWriterSize(w, 1<<20), out: w}
}

func (s *streamFile) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	s.n += int64(n)
	return n, err
}

func (s *streamFile) Size() int64   { return s.n }
func (s *streamFile) Commit() error { return s.w.Flush() }
func (s *streamFile) Abort()        { _ = s.w.Flush() }

// file is what the event writers write into: an atomic file or a stream.
type file interface {
	io.Writer
	Size() int64
	Commit() error
	Abort()
}

var errClosed = errors.New("writer is closed")
