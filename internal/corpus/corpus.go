// Package corpus generates synthetic Application Load Balancer access logs for
// benchmarks. Generate writes gzip objects under the keys ALB uses in S3, spread over
// several accounts, regions, load balancers and 5-minute windows. Line and AppendLine
// produce single lines for micro-benchmarks.
//
// The traffic mix imitates production: mostly 33-field lines (some objects use the
// older 29- and 30-field layouts), every listener type, Lambda targets, redirects, WAF
// blocks, malformed requests, IPv6 clients, -1 timings, long URLs, \x22 escapes and
// scanner probes. Every address is from the documentation ranges and every name from
// example.com. The output depends only on Options and on the version of the gzip
// library, so the same seed gives the same bytes.
package corpus

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
)

// Options configures Generate. Zero values select the defaults named below.
type Options struct {
	Dir   string // output root, under which objects go to Dir/AWSLogs/...
	Lines int64  // total number of lines to write, at least 1
	Seed  uint64

	// MinLinesPerFile and MaxLinesPerFile bound the lines in one object (defaults
	// 50,000 and 200,000). The last object holds what remains and may be smaller.
	MinLinesPerFile int
	MaxLinesPerFile int

	// Start is the end of the first 5-minute window (default 2025-08-22T00:05Z). Later
	// objects move forward by 5 minutes to 6 hours each.
	Start time.Time

	Workers   int // objects written in parallel (default GOMAXPROCS), without effect on the output
	GzipLevel int // compression level (default gzip.DefaultCompression)
}

// Summary describes what Generate wrote.
type Summary struct {
	Files     int
	Lines     int64
	RawBytes  int64    // bytes before compression, line terminators included
	GzipBytes int64    // bytes on disk
	Keys      []string // object keys relative to Dir, in the order they were planned
}

const (
	defaultMinLines = 50_000
	defaultMaxLines = 200_000
	window          = 5 * time.Minute
)

// Generate writes opts.Lines lines into gzip objects under opts.Dir. Each object is
// written to a temporary name in its final folder and renamed when complete, so a
// reader never sees a partial object. On error or cancellation Generate removes the
// temporary files being written and returns the error. Objects already renamed stay.
func Generate(ctx context.Context, opts Options) (Summary, error) {
	opts, err := withDefaults(opts)
	if err != nil {
		return Summary{}, err
	}
	specs := plan(opts)
	results := make([]fileResult, len(specs))

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Go(func() {
			for i := range next {
				res, err := writeObject(ctx, opts, i, &specs[i])
				if err != nil {
					cancel(err)
					return
				}
				results[i] = res
			}
		})
	}
feed:
	for i := range specs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return Summary{}, err
	}
	return summarize(specs, results), nil
}

func withDefaults(opts Options) (Options, error) {
	if opts.Dir == "" {
		return opts, errors.New("corpus: missing output directory: set Options.Dir")
	}
	if opts.Lines <= 0 {
		return opts, fmt.Errorf("corpus: invalid line count %d: must be positive", opts.Lines)
	}
	if opts.MinLinesPerFile == 0 {
		opts.MinLinesPerFile = defaultMinLines
	}
	if opts.MaxLinesPerFile == 0 {
		opts.MaxLinesPerFile = max(defaultMaxLines, opts.MinLinesPerFile)
	}
	if opts.MinLinesPerFile < 1 || opts.MaxLinesPerFile < opts.MinLinesPerFile {
		return opts, fmt.Errorf("corpus: invalid lines per file %d to %d: need 1 <= min <= max",
			opts.MinLinesPerFile, opts.MaxLinesPerFile)
	}
	if opts.Start.IsZero() {
		opts.Start = time.Date(2025, 8, 22, 0, 5, 0, 0, time.UTC)
	}
	opts.Start = opts.Start.UTC().Truncate(window)
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.GzipLevel == 0 {
		opts.GzipLevel = gzip.DefaultCompression
	}
	return opts, nil
}

// plan decides every object's load balancer, node, window, layout and line count from
// the seed alone, before anything is written.
func plan(opts Options) []fileSpec {
	rng := rand.New(rand.NewPCG(opts.Seed, 0))
	var specs []fileSpec
	end := opts.Start
	for remaining := opts.Lines; remaining > 0; {
		n := int64(opts.MinLinesPerFile + rng.IntN(opts.MaxLinesPerFile-opts.MinLinesPerFile+1))
		n = min(n, remaining)
		remaining -= n
		lb := fleet[rng.IntN(len(fleet))]
		spec := fileSpec{
			lb:     lb,
			node:   lb.nodes[rng.IntN(len(lb.nodes))],
			end:    end,
			fields: 33,
			lines:  int(n),
			suffix: randomSuffix(rng),
			cert:   certARN(lb.account, lb.region, "3b1e4f0a-7c2d-4e5f-9a8b-"+lb.id[:12]),
		}
		// About one object in seven predates the 33-field layout.
		switch p := rng.IntN(100); {
		case p < 5:
			spec.fields = 29
		case p < 14:
			spec.fields = 30
		}
		specs = append(specs, spec)
		end = end.Add(window * time.Duration(1+rng.IntN(72)))
	}
	return specs
}

