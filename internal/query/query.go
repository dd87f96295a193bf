// Package query runs SQL over OCSF event Parquet files with an embedded DuckDB.
//
// This is the only package of the module that imports DuckDB, and so the only one
// that needs cgo: a conversion-only binary that leaves it out builds with
// CGO_ENABLED=0.
//
// Open exposes the files as a view named events. DuckDB runs in memory, reads
// only the local paths it is given, and never installs or loads extensions on its
// own, so a query makes no network request.
package query

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
	"github.com/parquet-go/parquet-go"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// ViewName is the name of the view over the event files.
const ViewName = "events"

// settings are applied to every DuckDB database before the view is created.
// Extensions are neither downloaded nor loaded automatically, and timestamps with
// a time zone print in UTC, the zone of the time_dt columns.
var settings = []string{
	"SET autoinstall_known_extensions = false",
	"SET autoload_known_extensions = false",
	"SET TimeZone = 'UTC'",
}

// DB is an in-memory DuckDB database with the events view. It is safe for
// concurrent use, like the *sql.DB it wraps.
type DB struct {
	db *sql.DB
}

// Open creates an in-memory database whose events view reads the Parquet files
// at paths. A path is a file, a directory (read recursively for *.parquet, with
// hive partition columns such as region=us-east-1 added to the view) or a glob in
// DuckDB's syntax, where ** matches any number of directories.
//
// Open rejects a remote URL and a path without glob characters that does not
// exist. A glob that matches no file fails when DuckDB reads it, which Open does
// once to check the files' schema.
func Open(ctx context.Context, paths []string) (*DB, error) {
	if len(paths) == 0 {
		return nil, errors.New("no input paths: give at least one Parquet file, directory or glob")
	}
	sources, err := resolvePaths(paths)
	if err != nil {
		return nil, err
	}
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return nil, fmt.Errorf("open duckdb: %w", err)
	}
	db := sql.OpenDB(connector)
	// One connection keeps every query in the session that the settings were
	// applied to, because DuckDB scopes some of them, such as TimeZone, to a
	// connection.
	db.SetMaxOpenConns(1)
	if err := setUp(ctx, db, sources); err != nil {
		db.Close()
		return nil, err
	}
	return &DB{db: db}, nil
}

// Close releases the database.
func (d *DB) Close() error {
	if err := d.db.Close(); err != nil {
		return fmt.Errorf("close duckdb: %w", err)
	}
	return nil
}

// macros are defined on every database the hunts run against:
//   - safe_url_decode(s) is s URL-decoded, or s itself when decoding fails, because
//     url_decode fails the whole query on a value that decodes to invalid UTF-8,
//     which attack requests such as /%c0%ae%c0%ae/ produce;
//   - decoded_target(url) is the lower-case path and query string of an OCSF url
//     object (url_string when the URL could not be split), URL-decoded twice so
//     that double-encoded payloads show.
var macros = []string{
	"CREATE MACRO safe_url_decode(s) AS coalesce(try(url_decode(s)), s)",
	"CREATE MACRO decoded_target(u) AS lower(safe_url_decode(safe_url_decode(" +
		"coalesce(u.path || coalesce('?' || u.query_string, ''), u.url_string))))",
}

func setUp(ctx context.Context, db *sql.DB, sources []source) error {
	for _, s := range settings {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("configure duckdb (%s): %w", s, err)
		}
	}
	if _, err := db.ExecContext(ctx, viewSQL(sources)); err != nil {
		return fmt.Errorf("create %s view over %s: %w", ViewName, patterns(sources), err)
	}
	for _, m := range macros {
		if _, err := db.ExecContext(ctx, m); err != nil {
			return fmt.Errorf("create macro (%s): %w", m, err)
		}
	}
	// Binding the view reads the file footers, so a glob that matches nothing or
	// a file that is not Parquet fails here rather than in the first query.
	if _, err := db.ExecContext(ctx, "DESCRIBE "+ViewName); err != nil {
		return fmt.Errorf("read %s: %w", patterns(sources), err)
	}
	return restrictFileAccess(ctx, db, sources)
}

