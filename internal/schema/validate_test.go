package schema

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

// validEvent18 is a minimal valid OCSF 1.8.0 HTTP Activity event.
const validEvent18 = `{
  "activity_id": 3, "activity_name": "Get",
  "category_uid": 4, "category_name": "Network Activity",
  "class_uid": 4002, "class_name": "HTTP Activity",
  "type_uid": 400203, "type_name": "HTTP Activity: Get",
  "severity_id": 1, "severity": "Informational",
  "time": 1716349709047, "time_dt": "2024-05-22T03:48:29.047890Z",
  "metadata": {
    "version": "1.8.0",
    "product": {"name": "Elastic Load Balancing", "vendor_name": "AWS"},
    "profiles": ["cloud", "datetime"]
  },
  "cloud": {"provider": "AWS", "region": "us-east-1"},
  "src_endpoint": {"ip": "192.0.2.10", "port": 51234},
  "http_request": {"http_method": "GET", "url": {"path": "/", "port": 443}},
  "http_response": {"code": 200},
  "observables": [{"name": "src_endpoint.ip", "type_id": 2, "value": "192.0.2.10"}],
  "unmapped": {"elb": "app/my-lb/50dc6c495c0c9188"}
}`

// validEvent11 is a minimal valid OCSF 1.1.0 HTTP Activity event.
const validEvent11 = `{
  "activity_id": 3, "category_uid": 4, "class_uid": 4002, "type_uid": 400203,
  "severity_id": 1, "time": 1716349709047,
  "metadata": {"version": "1.1.0", "product": {"name": "Elastic Load Balancing", "vendor_name": "AWS"}},
  "src_endpoint": {"ip": "192.0.2.10"},
  "dst_endpoint": {"ip": "10.0.0.5"},
  "http_request": {"http_method": "GET"},
  "http_response": {"code": 200},
  "observables": [{"name": "http_request.user_agent", "type_id": 99, "value": "curl/8.0"}]
}`

func decodeEvent(t testing.TB, text string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var event map[string]any
	if err := dec.Decode(&event); err != nil {
		t.Fatalf("decode event: %v", err)
	}
	return event
}

func number(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }

// setPath sets (or, for a nil value, deletes) the attribute at a dotted path.
// A numeric segment indexes an array.
func setPath(t testing.TB, event map[string]any, path string, value any) {
	t.Helper()
	names := strings.Split(path, ".")
	var node any = event
	for _, name := range names[:len(names)-1] {
		switch n := node.(type) {
		case map[string]any:
			if n[name] == nil {
				n[name] = map[string]any{}
			}
			node = n[name]
		case []any:
			i, err := strconv.Atoi(name)
			if err != nil || i >= len(n) {
				t.Fatalf("setPath %s: bad index %q", path, name)
			}
			node = n[i]
		}
	}
	m, ok := node.(map[string]any)
	if !ok {
		t.Fatalf("setPath %s: parent is not an object", path)
	}
	last := names[len(names)-1]
	if value == nil {
		delete(m, last)
		return
	}
	m[last] = value
}

func TestValidateValidEvents(t *testing.T) {
	for _, tt := range []struct{ version, event string }{{"1.8.0", validEvent18}, {"1.1.0", validEvent11}} {
		t.Run(tt.version, func(t *testing.T) {
			res := mustLoad(t, tt.version).Validate(decodeEvent(t, tt.event))
			if !res.Valid() {
				t.Errorf("got violations %+v, want none", res.Violations)
			}
		})
	}
}

