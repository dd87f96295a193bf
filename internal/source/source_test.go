package source

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func readAll(t *testing.T, r io.Reader, max int) ([]string, []error) {
	t.Helper()
	lr := NewLineReader(r, max)
	var lines []string
	var errs []error
	for {
		line, _, err := lr.Next()
		if err == io.EOF {
			return lines, errs
		}
		if err != nil && !errors.Is(err, ErrLineTooLong) {
			t.Fatalf("Next: %v", err)
		}
		lines = append(lines, string(line))
		errs = append(errs, err)
	}
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 700<<10)
	tests := []struct {
		name  string
		input string
		max   int
		want  []string
		long  int // index of the line expected to be too long, -1 for none
	}{
		{"lines", "a\nb\n", 100, []string{"a\n", "b\n"}, -1},
		{"no final newline", "a\nb", 100, []string{"a\n", "b"}, -1},
		{"crlf kept", "a\r\nb\r\n", 100, []string{"a\r\n", "b\r\n"}, -1},
		{"blank lines", "\n\n", 100, []string{"\n", "\n"}, -1},
		{"empty", "", 100, nil, -1},
		{"longer than the buffer", long + "\nz\n", 1 << 20, []string{long + "\n", "z\n"}, -1},
		{"too long then next line", long + "\nz\n", 1000, []string{long[:1000], "z\n"}, 0},
		{"too long at the end", "a\n" + long, 1000, []string{"a\n", long[:1000]}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := readAll(t, strings.NewReader(tt.input), tt.max)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %d lines, want %d", len(got), len(tt.want))
			}
			for i, err := range errs {
				if (i == tt.long) != errors.Is(err, ErrLineTooLong) {
					t.Errorf("line %d: error %v", i, err)
				}
			}
		})
	}
}

func TestLineReaderNumbers(t *testing.T) {
	lr := NewLineReader(strings.NewReader("a\n\nc"), 100)
	for want := int64(1); want <= 3; want++ {
		if _, n, err := lr.Next(); err != nil || n != want {
			t.Fatalf("line number = %d (%v), want %d", n, err, want)
		}
	}
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDecompress(t *testing.T) {
	tests := []struct {
		name  string
		input []byte
		want  string
	}{
		{"plain", []byte("hello\n"), "hello\n"},
		{"gzip", gz(t, "hello\n"), "hello\n"},
		{"gzip members", append(gz(t, "a\n"), gz(t, "b\n")...), "a\nb\n"},
		{"gzip inside gzip is read once", gz(t, string(gz(t, "x"))), string(gz(t, "x"))},
		{"empty", nil, ""},
		{"one byte", []byte{0x1f}, "\x1f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Decompress(bytes.NewReader(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecompressTruncated(t *testing.T) {
	data := gz(t, strings.Repeat("line of text\n", 1000))
	r, err := Decompress(bytes.NewReader(data[:len(data)/2]))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(r); err == nil {
		t.Error("reading a cut gzip stream gave no error")
	}
}

func TestIsLogName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"x.log", true}, {"x.log.gz", true}, {"x.gz", true}, {"x.txt", true},
		{"ELBAccessLogTestFile", true}, {"README.md", false}, {"out.parquet", false},
		{"x.json", false}, {".hidden.log", false}, {"", false},
	}
	for _, tt := range tests {
		if got := IsLogName(tt.name); got != tt.want {
			t.Errorf("IsLogName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	files := []string{"b/2.log.gz", "a/1.log", "a/notes.md", ".git/x.log", "c/ELBAccessLogTestFile"}
	for _, f := range files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	objects, ignored, err := ExpandReportingIgnored([]string{dir, "-"}, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range objects {
		names = append(names, strings.TrimPrefix(o.Name, dir+string(filepath.Separator)))
	}
	want := []string{"a/1.log", "b/2.log.gz", "c/ELBAccessLogTestFile", "-"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("objects = %q, want %q", names, want)
	}
	if len(ignored) != 1 || !strings.HasSuffix(ignored[0], "notes.md") {
		t.Errorf("ignored = %q, want notes.md", ignored)
	}
	if _, err := Expand([]string{filepath.Join(dir, "missing")}, nil); err == nil {
		t.Error("a missing input gave no error")
	}
}
