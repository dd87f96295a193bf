package main

import (
	"flag"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/s3"
)

// s3Flags are the selection, AWS and new-objects options of convert.
type s3Flags struct {
	since, until      string
	accounts, regions stringList
	profile           string
	s3Region          string
	endpointURL       string
	pathStyle         bool
	concurrency       int
	maxAttempts       int
	maxBackoff        time.Duration
	dryRun            bool
	statePath         string
	stateLag          time.Duration
}

// defaultConcurrency is the default of --concurrency: reading from S3 waits on
// the network more than on the CPU, so it runs four objects per core, within
// [8, 64]. Objects of up to 64 MiB are held in memory while read, so the
// default bounds that memory by the core count.
func defaultConcurrency() int {
	return min(64, max(8, 4*runtime.GOMAXPROCS(0)))
}

func (f *s3Flags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.since, "since", "", "keep events at or after this time: a date (2024-05-28, midnight UTC) or an RFC 3339 time;\nalso selects S3 day folders")
	fs.StringVar(&f.until, "until", "", "keep events before this time: a date includes that whole day (UTC), an RFC 3339 time is exclusive;\nalso selects S3 day folders, with one day of slack for late delivery")
	fs.Var(&f.accounts, "account", "S3 inputs: read only this AWS account id's folder (repeatable)")
	fs.Var(&f.regions, "region", "S3 inputs: read only this region's folder (repeatable); the first also signs S3 requests\nwhen neither --s3-region nor the AWS configuration sets a region")
	fs.StringVar(&f.profile, "profile", "", "AWS shared configuration profile for S3 (default: the SDK's default chain)")
	fs.StringVar(&f.s3Region, "s3-region", "", "region of the bucket, used to sign S3 requests (default: AWS_REGION or the profile's region)")
	fs.StringVar(&f.endpointURL, "endpoint-url", "", "base URL of an S3-compatible store, such as http://127.0.0.1:7070")
	fs.BoolVar(&f.pathStyle, "path-style", false, "address buckets as URL paths instead of host names; on by default when\n--endpoint-url is an IP address or localhost")
	fs.IntVar(&f.concurrency, "concurrency", defaultConcurrency(), "S3 objects read and converted at once; replaces --workers when an input is in S3")
	fs.IntVar(&f.maxAttempts, "s3-max-attempts", s3.DefaultMaxAttempts, "attempts per S3 request and per object read, the first included")
	fs.DurationVar(&f.maxBackoff, "s3-max-backoff", s3.DefaultMaxBackoff, "longest wait between attempts of an S3 request")
	fs.BoolVar(&f.dryRun, "dry-run", false, "print the objects and bytes selected, by account, region and day, and convert nothing")
	fs.StringVar(&f.statePath, "new-objects-state", "", "state file (JSON) of S3 objects already converted: read only objects that arrived since,\nand update the file after a successful run")
	fs.DurationVar(&f.stateLag, "new-objects-lag", s3.DefaultLag, "how late an S3 object may appear with an older LastModified time; the state keeps\nthe keys seen within this window")
}

// selection validates the flags and returns the selection they describe.
func (f *s3Flags) selection() (s3.Selection, error) {
	var sel s3.Selection
	var err error
	if f.since != "" {
		if sel.Since, err = s3.ParseTime(f.since, false); err != nil {
			return sel, fmt.Errorf("invalid --since: %w", err)
		}
	}
	if f.until != "" {
		if sel.Until, err = s3.ParseTime(f.until, true); err != nil {
			return sel, fmt.Errorf("invalid --until: %w", err)
		}
	}
	if !sel.Since.IsZero() && !sel.Until.IsZero() && !sel.Since.Before(sel.Until) {
		return sel, fmt.Errorf("invalid time range: --since %s is not before --until %s", f.since, f.until)
	}
	if f.concurrency < 1 || f.maxAttempts < 1 || f.maxBackoff <= 0 {
		return sel, fmt.Errorf("--concurrency, --s3-max-attempts and --s3-max-backoff must be positive")
	}
	if f.stateLag < 0 {
		return sel, fmt.Errorf("--new-objects-lag must not be negative")
	}
	sel.Accounts = f.accounts
	sel.Regions = f.regions
	return sel, nil
}

// clientConfig returns the S3 client settings of the flags.
func (f *s3Flags) clientConfig(e *env) s3.Config {
	cfg := s3.Config{
		Profile:     f.profile,
		Region:      f.s3Region,
		EndpointURL: f.endpointURL,
		PathStyle:   f.pathStyle,
		MaxAttempts: f.maxAttempts,
		MaxBackoff:  f.maxBackoff,
		Concurrency: f.concurrency,
		Logger:      e.logger,
	}
	if len(f.regions) > 0 {
		cfg.DefaultRegion = f.regions[0]
	}
	return cfg
}

// stringList is a flag that may be repeated, and each use appends a value.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(v string) error {
	if v == "" {
		return fmt.Errorf("the value is empty")
	}
	*l = append(*l, v)
	return nil
}
