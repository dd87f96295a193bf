package output

import (
	"fmt"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// jsonLines writes one event as JSON per line, with the schema-specific encoder
// in jsonenc.go, which writes the same bytes as encoding/json.
type jsonLines struct {
	f      file
	buf    []byte
	closed bool
}

func newJSONLines(f file) *jsonLines {
	return &jsonLines{f: f}
}

func (j *jsonLines) Write(events []*ocsf.Event) error {
	if j.closed {
		return errClosed
	}
	j.buf = j.buf[:0]
	for _, ev := range events {
		j.buf = append(appendEvent(j.buf, ev), '\n')
	}
	if _, err := j.f.Write(j.buf); err != nil {
		return fmt.Errorf("write events: %w", err)
	}
	return nil
}

func (j *jsonLines) Close() error {
	if j.closed {
		return errClosed
	}
	j.closed = true
	return j.f.Commit()
}

func (j *jsonLines) Abort() {
	if !j.closed {
		j.closed = true
		j.f.Abort()
	}
}

func (j *jsonLines) BytesWritten() int64 { return j.f.Size() }
