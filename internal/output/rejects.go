package output

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// Reject is one rejected line as the rejects file stores it.
type Reject struct {
	Source  string `json:"source"`
	Line    int64  `json:"line"`
	Reason  string `json:"reason"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	// Raw is the line as read, without its line ending. Bytes that are not valid
	// UTF-8 are written as \xNN, and RawBase64 then holds the exact bytes.
	Raw       string `json:"raw"`
	RawBase64 string `json:"raw_base64,omitempty"`
}

// RejectWriter writes rejected lines as JSON lines.
type RejectWriter struct {
	f     file
	enc   *json.Encoder
	count int64
}

// CreateRejects creates the rejects file at path. It appears only on Close. The
// path "-" writes to stdout instead.
func CreateRejects(path string, stdout io.Writer) (*RejectWriter, error) {
	var f file = newStreamFile(stdout)
	if path != "-" {
		atomic, err := createAtomic(path)
		if err != nil {
			return nil, err
		}
		f = atomic
	}
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	return &RejectWriter{f: f, enc: enc}, nil
}

// Write appends one reject; raw is the line as read.
func (w *RejectWriter) Write(r Reject, raw []byte) error {
	r.Raw = ocsf.Text(raw)
	if !utf8.Valid(raw) {
		r.RawBase64 = base64.StdEncoding.EncodeToString(raw)
	}
	if err := w.enc.Encode(&r); err != nil {
		return fmt.Errorf("write reject: %w", err)
	}
	w.count++
	return nil
}

// Count returns the number of rejects written.
func (w *RejectWriter) Count() int64 { return w.count }

// Close completes the file.
func (w *RejectWriter) Close() error { return w.f.Commit() }

// Abort removes the file.
func (w *RejectWriter) Abort() { w.f.Abort() }
