package s3

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/source"
	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
)

// firstBackoff is the wait before the second attempt to read an object body.
const firstBackoff = 200 * time.Millisecond

// Source returns the pipeline input for o, named by its s3:// URI.
func (c *Client) Source(o Object) source.Object {
	return source.Object{
		Name: o.URI(),
		Size: o.Size,
		Open: func(ctx context.Context) (io.ReadCloser, error) { return c.Open(ctx, o) },
	}
}

// Open returns the stored bytes of o. An object of up to the buffer limit is read
// whole, with retries, before Open returns, so a network failure never cuts its
// lines short: the parser gets all of them or Open fails. A larger object is
// streamed with ranged requests that resume where a failed read stopped.
func (c *Client) Open(ctx context.Context, o Object) (io.ReadCloser, error) {
	if o.Size > c.bufferLimit {
		return &rangedReader{ctx: ctx, client: c, object: o}, nil
	}
	b, err := c.readAll(ctx, o)
	if err != nil {
		return nil, err
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// readAll reads the body of o. A failed GetObject request is returned at once,
// because the SDK has already retried it. A body cut short is requested again,
// up to c.maxAttempts times.
func (c *Client) readAll(ctx context.Context, o Object) ([]byte, error) {
	var lastErr error
	for attempt := 1; attempt <= c.maxAttempts; attempt++ {
		if attempt > 1 {
			c.logger.Warn("S3 object read failed; retrying", "object", o.URI(), "attempt", attempt, "err", lastErr)
			if err := sleep(ctx, c.backoff(attempt)); err != nil {
				return nil, fmt.Errorf("read %s: %w", o.URI(), err)
			}
		}
		out, err := c.api.GetObject(ctx, &awss3.GetObjectInput{Bucket: aws.String(o.Bucket), Key: aws.String(o.Key)})
		if err != nil {
			return nil, fmt.Errorf("get %s: %w", o.URI(), err)
		}
		b, err := readBody(out.Body, out.ContentLength, o.Size)
		out.Body.Close()
		if err == nil {
			c.logger.Debug("read S3 object", "object", o.URI(), "bytes", len(b))
			return b, nil
		}
		lastErr = err
	}
	return nil, fmt.Errorf("read %s after %d attempts: %w", o.URI(), c.maxAttempts, lastErr)
}

// readBody reads a response body and checks it against the Content-Length
// header, when the response has one. sizeHint presizes the buffer.
func readBody(body io.Reader, contentLength *int64, sizeHint int64) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(max(sizeHint, 0)) + bytes.MinRead)
	n, err := buf.ReadFrom(body)
	if err != nil {
		return nil, err
	}
	if contentLength != nil && n != *contentLength {
		return nil, fmt.Errorf("body has %d of %d bytes: %w", n, *contentLength, io.ErrUnexpectedEOF)
	}
	return buf.Bytes(), nil
}

// backoff returns the wait before an attempt: exponential from firstBackoff with
// full jitter, capped at c.maxBackoff.
func (c *Client) backoff(attempt int) time.Duration {
	limit := min(firstBackoff<<(attempt-2), c.maxBackoff)
	return time.Duration(rand.Int64N(int64(limit)) + 1)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// rangedReader streams an object too large to buffer. After a failed read it
// requests the rest of the object from the first byte not yet returned.
//
// NOTE: when every attempt fails, the lines read before the failure have already
// reached the parser, so such an object can be in the output in part. Objects of
// up to the buffer limit never are.
type rangedReader struct {
	ctx      context.Context
	client   *Client
	object   Object
	body     io.ReadCloser
	offset   int64
	failures int
}

func (r *rangedReader) Read(p []byte) (int, error) {
	for {
		if r.body == nil {
			if err := r.open(); err != nil {
				return 0, err
			}
		}
		n, err := r.body.Read(p)
		r.offset += int64(n)
		if err == nil || (err == io.EOF && r.offset >= r.object.Size) {
			return n, err
		}
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if retryErr := r.fail(err); retryErr != nil {
			return n, retryErr
		}
		if n > 0 {
			return n, nil
		}
	}
}

// open requests the object from r.offset to its end.
func (r *rangedReader) open() error {
	in := &awss3.GetObjectInput{
		Bucket: aws.String(r.object.Bucket),
		Key:    aws.String(r.object.Key),
		Range:  aws.String(fmt.Sprintf("bytes=%d-", r.offset)),
	}
	out, err := r.client.api.GetObject(r.ctx, in)
	if err != nil {
		return fmt.Errorf("get %s from byte %d: %w", r.object.URI(), r.offset, err)
	}
	r.body = out.Body
	return nil
}

// fail closes the broken body and waits before the next attempt. It returns an
// error once the attempts are used up.
func (r *rangedReader) fail(cause error) error {
	r.body.Close()
	r.body = nil
	r.failures++
	if r.failures >= r.client.maxAttempts {
		return fmt.Errorf("read %s at byte %d after %d attempts: %w", r.object.URI(), r.offset, r.failures, cause)
	}
	r.client.logger.Warn("S3 object read failed; resuming", "object", r.object.URI(), "offset", r.offset, "attempt", r.failures+1, "err", cause)
	return sleep(r.ctx, r.client.backoff(r.failures+1))
}

func (r *rangedReader) Close() error {
	if r.body == nil {
		return nil
	}
	err := r.body.Close()
	r.body = nil
	return err
}
