package pipeline

import "time"

// Stats accounts for every line a run read. Lines = Events + Rejected + Skipped
// holds at the end of every run, including runs in which an object failed: the lines
// of a failed object read before the failure are counted, the rest were never read.
type Stats struct {
	Files            int64            `json:"files"`
	Lines            int64            `json:"lines"`
	Events           int64            `json:"events"`
	Rejected         int64            `json:"rejected"`
	Skipped          int64            `json:"skipped"`
	RejectedByReason map[string]int64 `json:"rejected_by_reason"`
	SkippedByReason  map[string]int64 `json:"skipped_by_reason"`
	// BytesIn counts the stored bytes read from the inputs, before decompression.
	BytesIn int64 `json:"bytes_in"`
	// BytesOut counts the bytes written to the outputs; the caller fills it in.
	BytesOut int64 `json:"bytes_out"`
	// SkippedObjects counts, by kind, the input objects left out before reading
	// because their names show they are not ALB access logs. The caller fills it in.
	SkippedObjects map[string]int64 `json:"skipped_objects_by_kind,omitempty"`
	// Failed lists the objects that could not be read to the end.
	Failed  []ObjectFailure `json:"failed_objects,omitempty"`
	Elapsed time.Duration   `json:"-"`
	// ElapsedSeconds is Elapsed for JSON output.
	ElapsedSeconds float64 `json:"elapsed_seconds"`
}

// ObjectFailure is an input that failed part way.
type ObjectFailure struct {
	Object string `json:"object"`
	// Line is the number of lines read before the failure.
	Line  int64  `json:"line"`
	Error string `json:"error"`
}

func newStats() Stats {
	return Stats{RejectedByReason: map[string]int64{}, SkippedByReason: map[string]int64{}}
}

// add adds the counts of one batch to s.
func (s *Stats) add(c *counts) {
	s.Lines += c.lines
	s.Events += c.events
	s.BytesIn += c.bytesIn
	for reason, n := range c.rejected {
		s.Rejected += n
		s.RejectedByReason[reason] += n
	}
	for reason, n := range c.skipped {
		s.Skipped += n
		s.SkippedByReason[reason] += n
	}
}

// counts are the per-batch counters a worker sends with its results.
type counts struct {
	lines    int64
	events   int64
	bytesIn  int64
	rejected map[string]int64
	skipped  map[string]int64
}

func (c *counts) reject(reason string) {
	if c.rejected == nil {
		c.rejected = map[string]int64{}
	}
	c.rejected[reason]++
}

func (c *counts) skip(reason string) {
	if c.skipped == nil {
		c.skipped = map[string]int64{}
	}
	c.skipped[reason]++
}
