package conformance

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
	"github.com/alb2ocsf/alb2ocsf/internal/output"
	"github.com/alb2ocsf/alb2ocsf/internal/source"
)

// regressionEvents converts every line of a regression file one by one and
// fails unless each becomes an event.
func regressionEvents(t *testing.T, name string) []view {
	t.Helper()
	rel := "regressions/" + name
	var views []view
	for i, line := range corpusLines(t, rel) {
		o := convert(line, corpusPath(t, rel), int64(i+1))
		if o.Event == nil {
			t.Fatalf("line %d: got %s, want event", i+1, describe(o))
		}
		views = append(views, viewOf(o.Event))
	}
	return views
}

// checkView asserts the values of a view; "" means the attribute is absent.
func checkView(t *testing.T, line int, v view, want []pair) {
	t.Helper()
	for _, p := range want {
		if got := v[p.path]; got != p.want {
			t.Errorf("line %d: %s: got %q, want %q", line, p.path, got, p.want)
		}
	}
}

// checkSkipped runs a regression file through the pipeline and asserts that
// every line is skipped as kind.
func checkSkipped(t *testing.T, name string, kind alb.Kind, lines int64) {
	t.Helper()
	stats, _ := runFiles(t, corpusPath(t, "regressions/"+name))
	if stats.Lines != lines {
		t.Errorf("lines: got %d, want %d", stats.Lines, lines)
	}
	if got := stats.SkippedByReason[kind.String()]; got != lines {
		t.Errorf("skipped as %s: got %d, want %d", kind, got, lines)
	}
	if stats.Events != 0 {
		t.Errorf("events: got %d, want 0", stats.Events)
	}
	if stats.Rejected != 0 {
		t.Errorf("rejected: got %d, want 0", stats.Rejected)
	}
}

var timingMetrics = []string{
	"load_balancer.metrics.request_processing_time",
	"load_balancer.metrics.target_processing_time",
	"load_balancer.metrics.response_processing_time",
}

func TestRegressions(t *testing.T) {
	sharedDir(t)
	t.Run("01 new trailing fields", testTrailingFields)
	t.Run("02 NLB line", func(t *testing.T) {
		checkSkipped(t, "02-nlb-line-in-alb-stream.log", alb.KindNLB, 1)
	})
	t.Run("03 Classic TCP dash status", func(t *testing.T) {
		checkSkipped(t, "03-classic-elb-tcp-dash-status.log", alb.KindClassic, 3)
	})
	t.Run("04 malformed request", testMalformedRequest)
	t.Run("06 IPv6 host in URL", testIPv6Host)
	t.Run("08 unexpected cipher", testUnexpectedCipher)
	t.Run("09 trace id parts", testTraceIDParts)
	t.Run("12 invalid UTF-8", testInvalidUTF8)
	t.Run("13 compression by magic bytes", testCompressionDetection)
	t.Run("15 zero-byte object", testZeroByteObject)
	t.Run("17 listing keys", testListingKeys)
	t.Run("18 retry duplicates", testRetryDuplicates)
	t.Run("20 NLB dash numerics", func(t *testing.T) {
		checkSkipped(t, "20-nlb-dash-numerics-no-zone.log", alb.KindNLB, 2)
	})
	t.Run("21 Parquet list encoding", testParquetLists)
	t.Run("23 partition values", testPartitionValues)
}

