package output

import (
	"encoding/json"
	"fmt"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// jsonLines writes one event as JSON per line.
type jsonLines struct {
	f      file
	enc    *json.Encoder
	closed bool
}

func newJSONLines(f file) *jsonLines {
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	return &jsonLines{f: f, enc: enc}
}

func (j *jsonLines) Write(events []*ocsf.Event) error {
	if j.closed {
		return errClosed
	}
	for _, ev := range events {
		if err := j.enc.Encode(ev); err != nil {
			return fmt.Errorf("encode event %s: %w", ev.Metadata.UID, err)
		}
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
