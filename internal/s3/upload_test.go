package s3

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/s3/s3test"
)

// newLoggedClient returns a client of srv whose log records go to the returned
// buffer.
func newLoggedClient(t *testing.T, srv *s3test.Server) (*Client, *bytes.Buffer) {
	t.Helper()
	var log bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := New(context.Background(), Config{EndpointURL: srv.Endpoint, MaxAttempts: 2, MaxBackoff: 50 * time.Millisecond, Logger: logger})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, &log
}

func TestRemoveStaleParts(t *testing.T) {
	srv, c := newTestClient(t, "out")
	keys := []string{
		"p/part-aaaa-00000.parquet",
		"p/part-aaaa-00001.parquet",
		"p/part-aaaa-00002.parquet",
		"p/part-aaaa-00010.parquet",
		"p/part-aaaa-00003.parquet.tmp",
		"p/part-aaaab-00005.parquet",
		"p/part-bbbb-00005.parquet",
		"p/sub/part-aaaa-00005.parquet",
		"q/part-aaaa-00005.parquet",
	}
	for _, k := range keys {
		srv.Put(t, "out", k, []byte("x"), "")
	}
	if err := c.RemoveStaleParts(context.Background(), "out", "p/", "aaaa", 1); err != nil {
		t.Fatalf("RemoveStaleParts: %v", err)
	}
	want := slices.DeleteFunc(slices.Clone(keys), func(k string) bool {
		return k == "p/part-aaaa-00001.parquet" || k == "p/part-aaaa-00002.parquet" || k == "p/part-aaaa-00010.parquet"
	})
	slices.Sort(want)
	if got := srv.Keys(t, "out", ""); !slices.Equal(got, want) {
		t.Errorf("keys = %q, want %q", got, want)
	}
}

func TestCheckBucket(t *testing.T) {
	srv, _ := newTestClient(t, "present")
	c, log := newLoggedClient(t, srv)
	if err := c.CheckBucket(context.Background(), "present"); err != nil {
		t.Errorf("CheckBucket of an existing bucket: %v", err)
	}
	err := c.CheckBucket(context.Background(), "absent")
	if err == nil || !strings.Contains(err.Error(), "output bucket absent not found") {
		t.Errorf("CheckBucket of a missing bucket = %v, want a not found error", err)
	}
	if strings.Contains(log.String(), "S3 request retried") {
		t.Errorf("a 404 was logged as a retry:\n%s", log.String())
	}
	if !strings.Contains(log.String(), "S3 request failed with an error that is not retried") {
		t.Errorf("the 404 is not logged as a failure that is not retried:\n%s", log.String())
	}
}

func TestOpenMissingKeyNotLoggedAsRetry(t *testing.T) {
	srv, _ := newTestClient(t, "logs")
	c, log := newLoggedClient(t, srv)
	_, err := c.Open(context.Background(), Object{Bucket: "logs", Key: "absent.log", Size: 10})
	if err == nil {
		t.Fatal("Open of a missing key returned no error")
	}
	if strings.Contains(log.String(), "S3 request retried") {
		t.Errorf("a 404 was logged as a retry:\n%s", log.String())
	}
}

func TestCheckEndpointRejectsSecrets(t *testing.T) {
	for _, raw := range []string{
		"http://127.0.0.1:9000/?token=sekrit",
		"http://127.0.0.1:9000/#sekrit",
		"http://127.0.0.1:9000/?",
		"http://user:sekrit@127.0.0.1:9000",
	} {
		_, err := CheckEndpoint(raw)
		if err == nil {
			t.Errorf("CheckEndpoint(%q) returned no error", raw)
			continue
		}
		if strings.Contains(err.Error(), "sekrit") {
			t.Errorf("CheckEndpoint(%q) error echoes the secret: %v", raw, err)
		}
	}
	if _, err := CheckEndpoint("http://127.0.0.1:9000/"); err != nil {
		t.Errorf("CheckEndpoint of a plain URL: %v", err)
	}
}

func TestParseURIRejectsUserInfo(t *testing.T) {
	_, err := ParseURI("s3://user:sekrit@bucket/prefix")
	if err == nil {
		t.Fatal("ParseURI accepted a user name and password")
	}
	if strings.Contains(err.Error(), "sekrit") {
		t.Errorf("error echoes the password: %v", err)
	}
}
