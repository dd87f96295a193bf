// Package validate checks files of OCSF events, written as JSON lines or
// Parquet, against a compiled OCSF schema.
package validate

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/alb2ocsf/alb2ocsf/internal/schema"
)

// MaxStoredViolations is how many violations a Report keeps. Later ones are
// only counted in Report.ViolationCount, so that a file of any size is
// checked in bounded memory.
const MaxStoredViolations = 10000

// maxLineBytes is the longest JSON line accepted. A longer line is reported as
// a violation of its row and skipped.
const maxLineBytes = 64 << 20

// parquetMagic starts and ends every Parquet file.
var parquetMagic = []byte("PAR1")

// RowViolation is a schema violation found in one row of a file. Row is
// 1-based: the line number for JSON lines, the row number for Parquet.
type RowViolation struct {
	Row     int64  `json:"row"`
	Path    string `json:"path"`
	Message string `json:"message"`
}

// Report is the outcome of validating one file.
type Report struct {
	File   string `json:"file"`
	Format string `json:"format"` // "parquet" or "jsonl"
	Rows   int64  `json:"rows"`   // rows checked; blank JSON lines do not count

	// Violations holds the first MaxStoredViolations violations in row
	// order, and ViolationCount counts all of them.
	Violations     []RowViolation `json:"violations"`
	ViolationCount int64          `json:"violation_count"`

	// Warnings counts warnings by attribute path without array indexes.
	Warnings map[string]int64 `json:"warnings"`
}

// Valid reports whether no row had a violation.
func (r *Report) Valid() bool { return r.ViolationCount == 0 }

func (r *Report) add(row int64, res schema.Result) {
	for _, v := range res.Violations {
		r.addViolation(RowViolation{Row: row, Path: v.Path, Message: v.Message})
	}
	for _, w := range res.Warnings {
		r.Warnings[w.Path]++
	}
}

func (r *Report) addViolation(v RowViolation) {
	r.ViolationCount++
	if len(r.Violations) < MaxStoredViolations {
		r.Violations = append(r.Violations, v)
	}
}

// ValidateFile checks every event in the file at path against s. The format is
// detected from the content: a file that starts with the Parquet magic "PAR1"
// is read as Parquet, any other as JSON lines (one event per line, blank lines
// skipped). A row that cannot be decoded is a violation of that row. An error
// is returned only for a file that cannot be read at all, or a cancelled ctx.
func ValidateFile(ctx context.Context, path string, s *schema.Schema) (Report, error) {
	report := Report{File: path, Warnings: map[string]int64{}}
	f, err := os.Open(path)
	if err != nil {
		return report, fmt.Errorf("open events file: %w", err)
	}
	defer f.Close()

	isParquet, err := hasParquetMagic(f)
	if err != nil {
		return report, err
	}
	visit := func(row int64, event map[string]any) error {
		report.Rows++
		report.add(row, s.Validate(event))
		return nil
	}
	switch {
	case isParquet:
		report.Format = "parquet"
		err = readParquet(ctx, f, visit)
	case strings.EqualFold(filepath.Ext(path), ".parquet"):
		return report, errors.New("the file is named .parquet but does not start with the Parquet magic PAR1")
	default:
		report.Format = "jsonl"
		err = readJSONLines(ctx, f, &report, visit)
	}
	return report, err
}

func hasParquetMagic(f *os.File) (bool, error) {
	head := make([]byte, len(parquetMagic))
	n, err := f.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("read %s: %w", f.Name(), err)
	}
	return bytes.Equal(head[:n], parquetMagic), nil
}

// readJSONLines decodes one event per line and calls visit with the line
// number. Lines that are not a JSON object are recorded in report as
// violations of their row.
func readJSONLines(ctx context.Context, r io.Reader, report *Report, visit func(int64, map[string]any) error) error {
	reader := bufio.NewReaderSize(r, 1<<20)
	var line int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		text, tooLong, err := readLine(reader)
		if errors.Is(err, io.EOF) && len(text) == 0 && !tooLong {
			return nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read line %d: %w", line+1, err)
		}
		line++
		if err := visitLine(line, text, tooLong, report, visit); err != nil {
			return err
		}
	}
}

func visitLine(line int64, text []byte, tooLong bool, report *Report, visit func(int64, map[string]any) error) error {
	if tooLong {
		report.Rows++
		report.addViolation(RowViolation{Row: line, Message: fmt.Sprintf("line is longer than %d bytes", maxLineBytes)})
		return nil
	}
	if len(bytes.TrimSpace(text)) == 0 {
		return nil
	}
	if !utf8.Valid(text) {
		// encoding/json would replace the bad bytes with U+FFFD and hide them.
		report.addViolation(RowViolation{Row: line, Message: "the line is not valid UTF-8; OCSF strings are UTF-8"})
	}
	event, err := decodeEvent(text)
	if err != nil {
		report.Rows++
		report.addViolation(RowViolation{Row: line, Message: err.Error()})
		return nil
	}
	return visit(line, event)
}

// readLine returns the next line without its line ending. When the line is
// longer than maxLineBytes, it is consumed and tooLong is true.
func readLine(r *bufio.Reader) (line []byte, tooLong bool, err error) {
	for {
		chunk, isPrefix, err := r.ReadLine()
		if tooLong || len(line)+len(chunk) > maxLineBytes {
			tooLong = true
		} else {
			line = append(line, chunk...)
		}
		if err != nil || !isPrefix {
			return line, tooLong, err
		}
	}
}

// decodeEvent decodes one JSON object, keeping numbers as json.Number.
func decodeEvent(text []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var event map[string]any
	if err := dec.Decode(&event); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if event == nil {
		return nil, errors.New("invalid event: got null, want a JSON object")
	}
	if dec.More() {
		return nil, errors.New("invalid JSON: more than one value on the line")
	}
	return event, nil
}
