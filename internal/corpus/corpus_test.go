package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// countFields counts the fields of an access-log line: a field is a bare token or a
// quoted string, and a quote closes a string only when a space or the line's end
// follows it and no backslash precedes it. It returns -1 for a line that breaks this
// rule.
func countFields(line []byte) int {
	n := 0
	for i := 0; i < len(line); {
		if line[i] == '"' {
			j := i + 1
			for ; j < len(line); j++ {
				if line[j] == '"' && line[j-1] != '\\' && (j+1 == len(line) || line[j+1] == ' ') {
					break
				}
			}
			if j == len(line) {
				return -1
			}
			i = j + 1
		} else {
			for i < len(line) && line[i] != ' ' {
				i++
			}
		}
		n++
		if i < len(line) {
			if line[i] != ' ' {
				return -1
			}
			i++
		}
	}
	return n
}

func TestCountFields(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{`a b c`, 3},
		{`a "b c" d`, 3},
		{`"- - -" "-"`, 2},
		{`"a \"b\" c" d`, 2},
		{`"a\x22b" c`, 2},
		{`"-"1 x`, -1},
		{`"open`, -1},
	}
	for _, tt := range tests {
		if got := countFields([]byte(tt.line)); got != tt.want {
			t.Errorf("countFields(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

func generate(t *testing.T, opts Options) Summary {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	sum, err := Generate(context.Background(), opts)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return sum
}

// readObject returns the decompressed lines of one object.
func readObject(t *testing.T, path string) [][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("open gzip stream of %s: %v", path, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("decompress %s: %v", path, err)
	}
	if len(data) == 0 || data[len(data)-1] != '\n' {
		t.Fatalf("%s does not end with a newline", path)
	}
	return bytes.Split(data[:len(data)-1], []byte("\n"))
}

func smallOptions(dir string) Options {
	return Options{Dir: dir, Lines: 5000, Seed: 42, MinLinesPerFile: 700, MaxLinesPerFile: 1500}
}

func TestGenerateDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	optsA, optsB := smallOptions(a), smallOptions(b)
	optsA.Workers, optsB.Workers = 1, 3
	sumA, sumB := generate(t, optsA), generate(t, optsB)

	if strings.Join(sumA.Keys, "\n") != strings.Join(sumB.Keys, "\n") {
		t.Fatalf("keys differ:\n%v\n%v", sumA.Keys, sumB.Keys)
	}
	for _, key := range sumA.Keys {
		da, err := os.ReadFile(filepath.Join(a, key))
		if err != nil {
			t.Fatal(err)
		}
		db, err := os.ReadFile(filepath.Join(b, key))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(da, db) {
			t.Errorf("%s differs between two runs with the same seed", key)
		}
	}
}

func TestGenerateSeedChangesOutput(t *testing.T) {
	opts := smallOptions("")
	first := generate(t, opts)
	opts.Seed++
	second := generate(t, opts)
	if strings.Join(first.Keys, "\n") == strings.Join(second.Keys, "\n") {
		t.Error("seeds 42 and 43 produced the same object keys")
	}
}

var keyPattern = regexp.MustCompile(`^AWSLogs/(\d{12})/elasticloadbalancing/([a-z0-9-]+)/(\d{4}/\d{2}/\d{2})/` +
	`(\d{12})_elasticloadbalancing_([a-z0-9-]+)_app\.[a-z0-9-]+\.[0-9a-f]{16}_\d{8}T\d{4}Z_[0-9.]+_[a-z0-9]{8}\.log\.gz$`)

func TestGenerateLinesAndLayout(t *testing.T) {
	dir := t.TempDir()
	opts := smallOptions(dir)
	sum := generate(t, opts)

	if sum.Lines != opts.Lines {
		t.Errorf("Summary.Lines = %d, want %d", sum.Lines, opts.Lines)
	}
	if sum.Files != len(sum.Keys) {
		t.Errorf("Summary.Files = %d, but %d keys", sum.Files, len(sum.Keys))
	}
	var lines, raw int64
	for _, key := range sum.Keys {
		m := keyPattern.FindStringSubmatch(key)
		if m == nil {
			t.Errorf("key %s does not match the ALB naming scheme", key)
		} else if m[1] != m[4] || m[2] != m[5] {
			t.Errorf("key %s: folder and file name disagree on account or region", key)
		}
		objectLines := readObject(t, filepath.Join(dir, key))
		lines += int64(len(objectLines))
		if n := len(objectLines); n > opts.MaxLinesPerFile {
			t.Errorf("%s has %d lines, more than the maximum %d", key, n, opts.MaxLinesPerFile)
		}
		checkFieldCounts(t, key, objectLines)
		for _, l := range objectLines {
			raw += int64(len(l)) + 1
		}
	}
	if lines != opts.Lines {
		t.Errorf("objects hold %d lines, want %d", lines, opts.Lines)
	}
	if raw != sum.RawBytes {
		t.Errorf("objects hold %d bytes decompressed, Summary.RawBytes = %d", raw, sum.RawBytes)
	}
}

// checkFieldCounts checks that every line of one object has the same field count, and
// that the count is one of the layouts the generator writes.
func checkFieldCounts(t *testing.T, key string, lines [][]byte) {
	t.Helper()
	want := countFields(lines[0])
	if want != 29 && want != 30 && want != 33 {
		t.Errorf("%s line 1 has %d fields, want 29, 30 or 33:\n%s", key, want, lines[0])
		return
	}
	for i, l := range lines {
		if got := countFields(l); got != want {
			t.Errorf("%s line %d has %d fields, want %d:\n%s", key, i+1, got, want, l)
			return
		}
	}
}

func TestGenerateLeavesNoTempFiles(t *testing.T) {
	dir := t.TempDir()
	generate(t, smallOptions(dir))
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestGenerateCanceled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Generate(ctx, smallOptions(dir))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Generate with a canceled context returned %v, want context.Canceled", err)
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			t.Errorf("file left after cancellation: %s", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestGenerateInvalidOptions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"missing dir", Options{Lines: 10}},
		{"zero lines", Options{Dir: t.TempDir()}},
		{"min above max", Options{Dir: t.TempDir(), Lines: 10, MinLinesPerFile: 10, MaxLinesPerFile: 5}},
	}
	for _, tt := range tests {
		if _, err := Generate(context.Background(), tt.opts); err == nil {
			t.Errorf("%s: Generate returned no error", tt.name)
		}
	}
}

func TestLineFieldCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range 20000 {
		line := Line(rng, i)
		if n := countFields(line); n != 33 {
			t.Fatalf("line %d has %d fields, want 33:\n%s", i, n, line)
		}
		if bytes.ContainsAny(line, "\n\r") {
			t.Fatalf("line %d contains a line terminator:\n%q", i, line)
		}
	}
}

