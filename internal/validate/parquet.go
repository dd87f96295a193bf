package validate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// parquetBatchRows is how many rows are decoded at a time, which bounds the
// memory a file of any size needs.
const parquetBatchRows = 256

// readParquet decodes every row of a Parquet file into the map shape that
// encoding/json gives the same event, and calls visit with its 1-based number.
func readParquet(ctx context.Context, f *os.File, visit func(row int64, event map[string]any) error) error {
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("stat %s: %w", f.Name(), err)
	}
	file, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		return fmt.Errorf("open Parquet file %s: %w", f.Name(), err)
	}
	root, err := newField(file.Schema(), fieldLevels{})
	if err != nil {
		return fmt.Errorf("read Parquet schema of %s: %w", f.Name(), err)
	}
	var row int64
	for _, rowGroup := range file.RowGroups() {
		if err := readRowGroup(ctx, rowGroup, root, &row, visit); err != nil {
			return fmt.Errorf("read %s: %w", f.Name(), err)
		}
	}
	return nil
}

func readRowGroup(ctx context.Context, rowGroup parquet.RowGroup, root *field, row *int64, visit func(int64, map[string]any) error) error {
	rows := rowGroup.Rows()
	defer rows.Close()
	buf := make([]parquet.Row, parquetBatchRows)
	columns := make([][]parquet.Value, root.numColumns)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := rows.ReadRows(buf)
		for _, r := range buf[:n] {
			*row++
			event, convErr := root.assembleRow(r, columns)
			if convErr != nil {
				return fmt.Errorf("row %d: %w", *row, convErr)
			}
			if err := visit(*row, event); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

type fieldKind int

const (
	kindLeaf fieldKind = iota
	kindGroup
	kindList
	kindMap
)

// fieldLevels are the Dremel levels of a schema node: def is the definition
// level a value has when the node is present, rep the repetition level of the
// node's innermost repeated ancestor (or of itself), and column the index of
// its first leaf column.
type fieldLevels struct {
	def, rep, column int
}

// field is one node of the file's schema, prepared for assembling rows.
type field struct {
	name       string
	node       parquet.Node
	kind       fieldKind
	repeated   bool
	levels     fieldLevels
	numColumns int
	children   []*field
}

func newField(node parquet.Node, parent fieldLevels) (*field, error) {
	f := &field{node: node, repeated: node.Repeated(), levels: parent}
	if node.Optional() || node.Repeated() {
		f.levels.def++
	}
	if node.Repeated() {
		f.levels.rep++
	}
	if node.Leaf() {
		f.kind, f.numColumns = kindLeaf, 1
		return f, nil
	}
	f.kind = groupKind(node)
	next := f.levels
	for _, child := range node.Fields() {
		c, err := newField(child, next)
		if err != nil {
			return nil, err
		}
		c.name = child.Name()
		f.children = append(f.children, c)
		f.numColumns += c.numColumns
		next.column += c.numColumns
	}
	if err := f.checkWrapper(); err != nil {
		return nil, err
	}
	return f, nil
}

func groupKind(node parquet.Node) fieldKind {
	if lt := node.Type().LogicalType(); lt != nil {
		switch lt.Value.(type) {
		case *format.ListType:
			return kindList
		case *format.MapType:
			return kindMap
		}
	}
	if ct := node.Type().ConvertedType(); ct != nil {
		switch *ct {
		case deprecated.List:
			return kindList
		case deprecated.Map, deprecated.MapKeyValue:
			return kindMap
		}
	}
	return kindGroup
}

// checkWrapper checks the standard layout of LIST and MAP groups: one
// repeated group holding the element, or the key and the value.
func (f *field) checkWrapper() error {
	if f.kind != kindList && f.kind != kindMap {
		return nil
	}
	if len(f.children) != 1 || !f.children[0].repeated {
		return fmt.Errorf("column %s: LIST or MAP group without a single repeated child", f.name)
	}
	inner := f.children[0]
	if f.kind == kindMap && (inner.kind == kindLeaf || len(inner.children) != 2) {
		return fmt.Errorf("column %s: MAP without key and value", f.name)
	}
	return nil
}

// assembleRow splits a row into its leaf columns and assembles the event.
// columns is scratch space with one slot per leaf column.
func (f *field) assembleRow(row parquet.Row, columns [][]parquet.Value) (map[string]any, error) {
	clear(columns)
	row.Range(func(i int, values []parquet.Value) bool {
		if i < len(columns) {
			columns[i] = values
		}
		return true
	})
	for i, c := range columns {
		if len(c) == 0 {
			return nil, fmt.Errorf("leaf column %d has no value", i)
		}
	}
	event, _ := f.single(columns)
	m, _ := event.(map[string]any)
	return m, nil
}

// value assembles the node from the values of its leaf columns within the
// current parent instance. It returns false when the node is null.
func (f *field) value(columns [][]parquet.Value) (any, bool) {
	if !f.repeated {
		return f.single(columns)
	}
	items := []any{}
	if columns[0][0].DefinitionLevel() < f.levels.def {
		return items, true
	}
	for _, item := range splitRepeated(columns, f.levels.rep) {
		v, _ := f.single(item)
		items = append(items, v)
	}
	return items, true
}

// single assembles one instance of the node.
func (f *field) single(columns [][]parquet.Value) (any, bool) {
	if columns[0][0].DefinitionLevel() < f.levels.def {
		return nil, false
	}
	switch f.kind {
	case kindLeaf:
		return leafValue(f.node, columns[0][0]), true
	case kindList:
		return f.listValue(columns), true
	case kindMap:
		return f.mapValue(columns), true
	}
	m := make(map[string]any, len(f.children))
	for _, c := range f.children {
		if v, ok := c.value(f.childColumns(c, columns)); ok {
			m[c.name] = v
		}
	}
	return m, true
}

func (f *field) childColumns(c *field, columns [][]parquet.Value) [][]parquet.Value {
	start := c.levels.column - f.levels.column
	return columns[start : start+c.numColumns]
}

// listValue returns the elements of a LIST group, unwrapping the repeated
// group around each element.
func (f *field) listValue(columns [][]parquet.Value) []any {
	inner := f.children[0]
	wrapped, _ := inner.value(columns)
	items := wrapped.([]any)
	if inner.kind == kindLeaf {
		return items
	}
	element := inner.children[0].name
	for i, item := range items {
		m, _ := item.(map[string]any)
		items[i] = m[element]
	}
	return items
}

// mapValue returns a MAP group as an object keyed by the text of each key.
func (f *field) mapValue(columns [][]parquet.Value) map[string]any {
	inner := f.children[0]
	wrapped, _ := inner.value(columns)
	keyName, valueName := inner.children[0].name, inner.children[1].name
	out := map[string]any{}
	for _, item := range wrapped.([]any) {
		m, _ := item.(map[string]any)
		if m == nil || m[keyName] == nil {
			continue
		}
		out[fmt.Sprint(m[keyName])] = m[valueName]
	}
	return out
}

// splitRepeated splits the values of each leaf column into the instances of a
// repeated node at repetition level rep: a value whose repetition level is at
// most rep starts a new instance.
func splitRepeated(columns [][]parquet.Value, rep int) [][][]parquet.Value {
	var items [][][]parquet.Value
	for col, values := range columns {
		n := 0
		for i := range values {
			if i > 0 && values[i].RepetitionLevel() > rep {
				continue
			}
			end := i + 1
			for end < len(values) && values[end].RepetitionLevel() > rep {
				end++
			}
			if n == len(items) {
				items = append(items, make([][]parquet.Value, len(columns)))
			}
			items[n][col] = values[i:end]
			n++
		}
	}
	return dropIncomplete(items)
}

// dropIncomplete removes instances that some column has no values for, which
// only a malformed file produces.
func dropIncomplete(items [][][]parquet.Value) [][][]parquet.Value {
	out := items[:0]
	for _, item := range items {
		complete := true
		for _, values := range item {
			complete = complete && len(values) > 0
		}
		if complete {
			out = append(out, item)
		}
	}
	return out
}

// leafValue converts a non-null leaf value to what encoding/json with
// UseNumber would give: json.Number for numbers, string for byte arrays. An
// INT64 TIMESTAMP(MILLIS or MICROS) adjusted to UTC becomes a time.Time, which
// the schema accepts for datetime_t; other timestamps stay integers.
func leafValue(node parquet.Node, v parquet.Value) any {
	switch v.Kind() {
	case parquet.Boolean:
		return v.Boolean()
	case parquet.Int32:
		return json.Number(strconv.FormatInt(int64(v.Int32()), 10))
	case parquet.Int64:
		if t, ok := timestampValue(node, v.Int64()); ok {
			return t
		}
		return json.Number(strconv.FormatInt(v.Int64(), 10))
	case parquet.Float:
		return json.Number(strconv.FormatFloat(float64(v.Float()), 'g', -1, 32))
	case parquet.Double:
		return json.Number(strconv.FormatFloat(v.Double(), 'g', -1, 64))
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return string(v.ByteArray())
	}
	return v.String()
}

func timestampValue(node parquet.Node, n int64) (time.Time, bool) {
	lt := node.Type().LogicalType()
	if lt == nil {
		return time.Time{}, false
	}
	ts, ok := lt.Value.(*format.TimestampType)
	if !ok || !ts.IsAdjustedToUTC {
		return time.Time{}, false
	}
	switch ts.Unit.Value.(type) {
	case *format.MilliSeconds:
		return time.UnixMilli(n).UTC(), true
	case *format.MicroSeconds:
		return time.UnixMicro(n).UTC(), true
	}
	return time.Time{}, false
}
