package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/s3"
	"github.com/alb2ocsf/alb2ocsf/internal/source"
)

// errDryRun ends a dry run after its report is printed. It wraps errHelp because
// the convert command maps that error to exit status 0 and prints nothing more.
var errDryRun = fmt.Errorf("dry run finished: %w", errHelp)

// s3Inputs are the S3 objects of a run and what became of them.
type s3Inputs struct {
	convert []s3.Object // objects handed to the pipeline
	skipped []s3.Object // objects skipped by kind, which count as done
	state   *s3.State   // nil without --new-objects-state
	mu      sync.Mutex
	read    map[string]bool // URIs of the objects read to the end
}

// collectInputs expands local and S3 arguments in argument order.
func (f *ioFlags) collectInputs(ctx context.Context, e *env, args []string) ([]source.Object, error) {
	var objects []source.Object
	var local []string
	flushLocal := func() error {
		if len(local) == 0 {
			return nil
		}
		found, ignored, err := source.ExpandReportingIgnored(local, e.stdin)
		objects = append(objects, found...)
		local = nil
		if len(ignored) > 0 {
			e.logger.Info("passed over files whose names are not log names",
				"files", len(ignored), "first", ignored[0])
		}
		return err
	}
	for _, arg := range args {
		if !s3.IsURI(arg) {
			local = append(local, arg)
			continue
		}
		if err := flushLocal(); err != nil {
			return nil, err
		}
		found, err := f.listS3(ctx, e, arg)
		if err != nil {
			return nil, err
		}
		objects = append(objects, found...)
	}
	if err := flushLocal(); err != nil {
		return nil, err
	}
	return objects, nil
}

// s3Client returns the run's S3 client, creating it on first use.
func (f *ioFlags) s3Client(ctx context.Context, e *env) (*s3.Client, error) {
	if f.client != nil {
		return f.client, nil
	}
	client, err := s3.New(ctx, f.clientConfig(e))
	if err != nil {
		return nil, err
	}
	f.client = client
	return client, nil
}

// listS3 lists one s3:// argument and returns the objects to convert. Objects
// already listed for an earlier argument, and with --new-objects-state objects
// already done, are left out. Skipped kinds are logged with their counts.
func (f *ioFlags) listS3(ctx context.Context, e *env, arg string) ([]source.Object, error) {
	loc, err := s3.ParseURI(arg)
	if err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	client, err := f.s3Client(ctx, e)
	if err != nil {
		return nil, err
	}
	in, err := f.s3Inputs()
	if err != nil {
		return nil, err
	}
	// NOTE: the state does not narrow the listing to recent day folders, because
	// objects copied into a bucket later have a LastModified time far after their
	// folder's date. Pass --since to bound the listing of a large bucket.
	listed, err := client.List(ctx, loc, f.sel)
	if err != nil {
		return nil, err
	}
	return in.add(e, client, arg, listed), nil
}

// s3Inputs returns the run's S3 input record, loading the state on first use.
func (f *ioFlags) s3Inputs() (*s3Inputs, error) {
	if f.inputs != nil {
		return f.inputs, nil
	}
	in := &s3Inputs{read: map[string]bool{}}
	if f.statePath != "" {
		state, err := s3.LoadState(f.statePath)
		if err != nil {
			return nil, err
		}
		in.state = state
	}
	f.inputs = in
	return in, nil
}

// add records listed objects and returns the ones to convert as pipeline inputs.
func (in *s3Inputs) add(e *env, client *s3.Client, arg string, listed []s3.Object) []source.Object {
	known := map[string]bool{}
	for _, o := range slices.Concat(in.convert, in.skipped) {
		known[o.URI()] = true
	}
	var objects []source.Object
	skipped := map[string]int{}
	alreadyDone := 0
	for _, o := range listed {
		switch {
		case known[o.URI()]:
			continue
		case in.state != nil && !in.state.IsNew(o):
			alreadyDone++
		case o.Skip != "":
			in.skipped = append(in.skipped, o)
			skipped[o.Skip]++
		default:
			in.convert = append(in.convert, o)
			objects = append(objects, in.track(e, client.Source(o)))
		}
	}
	e.logger.Info("listed S3 objects", "location", arg, "objects", len(listed), "to_convert", len(objects), "already_done", alreadyDone)
	for _, kind := range slices.Sorted(maps.Keys(skipped)) {
		e.logger.Info("skipped S3 objects", "location", arg, "kind", kind, "objects", skipped[kind])
	}
	return objects
}

