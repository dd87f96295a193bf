package alb

import (
	"errors"
	"strconv"
	strs "strings"
	"testing"
)

// fullLine is a 33-field https line written for these tests.
var fullLine = []string{
	"https", "2025-08-22T09:01:02.123456Z", "app/web-alb/50dc6c495c0c9188",
	"192.0.2.10:50718", "198.51.100.20:8080", "0.001", "0.045", "0.000",
	"200", "201", "512", "2048",
	`"POST https://www.example.com:443/api/orders?id=7 HTTP/1.1"`,
	`"Mozilla/5.0 (X11; Linux x86_64)"`, "TLS_AES_128_GCM_SHA256", "TLSv1.3",
	"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067",
	`"Root=1-68a82f0c-3a1f2b4c5d6e7f8091a2b3c5"`, `"www.example.com"`,
	`"arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"`,
	"10", "2025-08-22T09:01:02.077000Z", `"waf,forward"`, `"-"`, `"-"`,
	`"198.51.100.20:8080"`, `"201"`, `"-"`, `"-"`, "TID_0123456789abcdef0123456789abcdef",
	`"-"`, `"-"`, `"-"`,
}

// lineOf joins the first n fields of fullLine, then any extra fields.
func lineOf(n int, extra ...string) []byte {
	fields := append(append([]string(nil), fullLine[:n]...), extra...)
	return []byte(strs.Join(fields, " "))
}

// withField returns fullLine with the field at position i replaced.
func withField(i int, value string) []byte {
	fields := append([]string(nil), fullLine...)
	fields[i] = value
	return []byte(strs.Join(fields, " "))
}

func TestParseGenerations(t *testing.T) {
	for _, n := range Generations {
		t.Run(strconv.Itoa(n)+" fields", func(t *testing.T) {
			var r Record
			if err := Parse(lineOf(n), &r); err != nil {
				t.Fatalf("Parse error = %v", err)
			}
			if len(r.Fields) != n {
				t.Errorf("fields = %d, want %d", len(r.Fields), n)
			}
			if r.Known != n {
				t.Errorf("known = %d, want %d", r.Known, n)
			}
			if got := string(r.Field(FieldELB)); got != "app/web-alb/50dc6c495c0c9188" {
				t.Errorf("elb = %q", got)
			}
			if len(r.Extra()) != 0 {
				t.Errorf("extra = %q, want none", asStrings(r.Extra()))
			}
		})
	}
}

