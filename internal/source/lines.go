package source

import (
	"bufio"
	"errors"
	"io"
)

// ErrLineTooLong is returned by LineReader.Next for a line longer than the reader's
// maximum. The reader skips the rest of that line, so reading can go on.
var ErrLineTooLong = errors.New("line too long")

// LineReader reads lines of any length up to a maximum, including a last line
// without a trailing newline.
type LineReader struct {
	r    *bufio.Reader
	max  int
	long []byte // storage for lines longer than the bufio buffer
	num  int64
}

// NewLineReader returns a LineReader over r that accepts lines of up to max bytes,
// line ending included.
func NewLineReader(r io.Reader, max int) *LineReader {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = newBufferedReader(r)
	}
	return &LineReader{r: br, max: max}
}

// Next returns the next line with its line ending, and its 1-based number. The
// returned slice is valid only until the next call. At the end of input it returns
// io.EOF. For a line longer than the maximum it returns the first max bytes and
// ErrLineTooLong. Any other error comes from the underlying reader; a partial last
// line read before such an error is not returned.
func (l *LineReader) Next() ([]byte, int64, error) {
	line, err := l.r.ReadSlice('\n')
	switch {
	case len(line) > l.max:
		return l.tooLong(nil, line, err)
	case err == nil || (err == io.EOF && len(line) > 0):
		l.num++
		return line, l.num, nil
	case err != bufio.ErrBufferFull:
		return nil, l.num, err
	}
	return l.nextLong(line)
}

// nextLong assembles a line longer than the bufio buffer.
func (l *LineReader) nextLong(first []byte) ([]byte, int64, error) {
	l.long = append(l.long[:0], first...)
	for {
		part, err := l.r.ReadSlice('\n')
		if len(l.long)+len(part) > l.max {
			return l.tooLong(l.long, part, err)
		}
		l.long = append(l.long, part...)
		switch err {
		case nil:
			l.num++
			return l.long, l.num, nil
		case bufio.ErrBufferFull:
			continue
		case io.EOF:
			l.num++
			return l.long, l.num, nil
		default:
			return nil, l.num, err
		}
	}
}

// tooLong returns the first max bytes of a line made of head and part, where part
// and err are the result of the last ReadSlice call, and skips the rest of the line.
func (l *LineReader) tooLong(head, part []byte, err error) ([]byte, int64, error) {
	l.num++
	l.long = append(l.long[:0], head...)
	if len(l.long) > l.max {
		l.long = l.long[:l.max]
	}
	keep := min(l.max-len(l.long), len(part))
	l.long = append(l.long, part[:keep]...)
	if skipErr := l.skipRest(err); skipErr != nil {
		return nil, l.num, skipErr
	}
	return l.long, l.num, ErrLineTooLong
}

// skipRest discards input up to and including the next newline. err is the
// result of the last ReadSlice call: nil or io.EOF when that call ended the line.
func (l *LineReader) skipRest(err error) error {
	for err == bufio.ErrBufferFull {
		_, err = l.r.ReadSlice('\n')
	}
	if err == io.EOF {
		return nil
	}
	return err
}