// track wraps an object so that reading it to the end marks it as read. A
// failure to read it is logged with its URI at error level.
func (in *s3Inputs) track(e *env, o source.Object) source.Object {
	open := o.Open
	name := o.Name
	o.Open = func(ctx context.Context) (io.ReadCloser, error) {
		rc, err := open(ctx)
		if err != nil {
			e.logger.Error("S3 object failed; its events are left out", "object", name, "err", err)
			return nil, err
		}
		return &trackedReader{ReadCloser: rc, done: func() { in.markRead(name) }}, nil
	}
	return o
}

func (in *s3Inputs) markRead(uri string) {
	in.mu.Lock()
	in.read[uri] = true
	in.mu.Unlock()
}

// outcome splits the objects into those done (converted or skipped by kind) and
// those that failed.
func (in *s3Inputs) outcome() (done, failed []s3.Object) {
	in.mu.Lock()
	defer in.mu.Unlock()
	done = slices.Clone(in.skipped)
	for _, o := range in.convert {
		if in.read[o.URI()] {
			done = append(done, o)
		} else {
			failed = append(failed, o)
		}
	}
	return done, failed
}

// trackedReader calls done once its reader returns io.EOF.
type trackedReader struct {
	io.ReadCloser
	done func()
}

func (r *trackedReader) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	if errors.Is(err, io.EOF) && r.done != nil {
		r.done()
		r.done = nil
	}
	return n, err
}

// printDryRun prints the selection of a dry run and returns errDryRun. Local
// inputs are grouped by the account, region and day their paths show, if any.
func (f *ioFlags) printDryRun(e *env, objects []source.Object) error {
	var all []s3.Object
	if f.inputs != nil {
		all = append(all, f.inputs.skipped...)
	}
	for _, o := range objects {
		if s3.IsURI(o.Name) {
			loc, _ := s3.ParseURI(o.Name)
			all = append(all, s3.Object{Bucket: loc.Bucket, Key: loc.Prefix, Size: o.Size})
			continue
		}
		all = append(all, s3.Object{Key: o.Name, Size: max(o.Size, 0)})
	}
	if err := s3.Summarize(all).Print(e.stdout); err != nil {
		return err
	}
	return errDryRun
}

// selectionID returns a short hash of the sorted names of the objects converted
// and of the options that change which rows are written or their content.
// Output objects written to S3 carry it in their names, so a rerun of the same
// selection with the same options overwrites its own output, while a run over
// other objects or with other options, such as a later --new-objects-state run
// or another --since, writes beside it.
func selectionID(names, options []string) string {
	h := sha256.New()
	for _, name := range slices.Sorted(slices.Values(names)) {
		h.Write([]byte(name))
		h.Write([]byte{'\n'})
	}
	// A NUL cannot occur in a name, so it separates the names from the options.
	h.Write([]byte{0})
	for _, option := range options {
		h.Write([]byte(option))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// rowFlags are the convert options, besides the selection, whose values reach
// the rows: --no-raw-data drops a column's value, --max-line-bytes turns long
// lines into rejects, and --source-name names standard input in every event.
var rowFlags = []string{"max-line-bytes", "no-raw-data", "source-name"}

// rowOptions returns the event-time range, the account and region filters and
// the rowFlags values as name=value strings, for selectionID.
func (f *ioFlags) rowOptions() []string {
	format := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	options := []string{
		"since=" + format(f.sel.Since),
		"until=" + format(f.sel.Until),
		"account=" + strings.Join(slices.Sorted(slices.Values(f.sel.Accounts)), ","),
		"region=" + strings.Join(slices.Sorted(slices.Values(f.sel.Regions)), ","),
	}
	for _, name := range rowFlags {
		value := ""
		if fl := f.fs.Lookup(name); fl != nil {
			value = fl.Value.String()
		}
		options = append(options, name+"="+value)
	}
	return options
}

// checkOutputBucket fails the run before any input is read when the bucket of
// an s3:// output does not exist.
func (f *ioFlags) checkOutputBucket(ctx context.Context, e *env) error {
	client, err := f.s3Client(ctx, e)
	if err != nil {
		return err
	}
	return client.CheckBucket(ctx, f.out.Bucket)
}
