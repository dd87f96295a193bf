// Command duckdbbaseline converts a corpus of gzip ALB access logs to Parquet with
// DuckDB alone, as the baseline that bench/compare.sh measures alb2ocsf against:
//
//	go run ./bench/duckdbbaseline -threads 2 -shape full CORPUS_DIR OUT.parquet
//
// DuckDB's read_csv splits the lines into VARCHAR columns, a SELECT builds the
// OCSF-shaped row, and COPY writes it as zstd Parquet. With -shape full the row
// has the columns, nesting and types of ocsf.Event (see fullSelect for what SQL
// cannot reproduce). With -shape simple it has 33 top-level columns, a few of
// them structs, without raw_data, unmapped or any regular expression.
//
// It prints the rows written, the elapsed time and the rows per second to stderr.
// Extensions are neither installed nor auto-loaded, so it never touches the
// network: read_csv, gzip and Parquet are built into the DuckDB library.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "duckdbbaseline:", err)
		os.Exit(1)
	}
}

func run() error {
	threads := flag.Int("threads", 0, "DuckDB threads; 0 keeps DuckDB's default, the number of CPUs")
	shape := flag.String("shape", "full", "output row: full (the columns of alb2ocsf's Parquet) or simple (33 flat-ish columns)")
	printSQL := flag.Bool("print-sql", false, "print the COPY statement to stdout and exit without running it")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: duckdbbaseline [flags] CORPUS_DIR OUT.parquet")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		return errors.New("expected two arguments: the corpus folder and the output path")
	}
	corpusDir, out := flag.Arg(0), flag.Arg(1)

	var selectSQL string
	switch *shape {
	case "full":
		selectSQL = fullSelect
	case "simple":
		selectSQL = simpleSelect
	default:
		return fmt.Errorf("invalid -shape %q: use full or simple", *shape)
	}
	stmt := copyStatement(selectSQL, filepath.Join(corpusDir, "**", "*.gz"), out)
	if *printSQL {
		fmt.Println(stmt)
		return nil
	}
	if _, err := os.Stat(corpusDir); err != nil {
		return fmt.Errorf("read corpus folder: %w", err)
	}

	ctx := context.Background()
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return fmt.Errorf("open DuckDB: %w", err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	// Settings apply to a connection, so everything runs on this one.
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("open DuckDB connection: %w", err)
	}
	defer conn.Close()
	settings := []string{
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = false",
		"SET TimeZone = 'UTC'",
	}
	if *threads > 0 {
		settings = append(settings, fmt.Sprintf("SET threads = %d", *threads))
	}
	for _, s := range settings {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("apply DuckDB setting %q: %w", s, err)
		}
	}
	var version string
	var used int
	if err := conn.QueryRowContext(ctx, "SELECT version(), current_setting('threads')").Scan(&version, &used); err != nil {
		return fmt.Errorf("read DuckDB version: %w", err)
	}

	began := time.Now()
	res, err := conn.ExecContext(ctx, stmt)
	if err != nil {
		return fmt.Errorf("copy to %s: %w", out, err)
	}
	elapsed := time.Since(began)
	rows, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("read the rows written: %w", err)
	}
	fmt.Fprintf(os.Stderr, "duckdb %s, %d threads, shape %s: %d rows in %.3fs, %.0f rows/s\n",
		version, used, *shape, rows, elapsed.Seconds(), float64(rows)/elapsed.Seconds())
	return nil
}

// copyStatement returns the COPY statement that reads the gzip files matched by
// glob and writes the rows of selectSQL to out.
func copyStatement(selectSQL, glob, out string) string {
	return "COPY (\nWITH f AS (" + readFields(glob) + ")\n" + selectSQL + "\n) TO " + quote(out) +
		" (FORMAT parquet, COMPRESSION zstd)"
}

// fieldNames are the ALB access log fields in AWS's order, then room for up to six
// unknown trailing fields. null_padding makes the fields a shorter line lacks NULL.
var fieldNames = []string{
	"type", "time", "elb", "client", "target",
	"request_processing_time", "target_processing_time", "response_processing_time",
	"elb_status_code", "target_status_code", "received_bytes", "sent_bytes",
	"request", "user_agent", "ssl_cipher", "ssl_protocol", "target_group_arn",
	"trace_id", "domain_name", "chosen_cert_arn", "matched_rule_priority",
	"request_creation_time", "actions_executed", "redirect_url", "error_reason",
	"target_port_list", "target_status_code_list", "classification",
	"classification_reason", "conn_trace_id", "transformed_host", "transformed_uri",
	"request_transform_status",
	"field_34", "field_35", "field_36", "field_37", "field_38", "field_39",
}

// readFields returns the SELECT that reads every line as VARCHAR fields, with "-"
// turned into NULL as alb2ocsf does, and the file name as log_source.
//
// ALB writes a '"' inside a quoted field as \x22, so quote '"' with escape '"'
// splits its lines. Older lines with \" inside a quoted field are split at the
// wrong place, and a line read_csv cannot split (more than 39 fields, for
// example) is dropped by ignore_errors, where alb2ocsf rejects it with a reason.
func readFields(glob string) string {
	var columns, fields []string
	for _, name := range fieldNames {
		columns = append(columns, fmt.Sprintf("'%s': 'VARCHAR'", name))
		fields = append(fields, fmt.Sprintf("nullif(%s, '-') AS %s", name, name))
	}
	return "SELECT " + strings.Join(fields, ", ") + ", filename AS log_source\n" +
		"FROM read_csv(" + quote(glob) + ", columns = {" + strings.Join(columns, ", ") + "},\n" +
		"  delim = ' ', quote = '\"', escape = '\"', header = false, auto_detect = false,\n" +
		"  null_padding = true, strict_mode = false, ignore_errors = true,\n" +
		"  compression = 'gzip', filename = true, max_line_size = 16777216)"
}

func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
