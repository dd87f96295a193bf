package query

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// RowWriter receives a query result: WriteHeader once with the column names, then
// WriteRow for each row, then Flush. WriteRow must not keep values after it
// returns, because the caller reuses the slice.
type RowWriter interface {
	WriteHeader(columns []string) error
	WriteRow(values []any) error
	Flush() error
}

// Format is an output format for query results.
type Format string

// Output formats.
const (
	FormatTable Format = "table" // aligned columns for a terminal
	FormatCSV   Format = "csv"   // RFC 4180 with a header row
	FormatJSON  Format = "json"  // JSON Lines: one object per row
)

// ParseFormat returns the Format named s.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case FormatTable, FormatCSV, FormatJSON:
		return f, nil
	}
	return "", fmt.Errorf("invalid format %q: use table, csv or json", s)
}

// NewWriter returns a RowWriter that writes rows to w in format f.
func NewWriter(f Format, w io.Writer) (RowWriter, error) {
	switch f {
	case FormatTable:
		return NewTableWriter(w), nil
	case FormatCSV:
		return NewCSVWriter(w), nil
	case FormatJSON:
		return NewJSONWriter(w), nil
	}
	return nil, fmt.Errorf("invalid format %q: use table, csv or json", f)
}

// CSVWriter writes rows as CSV with a header row. NULL is an empty field, and a
// struct, list or map is its JSON text.
type CSVWriter struct {
	w      *csv.Writer
	record []string
}

// NewCSVWriter returns a CSVWriter that writes to w.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{w: csv.NewWriter(w)}
}

// WriteHeader writes the header row.
func (c *CSVWriter) WriteHeader(columns []string) error {
	c.record = make([]string, len(columns))
	if err := c.w.Write(columns); err != nil {
		return fmt.Errorf("write csv header: %w", err)
	}
	return nil
}

// WriteRow writes one record.
func (c *CSVWriter) WriteRow(values []any) error {
	for i, v := range values {
		c.record[i] = FormatValue(v)
	}
	if err := c.w.Write(c.record); err != nil {
		return fmt.Errorf("write csv row: %w", err)
	}
	return nil
}

// Flush writes buffered records to the underlying writer.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("flush csv output: %w", err)
	}
	return nil
}

// JSONWriter writes one JSON object per row (JSON Lines), with keys in column
// order. NULL is null, a timestamp is an RFC 3339 string, a struct is an object,
// a list is an array, and a map is an object whose keys are the map keys as text.
type JSONWriter struct {
	w       *bufio.Writer
	columns [][]byte
}

// NewJSONWriter returns a JSONWriter that writes to w.
func NewJSONWriter(w io.Writer) *JSONWriter {
	return &JSONWriter{w: bufio.NewWriter(w)}
}

// WriteHeader records the column names, because JSON Lines has no header line.
func (j *JSONWriter) WriteHeader(columns []string) error {
	j.columns = make([][]byte, len(columns))
	for i, c := range columns {
		name, err := json.Marshal(c)
		if err != nil {
			return fmt.Errorf("encode column name %q: %w", c, err)
		}
		j.columns[i] = name
	}
	return nil
}

// WriteRow writes one object and a newline.
func (j *JSONWriter) WriteRow(values []any) error {
	j.w.WriteByte('{')
	for i, v := range values {
		if i > 0 {
			j.w.WriteByte(',')
		}
		j.w.Write(j.columns[i])
		j.w.WriteByte(':')
		b, err := json.Marshal(jsonValue(v))
		if err != nil {
			return fmt.Errorf("encode column %s: %w", j.columns[i], err)
		}
		j.w.Write(b)
	}
	j.w.WriteString("}\n")
	return nil
}

// Flush writes buffered output to the underlying writer.
func (j *JSONWriter) Flush() error {
	if err := j.w.Flush(); err != nil {
		return fmt.Errorf("flush json output: %w", err)
	}
	return nil
}

// maxCellWidth is the widest a table cell is printed, in runes. Longer values are
// cut and end in "…", so that one long URL does not push the other columns off a
// terminal. CSV and JSON output print values in full.
const maxCellWidth = 60

// TableWriter writes rows as a table with aligned columns and a row count. It
// holds every row until Flush, because the column widths depend on all of them.
type TableWriter struct {
	w       io.Writer
	columns []string
	rows    [][]string
}

// NewTableWriter returns a TableWriter that writes to w.
func NewTableWriter(w io.Writer) *TableWriter {
	return &TableWriter{w: w}
}

// WriteHeader records the column names.
func (t *TableWriter) WriteHeader(columns []string) error {
	t.columns = columns
	return nil
}

// WriteRow stores one row. NULL prints as NULL.
func (t *TableWriter) WriteRow(values []any) error {
	cells := make([]string, len(values))
	for i, v := range values {
		if v == nil {
			cells[i] = "NULL"
			continue
		}
		cells[i] = truncate(FormatValue(v), maxCellWidth)
	}
	t.rows = append(t.rows, cells)
	return nil
}

// Flush writes the table.
func (t *TableWriter) Flush() error {
	widths := t.widths()
	bw := bufio.NewWriter(t.w)
	writeTableLine(bw, t.columns, widths)
	rule := make([]string, len(widths))
	for i, w := range widths {
		rule[i] = strings.Repeat("-", w)
	}
	writeTableLine(bw, rule, widths)
	for _, row := range t.rows {
		writeTableLine(bw, row, widths)
	}
	noun := "rows"
	if len(t.rows) == 1 {
		noun = "row"
	}
	fmt.Fprintf(bw, "(%d %s)\n", len(t.rows), noun)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// widths returns each column's width in runes. East Asian wide characters count
// as one, so such text misaligns.
func (t *TableWriter) widths() []int {
	widths := make([]int, len(t.columns))
	for i, c := range t.columns {
		widths[i] = utf8.RuneCountInString(c)
	}
	for _, row := range t.rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	return widths
}

func writeTableLine(w *bufio.Writer, cells []string, widths []int) {
	for i, cell := range cells {
		if i > 0 {
			w.WriteString(" | ")
		}
		w.WriteString(cell)
		if i < len(cells)-1 {
			w.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)))
		}
	}
	w.WriteByte('\n')
}

// truncate cuts s to at most n runes, ending in "…" when it cut. Control
// characters become spaces, so that a value cannot break the table's lines.
func truncate(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return string(runes[:n-1]) + "…"
}
