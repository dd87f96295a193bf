// Package s3 reads Application Load Balancer access logs from Amazon S3 and
// S3-compatible stores, and writes converted output back to them.
//
// It builds a client from the SDK's default configuration chain, expands a bucket or
// prefix into the per-day prefixes of the ALB key layout, lists them with every
// continuation token, and opens each object with retries. It also uploads output
// files, keeps the state that lets a later run pick only new objects, and
// summarises a selection for a dry run.
package s3

import (
	"fmt"
	"strings"
)

// URIScheme is the prefix of an S3 location argument.
const URIScheme = "s3://"

// Location is a bucket and a key prefix, parsed from s3://bucket/prefix.
type Location struct {
	Bucket string
	Prefix string // key prefix, "" for the whole bucket
}

// IsURI reports whether arg names an S3 location.
func IsURI(arg string) bool {
	return strings.HasPrefix(arg, URIScheme)
}

// ParseURI parses s3://bucket[/prefix]. The prefix is kept exactly as given, so
// s3://b/logs matches keys that start with "logs", including "logs2/...".
func ParseURI(uri string) (Location, error) {
	if !IsURI(uri) {
		return Location{}, fmt.Errorf("parse S3 location %q: it must start with %s", uri, URIScheme)
	}
	rest := strings.TrimPrefix(uri, URIScheme)
	bucket, prefix, _ := strings.Cut(rest, "/")
	// A user name or password before @ is rejected before anything else so that
	// no error echoes it. Bucket names never contain @.
	if strings.Contains(bucket, "@") {
		return Location{}, fmt.Errorf("invalid S3 location: remove the user name and password before @; credentials come from the AWS configuration chain")
	}
	if bucket == "" {
		return Location{}, fmt.Errorf("parse S3 location %q: the bucket name is missing", uri)
	}
	return Location{Bucket: bucket, Prefix: prefix}, nil
}

// URI returns the s3:// form of a key in the location's bucket.
func (l Location) URI(key string) string {
	return URIScheme + l.Bucket + "/" + key
}

// String returns the location as s3://bucket/prefix.
func (l Location) String() string {
	return l.URI(l.Prefix)
}
