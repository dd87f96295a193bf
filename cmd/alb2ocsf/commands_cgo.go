//go:build cgo

package main

// addOptionalCommands adds the commands that need cgo (the embedded DuckDB).
func addOptionalCommands(m map[string]commandFunc) {
	m["query"] = runQuery
	m["report"] = runReport
}