func testTrailingFields(t *testing.T) {
	views := regressionEvents(t, "01-new-trailing-fields.log")
	if len(views) != 4 {
		t.Fatalf("events: got %d, want 4", len(views))
	}
	checkView(t, 1, views[0], []pair{{"unmapped.chosen_cert_arn", "session-reused"}})
	line2 := []pair{
		{"src_endpoint.ip", "192.0.2.11"},
		{"src_endpoint.port", "44444"},
		{"dst_endpoint.ip", ""},
		{"dst_endpoint.port", ""},
		{"status_code", "400"},
		{"http_response.code", "400"},
		{"load_balancer.code", ""},
		{"traffic.bytes_out", "38"},
		{"traffic.bytes_in", "370"},
		{"http_request.http_method", "GET"},
		{"http_request.url.url_string", "http://198.51.100.30:443/"},
		{"http_request.version", "HTTP/1.1"},
		{"http_request.user_agent", ""},
		{"connection_info.uid", "TID_0123456789abcdef0123456789abcdef"},
	}
	for _, m := range timingMetrics {
		line2 = append(line2, pair{m, ""})
	}
	checkView(t, 2, views[1], line2)
	checkView(t, 3, views[2], []pair{
		{"connection_info.uid", "TID_fedcba9876543210fedcba9876543210"},
		{"unmapped.transformed_host", ""},
		{"unmapped.transformed_uri", ""},
		{"unmapped.request_transform_status", ""},
	})
	checkView(t, 4, views[3], []pair{
		{"connection_info.uid", "TID_fedcba9876543210fedcba9876543211"},
		{"unmapped.field_34", "future-field"},
		{"unmapped.field_35", "future_token"},
	})
}

func testMalformedRequest(t *testing.T) {
	views := regressionEvents(t, "04-malformed-request-minus-one-times.log")
	if len(views) != 2 {
		t.Fatalf("events: got %d, want 2", len(views))
	}
	common := []pair{
		{"activity_id", "0"},
		{"status_code", "400"},
		{"http_response.code", "400"},
		{"dst_endpoint.ip", ""},
		{"load_balancer.code", ""},
		{"traffic.bytes_out", "0"},
		{"traffic.bytes_in", "0"},
		{"http_request.http_method", ""},
		{"http_request.version", ""},
		{"http_request.url.url_string", "http://www.example.com:80-"},
		{"http_request.url.hostname", "www.example.com"},
		{"http_request.url.port", ""},
		{"unmapped.matched_rule_priority", ""},
	}
	for _, m := range timingMetrics {
		common = append(common, pair{m, ""})
	}
	for i, v := range views {
		checkView(t, i+1, v, common)
		if v["duration"] == "-3" {
			t.Errorf("line %d: duration: got -3, the sum of the -1 sentinels", i+1)
		}
	}
	checkView(t, 1, views[0], []pair{
		{"src_endpoint.ip", "192.0.2.40"},
		{"src_endpoint.port", "52370"},
		{"start_time_dt", "2019-10-15T14:01:24.611000Z"},
		{"duration", "100"},
	})
	checkView(t, 2, views[1], []pair{{"duration", "0"}})

	o := convert(corpusLines(t, "regressions/04-malformed-request-minus-one-times.log")[0], "04.log", 1)
	if got, want := o.Event.TypeUID, int64(400200); got != want {
		t.Errorf("type_uid: got %d, want %d", got, want)
	}
}

func testIPv6Host(t *testing.T) {
	rel := "regressions/06-ipv6-literal-host-in-url.log"
	lines := corpusLines(t, rel)
	o := convert(lines[0], rel, 1)
	if o.Event == nil {
		t.Fatalf("line 1: got %s, want event", describe(o))
	}
	want := []pair{
		{"http_request.url.url_string", "http://[::ffff:a9fe:a9fe]:443/"},
		{"http_request.url.hostname", "::ffff:a9fe:a9fe"},
		{"http_request.url.port", "443"},
		{"http_request.url.path", "/"},
		{"http_request.url.scheme", "http"},
		{"status_code", "400"},
		{"dst_endpoint.ip", ""},
	}
	for _, m := range timingMetrics {
		want = append(want, pair{m, ""})
	}
	checkView(t, 1, viewOf(o.Event), want)
	if got := describe(convert(lines[1], rel, 2)); got != "skipped classic_elb_access" {
		t.Errorf("line 2: got %s, want skipped classic_elb_access", got)
	}
}

