// Package s3test runs a versitygw S3 gateway with its posix backend for tests.
// The gateway listens on 127.0.0.1 only, with access keys generated per server,
// and every client it returns has an explicit endpoint, so no test reaches AWS.
package s3test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
)

// Region is the region the gateway reports and the clients sign for.
const Region = "us-east-1"

// startTimeout bounds the wait for a started gateway to respond.
const startTimeout = 15 * time.Second

// Server is a running versitygw process.
type Server struct {
	Endpoint  string // http://127.0.0.1:port
	AccessKey string
	SecretKey string
	Root      string // posix backend folder: one subfolder per bucket

	t      testing.TB
	binary string
	addr   string
	cmd    *exec.Cmd
	exited chan struct{}
}

// Start starts a gateway with an empty root and stops it when the test ends.
// When the versitygw binary is not installed, the test is skipped, unless the
// CI environment variable is set, in which case it fails.
func Start(t testing.TB) *Server {
	t.Helper()
	binary := findBinary()
	if binary == "" {
		msg := "versitygw not found in $(go env GOPATH)/bin or PATH; install it with go install github.com/versity/versitygw/cmd/versitygw@v1.8.0"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	s := &Server{
		AccessKey: randomHex(t, 10),
		SecretKey: randomHex(t, 20),
		Root:      t.TempDir(),
		t:         t,
		binary:    binary,
		addr:      freeAddr(t),
	}
	s.Endpoint = "http://" + s.addr
	s.start()
	t.Cleanup(s.Stop)
	return s
}

// findBinary returns the path of versitygw in $GOBIN, $(go env GOPATH)/bin or
// PATH, or "".
func findBinary() string {
	var dirs []string
	if gobin := os.Getenv("GOBIN"); gobin != "" {
		dirs = append(dirs, gobin)
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, p := range filepath.SplitList(strings.TrimSpace(string(out))) {
			dirs = append(dirs, filepath.Join(p, "bin"))
		}
	}
	for _, d := range dirs {
		p := filepath.Join(d, "versitygw")
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p
		}
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	return ""
}

// start runs the gateway process and waits until it responds to S3 requests.
func (s *Server) start() {
	s.t.Helper()
	cmd := exec.Command(s.binary, "--port", s.addr, "--quiet", "posix", s.Root)
	cmd.Env = append(os.Environ(),
		"ROOT_ACCESS_KEY_ID="+s.AccessKey,
		"ROOT_SECRET_ACCESS_KEY="+s.SecretKey,
		"VGW_REGION="+Region,
	)
	logFile, err := os.Create(filepath.Join(s.t.TempDir(), "versitygw.log"))
	if err != nil {
		s.t.Fatalf("create gateway log: %v", err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		s.t.Fatalf("start versitygw: %v", err)
	}
	s.cmd = cmd
	s.exited = make(chan struct{})
	go func() {
		cmd.Wait()
		logFile.Close()
		close(s.exited)
	}()
	if err := s.waitReady(); err != nil {
		s.Stop()
		log, _ := os.ReadFile(logFile.Name())
		s.t.Fatalf("versitygw on %s: %v\n%s", s.addr, err, log)
	}
}

// waitReady polls ListBuckets until it succeeds or startTimeout passes.
func (s *Server) waitReady() error {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	client := s.Client()
	for {
		_, err := client.ListBuckets(ctx, &awss3.ListBucketsInput{})
		if err == nil {
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("the gateway process exited before it responded")
		case <-ctx.Done():
			return fmt.Errorf("gateway did not respond within %v: %w", startTimeout, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Stop kills the gateway process, started by this Server, by its PID and waits
// for it to exit. Stop may be called more than once.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	<-s.exited
	s.cmd = nil
}

// Restart starts a stopped gateway again on the same address and root.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.start()
}

// Client returns an SDK client for the gateway with static credentials,
// path-style addressing and a single attempt per request.
func (s *Server) Client() *awss3.Client {
	return awss3.New(awss3.Options{
		Region:                     Region,
		BaseEndpoint:               aws.String(s.Endpoint),
		UsePathStyle:               true,
		Credentials:                credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
		RetryMaxAttempts:           1,
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	})
}

// SetEnv points the SDK's default configuration chain at the gateway's
// credentials for the rest of the test and turns off the shared configuration
// files and the instance metadata service, so code that loads the default
// configuration finds only these settings.
func (s *Server) SetEnv(t testing.TB) {
	t.Helper()
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", s.AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", s.SecretKey)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_REGION", Region)
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", empty)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", empty)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// CreateBucket creates a bucket and fails the test on error.
func (s *Server) CreateBucket(t testing.TB, bucket string) {
	t.Helper()
	_, err := s.Client().CreateBucket(context.Background(), &awss3.CreateBucketInput{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatalf("create bucket %s: %v", bucket, err)
	}
}

// Put stores body under key. contentEncoding, when not "", is stored as the
// object's Content-Encoding.
func (s *Server) Put(t testing.TB, bucket, key string, body []byte, contentEncoding string) {
	t.Helper()
	in := &awss3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(body)}
	if contentEncoding != "" {
		in.ContentEncoding = aws.String(contentEncoding)
	}
	if _, err := s.Client().PutObject(context.Background(), in); err != nil {
		t.Fatalf("put s3://%s/%s: %v", bucket, key, err)
	}
}

// Keys lists every key under prefix, following continuation tokens.
func (s *Server) Keys(t testing.TB, bucket, prefix string) []string {
	t.Helper()
	in := &awss3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)}
	var keys []string
	pages := awss3.NewListObjectsV2Paginator(s.Client(), in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(context.Background())
		if err != nil {
			t.Fatalf("list s3://%s/%s: %v", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
	}
	return keys
}

// Get returns the body of an object.
func (s *Server) Get(t testing.TB, bucket, key string) []byte {
	t.Helper()
	out, err := s.Client().GetObject(context.Background(), &awss3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("get s3://%s/%s: %v", bucket, key, err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatalf("read s3://%s/%s: %v", bucket, key, err)
	}
	return data
}

// freeAddr returns a 127.0.0.1 address with a port that was free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func randomHex(t testing.TB, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
