package s3

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
)

// Object is one listed S3 object.
type Object struct {
	Bucket       string
	Key          string
	Size         int64
	LastModified time.Time
	// Skip is the kind of an object that is not converted, such as alb_connection
	// or empty, and "" for an object to convert.
	Skip string
}

// URI returns s3://bucket/key.
func (o Object) URI() string { return URIScheme + o.Bucket + "/" + o.Key }

// SkipEmpty is the Skip kind of a zero-byte object.
const SkipEmpty = "empty"

// skipKind returns the Skip kind of a listed object. Objects named like ALB
// access logs and objects whose names follow no known pattern are converted, so
// files placed by hand under a prefix still are. The line classifier then skips
// lines of other kinds.
func skipKind(key string, size int64) string {
	if size == 0 {
		return SkipEmpty
	}
	switch kind := alb.ParseObjectKey(key).Kind; kind {
	case alb.ObjectAccess, alb.ObjectUnknown:
		return ""
	default:
		return kind.String()
	}
}

// Level of a folder below AWSLogs/ in the ALB key layout.
const (
	levelAccount = iota
	levelService
	levelRegion
	levelDate
)

const (
	awsLogs     = "AWSLogs/"
	serviceName = "elasticloadbalancing"
)

// List returns the objects of loc that sel selects, sorted by key. A location
// above AWSLogs/ is not listed whole: it is expanded to the account, region and,
// when sel has a date range, day folders, and only those are listed.
func (c *Client) List(ctx context.Context, loc Location, sel Selection) ([]Object, error) {
	prefixes, err := c.Plan(ctx, loc, sel)
	if err != nil {
		return nil, err
	}
	found, err := c.listPrefixes(ctx, loc.Bucket, prefixes)
	if err != nil {
		return nil, err
	}
	objects := found[:0]
	for _, o := range found {
		if sel.Match(o.Key) {
			objects = append(objects, o)
		}
	}
	return objects, nil
}

// Plan returns the key prefixes List reads for loc under sel. A selection
// without accounts, regions or times has nothing to narrow, so its location is
// listed whole, keys outside the ALB layout included. Otherwise Plan lists
// folders only where the selection names no accounts or regions.
func (c *Client) Plan(ctx context.Context, loc Location, sel Selection) ([]string, error) {
	if sel.isOpen() {
		return []string{loc.Prefix}, nil
	}
	root, rest := splitAWSLogs(loc.Prefix)
	parts := strings.Split(rest, "/")
	partial := parts[len(parts)-1]
	prefixes, err := c.expand(ctx, loc.Bucket, root, levelAccount, parts[:len(parts)-1], partial, sel)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(loc.Prefix, "AWSLogs") {
		if err := c.warnMissingAWSLogs(ctx, loc, root); err != nil {
			return nil, err
		}
	}
	return prefixes, nil
}

// warnMissingAWSLogs logs a warning when a location above AWSLogs/ has no
// AWSLogs/ folder directly below it, so a selection finds nothing. It looks for
// a deeper AWSLogs/ folder in the first page of keys (up to 1,000) only, so the
// suggestion may be missing in a large bucket.
func (c *Client) warnMissingAWSLogs(ctx context.Context, loc Location, root string) error {
	out, err := c.api.ListObjectsV2(ctx, &awss3.ListObjectsV2Input{Bucket: aws.String(loc.Bucket), Prefix: aws.String(root), MaxKeys: aws.Int32(1)})
	if err != nil {
		return fmt.Errorf("list s3://%s/%s: %w", loc.Bucket, root, err)
	}
	if len(out.Contents) > 0 {
		return nil
	}
	page, err := c.api.ListObjectsV2(ctx, &awss3.ListObjectsV2Input{Bucket: aws.String(loc.Bucket), Prefix: aws.String(loc.Prefix)})
	if err != nil {
		return fmt.Errorf("list %s: %w", loc, err)
	}
	for _, o := range page.Contents {
		if i := strings.Index(aws.ToString(o.Key), "/"+awsLogs); i >= 0 {
			deeper := Location{Bucket: loc.Bucket, Prefix: aws.ToString(o.Key)[:i+1]}
			c.logger.Warn("no AWSLogs/ folder below the S3 location, so the selection finds no objects; pass the prefix that contains AWSLogs/",
				"location", loc.String(), "suggestion", deeper.String())
			return nil
		}
	}
	c.logger.Warn("no AWSLogs/ folder below the S3 location, so the selection finds no objects; pass the prefix that contains AWSLogs/",
		"location", loc.String())
	return nil
}

// splitAWSLogs splits a prefix into the part up to and including AWSLogs/ and
// the rest. A prefix above AWSLogs/ is treated as a folder that contains it.
func splitAWSLogs(prefix string) (root, rest string) {
	if prefix == "AWSLogs" || strings.HasSuffix(prefix, "/AWSLogs") {
		prefix += "/"
	}
	if strings.HasPrefix(prefix, awsLogs) {
		return awsLogs, strings.TrimPrefix(prefix, awsLogs)
	}
	if i := strings.Index(prefix, "/"+awsLogs); i >= 0 {
		end := i + 1 + len(awsLogs)
		return prefix[:end], prefix[end:]
	}
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return prefix + awsLogs, ""
}

