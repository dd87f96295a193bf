package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// version is the release version, set at build time with
// -ldflags "-X main.version=v1.2.3". When it is left at "dev", the main
// module's version from the build information is printed instead, which `go
// install module@version` fills.
var version = "dev"

// runVersion prints the tool version and the OCSF versions it writes and validates.
func runVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("version", "", e.stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{msg: "version: takes no arguments"}
	}
	fmt.Fprintf(e.stdout, "alb2ocsf %s\n", toolVersion())
	fmt.Fprintln(e.stdout, "writes OCSF 1.8.0; validates OCSF 1.8.0 and 1.1.0")
	return nil
}

func toolVersion() string {
	if version != "dev" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return version
}
