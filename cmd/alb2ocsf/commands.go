package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
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

// looksLikeText reports whether an argument that starts with '-' is text such as
// SQL beginning with a "--" comment rather than a flag: a flag name never contains
// white space.
func looksLikeText(arg string) bool {
	if len(arg) < 2 || arg[0] != '-' {
		return false
	}
	name, _, _ := strings.Cut(arg, "=")
	return strings.ContainsAny(name, " \t\n")
}

// parseFlags parses args and turns flag errors into usage errors. Flags may come
// before, between or after the positional arguments, so "convert IN -o OUT" works;
// an argument "--" ends the flags.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		for len(args) > 0 && looksLikeText(args[0]) {
			positional = append(positional, args[0])
			args = args[1:]
		}
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		if err != nil {
			return &usageError{msg: err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Parse the positional arguments after a "--" so that fs.Args returns them.
	return fs.Parse(append([]string{"--"}, positional...))
}
