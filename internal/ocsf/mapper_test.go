package ocsf

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
)

// baseFields is a 33-field line written for these tests; cases replace fields.
var baseFields = []string{
	"https", "2025-08-22T09:01:02.123456Z", "app/web-alb/50dc6c495c0c9188",
	"192.0.2.10:50718", "198.51.100.20:8080", "0.001", "0.045", "0.000",
	"200", "201", "512", "2048",
	`"GET https://www.example.com:443/a?b=c HTTP/1.1"`, `"curl/8.5.0"`,
	"TLS_AES_128_GCM_SHA256", "TLSv1.3",
	"arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067",
	`"Root=1-68a82f0c-3a1f2b4c5d6e7f8091a2b3c5"`, `"www.example.com"`, `"-"`,
	"10", "2025-08-22T09:01:02.077000Z", `"forward"`, `"-"`, `"-"`,
	`"198.51.100.20:8080"`, `"201"`, `"-"`, `"-"`, "TID_0123456789abcdef0123456789abcdef",
	`"-"`, `"-"`, `"-"`,
}

// mapLine parses the base line with the given fields replaced and maps it.
func mapLine(t *testing.T, opts Options, replace map[int]string) *Event {
	t.Helper()
	fields := append([]string(nil), baseFields...)
	for i, v := range replace {
		fields[i] = v
	}
	line := []byte(strings.Join(fields, " "))
	var rec alb.Record
	if err := alb.Parse(line, &rec); err != nil {
		t.Fatalf("parse: %v", err)
	}
	return newMapper(t, opts).Map(&rec, line, NewSource("/logs/a.log.gz"), 7)
}

func newMapper(t *testing.T, opts Options) *Mapper {
	t.Helper()
	m, err := NewMapper(opts)
	if err != nil {
		t.Fatalf("NewMapper: %v", err)
	}
	return m
}

func TestMapActivity(t *testing.T) {
	tests := []struct {
		name     string
		request  string
		version  string
		id       int32
		caption  string
		method   string
		unmapped string
	}{
		{"get", `"GET https://h:443/ HTTP/1.1"`, Version180, 3, "Get", "GET", ""},
		{"lowercase", `"get https://h:443/ HTTP/1.1"`, Version180, 3, "Get", "GET", ""},
		{"patch", `"PATCH https://h:443/ HTTP/1.1"`, Version180, 9, "Patch", "PATCH", ""},
		{"patch in 1.1.0", `"PATCH https://h:443/ HTTP/1.1"`, Version110, 99, "PATCH", "", "PATCH"},
		{"unknown method", `"PROPFIND https://h:443/ HTTP/1.1"`, Version180, 99, "PROPFIND", "", "PROPFIND"},
		{"dash method", `"- http://h:80- -"`, Version180, 0, "Unknown", "", ""},
		{"all dashes", `"- - -"`, Version180, 0, "Unknown", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := mapLine(t, Options{Version: tt.version}, map[int]string{alb.FieldRequest: tt.request})
			if ev.ActivityID != tt.id {
				t.Errorf("activity_id = %d, want %d", ev.ActivityID, tt.id)
			}
			if ev.ActivityName != tt.caption {
				t.Errorf("activity_name = %q, want %q", ev.ActivityName, tt.caption)
			}
			if ev.TypeUID != 400200+int64(tt.id) {
				t.Errorf("type_uid = %d, want %d", ev.TypeUID, 400200+int64(tt.id))
			}
			if ev.HTTPRequest.HTTPMethod != tt.method {
				t.Errorf("http_method = %q, want %q", ev.HTTPRequest.HTTPMethod, tt.method)
			}
			if ev.Unmapped["http_method"] != tt.unmapped {
				t.Errorf("unmapped.http_method = %q, want %q", ev.Unmapped["http_method"], tt.unmapped)
			}
		})
	}
}

