//go:build !cgo

package main

// addOptionalCommands adds nothing: this binary was built without cgo, so the
// commands that embed DuckDB are left out.
func addOptionalCommands(m map[string]commandFunc) {}