func TestValidateViolations(t *testing.T) {
	tests := []struct {
		name    string
		version string // default 1.8.0
		edit    func(t testing.TB, e map[string]any)
		path    string
		message string // a substring of the violation message
	}{
		{
			name: "missing required attribute",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "severity_id", nil) },
			path: "severity_id", message: "required attribute is missing",
		},
		{
			name: "missing required nested attribute",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "http_response.code", nil) },
			path: "http_response.code", message: "required",
		},
		{
			name: "missing required in array element",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "observables.0.type_id", nil) },
			path: "observables[0].type_id", message: "required",
		},
		{
			name:    "required in 1.1.0 only",
			version: "1.1.0",
			edit:    func(t testing.TB, e map[string]any) { setPath(t, e, "dst_endpoint", nil) },
			path:    "dst_endpoint", message: "required",
		},
		{
			name: "integer_t above 32 bits",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "http_response.code", number(1<<31)) },
			path: "http_response.code", message: "32-bit",
		},
		{
			name: "integer_t given a string",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "http_response.code", "200") },
			path: "http_response.code", message: "integer_t",
		},
		{
			name: "integer_t given a fraction",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "severity_id", json.Number("1.5")) },
			path: "severity_id", message: "integer_t",
		},
		{
			name: "long_t given a string",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "duration", "12") },
			path: "duration", message: "long_t",
		},
		{
			name: "timestamp_t given a string",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "time", "2024-05-22T03:48:29Z") },
			path: "time", message: "timestamp_t",
		},
		{
			name: "port_t out of range",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "http_request.url.port", number(70000)) },
			path: "http_request.url.port", message: "0..65535",
		},
		{
			name: "port_t negative",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "src_endpoint.port", number(-1)) },
			path: "src_endpoint.port", message: "0..65535",
		},
		{
			name: "string_t given a number",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "status_code", number(460)) },
			path: "status_code", message: "string_t",
		},
		{
			name: "ip_t not an address",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "src_endpoint.ip", "999.0.0.1") },
			path: "src_endpoint.ip", message: "ip_t",
		},
		{
			name: "datetime_t not RFC 3339",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "time_dt", "22/May/2024:03:48:29") },
			path: "time_dt", message: "RFC 3339",
		},
		{
			name: "datetime_t given a number",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "time_dt", number(1716349709047890)) },
			path: "time_dt", message: "datetime_t",
		},
		{
			name: "array given an object",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "observables", map[string]any{}) },
			path: "observables", message: "want an array",
		},
		{
			name: "object given an array",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "http_request", []any{}) },
			path: "http_request", message: "http_request object",
		},
		{
			name: "enum value missing",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "severity_id", number(7)) },
			path: "severity_id", message: "not in the enum",
		},
		{
			name: "string enum value missing",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "http_request.http_method", "PROPFIND") },
			path: "http_request.http_method", message: "not in the enum",
		},
		{
			name:    "observable type absent in 1.1.0",
			version: "1.1.0",
			edit:    func(t testing.TB, e map[string]any) { setPath(t, e, "observables.0.type_id", number(16)) },
			path:    "observables[0].type_id", message: "not in the enum",
		},
		{
			name: "sibling caption mismatch",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "activity_name", "Post") },
			path: "activity_name", message: `want "Get"`,
		},
		{
			name: "unknown attribute",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "http_request.color", "blue") },
			path: "http_request.color", message: "not defined in http_request",
		},
		{
			name:    "attribute absent from 1.1.0",
			version: "1.1.0",
			edit:    func(t testing.TB, e map[string]any) { setPath(t, e, "src_endpoint.pool", map[string]any{"name": "tg"}) },
			path:    "src_endpoint.pool", message: "not defined",
		},
		{
			name: "profile attribute without profile",
			edit: func(t testing.TB, e map[string]any) {
				setPath(t, e, "load_balancer", map[string]any{"name": "my-lb"})
			},
			path: "load_balancer", message: "load_balancer profile",
		},
		{
			name: "datetime attribute without profile",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "metadata.profiles", []any{"cloud"}) },
			path: "time_dt", message: "datetime profile",
		},
		{
			name: "profile attribute required when declared",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "cloud", nil) },
			path: "cloud", message: "required",
		},
		{
			name: "unknown profile name",
			edit: func(t testing.TB, e map[string]any) {
				setPath(t, e, "metadata.profiles", []any{"cloud", "datetime", "nope"})
			},
			path: "metadata.profiles[2]", message: "unknown profile",
		},
		{
			name: "class at_least_one",
			edit: func(t testing.TB, e map[string]any) {
				setPath(t, e, "http_request", nil)
				setPath(t, e, "http_response", nil)
			},
			path: "", message: "at least one of http_request, http_response",
		},
		{
			name: "object at_least_one",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "http_request.url.path", nil) },
			path: "http_request.url", message: "at least one of url_string, path",
		},
		{
			name: "object just_one",
			edit: func(t testing.TB, e map[string]any) {
				setPath(t, e, "metadata.profiles", []any{"cloud", "datetime", "osint"})
				setPath(t, e, "osint", []any{map[string]any{
					"type_id": number(2), "value": "192.0.2.10",
					"vulnerabilities": []any{map[string]any{
						"cve": map[string]any{"uid": "CVE-2024-0001"},
						"cwe": map[string]any{"uid": "CWE-79"},
					}},
				}})
			},
			path: "osint[0].vulnerabilities[0]", message: "exactly one of advisory, cve, cwe",
		},
		{
			name: "type_uid mismatch",
			edit: func(t testing.TB, e map[string]any) {
				setPath(t, e, "type_uid", number(400204))
				setPath(t, e, "type_name", "HTTP Activity: Head")
			},
			path: "type_uid", message: "want class_uid*100+activity_id = 400203",
		},
		{
			name: "class_uid of another class",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "class_uid", number(4001)) },
			path: "class_uid", message: "not in the enum (4002 HTTP Activity)",
		},
		{
			name: "category_uid of another category",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "category_uid", number(3)) },
			path: "category_uid", message: "not in the enum (4 Network Activity)",
		},
		{
			name: "metadata version mismatch",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "metadata.version", "1.1.0") },
			path: "metadata.version", message: `want "1.8.0"`,
		},
		{
			name: "unmapped not an object",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "unmapped", "elb=app/x") },
			path: "unmapped", message: "want an object",
		},
		{
			name: "null array element",
			edit: func(t testing.TB, e map[string]any) { setPath(t, e, "observables", []any{nil}) },
			path: "observables[0]", message: "got null",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			version, text := "1.8.0", validEvent18
			if tt.version == "1.1.0" {
				version, text = "1.1.0", validEvent11
			}
			event := decodeEvent(t, text)
			tt.edit(t, event)
			res := mustLoad(t, version).Validate(event)
			if !hasViolation(res, tt.path, tt.message) {
				t.Errorf("got violations %+v, want one at %q containing %q", res.Violations, tt.path, tt.message)
			}
		})
	}
}

