package query

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// huntFiles holds one SQL file per hunt. A file's first line is a "-- " comment
// with the hunt's one-line description, and the rest is a query over the events
// view.
//
//go:embed hunts/*.sql
var huntFiles embed.FS

// HuntQuery is a named query from the hunting pack.
type HuntQuery struct {
	Name        string // the file name without .sql, such as waf_blocked
	Description string // one line on what the hunt finds
	SQL         string // the whole file, description comment included
}

// List returns every hunt, sorted by name.
func List() []HuntQuery {
	names, err := fs.Glob(huntFiles, "hunts/*.sql")
	if err != nil {
		panic(fmt.Sprintf("list embedded hunts: %v", err)) // the pattern is constant
	}
	hunts := make([]HuntQuery, 0, len(names))
	for _, n := range names {
		hunts = append(hunts, mustLoadHunt(n))
	}
	sort.Slice(hunts, func(i, j int) bool { return hunts[i].Name < hunts[j].Name })
	return hunts
}

// Hunt returns the hunt called name, or an error that lists the names.
func Hunt(name string) (HuntQuery, error) {
	file := path.Join("hunts", name+".sql")
	if strings.ContainsAny(name, "/\\") || !fs.ValidPath(file) {
		return HuntQuery{}, unknownHunt(name)
	}
	if _, err := fs.Stat(huntFiles, file); err != nil {
		return HuntQuery{}, unknownHunt(name)
	}
	return mustLoadHunt(file), nil
}

func unknownHunt(name string) error {
	hunts := List()
	names := make([]string, len(hunts))
	for i, h := range hunts {
		names[i] = h.Name
	}
	return fmt.Errorf("unknown hunt %q: use one of %s", name, strings.Join(names, ", "))
}

// mustLoadHunt reads an embedded hunt file. The files are part of the binary and
// a test reads every one, so a read failure is a build defect and panics.
func mustLoadHunt(file string) HuntQuery {
	b, err := huntFiles.ReadFile(file)
	if err != nil {
		panic(fmt.Sprintf("read embedded hunt %s: %v", file, err))
	}
	text := string(b)
	first, _, _ := strings.Cut(text, "\n")
	return HuntQuery{
		Name:        strings.TrimSuffix(path.Base(file), ".sql"),
		Description: strings.TrimSpace(strings.TrimPrefix(first, "--")),
		SQL:         text,
	}
}