func TestMapStatus(t *testing.T) {
	tests := []struct {
		name     string
		code     string
		statusID int32
		text     string
		response bool
	}{
		{"success", "200", 1, "200", true},
		{"redirect", "302", 1, "302", true},
		{"client error", "460", 2, "460", true},
		{"server error", "504", 2, "504", true},
		{"absent", "-", 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := mapLine(t, Options{}, map[int]string{alb.FieldELBStatusCode: tt.code})
			if ev.StatusID != tt.statusID {
				t.Errorf("status_id = %d, want %d", ev.StatusID, tt.statusID)
			}
			if ev.StatusCode != tt.text {
				t.Errorf("status_code = %q, want %q", ev.StatusCode, tt.text)
			}
			if (ev.HTTPResponse != nil) != tt.response {
				t.Errorf("http_response present = %v, want %v", ev.HTTPResponse != nil, tt.response)
			}
		})
	}
}

func TestMapSecurityControl(t *testing.T) {
	tests := []struct {
		name        string
		actions     string
		action      int32
		disposition int32
		profile     bool
	}{
		{"forward", `"forward"`, 1, 1, true},
		{"waf then forward", `"waf,forward"`, 1, 1, true},
		{"waf block", `"waf"`, 2, 2, true},
		{"waf failed", `"waf-failed"`, 2, 27, true},
		{"authentication stop", `"authenticate"`, 2, 26, true},
		{"redirect", `"redirect"`, 1, 1, true},
		{"fixed response", `"fixed-response"`, 1, 1, true},
		{"unknown action", `"jwt-validation"`, 99, 99, true},
		{"absent", `"-"`, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := mapLine(t, Options{}, map[int]string{alb.FieldActionsExecuted: tt.actions})
			hasProfile := strings.Contains(strings.Join(ev.Metadata.Profiles, ","), "security_control")
			if hasProfile != tt.profile {
				t.Errorf("security_control profile = %v, want %v", hasProfile, tt.profile)
			}
			if !tt.profile {
				if ev.ActionID != nil || ev.DispositionID != nil {
					t.Errorf("action_id or disposition_id set without actions")
				}
				return
			}
			if *ev.ActionID != tt.action {
				t.Errorf("action_id = %d, want %d", *ev.ActionID, tt.action)
			}
			if *ev.DispositionID != tt.disposition {
				t.Errorf("disposition_id = %d, want %d", *ev.DispositionID, tt.disposition)
			}
		})
	}
}

func TestMapSeverity(t *testing.T) {
	tests := []struct {
		name           string
		classification string
		want           int32
	}{
		{"compliant", `"-"`, 1},
		{"acceptable", `"Acceptable"`, 1},
		{"ambiguous", `"Ambiguous"`, 2},
		{"severe", `"Severe"`, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := mapLine(t, Options{}, map[int]string{alb.FieldClassification: tt.classification})
			if ev.SeverityID != tt.want {
				t.Errorf("severity_id = %d, want %d", ev.SeverityID, tt.want)
			}
		})
	}
}

func TestMapTrafficDirection(t *testing.T) {
	ev := mapLine(t, Options{}, nil)
	if *ev.Traffic.BytesOut != 512 {
		t.Errorf("bytes_out = %d, want 512 (received_bytes: client to load balancer)", *ev.Traffic.BytesOut)
	}
	if *ev.Traffic.BytesIn != 2048 {
		t.Errorf("bytes_in = %d, want 2048 (sent_bytes: load balancer to client)", *ev.Traffic.BytesIn)
	}
	if *ev.Traffic.Bytes != 2560 {
		t.Errorf("bytes = %d, want 2560", *ev.Traffic.Bytes)
	}
}