func hasViolation(res Result, path, message string) bool {
	for _, v := range res.Violations {
		if v.Path == path && strings.Contains(v.Message, message) {
			return true
		}
	}
	return false
}

func TestValidateAccepts(t *testing.T) {
	tests := []struct {
		name string
		edit func(t testing.TB, e map[string]any)
	}{
		{"other id with source text", func(t testing.TB, e map[string]any) {
			setPath(t, e, "activity_id", number(99))
			setPath(t, e, "activity_name", "PROPFIND")
			setPath(t, e, "type_uid", number(400299))
			setPath(t, e, "type_name", "HTTP Activity: Other")
		}},
		{"profile attribute absent when undeclared", func(t testing.TB, e map[string]any) {
			setPath(t, e, "metadata.profiles", []any{"datetime"})
			setPath(t, e, "cloud", nil)
		}},
		{"null counts as absent", func(t testing.TB, e map[string]any) {
			e["message"] = nil
			setPath(t, e, "http_request.url.port", nil)
		}},
		{"datetime_t as time.Time", func(t testing.TB, e map[string]any) {
			setPath(t, e, "time_dt", time.UnixMicro(1716349709047890).UTC())
		}},
		{"datetime_t with offset", func(t testing.TB, e map[string]any) {
			setPath(t, e, "time_dt", "2024-05-22T05:48:29.04789+02:00")
		}},
		{"ipv6 address", func(t testing.TB, e map[string]any) {
			setPath(t, e, "src_endpoint.ip", "2001:db8::1")
		}},
		{"unmapped free form", func(t testing.TB, e map[string]any) {
			setPath(t, e, "unmapped", map[string]any{"field_34": "x", "actions_executed": "waf,forward"})
		}},
		{"port at upper bound", func(t testing.TB, e map[string]any) {
			setPath(t, e, "src_endpoint.port", number(65535))
		}},
		{"long_t above 32 bits", func(t testing.TB, e map[string]any) {
			setPath(t, e, "traffic", map[string]any{"bytes": number(1 << 40)})
		}},
		{"go integers", func(t testing.TB, e map[string]any) {
			setPath(t, e, "severity_id", 1)
			setPath(t, e, "time", int64(1716349709047))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			event := decodeEvent(t, validEvent18)
			tt.edit(t, event)
			if res := mustLoad(t, "1.8.0").Validate(event); !res.Valid() {
				t.Errorf("got violations %+v, want none", res.Violations)
			}
		})
	}
}

