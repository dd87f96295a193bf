package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
	"github.com/alb2ocsf/alb2ocsf/internal/output"
	"github.com/alb2ocsf/alb2ocsf/internal/pipeline"
	"github.com/alb2ocsf/alb2ocsf/internal/source"
)

const defaultOutput = "alb2ocsf.parquet"

// convertFlags are the options of the convert command.
type convertFlags struct {
	output       string
	rejects      string
	statsJSON    string
	noRawData    bool
	workers      int
	sourceName   string
	maxLineBytes int
	rowGroupRows int
	maxFileBytes int64
	memoryLimit  int64
	quiet        bool
	io           ioFlags
	inputPaths   []string // local input files, to refuse writing over one
}

func parseConvertFlags(e *env, args []string) (*convertFlags, []string, error) {
	f := &convertFlags{}
	fs := newFlagSet("convert", "[flags] INPUT...\n\n"+
		"INPUT is a file, a folder (walked recursively) or - for standard input.\n"+
		"gzip input is detected from its bytes.", e.stderr)
	for _, name := range []string{"o", "output"} {
		fs.StringVar(&f.output, name, defaultOutput,
			"output: a .parquet file, a .jsonl file, - for JSON lines on stdout,\nor a folder that receives rotated Parquet files")
	}
	fs.StringVar(&f.rejects, "rejects", "", "rejects file (JSON lines); default: beside the output, NAME.rejects.jsonl")
	fs.StringVar(&f.statsJSON, "stats-json", "", "also write the run summary as JSON to this file")
	fs.BoolVar(&f.noRawData, "no-raw-data", false, "leave raw_data (the original line) out of every event")
	fs.IntVar(&f.workers, "workers", runtime.GOMAXPROCS(0), "input files converted at once")
	fs.StringVar(&f.sourceName, "source-name", "", "name of standard input, used in metadata.log_source and metadata.uid")
	fs.IntVar(&f.maxLineBytes, "max-line-bytes", pipeline.DefaultMaxLineBytes, "longest line accepted, in bytes; longer lines are rejected")
	fs.IntVar(&f.rowGroupRows, "row-group-rows", output.DefaultRowGroupRows, "rows per Parquet row group")
	fs.Int64Var(&f.maxFileBytes, "max-file-bytes", output.DefaultMaxFileBytes, "size in bytes at which a folder output starts a new Parquet file")
	fs.Int64Var(&f.memoryLimit, "memory-limit", defaultMemoryLimit,
		"soft limit in bytes on the Go heap, which makes garbage collection keep the process small;\n0 leaves the Go runtime's setting (the GOMEMLIMIT environment variable) alone")
	for _, name := range []string{"q", "quiet"} {
		fs.BoolVar(&f.quiet, name, false, "print no summary")
	}
	f.io.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return nil, nil, err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return nil, nil, &usageError{msg: "convert needs at least one INPUT"}
	}
	if f.workers < 1 || f.maxLineBytes < 1 || f.rowGroupRows < 1 || f.maxFileBytes < 1 {
		return nil, nil, &usageError{msg: "--workers, --max-line-bytes, --row-group-rows and --max-file-bytes must be positive"}
	}
	return f, fs.Args(), nil
}

