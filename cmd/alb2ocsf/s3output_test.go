package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// partKeys returns the keys of srv's bucket under prefix that start with part-.
func partKeys(t *testing.T, keys []string, prefix string) []string {
	t.Helper()
	var parts []string
	for _, k := range keys {
		if strings.HasPrefix(k, prefix+"part-") {
			parts = append(parts, k)
		}
	}
	return parts
}

// runID returns the <id> of a key prefix/part-<id>-NNNNN.parquet.
func runID(t *testing.T, key string) string {
	t.Helper()
	name := key[strings.LastIndex(key, "/")+1:]
	fields := strings.Split(strings.TrimSuffix(name, ".parquet"), "-")
	if len(fields) != 3 {
		t.Fatalf("key %q does not match part-<id>-NNNNN.parquet", key)
	}
	return fields[1]
}

func TestS3OutputNamesDifferByOptions(t *testing.T) {
	srv := startGateway(t, "logs")
	putFolder(t, srv, "logs", "in/", sampleDir)
	rejects := filepath.Join(t.TempDir(), "rejects.jsonl")
	variants := []struct {
		name string
		args []string
	}{
		{name: "plain"},
		{name: "no raw data", args: []string{"--no-raw-data"}},
		{name: "since", args: []string{"--since", "2025-08-22"}},
		{name: "until", args: []string{"--until", "2025-08-21"}},
		{name: "account", args: []string{"--account", "123456789012"}},
		{name: "region", args: []string{"--region", "us-east-1"}},
		{name: "plain again"},
	}
	ids := map[string]string{}
	for _, v := range variants {
		out := "out-" + strings.ReplaceAll(v.name, " ", "-") + "/"
		args := append([]string{"convert", "-q", "--rejects", rejects, "-o", "s3://logs/" + out}, v.args...)
		r := runS3Command(t, srv, nil, append(args, "s3://logs/in/")...)
		if r.code != exitOK && r.code != exitRejected {
			t.Fatalf("%s: exit code %d\n%s%s", v.name, r.code, r.stderr, r.log)
		}
		parts := partKeys(t, srv.Keys(t, "logs", out), out)
		if len(parts) == 0 {
			t.Fatalf("%s: uploaded no parts", v.name)
		}
		ids[v.name] = runID(t, parts[0])
	}
	if ids["plain"] != ids["plain again"] {
		t.Errorf("same options gave ids %s and %s", ids["plain"], ids["plain again"])
	}
	for _, v := range variants[1 : len(variants)-1] {
		if ids[v.name] == ids["plain"] {
			t.Errorf("%s: id %s equals the id without the option", v.name, ids[v.name])
		}
	}
}

func TestS3OutputRemovesStaleParts(t *testing.T) {
	srv := startGateway(t, "logs")
	putFolder(t, srv, "logs", "in/", sampleDir)
	rejects := filepath.Join(t.TempDir(), "rejects.jsonl")
	// Objects that are not parts of this selection must survive the cleanup.
	foreign := []string{"out/part-0123456789abcdef-00009.parquet", "out/notes.txt", "out/part-x-00009.parquet"}
	for _, k := range foreign {
		srv.Put(t, "logs", k, []byte("keep"), "")
	}

	long := runS3Command(t, srv, nil, "convert", "-q", "--rejects", rejects, "--row-group-rows", "1", "--max-file-bytes", "1", "-o", "s3://logs/out/", "s3://logs/in/")
	if long.code != exitOK && long.code != exitRejected {
		t.Fatalf("long run exit code %d\n%s%s", long.code, long.stderr, long.log)
	}
	longParts := slices.DeleteFunc(partKeys(t, srv.Keys(t, "logs", "out/"), "out/"), func(k string) bool { return slices.Contains(foreign, k) })
	if len(longParts) < 3 {
		t.Fatalf("long run uploaded %d parts, want at least 3: %q", len(longParts), longParts)
	}

	short := runS3Command(t, srv, nil, "convert", "-q", "--rejects", rejects, "-o", "s3://logs/out/", "s3://logs/in/")
	if short.code != exitOK && short.code != exitRejected {
		t.Fatalf("short run exit code %d\n%s%s", short.code, short.stderr, short.log)
	}
	keys := srv.Keys(t, "logs", "out/")
	want := slices.Sorted(slices.Values(append([]string{longParts[0]}, foreign...)))
	if !slices.Equal(keys, want) {
		t.Errorf("keys after the short run = %q, want %q", keys, want)
	}
	if !strings.Contains(short.log, "deleted stale output object") {
		t.Errorf("the log names no deleted object:\n%s", short.log)
	}
}