// TestLineMix checks that a sample of lines covers the situations the corpus promises.
func TestLineMix(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	var all bytes.Buffer
	for i := range 20000 {
		all.Write(Line(rng, i))
		all.WriteByte('\n')
	}
	wants := []string{
		"\nhttp ", "\nhttps ", "\nh2 ", "\ngrpcs ", " -1 -1 -1 ", `"redirect"`, `"waf"`,
		`"waf,forward"`, `"fixed-response"`, `"- - -"`, `:80-/ "`, " 460 - ", " 504 - ",
		`\x22`, `"session-reused"`, "TLSv1.3", "2001:db8:4538:", ";Sampled=1",
		"targetgroup/web-prod-fn/", `"TransformSuccess"`, `"SpaceInUri"`, "sqlmap/",
	}
	for _, want := range wants {
		if !bytes.Contains(all.Bytes(), []byte(want)) {
			t.Errorf("20,000 lines contain no %q", want)
		}
	}
}

func TestGenerateObjectsDecompress(t *testing.T) {
	dir := t.TempDir()
	sum := generate(t, Options{Dir: dir, Lines: 1200, Seed: 9, MinLinesPerFile: 400, MaxLinesPerFile: 400})
	if sum.Files != 3 {
		t.Fatalf("Summary.Files = %d, want 3", sum.Files)
	}
	for _, key := range sum.Keys {
		f, err := os.Open(filepath.Join(dir, key))
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(nil, 1<<20)
		n := 0
		for sc.Scan() {
			n++
		}
		if err := sc.Err(); err != nil {
			t.Errorf("%s: read decompressed lines: %v", key, err)
		}
		if n != 400 {
			t.Errorf("%s has %d lines, want 400", key, n)
		}
		f.Close()
	}
}

func BenchmarkAppendLine(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	buf := make([]byte, 0, 64<<10)
	var n int64
	for i := 0; b.Loop(); i++ {
		buf = AppendLine(buf[:0], rng, i)
		n += int64(len(buf))
	}
	b.SetBytes(n / int64(b.N))
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		opts := Options{Dir: b.TempDir(), Lines: 100_000, Seed: 1, Workers: 1}
		if _, err := Generate(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
}