// runConvert converts the inputs and writes events, rejects and a summary.
func runConvert(ctx context.Context, e *env, args []string) error {
	start := time.Now()
	f, inputs, err := parseConvertFlags(e, args)
	if err != nil {
		return err
	}
	setMemoryLimit(f.memoryLimit)

	target, err := f.io.parseOutput(f.output)
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	objects, err := f.io.resolveInputs(ctx, e, inputs)
	if err != nil {
		return err
	}
	f.inputPaths = localPaths(objects)
	if err := checkNotInput(target.Path, f.inputPaths); err != nil {
		return err
	}

	mapper, err := ocsf.NewMapper(ocsf.Options{Version: ocsf.Version180, OmitRawData: f.noRawData})
	if err != nil {
		return err
	}
	sink, err := openSink(ctx, e, f, target, mapper.Version())
	if err != nil {
		return err
	}
	cfg := pipeline.Config{
		Mapper:       mapper,
		Workers:      f.workers,
		MaxLineBytes: f.maxLineBytes,
		SourceName:   f.sourceName,
	}
	if err := f.io.apply(&cfg); err != nil {
		return &usageError{msg: err.Error()}
	}

	stats, runErr := pipeline.Run(ctx, cfg, objects, sink)
	if runErr != nil {
		sink.abort()
		return fmt.Errorf("convert: %w", runErr)
	}
	if err := sink.close(); err != nil {
		return err
	}
	stats.BytesOut = sink.events.BytesWritten()
	stats.SkippedObjects = f.io.skippedObjects()
	stats.Elapsed = time.Since(start)
	stats.ElapsedSeconds = stats.Elapsed.Seconds()
	return finishConvert(e, f, target, sink, stats)
}

// localPaths returns the paths of the objects that are local files.
func localPaths(objects []source.Object) []string {
	var paths []string
	for _, o := range objects {
		if o.Name != "-" && !strings.Contains(o.Name, "://") {
			paths = append(paths, o.Name)
		}
	}
	return paths
}

// checkNotInput returns a usage error when out is one of the input files, which
// the conversion would replace.
func checkNotInput(out string, inputs []string) error {
	outInfo, err := os.Stat(out)
	if err != nil || !outInfo.Mode().IsRegular() {
		return nil
	}
	for _, in := range inputs {
		if inInfo, err := os.Stat(in); err == nil && os.SameFile(inInfo, outInfo) {
			return &usageError{msg: fmt.Sprintf("output %s is also an input; writing it would destroy that input", out)}
		}
	}
	return nil
}

// defaultMemoryLimit is the default soft heap limit. The pipeline keeps a bounded
// number of events and row groups in flight, about 100 MiB of live data, so this
// limit only stops garbage from piling up between collections.
const defaultMemoryLimit = 192 << 20

// setMemoryLimit sets the Go runtime's soft memory limit, unless the user set one
// with GOMEMLIMIT or passed 0. Collection may then run more often, never less.
func setMemoryLimit(limit int64) {
	if limit <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(limit)
}

// finishConvert prints and writes the summary and turns the outcome into an error
// that selects the exit code.
func finishConvert(e *env, f *convertFlags, target output.Target, sink *convertSink, stats pipeline.Stats) error {
	if !f.quiet {
		printSummary(e.stderr, stats, target.Path, sink.rejectsPath)
	}
	if f.statsJSON != "" {
		if err := writeStatsJSON(f.statsJSON, stats); err != nil {
			return err
		}
	}
	if len(stats.Failed) > 0 {
		return fmt.Errorf("%d of %d inputs failed; the first: %s: %s",
			len(stats.Failed), stats.Files, stats.Failed[0].Object, stats.Failed[0].Error)
	}
	if stats.Rejected > 0 {
		return &rejectedError{count: stats.Rejected, quiet: f.quiet}
	}
	return nil
}

// convertSink adapts the output writers to the pipeline.
type convertSink struct {
	events      output.Writer
	rejects     *output.RejectWriter
	rejectsPath string
	prepare     bool // use the writer's Prepare, see Prepare
}

func openSink(ctx context.Context, e *env, f *convertFlags, target output.Target, version string) (*convertSink, error) {
	opts := output.Options{
		ParquetOptions: output.ParquetOptions{
			RowGroupRows: f.rowGroupRows,
			CreatedBy:    toolVersion(),
			Metadata:     map[string]string{"ocsf.version": version, "ocsf.class_uid": "4002"},
		},
		MaxFileBytes: f.maxFileBytes,
	}
	events, err := f.io.openEvents(ctx, e, target, opts)
	if err != nil {
		return nil, fmt.Errorf("open output: %w", err)
	}
	path := f.rejects
	if path == "" {
		path = target.RejectsPath()
	}
	if path == "-" && target.Path == "-" {
		events.Abort()
		return nil, &usageError{msg: "--rejects - and -o - cannot both write to stdout"}
	}
	if err := checkNotInput(path, f.inputPaths); err != nil {
		events.Abort()
		return nil, err
	}
	rejects, err := output.CreateRejects(path, e.stdout)
	if err != nil {
		events.Abort()
		return nil, fmt.Errorf("open rejects file: %w", err)
	}
	return &convertSink{events: events, rejects: rejects, rejectsPath: path, prepare: runtime.GOMAXPROCS(0) > 2}, nil
}