// truncatedGzip returns the gzip form of body cut to half its length.
func truncatedGzip(t *testing.T, body []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(body); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()[:b.Len()/2]
}

func TestS3OutputSkippedOnFailedObject(t *testing.T) {
	srv := startGateway(t, "logs")
	var body bytes.Buffer
	line := readFile(t, filepath.Join(s3Regressions, "18-retry-duplicates.log"))
	for range 300 {
		body.Write(line)
	}
	folder := "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2024/05/28/"
	good := folder + "123456789012_elasticloadbalancing_us-east-1_app.my-alb.50dc6c495c0c9188_20240528T0800Z_198.51.100.10_good.log"
	cut := folder + "123456789012_elasticloadbalancing_us-east-1_app.my-alb.50dc6c495c0c9188_20240528T0805Z_198.51.100.10_cut.log.gz"
	srv.Put(t, "logs", good, line, "")
	srv.Put(t, "logs", cut, truncatedGzip(t, body.Bytes()), "")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")

	r := runS3Command(t, srv, nil, "convert", "--rejects", filepath.Join(dir, "rejects.jsonl"), "--new-objects-state", state, "-o", "s3://logs/out/", "s3://logs/AWSLogs/")
	if r.code != exitFailed {
		t.Fatalf("exit code %d, want %d\n%s%s", r.code, exitFailed, r.stderr, r.log)
	}
	if !strings.Contains(r.stderr, "s3://logs/"+cut) {
		t.Errorf("stderr does not name the failed object:\n%s", r.stderr)
	}
	if keys := srv.Keys(t, "logs", "out/"); len(keys) != 0 {
		t.Errorf("the failed run uploaded %q", keys)
	}
	if !strings.Contains(r.log, "S3 output not uploaded") {
		t.Errorf("the log does not say the output was not uploaded:\n%s", r.log)
	}
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if _, err := os.Stat(state); err == nil {
		t.Error("the state was saved although nothing was uploaded")
	}
}

func TestS3StateFolderMissing(t *testing.T) {
	srv := startGateway(t, "logs")
	putFolder(t, srv, "logs", "", sampleDir)
	dir := t.TempDir()
	state := filepath.Join(dir, "missing", "state.json")
	r := runS3Command(t, srv, nil, "convert", "-q", "--new-objects-state", state, "-o", filepath.Join(dir, "out.jsonl"), "s3://logs/")
	if r.code != exitUsage {
		t.Fatalf("exit code %d, want %d\n%s%s", r.code, exitUsage, r.stderr, r.log)
	}
	if !strings.Contains(r.stderr, "not found") {
		t.Errorf("stderr does not say the folder is missing:\n%s", r.stderr)
	}
	if strings.Contains(r.log, "read S3 object") {
		t.Error("objects were read before the state folder was checked")
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); err == nil {
		t.Error("the check created the state folder")
	}
}

func TestS3StateFolderReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write to any folder")
	}
	srv := startGateway(t, "logs")
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked")
	if err := os.Mkdir(locked, 0o555); err != nil {
		t.Fatal(err)
	}
	r := runS3Command(t, srv, nil, "convert", "-q", "--new-objects-state", filepath.Join(locked, "state.json"), "-o", filepath.Join(dir, "out.jsonl"), "s3://logs/")
	if r.code != exitUsage {
		t.Fatalf("exit code %d, want %d\n%s%s", r.code, exitUsage, r.stderr, r.log)
	}
	if !strings.Contains(r.stderr, "not writable") {
		t.Errorf("stderr does not say the folder is not writable:\n%s", r.stderr)
	}
}

