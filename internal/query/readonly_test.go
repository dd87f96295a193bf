package query

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/query/querytest"
)

func TestRunRejectsWritingStatements(t *testing.T) {
	dir, err := querytest.WriteTree(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := Open(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	target := filepath.Join(dir, "copied.csv")
	rejected := []struct{ name, sql string }{
		{"copy", "COPY (SELECT 42) TO '" + target + "'"},
		{"copy then select", "COPY (SELECT 42) TO '" + target + "'; SELECT 1"},
		{"two selects", "SELECT 1; SELECT 2"},
		{"set", "SET threads = 1"},
		{"create table", "CREATE TABLE t AS SELECT 1"},
	}
	for _, tt := range rejected {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.Collect(ctx, tt.sql)
			if !errors.Is(err, errNotReadOnly) {
				t.Errorf("error = %v, want errNotReadOnly", err)
			}
			if _, statErr := os.Stat(target); statErr == nil {
				t.Fatal("the statement wrote a file")
			}
		})
	}
	for _, sql := range []string{"SELECT count(*) FROM events", "DESCRIBE events", "FROM events LIMIT 1",
		"WITH a AS (SELECT 1 AS x) SELECT x FROM a"} {
		if _, err := db.Collect(ctx, sql); err != nil {
			t.Errorf("%s: %v", sql, err)
		}
	}
}

func TestSafeURLDecode(t *testing.T) {
	dir, err := querytest.WriteTree(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := Open(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Collect(ctx, "SELECT safe_url_decode('/x%c0%ae'), safe_url_decode('/a%20b')")
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Rows[0][0]; got != "/x%c0%ae" {
		t.Errorf("invalid UTF-8 after decoding: got %v, want the value as it was", got)
	}
	if got := res.Rows[0][1]; got != "/a b" {
		t.Errorf("got %v, want /a b", got)
	}
}

func TestOpenRejectsColumnPartitions(t *testing.T) {
	dir, err := querytest.WriteTree(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "status_code=999"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), []string{dir}); err == nil {
		t.Fatal("a status_code=999 folder was accepted")
	}
}