func randomSuffix(rng *rand.Rand) string {
	const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 8)
	for i := range b {
		b[i] = alnum[rng.IntN(len(alnum))]
	}
	return string(b)
}

// key returns the S3 object key ALB would use for spec, relative to the bucket root.
func (spec *fileSpec) key() string {
	lb := spec.lb
	dir := fmt.Sprintf("AWSLogs/%s/elasticloadbalancing/%s/%s",
		lb.account, lb.region, spec.end.Format("2006/01/02"))
	name := fmt.Sprintf("%s_elasticloadbalancing_%s_app.%s.%s_%s_%s_%s.log.gz",
		lb.account, lb.region, lb.name, lb.id, spec.end.Format("20060102T1504Z"), spec.node, spec.suffix)
	return dir + "/" + name
}

func summarize(specs []fileSpec, results []fileResult) Summary {
	s := Summary{Files: len(specs), Keys: make([]string, len(specs))}
	for i := range specs {
		s.Keys[i] = specs[i].key()
		s.Lines += int64(specs[i].lines)
		s.RawBytes += results[i].raw
		s.GzipBytes += results[i].gzip
	}
	return s
}

type fileResult struct{ raw, gzip int64 }

// writeObject writes object i of the plan to a temporary file and renames it to its key.
func writeObject(ctx context.Context, opts Options, i int, spec *fileSpec) (fileResult, error) {
	path := filepath.Join(opts.Dir, filepath.FromSlash(spec.key()))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fileResult{}, fmt.Errorf("create directory for %s: %w", path, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return fileResult{}, fmt.Errorf("create temporary file for %s: %w", path, err)
	}
	res, err := writeLines(ctx, f, opts, i, spec)
	if err == nil {
		// CreateTemp makes the file readable by its owner only.
		if err = f.Chmod(0o644); err != nil {
			err = fmt.Errorf("set mode of %s: %w", f.Name(), err)
		}
	}
	if closeErr := f.Close(); err == nil && closeErr != nil {
		err = fmt.Errorf("close %s: %w", f.Name(), closeErr)
	}
	if err == nil {
		if err = os.Rename(f.Name(), path); err != nil {
			err = fmt.Errorf("rename %s to %s: %w", f.Name(), path, err)
		}
	}
	if err != nil {
		os.Remove(f.Name())
		return fileResult{}, err
	}
	return res, nil
}

// writeLines writes the gzip stream of one object to f. The lines' times increase
// through the object's 5-minute window.
func writeLines(ctx context.Context, f *os.File, opts Options, i int, spec *fileSpec) (fileResult, error) {
	bw := bufio.NewWriterSize(f, 256<<10)
	zw, err := gzip.NewWriterLevel(bw, opts.GzipLevel)
	if err != nil {
		return fileResult{}, fmt.Errorf("create gzip writer: %w", err)
	}
	g := lineGen{rng: rand.New(rand.NewPCG(opts.Seed, uint64(i)+1)), spec: spec}
	start := spec.end.Add(-window).UnixMicro()
	step := max(window.Microseconds()/int64(spec.lines), 1)
	var raw int64
	buf := make([]byte, 0, 512<<10)
	for j := range spec.lines {
		buf = append(g.appendLine(buf, start+int64(j)*step+g.rng.Int64N(step)), '\n')
		if len(buf) < 448<<10 && j != spec.lines-1 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return fileResult{}, err
		}
		if _, err := zw.Write(buf); err != nil {
			return fileResult{}, fmt.Errorf("write %s: %w", f.Name(), err)
		}
		raw += int64(len(buf))
		buf = buf[:0]
	}
	if err := zw.Close(); err != nil {
		return fileResult{}, fmt.Errorf("finish gzip stream of %s: %w", f.Name(), err)
	}
	if err := bw.Flush(); err != nil {
		return fileResult{}, fmt.Errorf("write %s: %w", f.Name(), err)
	}
	info, err := f.Stat()
	if err != nil {
		return fileResult{}, fmt.Errorf("stat %s: %w", f.Name(), err)
	}
	return fileResult{raw: raw, gzip: info.Size()}, nil
}