// expand returns the prefixes below prefix, which ends at the given level.
// fixed contains the folder names the location already gives for this level and the
// ones below, and partial the start of the name at the first level it does not
// give.
func (c *Client) expand(ctx context.Context, bucket, prefix string, level int, fixed []string, partial string, sel Selection) ([]string, error) {
	if level == levelDate {
		return datePrefixes(prefix, fixed, partial, sel), nil
	}
	if len(fixed) > 0 {
		if !levelAllows(level, fixed[0], sel) {
			return nil, nil
		}
		return c.expand(ctx, bucket, prefix+fixed[0]+"/", level+1, fixed[1:], partial, sel)
	}
	names, err := c.levelNames(ctx, bucket, prefix, level, partial, sel)
	if err != nil {
		return nil, err
	}
	var prefixes []string
	for _, name := range names {
		below, err := c.expand(ctx, bucket, prefix+name+"/", level+1, nil, "", sel)
		if err != nil {
			return nil, err
		}
		prefixes = append(prefixes, below...)
	}
	return prefixes, nil
}

// datePrefixes returns the prefixes below a region folder: one per selected day
// when the location stops at the region and the selection has a lower bound,
// otherwise the location itself, whose keys List then filters by day.
func datePrefixes(prefix string, fixed []string, partial string, sel Selection) []string {
	if len(fixed) == 0 && partial == "" {
		if first, last, ok := sel.dayRange(); ok {
			days := dayPrefixes(first, last)
			for i, d := range days {
				days[i] = prefix + d
			}
			return days
		}
	}
	return []string{prefix + strings.Join(append(fixed, partial), "/")}
}

// levelAllows reports whether a folder name given by the location fits the
// selection.
func levelAllows(level int, name string, sel Selection) bool {
	switch level {
	case levelAccount:
		return len(sel.Accounts) == 0 || slices.Contains(sel.Accounts, name)
	case levelService:
		return name == serviceName
	case levelRegion:
		return len(sel.Regions) == 0 || slices.Contains(sel.Regions, name)
	}
	return true
}

// levelNames returns the folder names to descend into at a level: the selected
// accounts or regions when given, else the folders found in the bucket.
func (c *Client) levelNames(ctx context.Context, bucket, prefix string, level int, partial string, sel Selection) ([]string, error) {
	var names []string
	switch level {
	case levelService:
		names = []string{serviceName}
	case levelAccount:
		names = sel.Accounts
	case levelRegion:
		names = sel.Regions
	}
	if len(names) == 0 {
		return c.folders(ctx, bucket, prefix+partial)
	}
	var kept []string
	for _, name := range names {
		if strings.HasPrefix(name, partial) {
			kept = append(kept, name)
		}
	}
	return kept, nil
}

// folders returns the names of the folders directly below prefix, found with
// a "/" delimiter. prefix may end inside a name, as in AWSLogs/1234.
func (c *Client) folders(ctx context.Context, bucket, prefix string) ([]string, error) {
	base := prefix[:strings.LastIndex(prefix, "/")+1]
	in := &awss3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix), Delimiter: aws.String("/")}
	var names []string
	pages := awss3.NewListObjectsV2Paginator(c.api, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list folders of s3://%s/%s: %w", bucket, prefix, err)
		}
		for _, p := range page.CommonPrefixes {
			name := strings.TrimSuffix(strings.TrimPrefix(aws.ToString(p.Prefix), base), "/")
			names = append(names, name)
		}
	}
	return names, nil
}

// listPrefixes lists every prefix, up to c.concurrency at a time, and returns the
// objects sorted by key without duplicates.
func (c *Client) listPrefixes(ctx context.Context, bucket string, prefixes []string) ([]Object, error) {
	results := make([][]Object, len(prefixes))
	errs := make([]error, len(prefixes))
	limit := make(chan struct{}, c.concurrency)
	var wg sync.WaitGroup
	for i, prefix := range prefixes {
		wg.Go(func() {
			limit <- struct{}{}
			defer func() { <-limit }()
			results[i], errs[i] = c.listPrefix(ctx, bucket, prefix)
		})
	}
	wg.Wait()
	var all []Object
	for i := range prefixes {
		if errs[i] != nil {
			return nil, errs[i]
		}
		all = append(all, results[i]...)
	}
	slices.SortFunc(all, func(a, b Object) int { return strings.Compare(a.Key, b.Key) })
	return slices.CompactFunc(all, func(a, b Object) bool { return a.Key == b.Key }), nil
}

// listPrefix lists every object below prefix, following each continuation token.
func (c *Client) listPrefix(ctx context.Context, bucket, prefix string) ([]Object, error) {
	in := &awss3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)}
	var objects []Object
	pages := awss3.NewListObjectsV2Paginator(c.api, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list s3://%s/%s: %w", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			size := aws.ToInt64(o.Size)
			objects = append(objects, Object{
				Bucket:       bucket,
				Key:          key,
				Size:         size,
				LastModified: aws.ToTime(o.LastModified),
				Skip:         skipKind(key, size),
			})
		}
	}
	c.logger.Debug("listed S3 prefix", "bucket", bucket, "prefix", prefix, "objects", len(objects))
	return objects, nil
}