func TestValidateWarnings(t *testing.T) {
	event := decodeEvent(t, validEvent18)
	setPath(t, event, "http_status", number(200))
	setPath(t, event, "observables.0.name", nil)
	res := mustLoad(t, "1.8.0").Validate(event)
	if !res.Valid() {
		t.Fatalf("got violations %+v, want none", res.Violations)
	}
	want := map[string]string{
		"message":          "recommended attribute is missing",
		"observables.name": "recommended attribute is missing",
		"http_status":      "deprecated since 1.1.0",
	}
	for path, message := range want {
		found := false
		for _, w := range res.Warnings {
			found = found || (w.Path == path && w.Message == message)
		}
		if !found {
			t.Errorf("got warnings %+v, want %q at %q", res.Warnings, message, path)
		}
	}
	for _, w := range res.Warnings {
		if w.Path == "load_balancer" {
			t.Errorf("got warning at load_balancer, want none: its profile is not declared")
		}
	}
}

// FuzzValidate feeds arbitrary JSON objects to Validate, which must not panic.
func FuzzValidate(f *testing.F) {
	f.Add(validEvent18)
	f.Add(validEvent11)
	f.Add(`{"metadata": {"profiles": [1, null, "osint"]}, "osint": [{"vulnerabilities": [null, 3, {}]}]}`)
	f.Add(`{"class_uid": 1e400, "type_uid": "x", "observables": [[]], "time_dt": {}}`)
	schemas := []*Schema{mustLoad(f, "1.8.0"), mustLoad(f, "1.1.0")}
	f.Fuzz(func(t *testing.T, text string) {
		dec := json.NewDecoder(bytes.NewReader([]byte(text)))
		dec.UseNumber()
		var event map[string]any
		if dec.Decode(&event) != nil {
			return
		}
		for _, s := range schemas {
			s.Validate(event)
		}
	})
}

func TestValidateDateTimeSibling(t *testing.T) {
	s := mustLoad(t, "1.8.0")
	event := decodeEvent(t, validEvent18)
	setPath(t, event, "time", number(1700000000123))
	setPath(t, event, "time_dt", "2023-11-14T22:13:20.123456Z")
	setPath(t, event, "metadata.profiles", []any{"cloud", "datetime"})
	if res := s.Validate(event); hasViolation(res, "time_dt", "") {
		t.Errorf("matching time_dt rejected: %+v", res.Violations)
	}
	setPath(t, event, "time_dt", "2024-11-14T22:13:20.123456Z")
	if res := s.Validate(event); !hasViolation(res, "time_dt", "want the instant of time") {
		t.Errorf("time_dt a year off accepted: %+v", res.Violations)
	}
}
