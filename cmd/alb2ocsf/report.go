//go:build cgo

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/alb2ocsf/alb2ocsf/internal/query"
	"github.com/alb2ocsf/alb2ocsf/internal/report"
)

const reportSynopsis = `[flags] PATH... -o report.html

Writes one self-contained HTML page about OCSF event Parquet files: a
timeline of requests by status class, top clients, top paths, error
reasons and the first rows of every hunt. The page loads nothing from the
network and needs no JavaScript. PATH is as for 'alb2ocsf query'.`

// runReport implements "alb2ocsf report".
func runReport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("report", reportSynopsis, e.stderr)
	output := fs.String("o", "", "HTML file to write (required)")
	title := fs.String("title", "ALB access log report", "page title")
	if err := parseFlags(fs, interleaveFlags(args)); err != nil {
		return err
	}
	if *output == "" {
		return &usageError{msg: "missing -o: give the HTML file to write"}
	}
	if fs.NArg() == 0 {
		return &usageError{msg: "missing input: give at least one Parquet file, directory or glob"}
	}
	if err := checkNotInput(*output, fs.Args()); err != nil {
		return err
	}
	db, err := query.Open(ctx, fs.Args())
	if err != nil {
		return err
	}
	defer db.Close()
	return writeReport(ctx, db, *title, *output)
}

// writeReport renders into a temporary file beside path and renames it, so a
// failed run leaves no partial page.
func writeReport(ctx context.Context, db *query.DB, title, path string) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".report-*.html")
	if err != nil {
		return fmt.Errorf("create report file: %w", err)
	}
	defer func() {
		if err != nil {
			os.Remove(f.Name())
		}
	}()
	if err := report.Render(ctx, db, title, f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close report file: %w", err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("set report file mode: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write report file: %w", err)
	}
	return nil
}

// interleaveFlags moves the flags that follow the paths in front of them,
// because the flag package stops at the first positional argument and the
// documented form is "report PATH... -o report.html". Arguments after "--" stay
// positional.
func interleaveFlags(args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case a == "--":
			rest = append(rest, args[i+1:]...)
			return append(append(flags, "--"), rest...)
		case !strings.HasPrefix(a, "-") || (name != "o" && name != "title"):
			rest = append(rest, a)
		case hasValue || i+1 == len(args):
			flags = append(flags, a)
		default:
			flags = append(flags, a, args[i+1])
			i++
		}
	}
	return append(flags, rest...)
}
