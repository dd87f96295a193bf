package conformance

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
)

// deviation is a place where our output deliberately differs from what another
// parser's tests expect. ours is our value there ("" for absent) or, for the
// field "outcome", our outcome for the line.
type deviation struct {
	corpus string
	name   string
	field  string
	ours   string
	reason string
}

// Reasons shared by several deviations, each a rule of the mapping decisions.
const (
	reasonDashAbsent = "a bare or quoted - means absent, never the string \"-\""
	reasonGlued      = "a quote followed by a character other than a space makes the field boundaries ambiguous; Beats fell back to the Classic pattern and mis-parsed the line"
	reasonTooFew     = "18 fields is fewer than the oldest ALB generation (20 fields); the synthetic lines drop domain_name and chosen_cert_arn"
	reasonKeepExtra  = "unknown trailing fields are kept in unmapped as field_N, never dropped"
	reasonTruncated  = "the line is cut inside request_creation_time; a time without its trailing Z is a line cut short"
)

// deviations lists every place where we differ from another project's expected
// values. The conformance test fails when we differ anywhere else, when we
// match where a deviation is listed, and when a listed deviation is not met.
var deviations = []deviation{
	{"elastic-integrations", "line 2", "dst_endpoint.uid", "", reasonDashAbsent},
	{"elastic-integrations", "line 10", "http_request.user_agent", "", reasonDashAbsent},

	{"elastic-beats", "line 4", "http_request.user_agent", "", reasonDashAbsent},
	{"elastic-beats", "line 5", "outcome", "rejected unexpected_quote at chosen_cert_arn", reasonGlued},
	{"elastic-beats", "line 8", "dst_endpoint.uid", "", reasonDashAbsent},
	{"elastic-beats", "line 8", "unmapped.trace_id", "", reasonDashAbsent},
	{"elastic-beats", "line 9", "dst_endpoint.uid", "", reasonDashAbsent},
	{"elastic-beats", "line 9", "unmapped.trace_id", "", reasonDashAbsent},

	{"igtm", "1 http traffic", "outcome", "rejected field_count", reasonTooFew},
	{"igtm", "2 https traffic", "outcome", "rejected unexpected_quote at chosen_cert_arn", reasonGlued},
	{"igtm", "3 https traffic", "outcome", "rejected field_count", reasonTooFew},
	{"igtm", "4 tcp traffic", "outcome", "rejected field_count", reasonTooFew},
	{"igtm", "5 ssl traffic", "outcome", "rejected field_count", reasonTooFew},
	{"igtm", "6 ipv6 client", "outcome", "rejected field_count", reasonTooFew},
	{"igtm", "7 doesn't receive traffic", "outcome", "rejected field_count", reasonTooFew},
	{"igtm", "13 extra fields are ignored", "unmapped.field_30", "FOO BAR", reasonKeepExtra},
	{"igtm", "13 extra fields are ignored", "unmapped.field_31", "BAZ", reasonKeepExtra},
	{"igtm", "14 -1 xxxx_processing_time", "outcome", "rejected field_count", reasonTooFew},

	{"github-issues", "truncated line", "outcome", "rejected invalid_time at request_creation_time", reasonTruncated},
}

// checker compares our values with one corpus's expectations and records which
// deviations it met.
type checker struct {
	t      *testing.T
	corpus string
	met    map[deviation]bool
}

func newChecker(t *testing.T, corpus string, met map[deviation]bool) *checker {
	return &checker{t: t, corpus: corpus, met: met}
}

// check compares one value of one case: equal, unless the deviation table lists
// the field, in which case ours must be the listed value and differ from want.
func (c *checker) check(t *testing.T, name, field, want, got string) {
	t.Helper()
	for _, d := range deviations {
		if d.corpus != c.corpus || d.name != name || d.field != field {
			continue
		}
		c.met[d] = true
		if got != d.ours {
			t.Errorf("%s: got %q, want %q as listed in the deviation table (%s)", field, got, d.ours, d.reason)
		}
		if got == want {
			t.Errorf("%s: got %q, the other parser's value, but the deviation table lists a difference", field, got)
		}
		return
	}
	if got != want {
		t.Errorf("%s: got %q, want %q", field, got, want)
	}
}

// describe names an outcome the way the deviation table does.
func describe(o outcome) string {
	switch {
	case o.Event != nil:
		return "event"
	case o.Reject != nil && o.Reject.FieldName() != "":
		return "rejected " + o.Reject.Reason + " at " + o.Reject.FieldName()
	case o.Reject != nil:
		return "rejected " + o.Reject.Reason
	}
	return "skipped " + o.Kind.String()
}