func TestParseValues(t *testing.T) {
	var r Record
	if err := Parse(lineOf(33), &r); err != nil {
		t.Fatalf("Parse error = %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"time", r.Time, int64(1755853262123456)},
		{"request_creation_time", r.RequestCreationTime, Int{Value: 1755853262077000, Valid: true}},
		{"client ip", string(r.Client.IP), "192.0.2.10"},
		{"client port", r.Client.Port, int32(50718)},
		{"client version", r.Client.IPVersion, 4},
		{"target ip", string(r.Target.IP), "198.51.100.20"},
		{"target port", r.Target.Port, int32(8080)},
		{"request time", r.RequestProcessingTime.Nanos, int64(1_000_000)},
		{"target time ms", r.TargetProcessingTime.Millis(), int64(45)},
		{"target time text", string(r.TargetProcessingTime.Text), "0.045"},
		{"elb status", r.ELBStatusCode, Int{Value: 200, Valid: true}},
		{"target status", r.TargetStatusCode, Int{Value: 201, Valid: true}},
		{"received", r.ReceivedBytes, Int{Value: 512, Valid: true}},
		{"sent", r.SentBytes, Int{Value: 2048, Valid: true}},
		{"priority", r.MatchedRulePriority, Int{Value: 10, Valid: true}},
		{"method", string(r.Method), "POST"},
		{"url", string(r.URL), "https://www.example.com:443/api/orders?id=7"},
		{"protocol", string(r.Protocol), "HTTP/1.1"},
		{"user agent", string(r.Field(FieldUserAgent)), "Mozilla/5.0 (X11; Linux x86_64)"},
		{"conn trace id", string(r.Field(FieldConnTraceID)), "TID_0123456789abcdef0123456789abcdef"},
		{"absent redirect", r.Field(FieldRedirectURL) == nil, true},
		{"absent transform", r.Field(FieldRequestTransformStatus) == nil, true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestParseQuirks(t *testing.T) {
	tests := []struct {
		name  string
		line  []byte
		check func(t *testing.T, r *Record)
	}{
		{"minus one timings", withFields(map[int]string{5: "-1", 6: "-1", 7: "-1"}), func(t *testing.T, r *Record) {
			for i, s := range []Seconds{r.RequestProcessingTime, r.TargetProcessingTime, r.ResponseProcessingTime} {
				if s.Measured {
					t.Errorf("timing %d measured, want not measured", i)
				}
				if string(s.Text) != "-1" {
					t.Errorf("timing %d text = %q, want -1", i, s.Text)
				}
			}
		}},
		{"dash target and status", withFields(map[int]string{4: "-", 9: "-"}), func(t *testing.T, r *Record) {
			if r.Target.Valid {
				t.Error("target valid, want absent")
			}
			if r.TargetStatusCode.Valid {
				t.Error("target status valid, want absent")
			}
		}},
		{"dash elb status", withField(FieldELBStatusCode, "-"), func(t *testing.T, r *Record) {
			if r.ELBStatusCode.Valid {
				t.Error("elb status valid, want absent")
			}
		}},
		{"unbracketed ipv6 client", withField(FieldClient, "2001:db8:4538:1:bcf4:5264:e01c:f215:50718"), func(t *testing.T, r *Record) {
			if string(r.Client.IP) != "2001:db8:4538:1:bcf4:5264:e01c:f215" || r.Client.Port != 50718 || r.Client.IPVersion != 6 {
				t.Errorf("client = %s port %d v%d", r.Client.IP, r.Client.Port, r.Client.IPVersion)
			}
		}},
		{"bracketed ipv6 client", withField(FieldClient, "[2001:db8::1]:443"), func(t *testing.T, r *Record) {
			if string(r.Client.IP) != "2001:db8::1" || r.Client.Port != 443 {
				t.Errorf("client = %s port %d", r.Client.IP, r.Client.Port)
			}
		}},
		{"malformed request", withField(FieldRequest, `"- http://www.example.com:80- -"`), func(t *testing.T, r *Record) {
			if r.Method != nil || r.Protocol != nil {
				t.Errorf("method %q protocol %q, want absent", r.Method, r.Protocol)
			}
			if string(r.URL) != "http://www.example.com:80-" {
				t.Errorf("url = %q", r.URL)
			}
		}},
		{"all dash request", withField(FieldRequest, `"- - -"`), func(t *testing.T, r *Record) {
			if r.Method != nil || r.URL != nil || r.Protocol != nil {
				t.Errorf("request parts = %q %q %q, want all absent", r.Method, r.URL, r.Protocol)
			}
		}},
		{"empty protocol", withField(FieldRequest, `"- http://internal.example.com:80-/ "`), func(t *testing.T, r *Record) {
			if string(r.URL) != "http://internal.example.com:80-/" || r.Protocol != nil {
				t.Errorf("url %q protocol %q", r.URL, r.Protocol)
			}
		}},
		{"space in url", withField(FieldRequest, `"GET http://www.example.com:80/a b?c d HTTP/1.1"`), func(t *testing.T, r *Record) {
			if string(r.URL) != "http://www.example.com:80/a b?c d" {
				t.Errorf("url = %q", r.URL)
			}
		}},
		{"unknown trailing fields", lineOf(33, `"future value"`, "x"), func(t *testing.T, r *Record) {
			if r.Known != 33 || len(r.Extra()) != 2 || string(r.Extra()[0]) != "future value" {
				t.Errorf("known %d extra %q", r.Known, asStrings(r.Extra()))
			}
			if FieldName(r.Known) != "field_34" {
				t.Errorf("first unknown field name = %q, want field_34", FieldName(r.Known))
			}
		}},
		{"foreign fields after 29", lineOf(29, `"FOO BAR"`, "BAZ"), func(t *testing.T, r *Record) {
			if r.Known != 29 || len(r.Extra()) != 2 {
				t.Errorf("known %d extra %q, want 29 and two extras", r.Known, asStrings(r.Extra()))
			}
			if r.Field(FieldConnTraceID) != nil {
				t.Errorf("conn_trace_id = %q, want absent", r.Field(FieldConnTraceID))
			}
		}},
		{"negative rule priority", withField(FieldMatchedRulePriority, "-1"), func(t *testing.T, r *Record) {
			if r.MatchedRulePriority != (Int{Value: -1, Valid: true}) {
				t.Errorf("priority = %+v", r.MatchedRulePriority)
			}
		}},
		{"time without fraction", withField(FieldTime, "2023-04-01T12:00:00Z"), func(t *testing.T, r *Record) {
			if r.Time != 1680350400000000 {
				t.Errorf("time = %d", r.Time)
			}
		}},
		{"nanosecond fraction", withField(FieldTime, "2023-04-01T12:00:00.123456789Z"), func(t *testing.T, r *Record) {
			if r.Time != 1680350400123456 {
				t.Errorf("time = %d", r.Time)
			}
		}},
		{"huge sent bytes", withField(FieldSentBytes, "5000000000"), func(t *testing.T, r *Record) {
			if r.SentBytes.Value != 5000000000 {
				t.Errorf("sent = %d", r.SentBytes.Value)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Record
			if err := Parse(tt.line, &r); err != nil {
				t.Fatalf("Parse error = %v", err)
			}
			tt.check(t, &r)
		})
	}
}

func withFields(values map[int]string) []byte {
	fields := append([]string(nil), fullLine...)
	for i, v := range values {
		fields[i] = v
	}
	return []byte(strs.Join(fields, " "))
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name   string
		line   []byte
		reason string
		field  string
	}{
		{"too few fields", lineOf(19), ReasonFieldCount, ""},
		{"bad time", withField(FieldTime, "2025-08-22T09:01:02"), ReasonInvalidTime, "time"},
		{"impossible date", withField(FieldTime, "2025-02-30T09:01:02.000000Z"), ReasonInvalidTime, "time"},
		{"truncated creation time", withField(FieldRequestCreationTime, "2023-02-07T01:32:22"), ReasonInvalidTime, "request_creation_time"},
		{"client without port", withField(FieldClient, "192.0.2.10"), ReasonInvalidAddress, "client:port"},
		{"client dash", withField(FieldClient, "-"), ReasonInvalidAddress, "client:port"},
		{"client bad ip", withField(FieldClient, "999.0.2.10:80"), ReasonInvalidAddress, "client:port"},
		{"target bad port", withField(FieldTarget, "198.51.100.20:99999"), ReasonInvalidAddress, "target:port"},
		{"text bytes", withField(FieldReceivedBytes, "abc"), ReasonInvalidNumber, "received_bytes"},
		{"negative bytes", withField(FieldSentBytes, "-5"), ReasonInvalidNumber, "sent_bytes"},
		{"text status", withField(FieldELBStatusCode, "OK"), ReasonInvalidNumber, "elb_status_code"},
		{"text timing", withField(FieldTargetProcessingTime, "fast"), ReasonInvalidNumber, "target_processing_time"},
		{"negative timing", withField(FieldTargetProcessingTime, "-0.5"), ReasonInvalidNumber, "target_processing_time"},
		{"text priority", withField(FieldMatchedRulePriority, "high"), ReasonInvalidNumber, "matched_rule_priority"},
		{"glued quote", withField(FieldChosenCertARN, `"-"1`), ReasonUnexpectedQuote, "chosen_cert_arn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Record
			err := Parse(tt.line, &r)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v, want a *ParseError", err)
			}
			if pe.Reason != tt.reason {
				t.Errorf("reason = %q, want %q", pe.Reason, tt.reason)
			}
			if pe.FieldName() != tt.field {
				t.Errorf("field = %q, want %q", pe.FieldName(), tt.field)
			}
			if tt.field != "" && !strs.Contains(pe.Error(), tt.field) {
				t.Errorf("message %q does not name the field %q", pe.Error(), tt.field)
			}
		})
	}
}

func TestParseReusesRecord(t *testing.T) {
	var r Record
	if err := Parse(lineOf(33, "x"), &r); err != nil {
		t.Fatal(err)
	}
	if err := Parse(lineOf(20), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Fields) != 20 || r.Field(FieldConnTraceID) != nil || r.RequestCreationTime.Valid {
		t.Errorf("second parse kept state of the first: %d fields", len(r.Fields))
	}
}

func TestParseTimestampEdges(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int64 // microseconds; ignored when !ok
		ok   bool
	}{
		{"epoch", "1970-01-01T00:00:00Z", 0, true},
		{"year zero january", "0000-01-01T00:00:00.000000Z", -62167219200000000, true},
		{"year zero leap day", "0000-02-29T00:00:00Z", -62162121600000000, true},
		{"year 9999", "9999-12-31T23:59:59.999999Z", 253402300799999999, true},
		{"not a leap year", "2023-02-29T00:00:00Z", 0, false},
		{"offset instead of Z", "2023-02-01T00:00:00+01:00", 0, false},
		{"ten fraction digits", "2023-02-01T00:00:00.1234567890Z", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseTimestamp([]byte(tt.in))
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if ok && got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestParseUintLimits(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"4611686018427387904", 4611686018427387904, true},
		{"9223372036854775807", 9223372036854775807, true},
		{"9223372036854775808", 0, false},
		{"18446744073709551616", 0, false},
		{"1e3", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseUint([]byte(tt.in))
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseUint(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
