// Command alb2ocsf converts Amazon Application Load Balancer access logs into OCSF
// HTTP Activity events and lets analysts query the result.
//
// Each subcommand lives in its own file as a function with the signature of
// commandFunc. This file only dispatches and maps errors to exit codes.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Exit codes. A script can tell a clean run from one that finished with rejected
// lines, and both from a run that failed.
const (
	exitOK       = 0 // every line became an event or a counted skip
	exitFailed   = 1 // the run failed: an input or the output could not be processed
	exitUsage    = 2 // the command line was invalid
	exitRejected = 3 // the run finished, but some lines were rejected
)

// env is the part of the process a subcommand uses: its streams and logger.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	logger *slog.Logger
}

// commandFunc runs one subcommand with the arguments that follow its name.
type commandFunc func(ctx context.Context, e *env, args []string) error

// usageError is an invalid command line. The process exits with exitUsage.
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

// rejectedError reports a finished run with rejected lines. The process exits with
// exitRejected.
type rejectedError struct {
	count int64
	quiet bool // print nothing: the exit code is enough
}

func (r *rejectedError) Error() string {
	return fmt.Sprintf("%d lines were rejected; see the rejects file", r.count)
}

func main() {
	// A write to a closed pipe (alb2ocsf convert -o - | head) returns an error that
	// the command handles, instead of killing the process with its temporary files.
	signal.Ignore(syscall.SIGPIPE)
	ctx, cancel := context.WithCancel(context.Background())
	go cancelOnSignal(cancel)
	e := &env{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		logger: slog.New(slog.NewTextHandler(os.Stderr, nil)),
	}
	code := run(ctx, e, os.Args[1:])
	cancel()
	os.Exit(code)
}

// cancelOnSignal cancels the run on SIGINT or SIGTERM, so that it stops and removes
// its temporary files. A second signal more than a second later exits at once.
// Signals closer together count as one, because tools such as timeout signal both
// the process and its process group.
func cancelOnSignal(cancel context.CancelFunc) {
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	<-signals
	first := time.Now()
	cancel()
	for range signals {
		if time.Since(first) > time.Second {
			fmt.Fprintln(os.Stderr, "alb2ocsf: interrupted again; exiting without cleaning up")
			os.Exit(exitFailed)
		}
	}
}

// run dispatches to a subcommand and returns the process exit code.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		printUsage(e.stderr)
		return exitUsage
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
			printUsage(e.stdout)
			return exitOK
		}
		fmt.Fprintf(e.stderr, "alb2ocsf: unknown command %q\n\n", args[0])
		printUsage(e.stderr)
		return exitUsage
	}
	return exitCode(e, cmd(ctx, e, args[1:]))
}

// exitCode prints err, if any, and maps it to an exit code.
func exitCode(e *env, err error) int {
	var usage *usageError
	var rejected *rejectedError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &usage):
		fmt.Fprintf(e.stderr, "alb2ocsf: %v\n", err)
		return exitUsage
	case errors.As(err, &rejected):
		if !rejected.quiet {
			fmt.Fprintf(e.stderr, "alb2ocsf: %v\n", err)
		}
		return exitRejected
	default:
		fmt.Fprintf(e.stderr, "alb2ocsf: %v\n", err)
		return exitFailed
	}
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `Usage: alb2ocsf COMMAND [flags] [arguments]

Commands:
  convert   convert ALB access logs into OCSF HTTP Activity events
  validate  check Parquet or JSON lines events against the OCSF schema
  query     run SQL or a built-in hunt over converted events (needs cgo)
  report    write a self-contained HTML report of converted events (needs cgo)
  version   print the tool version and the OCSF versions it writes

Run 'alb2ocsf COMMAND -h' for the flags of a command.

Exit status: 0 clean run, 1 failed run, 2 invalid command line,
3 finished with rejected lines.
`)
}
