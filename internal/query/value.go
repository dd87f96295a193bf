package query

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// timeLayout prints DuckDB timestamps as RFC 3339 in UTC, with as many fractional
// digits as the value needs, up to microseconds.
const timeLayout = "2006-01-02T15:04:05.999999Z07:00"

// FormatValue returns a value scanned from DuckDB as text: NULL is empty, a
// timestamp is RFC 3339 in UTC, and a struct, list or map is its JSON text.
func FormatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []byte:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return v.UTC().Format(timeLayout)
	case float32:
		return strconv.FormatFloat(float64(v), 'g', -1, 32)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case map[string]any, []any, duckdb.OrderedMap:
		b, err := json.Marshal(jsonValue(v))
		if err != nil {
			return fmt.Sprint(v)
		}
		return string(b)
	}
	return textValue(v)
}

// textValue formats the scalar types that have no case in FormatValue.
func textValue(v any) string {
	switch v := v.(type) {
	case duckdb.UUID:
		return v.String()
	case duckdb.Decimal:
		return v.String()
	case *big.Int:
		return v.String()
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}

// jsonValue converts a value scanned from DuckDB into one encoding/json can
// marshal with the same meaning: maps get string keys, timestamps become RFC 3339
// strings, and numbers JSON cannot hold (NaN, infinities) become strings.
func jsonValue(v any) any {
	switch v := v.(type) {
	case nil, string, bool:
		return v
	case []byte:
		return string(v)
	case time.Time:
		return v.UTC().Format(timeLayout)
	case float64:
		return jsonFloat(v)
	case float32:
		return jsonFloat(float64(v))
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = jsonValue(e)
		}
		return out
	case duckdb.OrderedMap:
		return jsonMap(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = jsonValue(e)
		}
		return out
	case duckdb.Decimal, *big.Int:
		return json.Number(textValue(v))
	case duckdb.UUID:
		return v.String()
	}
	return v
}

func jsonFloat(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return f
}

// jsonMap converts a DuckDB MAP into a JSON object with the map's key order and
// the map keys as text. Two keys with equal text, such as the integer 1 and the
// string "1", both appear, which most JSON readers resolve to the later one.
func jsonMap(m duckdb.OrderedMap) orderedObject {
	keys := m.Keys()
	values := m.Values()
	o := orderedObject{keys: make([]string, len(keys)), values: make([]any, len(values))}
	for i, k := range keys {
		o.keys[i] = FormatValue(k)
		o.values[i] = jsonValue(values[i])
	}
	return o
}

// orderedObject is a JSON object that keeps its keys in order.
type orderedObject struct {
	keys   []string
	values []any
}

// MarshalJSON encodes the object with its keys in order.
func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		key, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		value, err := json.Marshal(o.values[i])
		if err != nil {
			return nil, err
		}
		b.Write(key)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
