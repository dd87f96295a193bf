package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	iofs "io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/alb2ocsf/alb2ocsf/internal/schema"
	"github.com/alb2ocsf/alb2ocsf/internal/validate"
)

// runValidate checks Parquet or JSON lines event files against the OCSF
// schema. It returns an error, so the process exits 1, when any row has a
// violation.
func runValidate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("validate", "[flags] FILE...", e.stderr)
	version := fs.String("ocsf-version", schema.DefaultVersion,
		"OCSF version to validate against: "+strings.Join(schema.Versions(), " or "))
	maxViolations := fs.Int("max-violations", 100, "maximum number of violations printed per file (0 prints none)")
	asJSON := fs.Bool("json", false, "write the reports to stdout as one JSON array")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return &usageError{msg: "validate: missing FILE; give one or more Parquet or JSON lines files"}
	}
	if *maxViolations < 0 {
		return &usageError{msg: fmt.Sprintf("validate: invalid --max-violations %d; want 0 or more", *maxViolations)}
	}
	s, err := schema.Load(*version)
	if err != nil {
		return &usageError{msg: fmt.Sprintf("validate: invalid --ocsf-version: %v", err)}
	}

	paths, err := eventFiles(fs.Args())
	if err != nil {
		return err
	}
	reports := make([]validate.Report, 0, len(paths))
	var violations, unreadable int64
	for _, path := range paths {
		report, err := validate.ValidateFile(ctx, path, s)
		if err != nil {
			// Go on with the other files, and fail the run at the end.
			fmt.Fprintf(e.stderr, "alb2ocsf: validate %s: %v\n", path, err)
			unreadable++
			continue
		}
		violations += report.ViolationCount
		if *asJSON {
			report.Violations = report.Violations[:min(len(report.Violations), *maxViolations)]
		} else {
			printReport(e.stdout, &report, *maxViolations)
		}
		reports = append(reports, report)
	}
	if *asJSON {
		if err := writeJSONReports(e.stdout, reports); err != nil {
			return err
		}
	}
	if violations > 0 {
		return fmt.Errorf("%d OCSF %s violations found", violations, s.Version())
	}
	if unreadable > 0 {
		return fmt.Errorf("%d of %d files could not be read", unreadable, len(paths))
	}
	return nil
}

// printReport writes FILE:ROW: PATH: message per violation, up to maxPrinted, then a
// summary with the warning counts by path.
func printReport(w io.Writer, r *validate.Report, maxPrinted int) {
	for _, v := range r.Violations[:min(len(r.Violations), maxPrinted)] {
		location := fmt.Sprintf("%s:%d:", r.File, v.Row)
		if v.Path != "" {
			location += " " + v.Path + ":"
		}
		fmt.Fprintf(w, "%s %s\n", location, v.Message)
	}
	if r.ViolationCount > int64(maxPrinted) {
		fmt.Fprintf(w, "%s: %d more violations not printed\n", r.File, r.ViolationCount-int64(maxPrinted))
	}
	fmt.Fprintf(w, "%s: %s, %d rows checked, %d violations, %d warning paths\n",
		r.File, r.Format, r.Rows, r.ViolationCount, len(r.Warnings))
	for _, path := range slices.Sorted(maps.Keys(r.Warnings)) {
		fmt.Fprintf(w, "  warning %s: %d\n", path, r.Warnings[path])
	}
}

func writeJSONReports(w io.Writer, reports []validate.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(reports); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}

// eventFiles expands folders into the .parquet, .jsonl and .json files below them,
// in lexical order, as convert writes a folder output. Files named explicitly are
// kept whatever their names.
func eventFiles(args []string) ([]string, error) {
	var paths []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			paths = append(paths, arg)
			continue
		}
		err = filepath.WalkDir(arg, func(p string, d iofs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".parquet", ".jsonl", ".json":
				if d.Type().IsRegular() && !strings.HasSuffix(p, ".rejects.jsonl") && d.Name() != "rejects.jsonl" {
					paths = append(paths, p)
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walk folder %s: %w", arg, err)
		}
	}
	return paths, nil
}
