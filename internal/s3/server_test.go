package s3

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/s3/s3test"
	"github.com/alb2ocsf/alb2ocsf/internal/source"
	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/klauspost/compress/gzip"
)

// newTestClient starts a gateway with one bucket and returns it with a Client
// that reaches it through the SDK's default chain.
func newTestClient(t *testing.T, bucket string) (*s3test.Server, *Client) {
	t.Helper()
	srv := s3test.Start(t)
	srv.SetEnv(t)
	srv.CreateBucket(t, bucket)
	c, err := New(context.Background(), Config{EndpointURL: srv.Endpoint, MaxAttempts: 2, MaxBackoff: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return srv, c
}

// putAll stores the objects with 8 requests in flight.
func putAll(t *testing.T, srv *s3test.Server, bucket string, objects map[string][]byte) {
	t.Helper()
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range objects {
			if !yield(k) {
				return
			}
		}
	})
	work := make(chan string)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for k := range work {
				srv.Put(t, bucket, k, objects[k], "")
			}
		})
	}
	for _, k := range keys {
		work <- k
	}
	close(work)
	wg.Wait()
}

func readRegression(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatalf("read regression input: %v", err)
	}
	return b
}

func gzipBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestListOver1000Keys lists one day prefix that contains one key more than a
// ListObjectsV2 page, and checks that a second run with the state selects none.
func TestListOver1000Keys(t *testing.T) {
	keys := strings.Fields(string(readRegression(t, "17-list-over-1000-keys.log")))
	if len(keys) != 1001 {
		t.Fatalf("regression input has %d keys, want 1001", len(keys))
	}
	srv, c := newTestClient(t, "logs")
	objects := map[string][]byte{}
	for _, k := range keys {
		objects[k] = []byte("x\n")
	}
	putAll(t, srv, "logs", objects)

	tests := []struct {
		name string
		loc  Location
		sel  Selection
	}{
		{name: "bucket root", loc: Location{Bucket: "logs"}},
		{name: "day range", loc: Location{Bucket: "logs"}, sel: Selection{Since: date(2024, 5, 28), Until: date(2024, 5, 29)}},
		{name: "day prefix", loc: Location{Bucket: "logs", Prefix: "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2024/05/28/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			listed, err := c.List(context.Background(), tt.loc, tt.sel)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			got := make([]string, len(listed))
			for i, o := range listed {
				got[i] = o.Key
			}
			if !slices.Equal(got, slices.Sorted(slices.Values(keys))) {
				t.Errorf("listed %d keys, want the 1001 keys of the input", len(got))
			}
		})
	}

	listed, err := c.List(context.Background(), Location{Bucket: "logs"}, Selection{})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	state := newState(time.Time{}, nil)
	if n := countNew(state, listed); n != 1001 {
		t.Errorf("first run selects %d objects, want 1001", n)
	}
	state = state.Advance(listed, nil, DefaultLag)
	if n := countNew(state, listed); n != 0 {
		t.Errorf("second run selects %d objects, want 0", n)
	}
}

func countNew(s *State, objects []Object) int {
	n := 0
	for _, o := range objects {
		if s.IsNew(o) {
			n++
		}
	}
	return n
}

// selectionBucket contains two accounts, two regions, three days and a folder
// outside the ALB layout.
func selectionBucket(t *testing.T) (*s3test.Server, *Client) {
	srv, c := newTestClient(t, "sel")
	objects := map[string][]byte{"other/notes.txt": []byte("x\n")}
	for _, account := range []string{"111111111111", "222222222222"} {
		for _, region := range []string{"us-east-1", "eu-west-1"} {
			for _, day := range []string{"2024/05/27", "2024/05/28", "2024/05/29"} {
				name := fmt.Sprintf("%s_elasticloadbalancing_%s_app.a.b_%sT0000Z_198.51.100.1_x.log.gz", account, region, strings.ReplaceAll(day, "/", ""))
				key := fmt.Sprintf("alb/AWSLogs/%s/elasticloadbalancing/%s/%s/%s", account, region, day, name)
				objects[key] = []byte("x\n")
			}
		}
	}
	putAll(t, srv, "sel", objects)
	return srv, c
}

