//go:build cgo

package output

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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
