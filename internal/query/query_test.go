package query

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/query/querytest"
)

// openFixture writes the fixture tree and opens it.
func openFixture(t *testing.T) (*DB, string) {
	t.Helper()
	dir, err := querytest.WriteTree(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, dir
}

// runCSV runs query and returns its CSV output.
func runCSV(t *testing.T, db *DB, query string) string {
	t.Helper()
	var out bytes.Buffer
	if err := db.Run(context.Background(), query, NewCSVWriter(&out)); err != nil {
		t.Fatalf("run %q: %v", query, err)
	}
	return out.String()
}

func TestNotebookRowCount(t *testing.T) {
	db, _ := openFixture(t)
	got := runCSV(t, db, "SELECT count(*) FROM events")
	if want := "count_star()\n44\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNotebookSampleLimit30(t *testing.T) {
	db, _ := openFixture(t)
	res, err := db.Collect(context.Background(), "SELECT * FROM events LIMIT 30")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 30 {
		t.Fatalf("got %d rows, want 30", len(res.Rows))
	}
	// DuckDB keeps insertion order, and the files sort as part-0, part-1, so the
	// sample is the fixture's first 30 events.
	uid := columnIndex(t, res, "metadata")
	for i, row := range res.Rows {
		meta := row[uid].(map[string]any)
		if got, want := meta["uid"], querytest.UID(i); got != want {
			t.Errorf("row %d: metadata.uid %v, want %v", i, got, want)
		}
	}
	for _, name := range []string{"region", "day", "unmapped", "time_dt", "status_code"} {
		columnIndex(t, res, name)
	}
}

func columnIndex(t *testing.T, res *Result, name string) int {
	t.Helper()
	for i, c := range res.Columns {
		if c == name {
			return i
		}
	}
	t.Fatalf("column %q missing from %v", name, res.Columns)
	return -1
}

func TestNotebookDistinctSourceAndTargetGroup(t *testing.T) {
	db, _ := openFixture(t)
	got := runCSV(t, db, `SELECT DISTINCT src_endpoint.ip, dst_endpoint.uid FROM events
		ORDER BY ALL NULLS LAST`)
	want := strings.Join([]string{
		"ip,uid",
		"192.0.2.10," + querytest.LambdaGroup,
		"192.0.2.10," + querytest.WebGroup,
		"192.0.2.10,",
		"192.0.2.150," + querytest.WebGroup,
		"192.0.2.150,",
		"192.0.2.44," + querytest.WebGroup,
		"192.0.2.77," + querytest.WebGroup,
		"192.0.2.88," + querytest.WebGroup,
		"192.0.2.88,",
		"192.0.2.99," + querytest.WebGroup,
		"198.51.100.23," + querytest.WebGroup,
		"203.0.113.66," + querytest.WebGroup,
		"203.0.113.66,",
	}, "\n") + "\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestNotebookCountsByStatusAndActivity(t *testing.T) {
	db, _ := openFixture(t)
	got := runCSV(t, db, `SELECT status_code, activity_name, count(*) AS count FROM events
		GROUP BY status_code, activity_name ORDER BY status_code, activity_name`)
	// 200 GET: six browser pages, two attacks, two old-TLS pages, the long URL.
	want := `status_code,activity_name,count
200,Get,11
200,Post,2
301,Get,1
302,Get,1
400,Post,1
401,Get,1
401,Post,4
403,Get,2
404,Get,13
405,Other,1
405,Trace,1
460,Post,1
502,Get,3
503,Get,1
504,Get,1
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestNotebookStatus460(t *testing.T) {
	db, _ := openFixture(t)
	// status_code is VARCHAR. The notebook compares it with an integer literal,
	// which DuckDB accepts by casting the literal.
	got := runCSV(t, db, `SELECT src_endpoint.ip, src_endpoint.port, dst_endpoint.ip, dst_endpoint.port,
		http_request.user_agent, message, status_detail FROM events WHERE status_code = 460`)
	want := "ip,port,ip,port,user_agent,message,status_detail\n" +
		"192.0.2.44,40025,10.1.0.10,8080,curl/8.5.0,POST https://shop.example.com:443/upload 460,\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestNotebookQueryStringNotNull(t *testing.T) {
	db, _ := openFixture(t)
	res, err := db.Collect(context.Background(),
		"SELECT * FROM events WHERE http_request.url.query_string IS NOT NULL")
	if err != nil {
		t.Fatal(err)
	}
	var uids []string
	meta := columnIndex(t, res, "metadata")
	for _, row := range res.Rows {
		uids = append(uids, row[meta].(map[string]any)["uid"].(string))
	}
	// Rows with a query string: /products?id=42, the four attacks that have one,
	// the long URL, the OIDC callback and the external redirect.
	want := []string{"evt-003", "evt-018", "evt-019", "evt-021", "evt-022", "evt-028", "evt-037", "evt-042"}
	if strings.Join(uids, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", uids, want)
	}
}

func TestHuntsMatchExpectedRows(t *testing.T) {
	db, _ := openFixture(t)
	for _, h := range List() {
		t.Run(h.Name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join("testdata", "hunts", h.Name+".csv"))
			if err != nil {
				t.Fatalf("every hunt needs testdata/hunts/%s.csv: %v", h.Name, err)
			}
			got := runCSV(t, db, h.SQL)
			if got != string(want) {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			if strings.Count(got, "\n") < 2 {
				t.Errorf("hunt returned no rows on the fixture")
			}
		})
	}
}

func TestListDescriptions(t *testing.T) {
	hunts := List()
	if len(hunts) < 20 {
		t.Errorf("got %d hunts, want at least 20", len(hunts))
	}
	for _, h := range hunts {
		if h.Description == "" || strings.Contains(h.Description, "\n") {
			t.Errorf("hunt %s: description %q is not one line", h.Name, h.Description)
		}
	}
}

func TestHuntUnknownName(t *testing.T) {
	for _, name := range []string{"nope", "../query", "hunts/waf_blocked"} {
		if _, err := Hunt(name); err == nil || !strings.Contains(err.Error(), "waf_blocked") {
			t.Errorf("Hunt(%q) error %v, want one listing the hunt names", name, err)
		}
	}
	h, err := Hunt("waf_blocked")
	if err != nil || !strings.Contains(h.SQL, "actions_executed") {
		t.Errorf("Hunt(waf_blocked) = %+v, %v", h, err)
	}
}

func TestOpenMissingPath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.parquet")
	_, err := Open(context.Background(), []string{missing})
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("got %v, want a does-not-exist error", err)
	}
}

func TestOpenRejectsURL(t *testing.T) {
	_, err := Open(context.Background(), []string{"s3://bucket/key.parquet"})
	if err == nil || !strings.Contains(err.Error(), "only local paths") {
		t.Errorf("got %v, want a local-paths error", err)
	}
}

func TestOpenGlobWithoutMatch(t *testing.T) {
	_, err := Open(context.Background(), []string{filepath.Join(t.TempDir(), "*.parquet")})
	if err == nil {
		t.Error("got nil error for a glob that matches no file")
	}
}

func TestOpenFileAndGlob(t *testing.T) {
	_, dir := openFixture(t)
	leaf := filepath.Join(dir, "region=us-east-1", "day=2024-05-22")
	cases := map[string][]string{
		"one file":   {filepath.Join(leaf, "part-0.parquet")},
		"glob":       {filepath.Join(leaf, "part-*.parquet")},
		"deep glob":  {filepath.Join(dir, "**", "*.parquet")},
		"file files": {filepath.Join(leaf, "part-0.parquet"), filepath.Join(leaf, "part-1.parquet")},
	}
	want := map[string]string{
		"one file":   "20",
		"glob":       "44",
		"deep glob":  "44",
		"file files": "44",
	}
	for name, paths := range cases {
		db, err := Open(context.Background(), paths)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := runCSV(t, db, "SELECT count(*) AS n FROM events")
		db.Close()
		if got != "n\n"+want[name]+"\n" {
			t.Errorf("%s: got %q, want %s rows", name, got, want[name])
		}
	}
}

func TestQueriesCannotReachOtherFiles(t *testing.T) {
	db, _ := openFixture(t)
	outside := filepath.Join(t.TempDir(), "other.csv")
	if err := os.WriteFile(outside, []byte("a\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"SELECT * FROM read_csv('" + outside + "')",
		"INSTALL httpfs",
		"SET enable_external_access = true",
		"SELECT * FROM read_parquet('http://127.0.0.1:9/x.parquet')",
	} {
		if err := db.Run(context.Background(), q, NewCSVWriter(&bytes.Buffer{})); err == nil {
			t.Errorf("%s: got nil error, want it rejected", q)
		}
	}
}

func TestJSONWriterTypes(t *testing.T) {
	db, _ := openFixture(t)
	var out bytes.Buffer
	q := `SELECT time_dt, unmapped, http_response, day, status_detail
		FROM events WHERE metadata.uid = 'evt-042'`
	if err := db.Run(context.Background(), q, NewJSONWriter(&out)); err != nil {
		t.Fatal(err)
	}
	want := `{"time_dt":"2024-05-22T03:05:04Z",` +
		`"unmapped":{"actions_executed":"redirect","redirect_url":"https://evil.example.net/login"},` +
		`"http_response":{"code":302,"latency":null,"length":150},"day":"2024-05-22","status_detail":null}` + "\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	var decoded map[string]any
	if err := json.Unmarshal(out.Bytes(), &decoded); err != nil {
		t.Errorf("output is not valid JSON: %v", err)
	}
}

func TestTableWriter(t *testing.T) {
	db, _ := openFixture(t)
	var out bytes.Buffer
	q := "SELECT status_code, status_detail FROM events WHERE status_code IN ('460', '503') ORDER BY 1"
	if err := db.Run(context.Background(), q, NewTableWriter(&out)); err != nil {
		t.Fatal(err)
	}
	want := "status_code | status_detail\n" +
		"----------- | -------------\n" +
		"460         | NULL\n" +
		"503         | NULL\n" +
		"(2 rows)\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"table", "csv", "json"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("ParseFormat(xml): got nil error")
	}
}