func TestListSelection(t *testing.T) {
	_, c := selectionBucket(t)
	tests := []struct {
		name         string
		prefix       string
		sel          Selection
		wantPrefixes []string
		wantObjects  int
	}{
		{
			name:   "one account and region by day",
			prefix: "alb/",
			sel:    Selection{Accounts: []string{"111111111111"}, Regions: []string{"eu-west-1"}, Since: date(2024, 5, 28), Until: date(2024, 5, 29)},
			wantPrefixes: []string{
				"alb/AWSLogs/111111111111/elasticloadbalancing/eu-west-1/2024/05/28/",
				"alb/AWSLogs/111111111111/elasticloadbalancing/eu-west-1/2024/05/29/",
			},
			wantObjects: 2,
		},
		{
			name:   "accounts found by listing",
			prefix: "alb",
			sel:    Selection{Regions: []string{"us-east-1"}, Since: date(2024, 5, 29), Until: date(2024, 5, 30)},
			wantPrefixes: []string{
				"alb/AWSLogs/111111111111/elasticloadbalancing/us-east-1/2024/05/29/",
				"alb/AWSLogs/111111111111/elasticloadbalancing/us-east-1/2024/05/30/",
				"alb/AWSLogs/222222222222/elasticloadbalancing/us-east-1/2024/05/29/",
				"alb/AWSLogs/222222222222/elasticloadbalancing/us-east-1/2024/05/30/",
			},
			wantObjects: 2,
		},
		{
			name:   "region folder given",
			prefix: "alb/AWSLogs/222222222222/elasticloadbalancing/eu-west-1/",
			sel:    Selection{Since: date(2024, 5, 27), Until: date(2024, 5, 27).Add(time.Hour)},
			wantPrefixes: []string{
				"alb/AWSLogs/222222222222/elasticloadbalancing/eu-west-1/2024/05/27/",
				"alb/AWSLogs/222222222222/elasticloadbalancing/eu-west-1/2024/05/28/",
			},
			wantObjects: 2,
		},
		{
			name:         "account outside selection",
			prefix:       "alb/AWSLogs/222222222222/",
			sel:          Selection{Accounts: []string{"111111111111"}},
			wantPrefixes: nil,
			wantObjects:  0,
		},
		{
			name:   "until only lists regions and filters days",
			prefix: "alb/AWSLogs/111111111111/elasticloadbalancing/",
			sel:    Selection{Until: date(2024, 5, 27)},
			wantPrefixes: []string{
				"alb/AWSLogs/111111111111/elasticloadbalancing/eu-west-1/",
				"alb/AWSLogs/111111111111/elasticloadbalancing/us-east-1/",
			},
			wantObjects: 2,
		},
		{name: "open selection lists whole", prefix: "", sel: Selection{}, wantPrefixes: []string{""}, wantObjects: 13},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := Location{Bucket: "sel", Prefix: tt.prefix}
			prefixes, err := c.Plan(context.Background(), loc, tt.sel)
			if err != nil {
				t.Fatalf("Plan: %v", err)
			}
			if !slices.Equal(prefixes, tt.wantPrefixes) {
				t.Errorf("Plan = %q, want %q", prefixes, tt.wantPrefixes)
			}
			listed, err := c.List(context.Background(), loc, tt.sel)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if len(listed) != tt.wantObjects {
				t.Errorf("List returned %d objects, want %d", len(listed), tt.wantObjects)
			}
		})
	}
}

// TestOpenDetectsGzipByBytes reads one Classic log line stored four ways. Each
// must read back as the same text, decompressed once.
func TestOpenDetectsGzipByBytes(t *testing.T) {
	plain := readRegression(t, "13-plain-text-classic-object.log")
	zipped := gzipBytes(t, plain)
	srv, c := newTestClient(t, "enc")
	tests := []struct {
		name, key, encoding string
		body                []byte
	}{
		{name: "plain .log", key: "a/classic.log", body: plain},
		{name: "gzip .log.gz", key: "b/classic.log.gz", body: zipped},
		{name: "gzip with content-encoding", key: "c/classic.log.gz", body: zipped, encoding: "gzip"},
		{name: "gzip under .log", key: "d/classic.log", body: zipped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Put(t, "enc", tt.key, tt.body, tt.encoding)
			listed, err := c.List(context.Background(), Location{Bucket: "enc", Prefix: tt.key}, Selection{})
			if err != nil || len(listed) != 1 {
				t.Fatalf("List = %v, %v; want one object", listed, err)
			}
			got := readDecompressed(t, c.Source(listed[0]))
			if !bytes.Equal(got, plain) {
				t.Errorf("read %q, want %q", got, plain)
			}
		})
	}
}

