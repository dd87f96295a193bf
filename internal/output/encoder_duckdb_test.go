//go:build cgo

package output

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
	"github.com/alb2ocsf/alb2ocsf/internal/query"
)

// openEncodedInDuckDB writes events with the encoder and opens the file in DuckDB.
func openEncodedInDuckDB(t *testing.T, events []*ocsf.Event, cfg encoderConfig) *query.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "events.parquet")
	if err := os.WriteFile(path, writeEncoded(t, events, cfg), 0o644); err != nil {
		t.Fatalf("write file: %v", err)
	}
	db, err := query.Open(context.Background(), []string{path})
	if err != nil {
		t.Fatalf("open in DuckDB: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// queryValue runs a query that returns one row of one column.
func queryValue(t *testing.T, db *query.DB, sql string) any {
	t.Helper()
	res, err := db.Collect(context.Background(), sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	if len(res.Rows) != 1 || len(res.Rows[0]) != 1 {
		t.Fatalf("%s: got %d rows, want 1 row of 1 column", sql, len(res.Rows))
	}
	return res.Rows[0][0]
}

func TestEncoderDuckDB(t *testing.T) {
	events := append(mappedTestLines(t), fullEvent(), emptyCollectionsEvent(), &ocsf.Event{})
	db := openEncodedInDuckDB(t, events, encoderConfig{encoders: 2, rowGroupRows: 4, pageBytes: 256})

	res, err := db.Collect(context.Background(), "SELECT * FROM events")
	if err != nil {
		t.Fatalf("SELECT *: %v", err)
	}
	if len(res.Rows) != len(events) {
		t.Errorf("SELECT * rows: got %d, want %d", len(res.Rows), len(events))
	}

	tests := []struct {
		name string
		sql  string
		want string
	}{
		{"status code 460", "SELECT count(*) FROM events WHERE status_code = 460", "1"},
		{"unmapped type", "SELECT string_agg(unmapped['type'], ',' ORDER BY time) FROM events WHERE unmapped['type'] IS NOT NULL", "https,h2,http,https,ws,https,https"}, // fullEvent is the earliest
		{"time_dt of 460", "SELECT time_dt FROM events WHERE status_code = '460'", "2025-09-01T10:00:01.000001Z"},
		{"hostname", "SELECT http_request.url.hostname FROM events WHERE status_code = '460'", "shop.example.org"},
		{"target codes", "SELECT list_transform(load_balancer.endpoint_connections, c -> c.code)::VARCHAR FROM events WHERE http_request.url.path = '/products/42'", "[502, 200]"},
		{"null groups", "SELECT count(*) FROM events WHERE load_balancer IS NULL AND http_request IS NULL", "1"},
		{"empty observables", "SELECT count(*) FROM events WHERE len(observables) = 0", "1"},
		{"end_time_dt max", "SELECT max(end_time_dt) FROM events", "2025-09-01T10:00:05Z"},
		{"full event map", "SELECT unmapped::VARCHAR FROM events WHERE metadata.uid = 'uid-1'", "{a=1, b='', type=https, zz=last}"},
		{"profiles", "SELECT metadata.profiles::VARCHAR FROM events WHERE metadata.uid = 'uid-1'", "[cloud, datetime, load_balancer]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := queryValue(t, db, tt.sql)
			if tm, ok := got.(time.Time); ok {
				got = tm.UTC().Format(time.RFC3339Nano)
			}
			if s := fmt.Sprint(got); s != tt.want {
				t.Errorf("got %s, want %s", s, tt.want)
			}
		})
	}
}

func TestEncoderDuckDBDictionary(t *testing.T) {
	// Three row groups of small pages: the first falls back to PLAIN for
	// metadata.log_source, the others keep a dictionary spread over several
	// data pages.
	const rows = 1500
	events := corpusEvents(t, 3*rows, 53)
	for i, ev := range events[:rows] {
		ev.Metadata.LogSource = fmt.Sprintf("s3://logs/%d.log.gz", i)
	}
	db := openEncodedInDuckDB(t, events, encoderConfig{encoders: 2, rowGroupRows: rows, pageBytes: 1024})

	agents := map[string]bool{}
	profiles := map[string]bool{}
	var gets, fallbackSource, source int
	for _, ev := range events {
		agents[ev.HTTPRequest.UserAgent] = true
		for _, p := range ev.Metadata.Profiles {
			profiles[p] = true
		}
		if ev.HTTPRequest.HTTPMethod == "GET" {
			gets++
		}
		if ev.Metadata.LogSource == "s3://logs/7.log.gz" {
			fallbackSource++
		}
		if ev.Metadata.LogSource == events[rows].Metadata.LogSource {
			source++
		}
	}
	delete(agents, "")
	tests := []struct {
		name string
		sql  string
		want string
	}{
		{"distinct user agents", "SELECT count(*) FROM (SELECT DISTINCT http_request.user_agent FROM events WHERE http_request.user_agent IS NOT NULL)", fmt.Sprint(len(agents))},
		{"distinct class", "SELECT string_agg(DISTINCT class_name, ',') FROM events", "HTTP Activity"},
		{"method filter", "SELECT count(*) FROM events WHERE http_request.http_method = 'GET'", fmt.Sprint(gets)},
		{"fallen back filter", "SELECT count(*) FROM events WHERE metadata.log_source = 's3://logs/7.log.gz'", fmt.Sprint(fallbackSource)},
		{"dictionary filter", fmt.Sprintf("SELECT count(*) FROM events WHERE metadata.log_source = '%s'", events[rows].Metadata.LogSource), fmt.Sprint(source)},
		{"distinct profiles", "SELECT string_agg(DISTINCT p, ',' ORDER BY p) FROM (SELECT unnest(metadata.profiles) AS p FROM events)", strings.Join(slices.Sorted(maps.Keys(profiles)), ",")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fmt.Sprint(queryValue(t, db, tt.sql)); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