// compareEvent checks one case that the other parser turns into a record: our
// outcome must be an event, and each expected value must match ours.
func (c *checker) compareEvent(t *testing.T, name string, o outcome, pairs []pair) {
	t.Helper()
	c.check(t, name, "outcome", "event", describe(o))
	if o.Event == nil {
		return
	}
	v := viewOf(o.Event)
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].path < pairs[j].path })
	for _, p := range pairs {
		c.check(t, name, p.path, normalize(p.want), v[p.path])
	}
}

func TestConformance(t *testing.T) {
	sharedDir(t)
	met := map[deviation]bool{}
	t.Run("vector", func(t *testing.T) { testVector(t, newChecker(t, "vector", met)) })
	t.Run("igtm", func(t *testing.T) { testIGTM(t, newChecker(t, "igtm", met)) })
	t.Run("honeycomb", func(t *testing.T) { testHoneycomb(t, newChecker(t, "honeycomb", met)) })
	t.Run("elastic-integrations", func(t *testing.T) {
		testElasticIntegrations(t, newChecker(t, "elastic-integrations", met))
	})
	t.Run("elastic-beats", func(t *testing.T) { testElasticBeats(t, newChecker(t, "elastic-beats", met)) })
	t.Run("github-issues", func(t *testing.T) { testGitHubIssues(t, newChecker(t, "github-issues", met)) })
	t.Run("deviation table", func(t *testing.T) {
		for _, d := range deviations {
			if !met[d] {
				t.Errorf("deviation %s / %s / %s: not met by any case; remove it or fix the case name", d.corpus, d.name, d.field)
			}
		}
	})
}

type vectorCase struct {
	Name       string         `json:"name"`
	Input      string         `json:"input"`
	StrictMode bool           `json:"strict_mode"`
	Expected   map[string]any `json:"expected"`
}

func testVector(t *testing.T, c *checker) {
	var cases []vectorCase
	readJSON(t, "public/vector-vrl/parse_aws_alb_log-cases.json", &cases)
	if got, want := len(cases), 15; got != want {
		t.Fatalf("cases: got %d, want %d", got, want)
	}
	for i, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			var pairs []pair
			for key, value := range tc.Expected {
				p, ok := namedPairs(vectorNames, key, value)
				if !ok {
					t.Errorf("key %q: no translation into our model", key)
				}
				pairs = append(pairs, p...)
			}
			c.compareEvent(t, tc.Name, convert([]byte(tc.Input), "vector-cases.log", int64(i+1)), pairs)
		})
	}
}

type igtmCase struct {
	Name     string         `json:"name"`
	Input    string         `json:"input"`
	Expected map[string]any `json:"expected"`
}

func testIGTM(t *testing.T, c *checker) {
	var cases []igtmCase
	readJSON(t, "public/igtm-node-alb-log-parser/test-cases.json", &cases)
	if got, want := len(cases), 14; got != want {
		t.Fatalf("cases: got %d, want %d", got, want)
	}
	for i, tc := range cases {
		name := strconv.Itoa(i+1) + " " + strings.TrimSpace(tc.Name)
		t.Run(name, func(t *testing.T) {
			var pairs []pair
			for key, value := range tc.Expected {
				p, ok := namedPairs(igtmNames, key, value)
				if !ok {
					t.Errorf("key %q: no translation into our model", key)
				}
				pairs = append(pairs, p...)
			}
			o := convert([]byte(tc.Input), "igtm-cases.log", int64(i+1))
			if tc.Name == "extra fields are ignored" {
				// The case asserts that no parsed field holds the trailing tokens.
				pairs = append(pairs, pair{"unmapped.field_30", ""}, pair{"unmapped.field_31", ""})
				checkNoTypedValue(t, o, "FOO BAR", "BAZ")
			}
			c.compareEvent(t, name, o, pairs)
		})
	}
}

// checkNoTypedValue asserts that no attribute outside unmapped holds one of the
// values.
func checkNoTypedValue(t *testing.T, o outcome, values ...string) {
	t.Helper()
	if o.Event == nil {
		return
	}
	for path, got := range viewOf(o.Event) {
		if strings.HasPrefix(path, "unmapped.") {
			continue
		}
		for _, v := range values {
			if got == v {
				t.Errorf("%s: got %q, want no typed attribute to hold a trailing unknown field", path, got)
			}
		}
	}
}

type honeycombCase struct {
	Name          string         `json:"name"`
	Input         string         `json:"input"`
	Expected      map[string]any `json:"expected"`
	ExpectedExtra map[string]any `json:"expected_extra"`
}

