// Package source finds and opens the inputs of a conversion: local files, folders
// walked recursively, and standard input. It detects gzip from the bytes, not from
// the name, and reads lines of any length up to a limit.
package source

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Object is one input stream: a file or standard input.
type Object struct {
	// Name is the object's display name and metadata.log_source: the file path
	// as given or found while walking a folder, or "-" for stdin.
	Name string
	// Size is the stored size in bytes, or -1 when unknown.
	Size int64
	// Open opens the stored bytes. The caller closes the reader.
	Open func(ctx context.Context) (io.ReadCloser, error)
}

// Stdin returns the Object for standard input.
func Stdin(r io.Reader) Object {
	return Object{
		Name: "-",
		Size: -1,
		Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(r), nil },
	}
}

// File returns the Object for the file at path.
func File(path string, size int64) Object {
	return Object{
		Name: path,
		Size: size,
		Open: func(context.Context) (io.ReadCloser, error) { return os.Open(path) },
	}
}

// Expand turns local input arguments into objects: a file is itself, a folder is
// every log file below it in lexical order (see IsLogName), and "-" is stdin.
func Expand(args []string, stdin io.Reader) ([]Object, error) {
	objects, _, err := ExpandReportingIgnored(args, stdin)
	return objects, err
}

// ExpandReportingIgnored is Expand that also returns the paths of the files it
// passed over while walking folders because their names are not log names.
func ExpandReportingIgnored(args []string, stdin io.Reader) ([]Object, []string, error) {
	var objects []Object
	var ignored []string
	for _, arg := range args {
		if arg == "-" {
			objects = append(objects, Stdin(stdin))
			continue
		}
		info, err := os.Stat(arg)
		if err != nil {
			return nil, nil, fmt.Errorf("open input: %w", err)
		}
		if !info.IsDir() {
			objects = append(objects, File(arg, info.Size()))
			continue
		}
		found, passed, err := walk(arg)
		if err != nil {
			return nil, nil, err
		}
		objects = append(objects, found...)
		ignored = append(ignored, passed...)
	}
	return objects, ignored, nil
}

// IsLogName reports whether a file found while walking a folder is read as a log:
// names ending in .log, .gz or .txt, and names without an extension, such as
// ELBAccessLogTestFile. Hidden files (starting with '.') are not.
func IsLogName(name string) bool {
	if name == "" || name[0] == '.' {
		return false
	}
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case "", ".log", ".gz", ".txt":
		return true
	}
	return false
}

// walk lists the log files below root in lexical order, and the other regular
// files it passed over. Hidden folders are not entered.
func walk(root string) ([]Object, []string, error) {
	var objects []Object
	var ignored []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != root && d.Name()[0] == '.' {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if !IsLogName(d.Name()) {
			ignored = append(ignored, p)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		objects = append(objects, File(p, info.Size()))
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("walk folder %s: %w", root, err)
	}
	slices.SortFunc(objects, func(a, b Object) int {
		return compareStrings(a.Name, b.Name)
	})
	return objects, ignored, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// bufferSize is the read buffer of a line reader. Longer lines still work: they
// are assembled in a growing buffer.
const bufferSize = 256 << 10

// newBufferedReader wraps r in a bufio.Reader of bufferSize.
func newBufferedReader(r io.Reader) *bufio.Reader {
	return bufio.NewReaderSize(r, bufferSize)
}
