package s3

import (
	"path/filepath"
	"testing"
	"time"
)

func object(key string, modified time.Time) Object {
	return Object{Bucket: "logs", Key: key, Size: 1, LastModified: modified}
}

func TestStateNewObjects(t *testing.T) {
	t0 := time.Date(2024, 5, 28, 12, 0, 0, 0, time.UTC)
	lag := 15 * time.Minute
	first := []Object{object("b", t0), object("c", t0.Add(10*time.Minute)), object("d", t0.Add(30*time.Minute))}
	state := newState(time.Time{}, nil).Advance(first, nil, lag)

	tests := []struct {
		name string
		o    Object
		want bool
	}{
		{name: "done inside lag window", o: object("d", t0.Add(30*time.Minute)), want: false},
		{name: "done before cutoff", o: object("b", t0), want: false},
		{name: "late key sorting first", o: object("a", t0.Add(20*time.Minute)), want: true},
		{name: "older than cutoff", o: object("a0", t0.Add(5*time.Minute)), want: false},
		{name: "newer object", o: object("e", t0.Add(time.Hour)), want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := state.IsNew(tt.o); got != tt.want {
				t.Errorf("IsNew(%s at %v) = %v, want %v", tt.o.Key, tt.o.LastModified, got, tt.want)
			}
		})
	}
	if want := t0.Add(15 * time.Minute); !state.Cutoff.Equal(want) {
		t.Errorf("cutoff = %v, want %v", state.Cutoff, want)
	}
	if len(state.Seen) != 1 {
		t.Errorf("seen = %v, want only d: keys older than the lag window are dropped", state.Seen)
	}
}

func TestStateFailedStaysNew(t *testing.T) {
	t0 := time.Date(2024, 5, 28, 12, 0, 0, 0, time.UTC)
	failed := object("a", t0)
	done := []Object{object("b", t0.Add(time.Hour))}
	state := newState(time.Time{}, nil).Advance(done, []Object{failed}, time.Minute)
	if !state.IsNew(failed) {
		t.Errorf("failed object is not new after Advance; cutoff %v", state.Cutoff)
	}
	if state.IsNew(done[0]) {
		t.Errorf("done object is new after Advance")
	}
}

func TestStateBounded(t *testing.T) {
	t0 := time.Date(2024, 5, 28, 0, 0, 0, 0, time.UTC)
	state := newState(time.Time{}, nil)
	for run := range 100 {
		var batch []Object
		for i := range 10 {
			at := t0.Add(time.Duration(run)*5*time.Minute + time.Duration(i)*time.Second)
			batch = append(batch, object(at.Format(time.RFC3339)+"-"+string(rune('a'+i)), at))
		}
		state = state.Advance(batch, nil, 15*time.Minute)
	}
	if len(state.Seen) > 40 {
		t.Errorf("seen has %d keys after 1,000 objects, want at most the 40 within the lag window", len(state.Seen))
	}
}

func TestStateSaveLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	missing, err := LoadState(path)
	if err != nil {
		t.Fatalf("LoadState(missing) error = %v", err)
	}
	if !missing.IsNew(object("a", time.Now())) {
		t.Errorf("empty state treats an object as done")
	}
	t0 := time.Date(2024, 5, 28, 0, 0, 0, 0, time.UTC)
	state := missing.Advance([]Object{object("a", t0)}, nil, time.Hour)
	if err := state.Save(path); err != nil {
		t.Fatalf("Save error = %v", err)
	}
	loaded, err := LoadState(path)
	if err != nil {
		t.Fatalf("LoadState error = %v", err)
	}
	if loaded.IsNew(object("a", t0)) {
		t.Errorf("loaded state treats a done object as new")
	}
	if !loaded.Cutoff.Equal(state.Cutoff) {
		t.Errorf("cutoff = %v, want %v", loaded.Cutoff, state.Cutoff)
	}
}
