package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
	"github.com/alb2ocsf/alb2ocsf/internal/source"
)

// objectReader converts the lines of one object into batches.
type objectReader struct {
	ctx      context.Context
	cfg      Config
	preparer PreparingSink // nil when the sink does no work on the workers
	job      *job
	src      *ocsf.Source
	rec      alb.Record
	current  batch
}

// convertObject reads one object to the end and sends its results. It always
// closes the job's results channel.
//
// NOTE: batches are sent as they fill, so when an object fails part way (a gzip
// stream cut short), the events read before the failure are already on their way
// to the output. Only the failure record shows the caller that the object is
// incomplete.
func convertObject(ctx context.Context, cfg Config, preparer PreparingSink, j *job) {
	defer close(j.results)
	o := &objectReader{ctx: ctx, cfg: cfg, preparer: preparer, job: j, src: sourceOf(cfg, j.object)}
	line, err := o.run()
	if err != nil {
		o.current.failure = &ObjectFailure{Object: j.object.Name, Line: line, Error: err.Error()}
	}
	o.flush()
}

// sourceOf returns the mapping source of an object. Standard input takes its name
// from the configuration, if one was given.
func sourceOf(cfg Config, obj source.Object) *ocsf.Source {
	if obj.Name != "-" {
		return ocsf.NewSource(obj.Name)
	}
	if cfg.SourceName != "" {
		return ocsf.NewSource(cfg.SourceName)
	}
	return &ocsf.Source{LogSource: "stdin"}
}

// run reads every line. It returns the number of lines read and the error that
// stopped it early, if any.
func (o *objectReader) run() (int64, error) {
	rc, err := o.job.object.Open(o.ctx)
	if err != nil {
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			return 0, err // it names the operation and the path already
		}
		return 0, fmt.Errorf("open %s: %w", o.job.object.Name, err)
	}
	defer rc.Close()
	counted := &countingReader{r: rc}
	r, err := source.Decompress(counted)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", o.job.object.Name, err)
	}
	lines := source.NewLineReader(r, o.cfg.MaxLineBytes)
	var lastLine int64
	for {
		if o.ctx.Err() != nil {
			return lastLine, errStopped
		}
		line, num, err := lines.Next()
		o.account(counted.take(), err == nil || errors.Is(err, source.ErrLineTooLong))
		switch {
		case err == io.EOF:
			if p := o.cfg.Progress; p != nil {
				p.Objects.Add(1)
			}
			return lastLine, nil
		case errors.Is(err, source.ErrLineTooLong):
			o.rejectTooLong(line, num)
		case err != nil:
			return lastLine, fmt.Errorf("read %s after line %d: %w", o.job.object.Name, lastLine, err)
		default:
			o.convertLine(alb.TrimEOL(line), num)
		}
		lastLine = num
		if len(o.current.events)+len(o.current.rejects) >= o.cfg.BatchSize {
			o.flush()
		}
	}
}

// convertLine turns one line into an event, a reject or a skip.
func (o *objectReader) convertLine(line []byte, num int64) {
	c := &o.current.counts
	c.lines++
	kind := alb.Classify(line)
	switch kind {
	case alb.KindAccess:
	case alb.KindUnknown:
		o.reject(line, num, &alb.ParseError{
			Field:  alb.FieldType,
			Reason: alb.ReasonUnknownRecordType,
			Msg:    "the line is not an ALB access log entry nor another known log kind",
		})
		return
	default:
		c.skip(kind.String())
		return
	}
	if err := alb.Parse(line, &o.rec); err != nil {
		var pe *alb.ParseError
		if !errors.As(err, &pe) {
			pe = &alb.ParseError{Field: -1, Reason: "parse_error", Msg: err.Error()}
		}
		o.reject(line, num, pe)
		return
	}
	if !o.inRange(o.rec.Time) {
		c.skip(ReasonOutOfRange)
		return
	}
	o.current.events = append(o.current.events, o.cfg.Mapper.Map(&o.rec, line, o.src, num))
	c.events++
}

// inRange reports whether an event time, in microseconds, is inside the
// configured range.
func (o *objectReader) inRange(t int64) bool {
	if o.cfg.Since != 0 && t < o.cfg.Since {
		return false
	}
	return o.cfg.Until == 0 || t < o.cfg.Until
}

func (o *objectReader) reject(line []byte, num int64, pe *alb.ParseError) {
	o.current.counts.reject(pe.Reason)
	o.current.rejects = append(o.current.rejects, Reject{
		Source:  o.src.LogSource,
		Line:    num,
		Reason:  pe.Reason,
		Field:   pe.FieldName(),
		Message: pe.Error(),
		Raw:     append([]byte(nil), line...),
	})
}

func (o *objectReader) rejectTooLong(line []byte, num int64) {
	o.current.counts.lines++
	o.reject(alb.TrimEOL(line), num, &alb.ParseError{
		Field:  -1,
		Reason: alb.ReasonLineTooLong,
		Msg: fmt.Sprintf("the line is longer than %d bytes; the rejects file keeps its first %d bytes",
			o.cfg.MaxLineBytes, o.cfg.MaxLineBytes),
	})
}

// account adds the bytes read to the batch and the progress counters.
func (o *objectReader) account(bytesIn int64, gotLine bool) {
	o.current.counts.bytesIn += bytesIn
	if p := o.cfg.Progress; p != nil {
		p.Bytes.Add(bytesIn)
		if gotLine {
			p.Lines.Add(1)
		}
	}
}

// flush sends the current batch, if it has anything in it, and starts a new one.
func (o *objectReader) flush() {
	b := o.current
	o.current = batch{events: make([]*ocsf.Event, 0, o.cfg.BatchSize)}
	if len(b.events) == 0 && len(b.rejects) == 0 && b.counts.lines == 0 && b.counts.bytesIn == 0 && b.failure == nil {
		return
	}
	if o.preparer != nil && len(b.events) > 0 {
		prepared, err := o.preparer.Prepare(b.events)
		if err != nil {
			// The collector's WriteEvents reports the same failure in order.
			prepared = nil
		}
		if prepared != nil {
			b.prepared, b.events = prepared, nil
		}
	}
	select {
	case o.job.results <- b:
	case <-o.ctx.Done():
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// take returns the bytes counted since the last call.
func (c *countingReader) take() int64 {
	n := c.n
	c.n = 0
	return n
}