func testUnexpectedCipher(t *testing.T) {
	views := regressionEvents(t, "08-unexpected-cipher-token.log")
	checkView(t, 1, views[0], []pair{
		{"tls.cipher", "(NONE)"},
		{"tls.version", "TLSv1.2"},
		{"dst_endpoint.uid", ""},
		{"unmapped.trace_id", ""},
		{"unmapped.matched_rule_priority", ""},
		{"http_response.length", "0"},
		{"traffic.bytes_in", "0"},
		{"http_request.version", "HTTP/1.0"},
		{"status_code", "400"},
	})
}

func testTraceIDParts(t *testing.T) {
	views := regressionEvents(t, "09-trace-id-self-root-parent.log")
	checkView(t, 1, views[0], []pair{
		{"unmapped.trace_id", "Self=1-67891233-12456789abcdef012345678;Root=1-67891233-abcdef012345678912345678;Parent=1ad52d5338a4a059;Sampled=1"},
		{"trace.uid", "1-67891233-abcdef012345678912345678"},
		{"http_request.http_method", "POST"},
		{"status_code", "200"},
		{"load_balancer.code", "200"},
		{"unmapped.matched_rule_priority", "1"},
	})
}

// invalidStrings returns the paths of the strings in v that are not valid UTF-8.
func invalidStrings(path string, v reflect.Value) []string {
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return []string{path}
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return invalidStrings(path, v.Elem())
		}
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			out = append(out, invalidStrings(path+"."+v.Type().Field(i).Name, v.Field(i))...)
		}
		return out
	case reflect.Slice:
		var out []string
		for i := range v.Len() {
			out = append(out, invalidStrings(path+"[]", v.Index(i))...)
		}
		return out
	case reflect.Map:
		var out []string
		for _, k := range v.MapKeys() {
			out = append(out, invalidStrings(path+"["+k.String()+"]", v.MapIndex(k))...)
		}
		return out
	}
	return nil
}

func testInvalidUTF8(t *testing.T) {
	path := corpusPath(t, "regressions/12-invalid-utf8-bytes.log")
	stats, sink := runFiles(t, path)
	if got, want := len(sink.events), 3; got != want {
		t.Fatalf("events: got %d, want %d (stats %+v)", got, want, stats)
	}
	for i, ev := range sink.events {
		for _, p := range invalidStrings("event", reflect.ValueOf(ev)) {
			t.Errorf("line %d: %s: got invalid UTF-8, want every string valid", i+1, p)
		}
	}
	// C6 BD is a valid sequence (U+01BD); every other byte of the two runs is not.
	wantUA := `Mozilla/5.0 \xc6` + "\u01bd" + `\xe2\xba\xf3\xb5\xc4`
	if got := sink.events[0].HTTPRequest.UserAgent; got != wantUA {
		t.Errorf("line 1: user_agent: got %q, want %q", got, wantUA)
	}
	wantURL := `https://www.example.com:443/caf\xe9?q=\xff\xfe`
	if got := sink.events[1].HTTPRequest.URL.URLString; got != wantURL {
		t.Errorf("line 2: url_string: got %q, want %q", got, wantURL)
	}
	line3 := corpusLines(t, "regressions/12-invalid-utf8-bytes.log")[2]
	clean := convert(line3, path, 3)
	got, err := json.Marshal(sink.events[2])
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(clean.Event)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("line 3: got %s, want the event of a clean parse %s", got, want)
	}
}

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func testCompressionDetection(t *testing.T) {
	plain := readCorpus(t, "regressions/13-plain-text-classic-object.log")
	zipped := gzipBytes(t, plain)
	dir := t.TempDir()
	variants := []struct {
		name string
		data []byte
	}{
		{"plain.log", plain},
		{"gzip.log.gz", zipped},
		{"gzip-named-plain.log", zipped},
		{"plain-named-gzip.log.gz", plain},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			stats, _ := runFiles(t, writeFile(t, dir, v.name, v.data))
			if len(stats.Failed) != 0 {
				t.Fatalf("failed objects: got %v, want none", stats.Failed)
			}
			if stats.Lines != 1 {
				t.Errorf("lines: got %d, want 1", stats.Lines)
			}
			if got := stats.SkippedByReason[alb.KindClassic.String()]; got != 1 {
				t.Errorf("skipped as classic_elb_access: got %d, want 1", got)
			}
		})
	}
	t.Run("decompressed once", func(t *testing.T) {
		r, err := source.Decompress(bytes.NewReader(gzipBytes(t, zipped)))
		if err != nil {
			t.Fatalf("Decompress: %v", err)
		}
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		if !bytes.Equal(got, zipped) {
			t.Errorf("gzip inside gzip: got %d bytes, want the inner gzip stream of %d bytes", len(got), len(zipped))
		}
	})
}