// restrictFileAccess limits the SQL that follows to reading files under the input
// directories. DuckDB then rejects any other file, a URL, INSTALL and LOAD, and
// the locked configuration keeps a query from lifting the limit. In-memory
// tables still work.
//
// NOTE: a query that needs more memory than DuckDB's limit fails instead of
// spilling to disk, because the temporary directory is outside the allowed ones.
func restrictFileAccess(ctx context.Context, db *sql.DB, sources []source) error {
	dirs := make([]string, len(sources))
	for i, s := range sources {
		dirs[i] = quoteLiteral(strings.TrimSuffix(s.dir, string(filepath.Separator)) + string(filepath.Separator))
	}
	statements := []string{
		"SET allowed_directories = [" + strings.Join(dirs, ", ") + "]",
		"SET enable_external_access = false",
		"SET lock_configuration = true",
	}
	for _, s := range statements {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("restrict file access (%s): %w", s, err)
		}
	}
	return nil
}

// viewSQL returns the CREATE VIEW statement over sources. union_by_name lets
// files written for different OCSF versions, whose column sets differ, share the
// view: a column missing from a file reads as null. Hive partitioning is on when
// a source is a directory or a ** glob, and adds a column for each key=value
// directory level.
func viewSQL(sources []source) string {
	quoted := make([]string, len(sources))
	hive := false
	for i, s := range sources {
		quoted[i] = quoteLiteral(s.pattern)
		hive = hive || s.hive
	}
	return fmt.Sprintf(
		"CREATE VIEW %s AS SELECT * FROM read_parquet([%s], union_by_name = true, hive_partitioning = %t)",
		ViewName, strings.Join(quoted, ", "), hive)
}

func patterns(sources []source) string {
	p := make([]string, len(sources))
	for i, s := range sources {
		p[i] = s.pattern
	}
	return strings.Join(p, ", ")
}

// quoteLiteral returns s as a SQL string literal.
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// source is one read_parquet argument and the directory DuckDB may read for it.
type source struct {
	pattern string // a file path or a glob
	dir     string // the directory that contains every file pattern matches
	hive    bool   // pattern spans directories that may be hive partitions
}

// resolvePaths turns the user's paths into read_parquet sources.
func resolvePaths(paths []string) ([]source, error) {
	sources := make([]source, 0, len(paths))
	for _, p := range paths {
		s, err := resolvePath(p)
		if err != nil {
			return nil, err
		}
		sources = append(sources, s)
	}
	return sources, nil
}

func resolvePath(p string) (source, error) {
	if strings.Contains(p, "://") {
		return source{}, fmt.Errorf("input %q is a URL: only local paths are supported, so copy the files first", p)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return source{}, fmt.Errorf("resolve input path %q: %w", p, err)
	}
	if isGlob(abs) {
		return source{pattern: abs, dir: globRoot(abs), hive: strings.Contains(abs, "**")}, nil
	}
	info, err := os.Stat(abs)
	if errors.Is(err, os.ErrNotExist) {
		return source{}, fmt.Errorf("input path %q does not exist", p)
	}
	if err != nil {
		return source{}, fmt.Errorf("inspect input path: %w", err)
	}
	if info.IsDir() {
		if err := checkPartitionNames(abs); err != nil {
			return source{}, err
		}
		return source{pattern: filepath.Join(abs, "**", "*.parquet"), dir: abs, hive: true}, nil
	}
	return source{pattern: abs, dir: filepath.Dir(abs)}, nil
}

// eventColumns are the top-level columns of the event files.
var eventColumns = func() map[string]bool {
	names := map[string]bool{}
	for _, f := range parquet.SchemaOf(ocsf.Event{}).Fields() {
		names[f.Name()] = true
	}
	return names
}()

// checkPartitionNames rejects a folder below root named like a hive partition
// (name=value) whose name is an event column: DuckDB would silently read the
// folder's value in place of the column of every file below it.
func checkPartitionNames(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || p == root {
			return err
		}
		name, _, isPartition := strings.Cut(d.Name(), "=")
		if isPartition && eventColumns[name] {
			return fmt.Errorf("folder %s looks like a hive partition of the event column %q, "+
				"whose value would replace that column in every file below it; rename the folder", p, name)
		}
		return nil
	})
}