func readDecompressed(t *testing.T, o source.Object) []byte {
	t.Helper()
	rc, err := o.Open(context.Background())
	if err != nil {
		t.Fatalf("Open %s: %v", o.Name, err)
	}
	defer rc.Close()
	r, err := source.Decompress(rc)
	if err != nil {
		t.Fatalf("Decompress %s: %v", o.Name, err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read %s: %v", o.Name, err)
	}
	return b
}

// TestZeroByteObjects checks that zero-byte objects are skipped as empty and an
// empty gzip stream reads as no lines.
func TestZeroByteObjects(t *testing.T) {
	srv, c := newTestClient(t, "zero")
	srv.Put(t, "zero", "z/15-zero-byte-object.log", readRegression(t, "15-zero-byte-object.log"), "")
	srv.Put(t, "zero", "z/empty.log.gz", nil, "")
	srv.Put(t, "zero", "z/empty-gzip.log.gz", gzipBytes(t, nil), "")
	listed, err := c.List(context.Background(), Location{Bucket: "zero", Prefix: "z/"}, Selection{})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	want := map[string]string{
		"z/15-zero-byte-object.log": SkipEmpty,
		"z/empty.log.gz":            SkipEmpty,
		"z/empty-gzip.log.gz":       "",
	}
	for _, o := range listed {
		if o.Skip != want[o.Key] {
			t.Errorf("%s: Skip = %q, want %q", o.Key, o.Skip, want[o.Key])
		}
		if o.Skip == "" {
			if got := readDecompressed(t, c.Source(o)); len(got) != 0 {
				t.Errorf("%s read %d bytes, want 0", o.Key, len(got))
			}
		}
	}
	if len(listed) != len(want) {
		t.Errorf("listed %d objects, want %d", len(listed), len(want))
	}
}

// TestUploadFilesMultipart uploads a file above the transfer manager's 16 MiB
// multipart threshold and reads it back.
func TestUploadFilesMultipart(t *testing.T) {
	srv, c := newTestClient(t, "out")
	body := bytes.Repeat([]byte("0123456789abcdef"), (17<<20)/16)
	path := t.TempDir() + "/part.parquet"
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c.UploadFiles(context.Background(), "out", []Upload{{Path: path, Key: "events/part.parquet"}}); err != nil {
		t.Fatalf("UploadFiles: %v", err)
	}
	if got := srv.Get(t, "out", "events/part.parquet"); !bytes.Equal(got, body) {
		t.Errorf("uploaded object has %d bytes, want %d equal bytes", len(got), len(body))
	}
	uploads, err := srv.Client().ListMultipartUploads(context.Background(), &awss3.ListMultipartUploadsInput{Bucket: aws.String("out")})
	if err != nil {
		t.Fatalf("ListMultipartUploads: %v", err)
	}
	if len(uploads.Uploads) != 0 {
		t.Errorf("%d multipart uploads left open, want 0", len(uploads.Uploads))
	}
}

// TestUploadFilesServerStopped checks that an upload to a stopped server fails
// and, after a restart, no object exists.
func TestUploadFilesServerStopped(t *testing.T) {
	srv, c := newTestClient(t, "out")
	path := t.TempDir() + "/part.parquet"
	if err := os.WriteFile(path, []byte("data"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	if err := c.UploadFiles(context.Background(), "out", []Upload{{Path: path, Key: "events/part.parquet"}}); err == nil {
		t.Fatal("UploadFiles to a stopped server returned no error")
	}
	srv.Restart()
	if keys := srv.Keys(t, "out", ""); len(keys) != 0 {
		t.Errorf("objects after a failed upload: %q", keys)
	}
}
