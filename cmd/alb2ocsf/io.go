package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/alb2ocsf/alb2ocsf/internal/output"
	"github.com/alb2ocsf/alb2ocsf/internal/pipeline"
	"github.com/alb2ocsf/alb2ocsf/internal/progress"
	"github.com/alb2ocsf/alb2ocsf/internal/s3"
	"github.com/alb2ocsf/alb2ocsf/internal/source"
	"golang.org/x/term"
)

// ioFlags are the convert options that choose where inputs come from and where
// output goes: local paths and s3:// locations, the selection by time, account
// and region, the AWS configuration, and the new-objects state.
type ioFlags struct {
	fs *flag.FlagSet
	s3Flags

	// Filled in by parseOutput, which validates the flags.
	sel s3.Selection
	out *s3.Location // the output location when -o is s3://

	// Filled in by resolveInputs.
	env    *env
	client *s3.Client
	inputs *s3Inputs
	totals progress.Totals
	runID  string // selectionID of the inputs

	// Filled in by apply, stopped by the event writer.
	reporter *progress.Reporter
	progress *pipeline.Progress // counts the objects read to the end
}

// skippedObjects returns the S3 objects left out by kind, or nil.
func (f *ioFlags) skippedObjects() map[string]int64 {
	if f.inputs == nil || len(f.inputs.skipped) == 0 {
		return nil
	}
	counts := map[string]int64{}
	for _, o := range f.inputs.skipped {
		counts[o.Skip]++
	}
	return counts
}

// register adds the input and output options to the convert flag set.
func (f *ioFlags) register(fs *flag.FlagSet) {
	f.fs = fs
	f.s3Flags.register(fs)
}

// apply copies the input selection into the pipeline configuration and starts
// the progress reporter. parseOutput has validated every value, so apply does
// not fail.
func (f *ioFlags) apply(cfg *pipeline.Config) error {
	if !f.sel.Since.IsZero() {
		cfg.Since = f.sel.Since.UnixMicro()
	}
	if !f.sel.Until.IsZero() {
		cfg.Until = f.sel.Until.UnixMicro()
	}
	if f.inputs != nil && len(f.inputs.convert) > 0 {
		cfg.Workers = f.concurrency
	}
	cfg.Progress = &pipeline.Progress{}
	f.progress = cfg.Progress
	f.startProgress(cfg.Progress)
	return nil
}

// startProgress starts a status line when stderr is a terminal and periodic log
// records otherwise. --quiet turns both off.
func (f *ioFlags) startProgress(counters *pipeline.Progress) {
	if f.env == nil || f.flagIsSet("quiet") {
		return
	}
	if file, ok := f.env.stderr.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
		f.reporter = progress.StartTerminal(file, counters, f.totals)
		return
	}
	f.reporter = progress.StartLog(f.env.logger, progress.LogInterval, counters, f.totals)
}

// stopProgress ends the progress reports, if any were started.
func (f *ioFlags) stopProgress() {
	if f.reporter != nil {
		f.reporter.Stop()
	}
}

// flagIsSet reports whether a boolean flag of the convert command is true.
func (f *ioFlags) flagIsSet(name string) bool {
	fl := f.fs.Lookup(name)
	return fl != nil && fl.Value.String() == "true"
}

// parseOutput validates the input and output options and interprets the -o
// argument. An s3:// output is written to a local temporary folder and uploaded
// when complete, and its rejects file defaults to alb2ocsf.rejects.jsonl in the
// current folder.
func (f *ioFlags) parseOutput(path string) (output.Target, error) {
	sel, err := f.s3Flags.selection()
	if err != nil {
		return output.Target{}, err
	}
	f.sel = sel
	if _, err := s3.CheckEndpoint(f.endpointURL); err != nil {
		return output.Target{}, err
	}
	if err := checkStateFolder(f.statePath); err != nil {
		return output.Target{}, err
	}
	if !s3.IsURI(path) {
		return output.ParseTarget(path)
	}
	loc, err := s3.ParseURI(path)
	if err != nil {
		return output.Target{}, err
	}
	f.out = &loc
	if fl := f.fs.Lookup("rejects"); fl != nil && fl.Value.String() == "" {
		if err := f.fs.Set("rejects", "alb2ocsf.rejects.jsonl"); err != nil {
			return output.Target{}, fmt.Errorf("set the rejects file: %w", err)
		}
	}
	return s3Target(path), nil
}

// resolveInputs turns INPUT arguments into objects, in argument order: local
// paths as source.Expand finds them and s3:// locations as listed and selected.
// With --dry-run it prints the selection and returns errDryRun.
func (f *ioFlags) resolveInputs(ctx context.Context, e *env, args []string) ([]source.Object, error) {
	f.env = e
	if f.out != nil && !f.dryRun {
		if err := f.checkOutputBucket(ctx, e); err != nil {
			return nil, err
		}
	}
	objects, err := f.collectInputs(ctx, e, args)
	if err != nil {
		return nil, err
	}
	if f.dryRun {
		return nil, f.printDryRun(e, objects)
	}
	names := make([]string, len(objects))
	for i, o := range objects {
		names[i] = o.Name
		f.totals.Objects++
		f.totals.Bytes += max(o.Size, 0)
	}
	f.runID = selectionID(names, f.rowOptions())
	return objects, nil
}

// unfinishedObjects returns the number of inputs that were not read to the end,
// which is the number of failed objects once the pipeline has returned. It
// returns 0 before apply has run.
func (f *ioFlags) unfinishedObjects() int64 {
	if f.progress == nil {
		return 0
	}
	return max(f.totals.Objects-f.progress.Objects.Load(), 0)
}

// openEvents opens the event writer for the output target. The writer also
// stops the progress reports and, after a successful close, saves the
// new-objects state.
func (f *ioFlags) openEvents(ctx context.Context, e *env, target output.Target, opts output.Options) (output.Writer, error) {
	var events output.Writer
	var err error
	if f.out != nil {
		events, err = f.openS3Output(ctx, e, target, opts)
	} else {
		events, err = output.Open(target, opts, e.stdout)
	}
	if err != nil {
		return nil, err
	}
	return &runWriter{Writer: events, flags: f}, nil
}