func (s *convertSink) WriteEvents(events []*ocsf.Event) error { return s.events.Write(events) }

// Prepare lets an output writer that can do part of its work on the pipeline's
// workers do so. Otherwise it returns nil, so the batch goes to WriteEvents.
//
// Preparing costs about 7% more CPU in all, and it pays off only when the
// collector goroutine, which writes every batch, is the bottleneck. On two cores
// the whole pipeline keeps both busy and the collector is not the bottleneck, so
// preparation is used only with more than two CPUs. Both figures were measured on
// 2 vCPUs. The gain on larger machines is an estimate from the collector's cost per
// row: 3.7 µs without preparation, 2.1 µs with it.
func (s *convertSink) Prepare(events []*ocsf.Event) (any, error) {
	if p, ok := s.events.(output.Preparer); ok && s.prepare {
		return p.Prepare(events)
	}
	return nil, nil
}

// WritePrepared writes a batch that Prepare returned.
func (s *convertSink) WritePrepared(prepared any) error {
	return s.events.(output.Preparer).WritePrepared(prepared)
}

func (s *convertSink) WriteRejects(rejects []pipeline.Reject) error {
	for _, r := range rejects {
		rec := output.Reject{Source: r.Source, Line: r.Line, Reason: r.Reason, Field: r.Field, Message: r.Message}
		if err := s.rejects.Write(rec, r.Raw); err != nil {
			return err
		}
	}
	return nil
}

func (s *convertSink) close() error {
	if err := s.events.Close(); err != nil {
		s.rejects.Abort()
		return fmt.Errorf("close output: %w", err)
	}
	if err := s.rejects.Close(); err != nil {
		return fmt.Errorf("close rejects file: %w", err)
	}
	return nil
}

func (s *convertSink) abort() {
	s.events.Abort()
	s.rejects.Abort()
}

// printSummary writes the run summary in a human-readable form.
func printSummary(w io.Writer, s pipeline.Stats, out, rejects string) {
	fmt.Fprintf(w, "files     %d\n", s.Files)
	fmt.Fprintf(w, "lines     %d\n", s.Lines)
	fmt.Fprintf(w, "events    %d\n", s.Events)
	fmt.Fprintf(w, "rejected  %d%s\n", s.Rejected, byReason(s.RejectedByReason))
	fmt.Fprintf(w, "skipped   %d%s\n", s.Skipped, byReason(s.SkippedByReason))
	if len(s.SkippedObjects) > 0 {
		fmt.Fprintf(w, "objects skipped by name%s\n", byReason(s.SkippedObjects))
	}
	fmt.Fprintf(w, "bytes in  %d\n", s.BytesIn)
	fmt.Fprintf(w, "bytes out %d\n", s.BytesOut)
	fmt.Fprintf(w, "elapsed   %.3fs\n", s.Elapsed.Seconds())
	fmt.Fprintf(w, "output    %s\n", out)
	fmt.Fprintf(w, "rejects   %s\n", rejects)
	for _, f := range s.Failed {
		fmt.Fprintf(w, "failed    %s after line %d: %s\n", f.Object, f.Line, f.Error)
	}
}

// byReason formats counts as " (reason n, reason n)" sorted by reason.
func byReason(m map[string]int64) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func writeStatsJSON(path string, s pipeline.Stats) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode stats: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write stats: %w", err)
	}
	return nil
}
