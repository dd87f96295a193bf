package output

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// prepareWorkers is the number of goroutines that call Prepare in the tests.
const prepareWorkers = 4

// batchSizes are the batch sizes that the prepared path is checked with: single
// rows, batches that straddle every page check, the pipeline's default, and
// batches longer than a row group.
var batchSizes = []int{1, 7, 1024, 5000}

// prepareConcurrently runs prepare on each batch from prepareWorkers goroutines,
// which take the batches last first, and returns the results in batch order.
func prepareConcurrently(t *testing.T, batches [][]*ocsf.Event, prepare func([]*ocsf.Event) (any, error)) []any {
	t.Helper()
	prepared := make([]any, len(batches))
	errs := make([]error, len(batches))
	next := make(chan int, len(batches))
	for i := len(batches) - 1; i >= 0; i-- {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range prepareWorkers {
		wg.Go(func() {
			for i := range next {
				prepared[i], errs[i] = prepare(batches[i])
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Prepare batch %d: %v", i, err)
		}
		if prepared[i] == nil {
			t.Fatalf("Prepare batch %d: got nil, want a column batch", i)
		}
	}
	return prepared
}

// writePreparedEncoded writes events with an eventEncoder from batches of
// batchSize events prepared concurrently.
func writePreparedEncoded(t *testing.T, events []*ocsf.Event, cfg encoderConfig, batchSize int) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc, err := newEventEncoder(&buf, cfg)
	if err != nil {
		t.Fatalf("newEventEncoder: %v", err)
	}
	batches := slices.Collect(slices.Chunk(events, batchSize))
	for _, prepared := range prepareConcurrently(t, batches, prepareBatch) {
		b := prepared.(*columnBatch)
		if err := enc.writeBatch(b, 0, b.rows); err != nil {
			t.Fatalf("writeBatch: %v", err)
		}
		b.release()
	}
	if err := enc.close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	return buf.Bytes()
}

// randomEvents draws n events with eventGen.
func randomEvents(n int, seed uint64) []*ocsf.Event {
	g := eventGen{rng: rand.New(rand.NewPCG(seed, 99))}
	events := make([]*ocsf.Event, n)
	for i := range events {
		events[i] = g.event()
	}
	return events
}

// fallbackEvents returns corpus events whose log_source makes the dictionary of
// the first 3000 rows fall back to PLAIN, at a value in the middle of a batch.
func fallbackEvents(t *testing.T, logSource func(i int) string) []*ocsf.Event {
	events := corpusEvents(t, 6000, 43)
	for i, ev := range events[:3000] {
		ev.Metadata.LogSource = logSource(i)
	}
	return events
}

func TestPreparedEncoderMatchesWrite(t *testing.T) {
	distinct := func(i int) string { return fmt.Sprintf("s3://logs/%d.log.gz", i) }
	long := func(i int) string { return fmt.Sprintf("%04d%s", i%1000, strings.Repeat("x", 1100)) }
	tests := []struct {
		name   string
		events []*ocsf.Event
		cfg    encoderConfig
	}{
		{"corpus defaults", corpusEvents(t, 6000, 7), encoderConfig{encoders: 2}},
		{"distinct fallback", fallbackEvents(t, distinct), encoderConfig{encoders: 2, rowGroupRows: 3000}},
		{"distinct fallback small pages", fallbackEvents(t, distinct), encoderConfig{encoders: 2, rowGroupRows: 3000, pageBytes: 512}},
		{"dictionary bytes fallback", fallbackEvents(t, long), encoderConfig{encoders: 3, rowGroupRows: 3000}},
		{"random odd row groups", randomEvents(1500, 5), encoderConfig{encoders: 2, rowGroupRows: 301}},
		{"random small pages", randomEvents(1500, 6), encoderConfig{encoders: 2, pageBytes: 512}},
		{"random byte budget", randomEvents(1500, 8), encoderConfig{encoders: 1, rowGroupBytes: 16 << 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := writeEncoded(t, tt.events, tt.cfg)
			for _, size := range batchSizes {
				got := writePreparedEncoded(t, tt.events, tt.cfg, size)
				if !bytes.Equal(got, want) {
					t.Errorf("batches of %d: prepared output (%d bytes) differs from write (%d bytes)", size, len(got), len(want))
				}
			}
		})
	}
}

// writeFile writes events to a new file or folder of dir with a writer opened
// for target, batches of batchSize events and Write, or Prepare and
// WritePrepared when prepared is set. It returns the bytes of each output file.
func writeFile(t *testing.T, target Target, opts Options, events []*ocsf.Event, batchSize int, prepared bool) [][]byte {
	t.Helper()
	w, err := Open(target, opts, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	batches := slices.Collect(slices.Chunk(events, batchSize))
	if prepared {
		p := w.(Preparer)
		for i, b := range prepareConcurrently(t, batches, p.Prepare) {
			if err := p.WritePrepared(b); err != nil {
				t.Fatalf("WritePrepared batch %d: %v", i, err)
			}
		}
	} else {
		for i, b := range batches {
			if err := w.Write(b); err != nil {
				t.Fatalf("Write batch %d: %v", i, err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	paths := []string{target.Path}
	if target.Dir {
		paths, err = filepath.Glob(filepath.Join(target.Path, "part-*.parquet"))
		if err != nil {
			t.Fatalf("list files: %v", err)
		}
	}
	var files [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("read %s: %v", p, err)
		}
		files = append(files, data)
	}
	return files
}

// checkSameFiles reports the files of got that differ from want.
func checkSameFiles(t *testing.T, label string, got, want [][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d files, want %d", label, len(got), len(want))
		return
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("%s: file %d differs: %d bytes, want %d", label, i, len(got[i]), len(want[i]))
		}
	}
}

func TestParquetWriterPreparedMatchesWrite(t *testing.T) {
	events := corpusEvents(t, 7000, 11)
	opts := Options{ParquetOptions: ParquetOptions{RowGroupRows: 2000, Encoders: 2}}
	for _, size := range batchSizes {
		dir := t.TempDir()
		write := writeFile(t, Target{Format: FormatParquet, Path: filepath.Join(dir, "write.parquet")}, opts, events, size, false)
		prepared := writeFile(t, Target{Format: FormatParquet, Path: filepath.Join(dir, "prepared.parquet")}, opts, events, size, true)
		checkSameFiles(t, fmt.Sprintf("batches of %d", size), prepared, write)
	}
}

func TestRotatingPreparedMatchesWrite(t *testing.T) {
	events := corpusEvents(t, 3000, 37)
	opts := Options{ParquetOptions: ParquetOptions{RowGroupRows: 200, Encoders: 2}, MaxFileBytes: 1}
	for _, size := range append(batchSizes, 150) {
		dir := t.TempDir()
		write := writeFile(t, Target{Format: FormatParquet, Path: filepath.Join(dir, "write"), Dir: true}, opts, events, size, false)
		prepared := writeFile(t, Target{Format: FormatParquet, Path: filepath.Join(dir, "prepared"), Dir: true}, opts, events, size, true)
		if len(write) < 2 {
			t.Fatalf("batches of %d: got %d files, want at least 2", size, len(write))
		}
		checkSameFiles(t, fmt.Sprintf("batches of %d", size), prepared, write)
	}
}

// TestPreparedMixedWithWrite interleaves Write and WritePrepared, as the pipeline
// does when Prepare returns nil for some batches.
func TestPreparedMixedWithWrite(t *testing.T) {
	events := fallbackEvents(t, func(i int) string { return fmt.Sprintf("s3://logs/%d.log.gz", i) })
	cfg := encoderConfig{encoders: 2, rowGroupRows: 3000, pageBytes: 4096}
	want := writeEncoded(t, events, cfg)

	var buf bytes.Buffer
	enc, err := newEventEncoder(&buf, cfg)
	if err != nil {
		t.Fatalf("newEventEncoder: %v", err)
	}
	for i, batch := range slices.Collect(slices.Chunk(events, 333)) {
		if i%2 == 0 {
			for _, ev := range batch {
				if err := enc.write(ev); err != nil {
					t.Fatalf("write: %v", err)
				}
			}
			continue
		}
		prepared, err := prepareBatch(batch)
		if err != nil {
			t.Fatalf("prepareBatch: %v", err)
		}
		b := prepared.(*columnBatch)
		if err := enc.writeBatch(b, 0, b.rows); err != nil {
			t.Fatalf("writeBatch: %v", err)
		}
		b.release()
	}
	if err := enc.close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("mixed output (%d bytes) differs from write (%d bytes)", buf.Len(), len(want))
	}
}

// TestPrepareKeepsNoEvents clears the events after Prepare, before
// WritePrepared.
func TestPrepareKeepsNoEvents(t *testing.T) {
	cfg := encoderConfig{encoders: 2, rowGroupRows: 500}
	want := writeEncoded(t, randomEvents(1200, 3), cfg)

	events := randomEvents(1200, 3)
	var batches []*columnBatch
	for batch := range slices.Chunk(events, 100) {
		prepared, err := prepareBatch(batch)
		if err != nil {
			t.Fatalf("prepareBatch: %v", err)
		}
		batches = append(batches, prepared.(*columnBatch))
	}
	for _, ev := range events {
		*ev = ocsf.Event{}
	}
	var buf bytes.Buffer
	enc, err := newEventEncoder(&buf, cfg)
	if err != nil {
		t.Fatalf("newEventEncoder: %v", err)
	}
	for _, b := range batches {
		if err := enc.writeBatch(b, 0, b.rows); err != nil {
			t.Fatalf("writeBatch: %v", err)
		}
		b.release()
	}
	if err := enc.close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("output after clearing the events (%d bytes) differs from write (%d bytes)", buf.Len(), len(want))
	}
}

func TestPreparedErrors(t *testing.T) {
	dir := t.TempDir()
	w, err := Open(Target{Format: FormatParquet, Path: filepath.Join(dir, "events.parquet")}, Options{}, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	p := w.(Preparer)
	if got, err := p.Prepare(nil); got != nil || err != nil {
		t.Errorf("Prepare(nil): got %v, %v, want nil, nil", got, err)
	}
	if err := p.WritePrepared("rows"); err == nil {
		t.Error("WritePrepared of a string: got no error")
	}
	prepared, err := p.Prepare(corpusEvents(t, 10, 1))
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := p.WritePrepared(prepared); !errors.Is(err, errClosed) {
		t.Errorf("WritePrepared after Close: got %v, want %v", err, errClosed)
	}
}
