package validate

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
	"github.com/alb2ocsf/alb2ocsf/internal/schema"
)

func ptr[T any](v T) *T { return &v }

// sampleEvent returns a filled OCSF 1.8.0 event such as the mapping writes.
func sampleEvent() ocsf.Event {
	at := time.Date(2024, 5, 22, 3, 48, 29, 47890000, time.UTC)
	dt := ocsf.DateTime(at.UnixMicro())
	return ocsf.Event{
		ActivityID: 3, ActivityName: "Get",
		CategoryUID: 4, CategoryName: "Network Activity",
		ClassUID: 4002, ClassName: "HTTP Activity",
		TypeUID: 400203, TypeName: "HTTP Activity: Get",
		SeverityID: 1, Severity: "Informational",
		StatusID: 1, Status: "Success", StatusCode: "200",
		Message: "GET https://example.com:443/ 200",
		Time:    at.UnixMilli(), TimeDT: dt,
		StartTime: ptr(at.UnixMilli() - 5), StartTimeDT: ptr(dt - 5000),
		EndTime: at.UnixMilli(), EndTimeDT: dt,
		Duration: ptr(int64(5)),
		ActionID: ptr(int32(1)), Action: "Allowed",
		DispositionID: ptr(int32(1)), Disposition: "Allowed",
		Metadata: ocsf.Metadata{
			Version: "1.8.0",
			Product: ocsf.Product{Name: "Elastic Load Balancing", VendorName: "AWS",
				Feature: ocsf.Feature{Name: "Application Load Balancer access logs"}},
			UID:          "0f3c",
			LogSource:    "s3://bucket/AWSLogs/123456789012/elasticloadbalancing/us-east-1/x.log.gz",
			OriginalTime: "2024-05-22T03:48:29.047890Z",
			Profiles:     []string{"cloud", "datetime", "load_balancer", "security_control", "trace"},
		},
		Cloud: ocsf.Cloud{Provider: "AWS", Region: "us-east-1",
			Account: &ocsf.Account{UID: "123456789012", TypeID: 10, Type: "AWS Account"}},
		SrcEndpoint: &ocsf.NetworkEndpoint{IP: "192.0.2.10", Port: ptr(int32(51234))},
		DstEndpoint: &ocsf.NetworkEndpoint{IP: "10.0.0.5", Port: ptr(int32(80)),
			UID: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/73e2d6bc24d8a067"},
		ConnectionInfo: &ocsf.ConnectionInfo{UID: "TID_1", ProtocolName: "tcp", ProtocolNum: 6,
			ProtocolVerID: 4, ProtocolVer: "Internet Protocol version 4 (IPv4)", DirectionID: 1, Direction: "Inbound"},
		HTTPRequest: &ocsf.HTTPRequest{HTTPMethod: "GET", Version: "HTTP/1.1", UserAgent: "curl/8.0",
			Length: ptr(int32(120)), URL: &ocsf.URL{URLString: "https://example.com:443/", Scheme: "https",
				Hostname: "example.com", Port: ptr(int32(443)), Path: "/"}},
		HTTPResponse: &ocsf.HTTPResponse{Code: 200, Length: ptr(int32(512)), Latency: ptr(int32(3))},
		Traffic:      &ocsf.NetworkTraffic{BytesIn: ptr(int64(512)), BytesOut: ptr(int64(120)), Bytes: ptr(int64(632))},
		TLS:          &ocsf.TLS{Version: "TLSv1.2", Cipher: "ECDHE-RSA-AES128-GCM-SHA256", SNI: "example.com"},
		LoadBalancer: &ocsf.LoadBalancer{Name: "my-lb", IP: "10.0.1.7", Code: ptr(int32(200)),
			DstEndpoint: &ocsf.NetworkEndpoint{IP: "10.0.0.5", Port: ptr(int32(80))},
			EndpointConnections: []ocsf.EndpointConnection{
				{NetworkEndpoint: &ocsf.NetworkEndpoint{IP: "10.0.0.5", Port: ptr(int32(80))}, Code: ptr(int32(200))},
			},
			Metrics: []ocsf.Metric{{Name: "request_processing_time", Value: "0.001"}}},
		Trace: &ocsf.Trace{UID: "1-58337262-36d228ad5d99923122bbe354"},
		Observables: []ocsf.Observable{
			{Name: "src_endpoint.ip", Type: "IP Address", TypeID: 2, Value: "192.0.2.10"},
			{Name: "http_request.user_agent", Type: "HTTP User-Agent", TypeID: 16, Value: "curl/8.0"},
		},
		Unmapped: map[string]string{"elb": "app/my-lb/50dc6c495c0c9188", "field_34": "x"},
		RawData:  `https 2024-05-22T03:48:29.047890Z app/my-lb/50dc6c495c0c9188 ...`,
	}
}

func writeParquet(t *testing.T, events []ocsf.Event) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.out") // no .parquet suffix: detection reads the magic
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[ocsf.Event](f)
	if _, err := w.Write(events); err != nil {
		t.Fatalf("write Parquet rows: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("close Parquet writer: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeJSONLines(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.out")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func eventJSON(t *testing.T, e ocsf.Event) string {
	t.Helper()
	data, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func loadSchema(t *testing.T, version string) *schema.Schema {
	t.Helper()
	s, err := schema.Load(version)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestValidateFileFormats(t *testing.T) {
	s := loadSchema(t, "1.8.0")
	event := sampleEvent()
	tests := []struct {
		name       string
		path       string
		wantFormat string
	}{
		{"parquet", writeParquet(t, []ocsf.Event{event, event, event}), "parquet"},
		{"json lines", writeJSONLines(t, eventJSON(t, event), "", eventJSON(t, event), eventJSON(t, event)), "jsonl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report, err := ValidateFile(context.Background(), tt.path, s)
			if err != nil {
				t.Fatalf("ValidateFile: %v", err)
			}
			if report.Format != tt.wantFormat {
				t.Errorf("format = %q, want %q", report.Format, tt.wantFormat)
			}
			if report.Rows != 3 {
				t.Errorf("rows = %d, want 3", report.Rows)
			}
			if !report.Valid() {
				t.Errorf("got violations %+v, want none", report.Violations)
			}
			if report.Warnings["http_request.http_headers"] != 3 {
				t.Errorf("warnings[http_request.http_headers] = %d, want 3 (one per row)", report.Warnings["http_request.http_headers"])
			}
		})
	}
}

// TestParquetMatchesJSON checks that a Parquet row assembles to the same map
// as the JSON of the same event, apart from the *_dt TIMESTAMP columns.
func TestParquetMatchesJSON(t *testing.T) {
	event := sampleEvent()
	f, err := os.Open(writeParquet(t, []ocsf.Event{event}))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got map[string]any
	err = readParquet(context.Background(), f, func(_ int64, e map[string]any) error {
		got = e
		return nil
	})
	if err != nil {
		t.Fatalf("readParquet: %v", err)
	}
	want, err := decodeEvent([]byte(eventJSON(t, event)))
	if err != nil {
		t.Fatal(err)
	}

	for _, name := range []string{"time_dt", "start_time_dt", "end_time_dt"} {
		ts, ok := got[name].(time.Time)
		if !ok {
			t.Errorf("%s = %T, want time.Time from the TIMESTAMP column", name, got[name])
			continue
		}
		if s := ts.Format("2006-01-02T15:04:05.000000Z07:00"); s != want[name] {
			t.Errorf("%s = %s, want %s", name, s, want[name])
		}
		delete(got, name)
		delete(want, name)
	}
	if !reflect.DeepEqual(got, want) {
		gotJSON, _ := json.Marshal(got)
		wantJSON, _ := json.Marshal(want)
		t.Errorf("Parquet row differs from JSON:\ngot  %s\nwant %s", gotJSON, wantJSON)
	}
}

func TestParquetNullsAndEmptyLists(t *testing.T) {
	event := sampleEvent()
	event.Observables = nil
	event.Unmapped = nil
	event.HTTPResponse = nil
	event.StartTime, event.StartTimeDT = nil, nil
	event.LoadBalancer.EndpointConnections = []ocsf.EndpointConnection{{Code: ptr(int32(502))}}
	f, err := os.Open(writeParquet(t, []ocsf.Event{event}))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got map[string]any
	if err := readParquet(context.Background(), f, func(_ int64, e map[string]any) error { got = e; return nil }); err != nil {
		t.Fatalf("readParquet: %v", err)
	}
	for _, name := range []string{"observables", "unmapped", "http_response", "start_time", "start_time_dt"} {
		if v, present := got[name]; present {
			t.Errorf("%s = %v, want absent for a null column", name, v)
		}
	}
	conns := got["load_balancer"].(map[string]any)["endpoint_connections"].([]any)
	if len(conns) != 1 {
		t.Fatalf("endpoint_connections = %v, want one element", conns)
	}
	conn := conns[0].(map[string]any)
	if _, present := conn["network_endpoint"]; present {
		t.Errorf("endpoint_connections[0].network_endpoint = %v, want absent", conn["network_endpoint"])
	}
	if conn["code"] != json.Number("502") {
		t.Errorf("endpoint_connections[0].code = %v, want 502", conn["code"])
	}
}

func TestValidateFileViolations(t *testing.T) {
	s := loadSchema(t, "1.8.0")
	bad := sampleEvent()
	bad.Metadata.Profiles = []string{"cloud", "datetime", "security_control", "trace"} // load_balancer missing
	badPort := sampleEvent()
	badPort.SrcEndpoint.Port = ptr(int32(70000))

	tests := []struct {
		name string
		path string
		want []RowViolation
	}{
		{
			name: "parquet undeclared profile and port range",
			path: writeParquet(t, []ocsf.Event{sampleEvent(), bad, badPort}),
			want: []RowViolation{
				{Row: 2, Path: "load_balancer", Message: "attribute belongs to the load_balancer profile, which metadata.profiles does not list"},
				{Row: 3, Path: "src_endpoint.port", Message: "got 70000, want port_t in 0..65535"},
			},
		},
		{
			name: "json lines invalid line",
			path: writeJSONLines(t, eventJSON(t, sampleEvent()), "{not json", `[1, 2]`, eventJSON(t, badPort)),
			want: []RowViolation{
				{Row: 2, Message: "invalid JSON: invalid character 'n' looking for beginning of object key string"},
				{Row: 3, Message: "invalid JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"},
				{Row: 4, Path: "src_endpoint.port", Message: "got 70000, want port_t in 0..65535"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report, err := ValidateFile(context.Background(), tt.path, s)
			if err != nil {
				t.Fatalf("ValidateFile: %v", err)
			}
			if !reflect.DeepEqual(report.Violations, tt.want) {
				t.Errorf("got violations %+v, want %+v", report.Violations, tt.want)
			}
			if report.ViolationCount != int64(len(tt.want)) {
				t.Errorf("violation count = %d, want %d", report.ViolationCount, len(tt.want))
			}
		})
	}
}

func TestValidateFileOpenError(t *testing.T) {
	_, err := ValidateFile(context.Background(), filepath.Join(t.TempDir(), "missing"), loadSchema(t, "1.8.0"))
	if err == nil {
		t.Error("ValidateFile(missing file): got nil error, want an error")
	}
}

func TestValidateFileCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	path := writeParquet(t, []ocsf.Event{sampleEvent()})
	if _, err := ValidateFile(ctx, path, loadSchema(t, "1.8.0")); err == nil {
		t.Error("ValidateFile(cancelled context): got nil error, want context.Canceled")
	}
}

func TestValidateJSONLinesInvalidUTF8(t *testing.T) {
	s, err := schema.Load(schema.DefaultVersion)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(path, []byte("{\"message\":\"a\xffb\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	report, err := ValidateFile(context.Background(), path, s)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, v := range report.Violations {
		if v.Row == 1 && strings.Contains(v.Message, "UTF-8") {
			found = true
		}
	}
	if !found {
		t.Errorf("no UTF-8 violation on row 1: %+v", report.Violations)
	}
}
