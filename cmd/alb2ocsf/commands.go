package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// errHelp is returned when the user asked for a command's help text.
var errHelp = flag.ErrHelp

// commands returns the subcommands by name.
func commands() map[string]commandFunc {
	m := map[string]commandFunc{
		"convert":  runConvert,
		"validate": runValidate,
		"version":  runVersion,
	}
	addOptionalCommands(m)
	return m
}

// newFlagSet returns a flag set that prints its usage to w and returns errors
// instead of exiting.
func newFlagSet(name, synopsis string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(w, "Usage: alb2ocsf %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and turns flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	return nil
}