func testZeroByteObject(t *testing.T) {
	dir := t.TempDir()
	paths := []string{
		corpusPath(t, "regressions/15-zero-byte-object.log"),
		writeFile(t, dir, "empty.log", nil),
		writeFile(t, dir, "empty-stream.log.gz", gzipBytes(t, nil)),
		writeFile(t, dir, "zero-bytes.log.gz", nil),
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			stats, _ := runFiles(t, p)
			if len(stats.Failed) != 0 {
				t.Errorf("failed objects: got %v, want none", stats.Failed)
			}
			if stats.Lines != 0 {
				t.Errorf("lines: got %d, want 0", stats.Lines)
			}
			if stats.Files != 1 {
				t.Errorf("files: got %d, want 1", stats.Files)
			}
		})
	}
}

// testListingKeys only checks that the listed keys are ALB access log objects.
// Listing them page by page is tested against the S3 test server elsewhere.
func testListingKeys(t *testing.T) {
	keys := corpusLines(t, "regressions/17-list-over-1000-keys.log")
	if got, want := len(keys), 1001; got != want {
		t.Fatalf("keys: got %d, want %d", got, want)
	}
	for _, key := range keys {
		info := alb.ParseObjectKey(string(key))
		if info.Kind != alb.ObjectAccess || info.Account != "123456789012" || info.Region != "us-east-1" {
			t.Errorf("%s: got kind %s, account %q, region %q; want alb_access, 123456789012, us-east-1",
				key, info.Kind, info.Account, info.Region)
		}
	}
}

func testRetryDuplicates(t *testing.T) {
	path := corpusPath(t, "regressions/18-retry-duplicates.log")
	_, first := runFiles(t, path)
	if got, want := len(first.events), 3; got != want {
		t.Fatalf("events: got %d, want %d", got, want)
	}
	ev := first.events
	if ev[0].ConnectionInfo.UID != ev[1].ConnectionInfo.UID {
		t.Errorf("connection_info.uid: got %q and %q, want lines 1 and 2 to share the TID",
			ev[0].ConnectionInfo.UID, ev[1].ConnectionInfo.UID)
	}
	uids := map[string]bool{}
	for _, e := range ev {
		uids[e.Metadata.UID] = true
	}
	if len(uids) != 3 {
		t.Errorf("distinct metadata.uid: got %d, want 3", len(uids))
	}
	checkView(t, 3, viewOf(ev[2]), []pair{
		{"http_request.http_method", "POST"},
		{"http_request.url.path", "/b"},
		{"status_code", "500"},
		{"load_balancer.code", "500"},
	})

	// A rerun, and a gzip copy of the file under the same name plus .gz, give
	// the same ids.
	_, rerun := runFiles(t, path)
	gz := writeFile(t, t.TempDir(), filepath.Base(path)+".gz", gzipBytes(t, readCorpus(t, "regressions/18-retry-duplicates.log")))
	_, copied := runFiles(t, gz)
	for name, sink := range map[string]*memorySink{"rerun": rerun, "gzip copy": copied} {
		if len(sink.events) != 3 {
			t.Errorf("%s: events: got %d, want 3", name, len(sink.events))
			continue
		}
		for i := range ev {
			if got, want := sink.events[i].Metadata.UID, ev[i].Metadata.UID; got != want {
				t.Errorf("%s: line %d: metadata.uid: got %s, want %s", name, i+1, got, want)
			}
		}
	}
}

