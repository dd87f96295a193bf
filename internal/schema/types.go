package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"time"
	"unicode/utf8"
)

// primitiveWants describes the values of each primitive OCSF type, for
// messages.
var primitiveWants = map[string]string{
	"boolean_t": "boolean_t (true or false)",
	"integer_t": "integer_t (32-bit signed integer)",
	"long_t":    "long_t (64-bit signed integer)",
	"float_t":   "float_t (number)",
	"string_t":  "string_t (string)",
}

// checkType returns why value is not of the dictionary type typeName, or ""
// when it is. It checks the primitive type at the root of the type's base
// chain, then every range, max_len and regex along the chain. ip_t must parse
// as an IP address and datetime_t as an RFC 3339 string; a time.Time is also a
// datetime_t.
func (s *Schema) checkType(typeName string, value any) string {
	switch typeName {
	case "datetime_t":
		return checkDateTime(value)
	case "timestamp_t":
		if _, ok := integerValue(value); !ok {
			return fmt.Sprintf("got %s, want timestamp_t (integer milliseconds since the Unix epoch)", describe(value))
		}
		return ""
	case "ip_t":
		if str, ok := value.(string); ok {
			if _, err := netip.ParseAddr(str); err != nil {
				return fmt.Sprintf("got %q, want ip_t (an IPv4 or IPv6 address)", str)
			}
		}
	}
	chain := s.typeChain(typeName)
	if msg := checkPrimitive(chain[len(chain)-1], value); msg != "" {
		return msg
	}
	for _, name := range chain {
		if msg := s.checkConstraints(name, value); msg != "" {
			return msg
		}
	}
	return ""
}

// typeChain returns typeName followed by its base types, ending at a
// primitive. A type the dictionary lacks is its own chain.
func (s *Schema) typeChain(typeName string) []string {
	chain := []string{typeName}
	for len(chain) <= len(s.facts.Types) {
		t, ok := s.facts.Types[chain[len(chain)-1]]
		if !ok || t.Base == "" {
			break
		}
		chain = append(chain, t.Base)
	}
	return chain
}

func checkPrimitive(primitive string, value any) string {
	want, known := primitiveWants[primitive]
	ok := true
	switch primitive {
	case "boolean_t":
		_, ok = value.(bool)
	case "integer_t":
		n, isInt := integerValue(value)
		ok = isInt && n >= math.MinInt32 && n <= math.MaxInt32
	case "long_t":
		_, ok = integerValue(value)
	case "float_t":
		ok = isNumber(value)
	case "string_t":
		_, ok = value.(string)
	}
	if !known || ok {
		return ""
	}
	return fmt.Sprintf("got %s, want %s", describe(value), want)
}

// checkConstraints checks the range, max_len and regex that the dictionary
// gives the type name itself. The ip_t pattern is not used: netip is exact.
func (s *Schema) checkConstraints(name string, value any) string {
	t, ok := s.facts.Types[name]
	if !ok {
		return ""
	}
	if n, isInt := integerValue(value); isInt && len(t.Range) == 2 && (n < t.Range[0] || n > t.Range[1]) {
		return fmt.Sprintf("got %d, want %s in %d..%d", n, name, t.Range[0], t.Range[1])
	}
	str, isString := value.(string)
	if !isString {
		return ""
	}
	if t.MaxLen > 0 && utf8.RuneCountInString(str) > t.MaxLen {
		return fmt.Sprintf("got %d characters, want %s of at most %d", utf8.RuneCountInString(str), name, t.MaxLen)
	}
	if re := s.regexes[name]; re != nil && name != "ip_t" && !re.MatchString(str) {
		return fmt.Sprintf("got %q, want %s matching %s", str, name, t.Regex)
	}
	return ""
}

func checkDateTime(value any) string {
	switch v := value.(type) {
	case time.Time:
		return ""
	case string:
		if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
			return fmt.Sprintf("got %q, want datetime_t (an RFC 3339 date-time)", v)
		}
		return ""
	}
	return fmt.Sprintf("got %s, want datetime_t (an RFC 3339 string)", describe(value))
}

// integerValue returns value as an int64 when it is an integer: a json.Number
// in integer syntax, a Go integer, or a float64 with no fraction within ±2^53.
func integerValue(value any) (int64, bool) {
	switch v := value.(type) {
	case json.Number:
		n, err := strconv.ParseInt(string(v), 10, 64)
		return n, err == nil
	case int:
		return int64(v), true
	case int32:
		return int64(v), true
	case int64:
		return v, true
	case float64:
		const maxExact = 1 << 53
		if v == math.Trunc(v) && math.Abs(v) <= maxExact {
			return int64(v), true
		}
	}
	return 0, false
}

func isNumber(value any) bool {
	switch v := value.(type) {
	case json.Number:
		_, err := strconv.ParseFloat(string(v), 64)
		return err == nil
	case float64, float32, int, int32, int64:
		return true
	}
	return false
}

// describe names the JSON kind of value, with the value when it is short.
func describe(value any) string {
	switch v := value.(type) {
	case nil:
		return "null"
	case string:
		if len(v) > 40 {
			return "a string"
		}
		return fmt.Sprintf("string %q", v)
	case bool:
		return fmt.Sprintf("boolean %t", v)
	case json.Number:
		return "number " + v.String()
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case time.Time:
		return "timestamp " + v.Format(time.RFC3339Nano)
	}
	if isNumber(value) {
		return fmt.Sprintf("number %v", value)
	}
	return fmt.Sprintf("a value of Go type %T", value)
}
