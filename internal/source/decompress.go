package source

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
)

var gzipMagic = []byte{0x1f, 0x8b}

// Decompress returns a reader of r's content: gunzipped when r starts with the gzip
// magic bytes, as is otherwise. Concatenated gzip members are read as one stream.
// The name and the Content-Encoding of the object are not consulted.
func Decompress(r io.Reader) (io.Reader, error) {
	br := newBufferedReader(r)
	head, err := br.Peek(len(gzipMagic))
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("read header: %w", err)
	}
	if !bytes.Equal(head, gzipMagic) {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("open gzip stream: %w", err)
	}
	zr.Multistream(true)
	return bufio.NewReaderSize(zr, bufferSize), nil
}