// listNode returns the field at a dotted path of a Parquet schema.
func listNode(t *testing.T, root parquet.Node, path string) parquet.Node {
	t.Helper()
	node := root
	for _, name := range strings.Split(path, ".") {
		var found parquet.Node
		for _, f := range node.Fields() {
			if f.Name() == name {
				found = f
			}
		}
		if found == nil {
			t.Fatalf("column %s: not found in the Parquet schema", path)
		}
		node = found
	}
	return node
}

// checkThreeLevelList asserts the standard LIST form:
// <group> (LIST) { repeated group list { <element> } }.
func checkThreeLevelList(t *testing.T, root parquet.Node, path string) {
	t.Helper()
	node := listNode(t, root, path)
	lt := node.Type().LogicalType()
	isList := false
	if lt != nil {
		_, isList = lt.Value.(*format.ListType)
	}
	if !isList {
		t.Errorf("%s: got logical type %v, want LIST", path, lt)
	}
	if node.Repeated() {
		t.Errorf("%s: got a repeated field, want a LIST group", path)
	}
	fields := node.Fields()
	if len(fields) != 1 || fields[0].Name() != "list" {
		t.Fatalf("%s: got %d children, want one named list", path, len(fields))
	}
	if !fields[0].Repeated() {
		t.Errorf("%s.list: got not repeated, want repeated", path)
	}
	inner := fields[0].Fields()
	if len(inner) != 1 || inner[0].Name() != "element" {
		t.Errorf("%s.list: got %d children, want one named element", path, len(inner))
	}
}

func testParquetLists(t *testing.T) {
	var record ocsf.Event
	if err := json.Unmarshal(readCorpus(t, "regressions/21-parquet-list-encoding.log"), &record); err != nil {
		t.Fatalf("decode the regression record: %v", err)
	}
	_, mapped := runFiles(t, corpusPath(t, "regressions/18-retry-duplicates.log"))
	events := append([]*ocsf.Event{&record}, mapped.events...)

	path := filepath.Join(t.TempDir(), "events.parquet")
	target, err := output.ParseTarget(path)
	if err != nil {
		t.Fatalf("ParseTarget: %v", err)
	}
	w, err := output.Open(target, output.Options{}, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := w.Write(events); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		t.Fatalf("parquet.OpenFile: %v", err)
	}
	checkThreeLevelList(t, pf.Schema(), "metadata.profiles")
	checkThreeLevelList(t, pf.Schema(), "observables")

	rows := make([]ocsf.Event, len(events))
	r := parquet.NewGenericReader[ocsf.Event](f)
	n, err := r.Read(rows)
	if err != nil && err != io.EOF {
		t.Fatalf("read rows: %v", err)
	}
	if n != len(events) {
		t.Fatalf("rows: got %d, want %d", n, len(events))
	}
	for i, ev := range events {
		if got, want := rows[i].Metadata.Profiles, ev.Metadata.Profiles; !reflect.DeepEqual(got, want) {
			t.Errorf("row %d: metadata.profiles: got %v, want %v", i, got, want)
		}
		if got, want := rows[i].Observables, ev.Observables; !reflect.DeepEqual(got, want) {
			t.Errorf("row %d: observables: got %v, want %v", i, got, want)
		}
	}
}

