//go:build !cgo

package main

import "context"

// addOptionalCommands registers query and report as commands that explain why
// they are missing: this binary was built without cgo, so it has no DuckDB.
func addOptionalCommands(m map[string]commandFunc) {
	missing := func(context.Context, *env, []string) error {
		return &usageError{msg: "this binary was built with CGO_ENABLED=0 and has no DuckDB; " +
			"build it with cgo (the default) to use query and report"}
	}
	m["query"] = missing
	m["report"] = missing
}