func testHoneycomb(t *testing.T, c *checker) {
	var cases []honeycombCase
	readJSON(t, "public/honeycomb-honeyaws/alb_test-cases.json", &cases)
	if got, want := len(cases), 1; got != want {
		t.Fatalf("cases: got %d, want %d", got, want)
	}
	for i, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			var pairs []pair
			for key, value := range tc.Expected {
				p, ok := namedPairs(honeycombNames, key, value)
				if !ok {
					t.Errorf("key %q: no translation into our model", key)
				}
				pairs = append(pairs, p...)
			}
			// honeyaws derives the duration from the two times, as we do.
			pairs = append(pairs, pair{"duration", normalize(tc.ExpectedExtra["duration_ms_after_addTraceData"])})
			c.compareEvent(t, tc.Name, convert([]byte(tc.Input), "honeycomb-cases.log", int64(i+1)), pairs)
		})
	}
}

// elasticPairsOf translates a whole Elastic document.
func elasticPairsOf(t *testing.T, doc map[string]any) []pair {
	t.Helper()
	flat := map[string]any{}
	flatten("", doc, flat)
	var pairs []pair
	for key, value := range flat {
		p, ok := elasticPairs(key, value)
		if !ok {
			t.Errorf("key %q: no translation into our model", key)
		}
		pairs = append(pairs, p...)
	}
	return pairs
}

func testElasticIntegrations(t *testing.T, c *checker) {
	const file = "public/elastic-integrations/test-alb.log"
	lines := corpusLines(t, file)
	var expected struct {
		Expected []map[string]any `json:"expected"`
	}
	readJSON(t, file+"-expected.json", &expected)
	if got, want := len(expected.Expected), len(lines); got != want {
		t.Fatalf("expected documents: got %d, want one per line, %d", got, want)
	}
	for i, doc := range expected.Expected {
		name := "line " + strconv.Itoa(i+1)
		t.Run(name, func(t *testing.T) {
			o := convert(lines[i], file, int64(i+1))
			if o.Kind != alb.KindAccess {
				// NLB and connection log lines: Elastic maps them, we skip them by kind.
				want := map[string]alb.Kind{"tls": alb.KindNLB}[docType(doc)]
				if want == 0 {
					want = alb.KindConnection
				}
				if o.Kind != want {
					t.Errorf("kind: got %s, want %s", o.Kind, want)
				}
				return
			}
			c.compareEvent(t, name, o, elasticPairsOf(t, doc))
		})
	}
}

// docType returns aws.elb.type of an Elastic document, or "".
func docType(doc map[string]any) string {
	flat := map[string]any{}
	flatten("", doc, flat)
	s, _ := flat["aws.elb.type"].(string)
	return s
}

func testElasticBeats(t *testing.T, c *checker) {
	const file = "public/elastic-beats/example-alb-http.log"
	lines := corpusLines(t, file)
	var condensed struct {
		Expected []map[string]any `json:"expected"`
	}
	readJSON(t, file+"-expected.condensed.json", &condensed)
	for _, doc := range condensed.Expected {
		n, err := strconv.Atoi(normalize(doc["line"]))
		if err != nil || n < 1 || n > len(lines) {
			t.Fatalf("line %v: not a line of the example file", doc["line"])
		}
		name := "line " + strconv.Itoa(n)
		t.Run(name, func(t *testing.T) {
			for _, key := range []string{"line", "note", "aws.elb.type_absent"} {
				delete(doc, key) // annotations of the condensed file, not values
			}
			c.compareEvent(t, name, convert(lines[n-1], file, int64(n)), elasticPairsOf(t, doc))
		})
	}
}

type issueLine struct {
	Kind     string         `json:"kind"`
	Line     string         `json:"line"`
	Expected map[string]any `json:"derived_expected"`
}

func testGitHubIssues(t *testing.T, c *checker) {
	var lines []issueLine
	readJSON(t, "public/github-issues-real-lines/lines.json", &lines)
	if got, want := len(lines), 10; got != want {
		t.Fatalf("lines: got %d, want %d", got, want)
	}
	skipKinds := map[string]alb.Kind{
		"nlb-access":         alb.KindNLB,
		"classic-elb-access": alb.KindClassic,
		"control-file":       alb.KindTestFile,
	}
	// Names by position, describing what each real line tests.
	names := []string{
		"redirect 27 fields", "forward 27 fields", "truncated line", "unbracketed IPv6 client",
		"first conn_trace_id", "TLS 1.3 conn_trace_id", "transform fields", "NLB IPv6",
		"Classic IPv6", "test file line",
	}
	for i, l := range lines {
		name := names[i]
		t.Run(name, func(t *testing.T) {
			o := convert([]byte(l.Line), "github-issues.log", int64(i+1))
			if want, ok := skipKinds[l.Kind]; ok {
				if o.Kind != want {
					t.Errorf("kind: got %s, want %s", o.Kind, want)
				}
				return
			}
			var pairs []pair
			for key, value := range l.Expected {
				p, ok := albFieldPairs(key, normalize(value))
				if !ok {
					t.Errorf("key %q: no translation into our model", key)
				}
				pairs = append(pairs, p...)
			}
			c.compareEvent(t, name, o, pairs)
		})
	}
}