func TestMapTimes(t *testing.T) {
	tests := []struct {
		name     string
		creation string
		duration int64 // -1: absent
	}{
		{"normal", "2025-08-22T09:01:02.077000Z", 46},
		{"creation after time", "2025-08-22T09:01:03.000000Z", -1},
		{"creation absent", "-", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := mapLine(t, Options{}, map[int]string{alb.FieldRequestCreationTime: tt.creation})
			if ev.Time != 1755853262123 || ev.EndTime != ev.Time {
				t.Errorf("time = %d, end_time = %d, want 1755853262123 for both", ev.Time, ev.EndTime)
			}
			if got := ev.TimeDT.String(); got != "2025-08-22T09:01:02.123456Z" {
				t.Errorf("time_dt = %s", got)
			}
			if tt.duration < 0 && ev.Duration != nil {
				t.Errorf("duration = %d, want absent", *ev.Duration)
			}
			if tt.duration >= 0 && (ev.Duration == nil || *ev.Duration != tt.duration) {
				t.Errorf("duration = %v, want %d", ev.Duration, tt.duration)
			}
		})
	}
}

func TestMapTLS(t *testing.T) {
	plain := mapLine(t, Options{}, map[int]string{alb.FieldSSLCipher: "-", alb.FieldSSLProtocol: "-", alb.FieldDomainName: `"-"`})
	if plain.TLS != nil {
		t.Errorf("tls = %+v, want absent on plain HTTP", plain.TLS)
	}
	orphan := mapLine(t, Options{}, map[int]string{alb.FieldSSLCipher: "(NONE)", alb.FieldSSLProtocol: "-"})
	if orphan.Unmapped["ssl_cipher"] != "(NONE)" {
		t.Errorf("unmapped.ssl_cipher = %q, want (NONE)", orphan.Unmapped["ssl_cipher"])
	}
	tls := mapLine(t, Options{}, map[int]string{alb.FieldSSLCipher: "(NONE)"})
	if tls.TLS == nil || tls.TLS.Cipher != "(NONE)" || tls.TLS.Version != "TLSv1.3" {
		t.Errorf("tls = %+v, want version TLSv1.3 and cipher (NONE)", tls.TLS)
	}
}

func TestMapInvalidUTF8(t *testing.T) {
	ev := mapLine(t, Options{}, map[int]string{alb.FieldUserAgent: "\"Mozilla \xc6\xc6 \xff\""})
	if want := `Mozilla \xc6\xc6 \xff`; ev.HTTPRequest.UserAgent != want {
		t.Errorf("user_agent = %q, want %q", ev.HTTPRequest.UserAgent, want)
	}
	if !utf8.ValidString(ev.RawData) {
		t.Errorf("raw_data is not valid UTF-8: %q", ev.RawData)
	}
}

func TestMapRawDataOption(t *testing.T) {
	if ev := mapLine(t, Options{OmitRawData: true}, nil); ev.RawData != "" {
		t.Errorf("raw_data = %q, want absent", ev.RawData)
	}
	if ev := mapLine(t, Options{}, nil); !strings.HasPrefix(ev.RawData, "https 2025-08-22") {
		t.Errorf("raw_data = %q, want the line", ev.RawData)
	}
}

func TestMapCloudFromARN(t *testing.T) {
	ev := mapLine(t, Options{}, nil)
	if ev.Cloud.Region != "eu-west-1" || ev.Cloud.Account == nil || ev.Cloud.Account.UID != "123456789012" {
		t.Errorf("cloud = %+v", ev.Cloud)
	}
	want := "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web-alb/50dc6c495c0c9188"
	if ev.LoadBalancer.UID != want {
		t.Errorf("load_balancer.uid = %q, want %q", ev.LoadBalancer.UID, want)
	}
	if ev.DstEndpoint.UID != baseFields[alb.FieldTargetGroupARN] {
		t.Errorf("dst_endpoint.uid = %q, want the target group ARN", ev.DstEndpoint.UID)
	}
}

