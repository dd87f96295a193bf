package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/alb2ocsf/alb2ocsf/internal/output"
	"github.com/alb2ocsf/alb2ocsf/internal/s3"
)

// s3Target returns the output target of an s3:// -o argument. A key ending in
// .parquet or .jsonl names one object. Any other prefix is a folder that receives
// rotated Parquet files.
func s3Target(uri string) output.Target {
	lower := strings.ToLower(uri)
	switch {
	case strings.HasSuffix(lower, ".parquet"):
		return output.Target{Format: output.FormatParquet, Path: uri}
	case strings.HasSuffix(lower, ".jsonl"), strings.HasSuffix(lower, ".json"), strings.HasSuffix(lower, ".ndjson"):
		return output.Target{Format: output.FormatJSONLines, Path: uri}
	}
	return output.Target{Format: output.FormatParquet, Path: uri, Dir: true}
}

// s3Writer writes events into a local temporary folder and uploads the finished
// files on Close. Nothing is uploaded when the run is aborted or an input object
// failed.
type s3Writer struct {
	output.Writer
	ctx    context.Context
	client *s3.Client
	flags  *ioFlags
	dest   s3.Location
	dir    string
	target output.Target // the local target inside dir
	runID  string
	// notUploaded is set by Close when it skipped the upload because an input
	// object failed.
	notUploaded bool
}

// openS3Output opens the writer for an s3:// output.
func (f *ioFlags) openS3Output(ctx context.Context, e *env, target output.Target, opts output.Options) (output.Writer, error) {
	client, err := f.s3Client(ctx, e)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "alb2ocsf-upload-*")
	if err != nil {
		return nil, fmt.Errorf("create upload folder: %w", err)
	}
	local := output.Target{Format: target.Format, Dir: target.Dir, Path: dir}
	if !target.Dir {
		local.Path = filepath.Join(dir, "events"+filepath.Ext(target.Path))
	}
	events, err := output.Open(local, opts, e.stdout)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &s3Writer{Writer: events, ctx: ctx, client: client, flags: f, dest: *f.out, dir: dir, target: local, runID: f.runID}, nil
}

// Close completes the local files and uploads them, then deletes the parts of
// the same selection that an earlier, longer run left. When an input object
// failed, Close uploads nothing, because the output would lack that object's
// events or hold only part of them, and the command reports the failure. The
// temporary folder is removed either way.
func (w *s3Writer) Close() error {
	defer os.RemoveAll(w.dir)
	if failed := w.flags.unfinishedObjects(); failed > 0 {
		w.Writer.Abort()
		w.notUploaded = true
		w.flags.env.logger.Error("S3 output not uploaded because input objects failed; rerun once they can be read",
			"output", w.dest.String(), "failed_objects", failed)
		return nil
	}
	if err := w.Writer.Close(); err != nil {
		return err
	}
	uploads, err := w.uploads()
	if err != nil {
		return err
	}
	if err := w.client.UploadFiles(w.ctx, w.dest.Bucket, uploads); err != nil {
		return err
	}
	if !w.target.Dir {
		return nil
	}
	return w.client.RemoveStaleParts(w.ctx, w.dest.Bucket, w.partPrefix(), w.runID, len(uploads))
}

// partPrefix returns the key prefix of the part objects: the output prefix with
// a trailing slash, or "" for the bucket root.
func (w *s3Writer) partPrefix() string {
	prefix := w.dest.Prefix
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return prefix
}

// uploads maps the local files to their keys. A folder's part-NNNNN.parquet
// becomes <prefix>/part-<selection id>-NNNNN.parquet.
func (w *s3Writer) uploads() ([]s3.Upload, error) {
	if !w.target.Dir {
		return []s3.Upload{{Path: w.target.Path, Key: w.dest.Prefix}}, nil
	}
	parts, err := filepath.Glob(filepath.Join(w.dir, "part-*.parquet"))
	if err != nil {
		return nil, fmt.Errorf("find output files: %w", err)
	}
	prefix := w.partPrefix()
	uploads := make([]s3.Upload, len(parts))
	for i, p := range parts {
		number := strings.TrimPrefix(filepath.Base(p), "part-")
		uploads[i] = s3.Upload{Path: p, Key: prefix + "part-" + w.runID + "-" + number}
	}
	return uploads, nil
}

// Abort discards the local files.
func (w *s3Writer) Abort() {
	w.Writer.Abort()
	os.RemoveAll(w.dir)
}

// runWriter ends the run's side work around the event writer: it stops the
// progress reports, and after a successful Close saves the new-objects state.
// The state is not saved when an S3 output was not uploaded, because the
// objects converted in the run would otherwise count as done without output.
type runWriter struct {
	output.Writer
	flags *ioFlags
}

func (w *runWriter) Close() error {
	w.flags.stopProgress()
	if err := w.Writer.Close(); err != nil {
		return err
	}
	if upload, ok := w.Writer.(*s3Writer); ok && upload.notUploaded {
		if w.flags.statePath != "" {
			w.flags.env.logger.Warn("new-objects state not saved because the S3 output was not uploaded", "file", w.flags.statePath)
		}
		return nil
	}
	return w.flags.saveState()
}

func (w *runWriter) Abort() {
	w.flags.stopProgress()
	w.Writer.Abort()
}

// saveState advances and writes the new-objects state, if one was loaded.
// Objects that failed stay new for the next run.
func (f *ioFlags) saveState() error {
	if f.inputs == nil || f.inputs.state == nil {
		return nil
	}
	done, failed := f.inputs.outcome()
	next := f.inputs.state.Advance(done, failed, f.stateLag)
	if err := next.Save(f.statePath); err != nil {
		return err
	}
	f.env.logger.Info("saved new-objects state", "file", f.statePath, "done", len(done), "failed", len(failed), "cutoff", next.Cutoff, "seen", len(next.Seen))
	return nil
}