// globRoot returns the deepest directory of pattern that has no glob character.
func globRoot(pattern string) string {
	i := strings.IndexAny(pattern, "*?[")
	return filepath.Dir(pattern[:i] + "x")
}

// isGlob reports whether p contains a character that DuckDB's file globbing
// treats specially.
func isGlob(p string) bool {
	return strings.ContainsAny(p, "*?[")
}

// Run executes one SQL statement and streams its result rows to w. Errors from
// DuckDB, for example a syntax error, are returned wrapped.
func (d *DB) Run(ctx context.Context, query string, w RowWriter) error {
	if err := d.checkReadOnly(ctx, query); err != nil {
		return err
	}
	rows, err := d.db.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("run query: %w", err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return fmt.Errorf("read result columns: %w", err)
	}
	columns := make([]string, len(types))
	for i, t := range types {
		columns[i] = t.Name()
	}
	if err := w.WriteHeader(columns); err != nil {
		return err
	}
	values := make([]any, len(columns))
	pointers := make([]any, len(columns))
	for i := range values {
		pointers[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(pointers...); err != nil {
			return fmt.Errorf("read result row: %w", err)
		}
		formatCalendarValues(values, types)
		if err := w.WriteRow(values); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read result rows: %w", err)
	}
	return w.Flush()
}

// formatCalendarValues replaces the time.Time that DuckDB returns for a DATE or
// TIME column with its text, such as 2024-05-22 or 03:48:29.047, because the
// writers print every time.Time as a full timestamp.
func formatCalendarValues(values []any, types []*sql.ColumnType) {
	for i, v := range values {
		t, ok := v.(time.Time)
		if !ok {
			continue
		}
		switch types[i].DatabaseTypeName() {
		case "DATE":
			values[i] = t.Format(time.DateOnly)
		case "TIME":
			values[i] = t.Format("15:04:05.999999")
		}
	}
}

// Result is a query result held in memory.
type Result struct {
	Columns []string
	Rows    [][]any
}

// Collect runs query and returns its whole result. Use it for results known to be
// small, such as an aggregate or a query with LIMIT.
func (d *DB) Collect(ctx context.Context, query string) (*Result, error) {
	c := &collector{}
	if err := d.Run(ctx, query, c); err != nil {
		return nil, err
	}
	return &c.result, nil
}

// collector is a RowWriter that keeps rows in memory.
type collector struct {
	result Result
}

func (c *collector) WriteHeader(columns []string) error {
	c.result.Columns = columns
	return nil
}

func (c *collector) WriteRow(values []any) error {
	c.result.Rows = append(c.result.Rows, append([]any(nil), values...))
	return nil
}

func (c *collector) Flush() error { return nil }

// errNotReadOnly rejects statements that could change files or settings.
var errNotReadOnly = errors.New("only one SELECT statement can run (DESCRIBE and SUMMARIZE count); " +
	"COPY, EXPORT, SET, ATTACH, several statements and other statements are rejected")

// checkReadOnly accepts query only when it is exactly one SELECT statement, so that
// a query cannot write over its inputs with COPY. DuckDB's json_serialize_sql parses
// the text without running it and serializes SELECT statements only.
func (d *DB) checkReadOnly(ctx context.Context, query string) error {
	var serialized string
	if err := d.db.QueryRowContext(ctx, "SELECT CAST(json_serialize_sql($1::VARCHAR) AS VARCHAR)", query).Scan(&serialized); err != nil {
		return fmt.Errorf("parse query: %w", err)
	}
	var parsed struct {
		Error        bool              `json:"error"`
		ErrorType    string            `json:"error_type"`
		ErrorMessage string            `json:"error_message"`
		Statements   []json.RawMessage `json:"statements"`
	}
	if err := json.Unmarshal([]byte(serialized), &parsed); err != nil {
		return fmt.Errorf("parse query: %w", err)
	}
	if parsed.Error && parsed.ErrorType == "parser" {
		return fmt.Errorf("run query: %s", parsed.ErrorMessage)
	}
	if parsed.Error || len(parsed.Statements) != 1 {
		return errNotReadOnly
	}
	return nil
}
