package s3

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// DefaultLag is the default lag window of the new-objects state: how long after
// the newest LastModified time seen an object may still appear in a listing with
// an older LastModified time. S3 sets LastModified when an upload starts, so a
// slow upload shows up after later ones. Fifteen minutes is an estimate for
// objects of a few MB.
const DefaultLag = 15 * time.Minute

// stateVersion is the format version written to state files.
const stateVersion = 1

// State records which objects earlier runs converted, so a run can select only
// objects that arrived since. Keys do not arrive in key order, so the state keeps
// a LastModified cutoff instead of a start-after key: objects modified before
// Cutoff are done, and Seen lists the objects modified at or after it that are
// done. Seen stays bounded by the objects that arrive within one lag window.
type State struct {
	Version int          `json:"version"`
	Cutoff  time.Time    `json:"cutoff"`
	Seen    []SeenObject `json:"seen"`
	seen    map[string]bool
}

// SeenObject is a done object modified at or after the cutoff.
type SeenObject struct {
	URI          string    `json:"uri"`
	LastModified time.Time `json:"last_modified"`
}

// LoadState reads a state file. A missing file is an empty state, under which
// every object is new.
func LoadState(path string) (*State, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newState(time.Time{}, nil), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read state file: %w", err)
	}
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("read state file %s: %w", path, err)
	}
	if s.Version != stateVersion {
		return nil, fmt.Errorf("read state file %s: version %d is not supported; expected %d", path, s.Version, stateVersion)
	}
	return newState(s.Cutoff, s.Seen), nil
}

func newState(cutoff time.Time, seen []SeenObject) *State {
	s := &State{Version: stateVersion, Cutoff: cutoff, Seen: seen, seen: map[string]bool{}}
	for _, o := range seen {
		s.seen[o.URI] = true
	}
	return s
}

// IsNew reports whether o was not done by the runs recorded in s.
func (s *State) IsNew(o Object) bool {
	if o.LastModified.Before(s.Cutoff) {
		return false
	}
	return !s.seen[o.URI()]
}

// Advance returns the state after a run. done are the objects the run converted
// or skipped by kind, and failed those it could not read. The new cutoff is the
// newest LastModified time known minus lag, but never later than a failed
// object, so that object stays new for the next run, and never earlier than the
// old cutoff.
func (s *State) Advance(done, failed []Object, lag time.Duration) *State {
	var newest time.Time
	for _, o := range s.Seen {
		newest = later(newest, o.LastModified)
	}
	for _, o := range done {
		newest = later(newest, o.LastModified)
	}
	cutoff := newest.Add(-lag)
	for _, o := range failed {
		if o.LastModified.Before(cutoff) {
			cutoff = o.LastModified
		}
	}
	cutoff = later(cutoff, s.Cutoff)
	kept := map[string]SeenObject{}
	for _, o := range s.Seen {
		kept[o.URI] = o
	}
	for _, o := range done {
		kept[o.URI()] = SeenObject{URI: o.URI(), LastModified: o.LastModified}
	}
	var seen []SeenObject
	for _, o := range kept {
		if !o.LastModified.Before(cutoff) {
			seen = append(seen, o)
		}
	}
	slices.SortFunc(seen, func(a, b SeenObject) int { return strings.Compare(a.URI, b.URI) })
	return newState(cutoff.UTC(), seen)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// Save writes the state to path through a temporary file in the same folder,
// so a failed save leaves the previous state in place.
func (s *State) Save(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write state file: %w", err)
	}
	_, err = tmp.Write(append(b, '\n'))
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write state file %s: %w", path, err)
	}
	return nil
}