func TestMapMetricsSkipUnmeasured(t *testing.T) {
	ev := mapLine(t, Options{}, map[int]string{alb.FieldRequestProcessingTime: "-1", alb.FieldTargetProcessingTime: "-1"})
	if len(ev.LoadBalancer.Metrics) != 1 || ev.LoadBalancer.Metrics[0].Name != "response_processing_time" {
		t.Errorf("metrics = %+v, want only response_processing_time", ev.LoadBalancer.Metrics)
	}
	if ev.HTTPResponse.Latency != nil {
		t.Errorf("latency = %d, want absent when target_processing_time is -1", *ev.HTTPResponse.Latency)
	}
}

func TestEventUIDStable(t *testing.T) {
	a := eventUID("x.log", []byte("line"), 3)
	if b := eventUID("x.log", []byte("other"), 3); a == b {
		t.Errorf("two files named x.log with different lines share uid %s", a)
	}
	if b := eventUID("x.log", []byte("line"), 3); a != b {
		t.Errorf("the same line of the same file gets two uids: %s, %s", a, b)
	}
	if c := eventUID("x.log", nil, 4); a == c {
		t.Errorf("uid does not depend on the line number")
	}
	if len(a) != 32 {
		t.Errorf("uid %q has %d characters, want 32", a, len(a))
	}
	if uidName("s3://b/k/x.log.gz") != uidName("/tmp/x.log") {
		t.Errorf("S3 and local copies of one file get different uid names")
	}
}

func TestSplitURL(t *testing.T) {
	tests := []struct {
		name                      string
		url                       string
		ok                        bool
		scheme, host, path, query string
		port                      int32
		hasPort                   bool
	}{
		{"full", "https://www.example.com:443/a/b?x=1&y=2", true, "https", "www.example.com", "/a/b", "x=1&y=2", 443, true},
		{"ipv6 literal", "http://[::ffff:a9fe:a9fe]:443/", true, "http", "::ffff:a9fe:a9fe", "/", "", 443, true},
		{"bad port", "http://www.example.com:80-", true, "http", "www.example.com", "", "", 0, false},
		{"bad port with path", "http://internal.example.com:80-/", true, "http", "internal.example.com", "/", "", 0, false},
		{"space in path", "http://h:80/a b?c d", true, "http", "h", "/a b", "c d", 80, true},
		{"escaped quote", `http://h:80/q?x=\x22`, true, "http", "h", "/q", `x=\x22`, 80, true},
		{"path only", "/index.html?a", true, "", "", "/index.html", "a", 0, false},
		{"asterisk", "*", false, "", "", "", "", 0, false},
		{"no host", "http://:80/", true, "http", "", "/", "", 80, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := splitURL([]byte(tt.url))
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			got := []string{string(p.scheme), string(p.hostname), string(p.path), string(p.query)}
			want := []string{tt.scheme, tt.host, tt.path, tt.query}
			for i, name := range []string{"scheme", "host", "path", "query"} {
				if got[i] != want[i] {
					t.Errorf("%s = %q, want %q", name, got[i], want[i])
				}
			}
			if p.hasPort != tt.hasPort || p.port != tt.port {
				t.Errorf("port = %d (%v), want %d (%v)", p.port, p.hasPort, tt.port, tt.hasPort)
			}
		})
	}
}

func TestMapBadStatusListKept(t *testing.T) {
	ev := mapLine(t, Options{}, map[int]string{alb.FieldTargetStatusCodeList: `"abc"`})
	if ev.LoadBalancer.EndpointConnections != nil {
		t.Errorf("endpoint_connections = %+v, want none", ev.LoadBalancer.EndpointConnections)
	}
	if got := ev.Unmapped["target_status_code_list"]; got != "abc" {
		t.Errorf("unmapped.target_status_code_list = %q, want abc", got)
	}
	if got := ev.Unmapped["target_port_list"]; got != "198.51.100.20:8080" {
		t.Errorf("unmapped.target_port_list = %q, want the target list", got)
	}
}
