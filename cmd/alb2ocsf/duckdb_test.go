//go:build cgo

package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/query"
)

// TestConvertedParquetInDuckDB reads the converted sample back through DuckDB and
// checks the column paths that queries written for OCSF ALB data rely on.
func TestConvertedParquetInDuckDB(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "events.parquet")
	if code, _, stderr := runCommand(t, "", "convert", "-q", "-o", out, sampleDir); code != exitOK {
		t.Fatalf("convert exit code = %d\n%s", code, stderr)
	}
	ctx := context.Background()
	db, err := query.Open(ctx, []string{out})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// The one 460 line of the sample: a client that closed the connection before
	// the target responded.
	const sql460 = `SELECT activity_name, status, status_code, status_detail, message,
		src_endpoint.ip, src_endpoint.port, dst_endpoint.ip, dst_endpoint.port, dst_endpoint.uid,
		http_request.user_agent, http_request.url.query_string
		FROM events WHERE status_code = 460`
	res, err := db.Collect(ctx, sql460)
	if err != nil {
		t.Fatalf("query with status_code = 460: %v", err)
	}
	if len(res.Rows) != 1 {
		t.Fatalf("rows with status_code = 460: got %d, want 1", len(res.Rows))
	}
	want := []string{
		"Post", "Failure", "460", "<nil>",
		"POST https://api.example.com:443/v1/upload returned 460",
		"203.0.113.55", "13226", "192.0.2.22", "9000",
		"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/sample-api/943f017f100becff",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36",
		"<nil>",
	}
	for i, w := range want {
		if got := fmt.Sprint(res.Rows[0][i]); got != w {
			t.Errorf("%s: got %q, want %q", res.Columns[i], got, w)
		}
	}

	counts := []struct {
		name string
		sql  string
		want string
	}{
		{"row count", "SELECT count(*) FROM events", "210"},
		{"query strings", "SELECT count(*) FROM events WHERE http_request.url.query_string IS NOT NULL", ""},
		{"no dash strings", `SELECT count(*) FROM events WHERE src_endpoint.ip = '-' OR http_request.user_agent = '-'
			OR status_code = '-' OR dst_endpoint.uid = '-'`, "0"},
		{"numeric status codes", "SELECT count(*) FROM events WHERE status_code IS NOT NULL AND TRY_CAST(status_code AS INTEGER) IS NULL", "0"},
		{"unmapped map", "SELECT count(*) FROM events WHERE unmapped['type'] IS NULL", "0"},
	}
	for _, c := range counts {
		res, err := db.Collect(ctx, c.sql)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		got := fmt.Sprint(res.Rows[0][0])
		if c.want != "" && got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
		if c.want == "" && got == "0" {
			t.Errorf("%s: got 0, want some rows", c.name)
		}
	}
}

// TestSampleQueriesAndHunts runs the notebook queries and every hunt on the converted
// bundled sample, as the README shows a new user.
func TestSampleQueriesAndHunts(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "sample.parquet")
	if code, _, stderr := runCommand(t, "", "convert", "-q", "-o", out, sampleDir); code != exitOK {
		t.Fatalf("convert exit code = %d\n%s", code, stderr)
	}
	notebook := []struct {
		name string
		sql  string
		rows int // -1: any number
	}{
		{"row count", "SELECT count(*) FROM events", 1},
		{"sample", "SELECT * FROM events LIMIT 30", 30},
		{"clients and target groups", "SELECT DISTINCT src_endpoint.ip, dst_endpoint.uid FROM events", -1},
		{"status and activity", "SELECT status_code, activity_name AS http_method, count(*) FROM events GROUP BY 1, 2", -1},
		{"client closed", `SELECT src_endpoint.ip, src_endpoint.port, dst_endpoint.ip, dst_endpoint.port,
			http_request.user_agent, message, status_detail FROM events WHERE status_code = 460`, 1},
		{"query strings", `SELECT activity_name, status, src_endpoint.ip, http_request.url.query_string
			FROM events WHERE http_request.url.query_string IS NOT NULL`, -1},
	}
	for _, q := range notebook {
		t.Run(q.name, func(t *testing.T) {
			code, stdout, stderr := runCommand(t, "", "query", "--format", "csv", q.sql, out)
			if code != exitOK {
				t.Fatalf("exit code = %d\n%s", code, stderr)
			}
			rows := strings.Count(stdout, "\n") - 1
			if q.rows >= 0 && rows != q.rows {
				t.Errorf("rows = %d, want %d", rows, q.rows)
			}
			if q.rows < 0 && rows < 1 {
				t.Errorf("rows = %d, want at least one", rows)
			}
		})
	}
	for _, h := range query.List() {
		t.Run("hunt "+h.Name, func(t *testing.T) {
			if code, _, stderr := runCommand(t, "", "query", "--format", "csv", "--hunt", h.Name, out); code != exitOK {
				t.Errorf("exit code = %d\n%s", code, stderr)
			}
		})
	}
	report := filepath.Join(dir, "report.html")
	if code, _, stderr := runCommand(t, "", "report", out, "-o", report); code != exitOK {
		t.Errorf("report exit code = %d\n%s", code, stderr)
	}
}
