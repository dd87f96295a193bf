//go:build cgo

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/alb2ocsf/alb2ocsf/internal/query"
)

const querySynopsis = `[flags] [SQL] PATH...

Runs SQL over OCSF event Parquet files, exposed as a view named events.
PATH is a Parquet file, a directory (read recursively, hive partitions
included) or a glob such as 'out/**/*.parquet'.

The first argument is the SQL unless it names an existing file or
directory, or a flag gives the query: -e SQL, --hunt NAME or --list.
Output is a table when standard output is a terminal and CSV otherwise,
unless --format says which.

Examples:
  alb2ocsf query 'SELECT count(*) FROM events' out/
  alb2ocsf query --hunt waf_blocked --format json out/
  alb2ocsf query --list`

// runQuery implements "alb2ocsf query".
func runQuery(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("query", querySynopsis, e.stderr)
	sqlText := fs.String("e", "", "SQL to run; without it the first argument is the SQL")
	format := fs.String("format", "", "output format: table, csv or json (JSON Lines); default table on a terminal, csv otherwise")
	hunt := fs.String("hunt", "", "run the named hunt from the hunting pack (see --list)")
	list := fs.Bool("list", false, "list the hunts with a line on what each finds, and exit")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *list {
		return listHunts(e.stdout)
	}
	statement, paths, err := querySQL(fs, *sqlText, *hunt)
	if err != nil {
		return err
	}
	w, err := resultWriter(*format, e.stdout)
	if err != nil {
		return err
	}
	db, err := query.Open(ctx, paths)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Run(ctx, statement, w)
}

// querySQL returns the statement to run and the input paths from the flags and
// the positional arguments.
func querySQL(fs *flag.FlagSet, sqlText, hunt string) (string, []string, error) {
	args := fs.Args()
	if sqlText != "" && hunt != "" {
		return "", nil, &usageError{msg: "give either -e or --hunt, not both"}
	}
	if hunt != "" {
		h, err := query.Hunt(hunt)
		if err != nil {
			return "", nil, &usageError{msg: err.Error()}
		}
		sqlText = h.SQL
	} else if sqlText == "" && len(args) > 0 && !pathExists(args[0]) {
		sqlText, args = args[0], args[1:]
	}
	if sqlText == "" {
		return "", nil, &usageError{msg: "missing SQL: give it as the first argument, with -e, or use --hunt NAME"}
	}
	if len(args) == 0 {
		return "", nil, &usageError{msg: "missing input: give at least one Parquet file, directory or glob"}
	}
	return sqlText, args, nil
}

func pathExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// resultWriter returns the writer for the --format value. An empty value means
// table on a terminal and CSV otherwise.
func resultWriter(name string, stdout io.Writer) (query.RowWriter, error) {
	if name == "" {
		name = string(query.FormatCSV)
		if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			name = string(query.FormatTable)
		}
	}
	format, err := query.ParseFormat(name)
	if err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	return query.NewWriter(format, stdout)
}

func listHunts(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, h := range query.List() {
		fmt.Fprintf(tw, "%s\t%s\n", h.Name, h.Description)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write hunt list: %w", err)
	}
	return nil
}
