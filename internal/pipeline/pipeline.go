// Package pipeline converts input objects into OCSF events on all cores while
// keeping the output order, and so the output bytes, independent of timing.
//
// Objects are converted by a pool of workers. A single collector hands the
// results to the sink in input order: it drains the first object's batches, then the
// second's, and so on. Each object's results pass through a small buffered channel,
// so a worker that runs ahead of the collector blocks instead of piling up events,
// and memory stays bounded by workers × channel depth × batch size.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
	"github.com/alb2ocsf/alb2ocsf/internal/source"
)

// Defaults for Config fields left at zero.
const (
	DefaultBatchSize    = 1024
	DefaultMaxLineBytes = 16 << 20
	batchesInFlight     = 4
)

// Config configures a run.
type Config struct {
	Mapper       *ocsf.Mapper
	Workers      int // objects converted at once; GOMAXPROCS when zero
	BatchSize    int // events per batch handed to the sink
	MaxLineBytes int // maximum line length in bytes; longer lines are rejected
	// SourceName, when set, names standard input in metadata.log_source and in
	// metadata.uid, so that ids are stable across reruns of piped input.
	SourceName string
	// Since and Until, when non-zero, keep only events whose time is in
	// [Since, Until), in microseconds since the Unix epoch. Lines outside the range
	// are counted as skipped with the reason ReasonOutOfRange.
	Since, Until int64
	// Progress, when set, is updated as objects and lines are read.
	Progress *Progress
}

// ReasonOutOfRange is the skip reason of access log entries outside the
// configured time range.
const ReasonOutOfRange = "out_of_time_range"

// Progress counts work done so far. Its fields are updated atomically while a run
// goes on, so another goroutine may read them at any time.
type Progress struct {
	Objects atomic.Int64 // objects read to the end
	Bytes   atomic.Int64 // stored bytes read
	Lines   atomic.Int64 // lines read
}

// Reject is a line that could not be converted, kept with why.
type Reject struct {
	Source  string `json:"source"`
	Line    int64  `json:"line"`
	Reason  string `json:"reason"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	Raw     []byte `json:"-"`
}

// Sink receives the results of a run in input order. Its methods are called from
// one goroutine at a time. The slices are not reused after the call returns.
type Sink interface {
	WriteEvents(events []*ocsf.Event) error
	WriteRejects(rejects []Reject) error
}

// PreparingSink is a Sink that does part of its work on the worker goroutines,
// where it runs in parallel and while the events are still in the CPU cache. For
// each batch, a worker calls Prepare, which must be safe for concurrent use, and the
// collector then calls WritePrepared with its result, in input order, instead of
// WriteEvents. Prepare may return nil to have the batch written with WriteEvents.
type PreparingSink interface {
	Sink
	Prepare(events []*ocsf.Event) (any, error)
	WritePrepared(prepared any) error
}

// batch is one worker message: some results of one object, or its end.
type batch struct {
	prepared any // the sink's Prepare result for events, when it has one
	events   []*ocsf.Event
	rejects  []Reject
	counts   counts
	failure  *ObjectFailure // set in the last batch of an object that failed
}

// job is one object on its way through the pool.
type job struct {
	object  source.Object
	results chan batch
}

// Run converts objects and hands the results to sink. It returns the run's
// statistics. An object that fails part way is recorded in Stats.Failed and the
// run goes on; Run returns an error only when the sink fails or ctx is cancelled.
// After a failure or cancellation, Run waits at most stopGrace for its workers: a
// worker blocked reading a pipe ends only when that read returns.
func Run(ctx context.Context, cfg Config, objects []source.Object, sink Sink) (Stats, error) {
	cfg, err := withDefaults(cfg)
	if err != nil {
		return newStats(), err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	work := make(chan *job)
	ordered := make(chan *job, cfg.Workers)
	var wg sync.WaitGroup
	preparer, _ := sink.(PreparingSink)
	for range cfg.Workers {
		wg.Go(func() {
			for j := range work {
				convertObject(ctx, cfg, preparer, j)
			}
		})
	}
	go dispatch(ctx, objects, work, ordered)

	stats, err := collect(ctx, ordered, sink)
	if err != nil {
		cancel()
		go drain(ordered)
		waitAtMost(&wg, stopGrace)
		return stats, err
	}
	wg.Wait()
	return stats, nil
}

// stopGrace is how long Run waits for its workers after a failure or cancellation.
const stopGrace = 2 * time.Second

// waitAtMost waits for wg, or for d, whichever comes first.
func waitAtMost(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(d):
	}
}

func withDefaults(cfg Config) (Config, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.MaxLineBytes <= 0 {
		cfg.MaxLineBytes = DefaultMaxLineBytes
	}
	if cfg.Mapper == nil {
		m, err := ocsf.NewMapper(ocsf.Options{})
		if err != nil {
			return cfg, err
		}
		cfg.Mapper = m
	}
	return cfg, nil
}

// dispatch sends each object to the workers and, in the same order, to the
// collector. The collector's channel holds one job per worker, which keeps the
// workers at most that far ahead of the output.
func dispatch(ctx context.Context, objects []source.Object, work, ordered chan<- *job) {
	defer close(work)
	defer close(ordered)
	for _, o := range objects {
		j := &job{object: o, results: make(chan batch, batchesInFlight)}
		select {
		case ordered <- j:
		case <-ctx.Done():
			return
		}
		select {
		case work <- j:
		case <-ctx.Done():
			close(j.results)
			return
		}
	}
}

// collect hands every job's batches to the sink in order and sums the counts. It
// returns ctx's error as soon as ctx is cancelled.
func collect(ctx context.Context, ordered <-chan *job, sink Sink) (Stats, error) {
	stats := newStats()
	for j := range ordered {
		stats.Files++
		for {
			var b batch
			var ok bool
			select {
			case b, ok = <-j.results:
			case <-ctx.Done():
				return stats, ctx.Err()
			}
			if !ok {
				break
			}
			stats.add(&b.counts)
			if b.failure != nil {
				stats.Failed = append(stats.Failed, *b.failure)
			}
			if err := writeBatch(sink, &b); err != nil {
				return stats, err
			}
		}
	}
	return stats, nil
}

func writeBatch(sink Sink, b *batch) error {
	if b.prepared != nil {
		if err := sink.(PreparingSink).WritePrepared(b.prepared); err != nil {
			return fmt.Errorf("write events: %w", err)
		}
	} else if len(b.events) > 0 {
		if err := sink.WriteEvents(b.events); err != nil {
			return fmt.Errorf("write events: %w", err)
		}
	}
	if len(b.rejects) > 0 {
		if err := sink.WriteRejects(b.rejects); err != nil {
			return fmt.Errorf("write rejects: %w", err)
		}
	}
	return nil
}

// drain empties the collector's queue after a failure so that blocked workers and
// the dispatcher can finish.
func drain(ordered <-chan *job) {
	for j := range ordered {
		for range j.results {
		}
	}
}

// errStopped reports that the run was cancelled while an object was read.
var errStopped = errors.New("conversion stopped")