func TestS3OutputBucketMissing(t *testing.T) {
	srv := startGateway(t, "logs")
	putFolder(t, srv, "logs", "", sampleDir)
	r := runS3Command(t, srv, nil, "convert", "-q", "--rejects", filepath.Join(t.TempDir(), "rejects.jsonl"), "-o", "s3://absent/out/", "s3://logs/")
	if r.code != exitFailed {
		t.Fatalf("exit code %d, want %d\n%s%s", r.code, exitFailed, r.stderr, r.log)
	}
	if !strings.Contains(r.stderr, "output bucket absent not found") {
		t.Errorf("stderr does not name the missing bucket:\n%s", r.stderr)
	}
	if strings.Contains(r.log, "listed S3 objects") || strings.Contains(r.log, "read S3 object") {
		t.Errorf("inputs were listed or read before the bucket check:\n%s", r.log)
	}
}

func TestS3SecretsNotEchoed(t *testing.T) {
	srv := startGateway(t, "logs")
	putFolder(t, srv, "logs", "", sampleDir)
	dir := t.TempDir()
	out := filepath.Join(dir, "out.jsonl")
	tests := []struct {
		name string
		args []string
	}{
		{name: "endpoint query", args: []string{"--endpoint-url", srv.Endpoint + "/?token=sekrit", "-o", out, "s3://logs/"}},
		{name: "endpoint fragment", args: []string{"--endpoint-url", srv.Endpoint + "/#sekrit", "-o", out, "s3://logs/"}},
		{name: "input user info", args: []string{"-o", out, "s3://user:sekrit@logs/"}},
		{name: "output user info", args: []string{"-o", "s3://user:sekrit@logs/out/", "s3://logs/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"convert", "-q", "--rejects", filepath.Join(dir, "rejects.jsonl")}, tt.args...)
			r := runS3Command(t, srv, nil, args...)
			if r.code != exitUsage {
				t.Fatalf("exit code %d, want %d\n%s%s", r.code, exitUsage, r.stderr, r.log)
			}
			if strings.Contains(r.stdout+r.stderr+r.log, "sekrit") {
				t.Errorf("the output echoes the secret:\n%s%s%s", r.stdout, r.stderr, r.log)
			}
			if !strings.Contains(r.stderr, "invalid") {
				t.Errorf("stderr does not say what is invalid:\n%s", r.stderr)
			}
		})
	}
}

func TestS3WarnsWithoutAWSLogsFolder(t *testing.T) {
	srv := startGateway(t, "logs")
	putFolder(t, srv, "logs", "team/alb/", sampleDir)
	dir := t.TempDir()
	r := runS3Command(t, srv, nil, "convert", "-q", "--since", "2025-08-22", "-o", filepath.Join(dir, "out.jsonl"), "s3://logs/")
	if r.code != exitOK {
		t.Fatalf("exit code %d\n%s%s", r.code, r.stderr, r.log)
	}
	if !strings.Contains(r.log, "no AWSLogs/ folder below the S3 location") {
		t.Errorf("the log has no warning about the missing AWSLogs/ folder:\n%s", r.log)
	}
	if !strings.Contains(r.log, "suggestion=s3://logs/team/alb/") {
		t.Errorf("the log does not suggest the prefix that contains AWSLogs/:\n%s", r.log)
	}

	r = runS3Command(t, srv, nil, "convert", "-q", "--since", "2025-08-22", "-o", filepath.Join(dir, "out2.jsonl"), "s3://logs/team/alb/")
	if strings.Contains(r.log, "no AWSLogs/ folder") {
		t.Errorf("the log warns although the location contains AWSLogs/:\n%s", r.log)
	}
}
