package main

import (
	"context"
	"flag"

	"github.com/alb2ocsf/alb2ocsf/internal/output"
	"github.com/alb2ocsf/alb2ocsf/internal/pipeline"
	"github.com/alb2ocsf/alb2ocsf/internal/source"
)

// ioFlags are the convert options that choose where inputs come from and where
// output goes.
type ioFlags struct{}

// register adds the input and output options to the convert flag set.
func (f *ioFlags) register(fs *flag.FlagSet) {}

// apply copies the input selection into the pipeline configuration.
func (f *ioFlags) apply(cfg *pipeline.Config) error { return nil }

// parseOutput interprets the -o argument.
func (f *ioFlags) parseOutput(path string) (output.Target, error) {
	return output.ParseTarget(path)
}

// resolveInputs turns INPUT arguments into objects.
func (f *ioFlags) resolveInputs(ctx context.Context, e *env, args []string) ([]source.Object, error) {
	return source.Expand(args, e.stdin)
}

// openEvents opens the event writer for the output target.
func (f *ioFlags) openEvents(ctx context.Context, e *env, target output.Target, opts output.Options) (output.Writer, error) {
	return output.Open(target, opts, e.stdout)
}