func testPartitionValues(t *testing.T) {
	const key = "AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2024/05/29/" +
		"123456789012_elasticloadbalancing_eu-west-1_app.my-alb.50dc6c495c0c9188_20240529T0000Z_198.51.100.230_abcd1234.log.gz"
	data := readCorpus(t, "regressions/23-partition-from-event-not-context.log")
	// The same lines without a target group, so that account and region can only
	// come from the key.
	arn := []byte("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/my-targets/73e2d6bc24d8a067")
	noGroup := bytes.ReplaceAll(data, arn, []byte("-"))
	for name, content := range map[string][]byte{"with target group": data, "without target group": noGroup} {
		t.Run(name, func(t *testing.T) {
			obj := source.Object{
				Name: key,
				Size: int64(len(content)),
				Open: func(context.Context) (io.ReadCloser, error) {
					return io.NopCloser(bytes.NewReader(content)), nil
				},
			}
			_, sink := runPipeline(t, []source.Object{obj})
			if got, want := len(sink.events), 2; got != want {
				t.Fatalf("events: got %d, want %d", got, want)
			}
			wantDays := []string{"20240528", "20240529"}
			for i, ev := range sink.events {
				v := viewOf(ev)
				checkView(t, i+1, v, []pair{
					{"cloud.account.uid", "123456789012"},
					{"cloud.region", "eu-west-1"},
					{"load_balancer.uid", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188"},
				})
				if got := ev.TimeDT.Time().Format("20060102"); got != wantDays[i] {
					t.Errorf("line %d: UTC day of time: got %s, want %s", i+1, got, wantDays[i])
				}
			}
			if got, want := sink.events[1].StartTimeDT.String(), "2024-05-28T23:59:59.980000Z"; got != want {
				t.Errorf("line 2: start_time_dt: got %s, want %s", got, want)
			}
		})
	}
}

// TestUnreportedClasses covers fault classes no public report showed: byte
// counts past 32 bits, a last line without a newline, and a gzip stream cut
// part way.
func TestUnreportedClasses(t *testing.T) {
	sharedDir(t)
	lines := corpusLines(t, "regressions/18-retry-duplicates.log")

	t.Run("sent bytes past 32 bits", func(t *testing.T) {
		line := bytes.Replace(lines[0], []byte(" 100 200 "), []byte(" 100 5000000000 "), 1)
		o := convert(line, "large.log", 1)
		if o.Event == nil {
			t.Fatalf("got %s, want event", describe(o))
		}
		checkView(t, 1, viewOf(o.Event), []pair{
			{"traffic.bytes_in", "5000000000"},
			{"traffic.bytes_out", "100"},
			{"traffic.bytes", "5000000100"},
			{"http_response.length", ""},
			{"http_request.length", "100"},
		})
	})

	t.Run("last line without newline", func(t *testing.T) {
		data := bytes.TrimRight(readCorpus(t, "regressions/18-retry-duplicates.log"), "\n")
		stats, sink := runFiles(t, writeFile(t, t.TempDir(), "no-newline.log", data))
		if stats.Lines != 3 || len(sink.events) != 3 {
			t.Errorf("lines and events: got %d and %d, want 3 and 3", stats.Lines, len(sink.events))
		}
	})

	t.Run("gzip cut part way", func(t *testing.T) {
		var many bytes.Buffer
		for range 200 {
			for _, l := range lines {
				many.Write(l)
				many.WriteByte('\n')
			}
		}
		zipped := gzipBytes(t, many.Bytes())
		cut := writeFile(t, t.TempDir(), "cut.log.gz", zipped[:len(zipped)/2])
		stats, sink := runFiles(t, cut)
		if len(stats.Failed) != 1 {
			t.Fatalf("failed objects: got %d, want 1", len(stats.Failed))
		}
		if got, want := stats.Events+stats.Rejected+stats.Skipped, stats.Lines; got != want {
			t.Errorf("events + rejected + skipped: got %d, want lines %d", got, want)
		}
		if stats.Rejected != 0 {
			t.Errorf("rejected: got %d, want 0 (a partial line must not be read)", stats.Rejected)
		}
		if stats.Events == 0 || stats.Events >= 600 {
			t.Errorf("events: got %d, want the whole lines before the cut, between 1 and 599", stats.Events)
		}
		whole := map[string]bool{}
		for _, l := range lines {
			whole[string(l)] = true
		}
		for _, ev := range sink.events {
			if !whole[ev.RawData] {
				t.Errorf("event %s: got raw_data %q, want one of the whole lines", ev.Metadata.UID, ev.RawData)
			}
		}
	})
}