// TestCorpusOutcomes checks the outcome of every line of the corpora whose
// projects assert no parsed values we can compare: which lines become events and
// which are skipped or rejected, and why.
func TestCorpusOutcomes(t *testing.T) {
	sharedDir(t)
	events := func(n int) []string { return repeat("event", n) }
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"AWS examples 2018-02", "public/aws-docs/access-log-examples_2018-02-03_6f9e38c.log", events(5)},
		{"AWS examples 2018-07", "public/aws-docs/access-log-examples_2018-07-25_40438ec.log", events(5)},
		{"AWS examples 2018-11", "public/aws-docs/access-log-examples_2018-11-29_f8915bc.log", events(7)},
		{"AWS examples 2020-08", "public/aws-docs/access-log-examples_2020-08-17_887abbf.log", events(7)},
		{"AWS examples 2021-12", "public/aws-docs/access-log-examples_2021-12-09_d9bd84b.log", events(7)},
		{"connection log", "public/aws-docs/connection-log-examples_current.log", repeat("skipped alb_connection", 2)},
		{"health check log", "public/aws-docs/health-check-log-examples_current.log", repeat("skipped alb_health_check", 2)},
		{"Beats real lines", "public/elastic-beats/application-lb-http.log", append(events(10), "skipped blank")},
		{"Classic lines", "public/logstash-patterns-core/classic-elb.log", repeat("skipped classic_elb_access", 4)},
		{"OTel valid", "public/otel-collector-contrib/alb_al_valid_logs.log", events(2)},
		{"OTel invalid type", "public/otel-collector-contrib/alb_al_invalid_syntax.log", []string{"rejected unknown_record_type at type"}},
		{"OTel too few fields", "public/otel-collector-contrib/alb_al_insufficient_fields.log", []string{"rejected field_count"}},
		{"OTel test file line", "public/otel-collector-contrib/elb_control.log", []string{"skipped elb_test_file"}},
		{"real test file line", "public/github-issues-real-lines/ELBAccessLogTestFile.txt", []string{"skipped elb_test_file"}},
		{"real NLB line", "public/github-issues-real-lines/nlb-access.log", []string{"skipped nlb_access"}},
		{"real Classic line", "public/github-issues-real-lines/classic-elb-access.log", []string{"skipped classic_elb_access"}},
		{"Vector inputs", "public/vector-vrl/parse_aws_alb_log-inputs.log", events(15)},
		{"honeyaws input", "public/honeycomb-honeyaws/alb_test-input.log", events(1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines := corpusLines(t, tc.file)
			if got, want := len(lines), len(tc.want); got != want {
				t.Fatalf("lines: got %d, want %d", got, want)
			}
			for i, line := range lines {
				if got := describe(convert(line, tc.file, int64(i+1))); got != tc.want[i] {
					t.Errorf("line %d: got %s, want %s", i+1, got, tc.want[i])
				}
			}
		})
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestBracketedIPv6 checks the one line in the corpus with bracketed IPv6
// addresses, which ALB itself does not write but test suites do.
func TestBracketedIPv6(t *testing.T) {
	const file = "public/otel-collector-contrib/alb_al_valid_logs.log"
	lines := corpusLines(t, file)
	o := convert(lines[1], file, 2)
	if o.Event == nil {
		t.Fatalf("outcome: got %s, want event", describe(o))
	}
	v := viewOf(o.Event)
	for _, p := range []pair{
		{"src_endpoint.ip", "fe80::202:b3ff:fe1e:8329"},
		{"src_endpoint.port", "443"},
		{"dst_endpoint.ip", "2001:db8::1"},
		{"dst_endpoint.port", "80"},
	} {
		if got := v[p.path]; got != p.want {
			t.Errorf("%s: got %q, want %q", p.path, got, p.want)
		}
	}
}

// TestBackslashKept checks on a real line that a client's quote, which ALB
// writes as \x22, stays verbatim: Vector un-escapes it, we do not. The line is
// cut short by its poster, so only the tokenizer reads it whole.
func TestBackslashKept(t *testing.T) {
	var lines []issueLine
	readJSON(t, "public/github-issues-real-lines/lines.json", &lines)
	for _, l := range lines {
		if !strings.Contains(l.Line, `\x22`) {
			continue
		}
		fields, err := alb.Split(nil, []byte(l.Line))
		if err != nil {
			t.Fatalf("Split: %v", err)
		}
		want := "GET https://gitlab.dev.singlecell.gi.ucsc.edu:443/QUOTE_EXPERIMENT?bar=\\x22 HTTP/2.0"
		if got := string(fields[alb.FieldRequest]); got != want {
			t.Errorf("request: got %q, want %q", got, want)
		}
		return
	}
	t.Fatalf("no line with %s in the corpus", `\x22`)
}
