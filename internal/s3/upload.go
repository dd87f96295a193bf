package s3

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Upload is one local file and the key it is uploaded to.
type Upload struct {
	Path string
	Key  string
}

// UploadFiles uploads files to bucket one after another with the SDK's transfer
// manager, which splits large files into a multipart upload and aborts that
// upload when a part fails. An object therefore appears only once complete. When
// an upload fails, UploadFiles stops and returns the error, and files uploaded
// before it stay in place.
func (c *Client) UploadFiles(ctx context.Context, bucket string, files []Upload) error {
	tm := transfermanager.New(c.api)
	for _, f := range files {
		if err := c.uploadFile(ctx, tm, bucket, f); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) uploadFile(ctx context.Context, tm *transfermanager.Client, bucket string, f Upload) error {
	file, err := os.Open(f.Path)
	if err != nil {
		return fmt.Errorf("upload %s: %w", f.Path, err)
	}
	defer file.Close()
	_, err = tm.UploadObject(ctx, &transfermanager.UploadObjectInput{
		Bucket: aws.String(bucket),
		Key:    aws.String(f.Key),
		Body:   file,
	})
	if err != nil {
		return fmt.Errorf("upload s3://%s/%s: %w", bucket, f.Key, err)
	}
	c.logger.Info("uploaded output object", "object", URIScheme+bucket+"/"+f.Key)
	return nil
}

// RemoveStaleParts deletes the objects <prefix>part-<runID>-NNNNN.parquet
// numbered from count on, which an earlier, longer run of the same selection
// left. Objects of other run ids or other names are never deleted.
func (c *Client) RemoveStaleParts(ctx context.Context, bucket, prefix, runID string, count int) error {
	namePrefix := prefix + "part-" + runID + "-"
	listed, err := c.listPrefix(ctx, bucket, namePrefix)
	if err != nil {
		return fmt.Errorf("find stale output objects: %w", err)
	}
	for _, o := range listed {
		number, ok := partNumber(strings.TrimPrefix(o.Key, namePrefix))
		if !ok || number < count {
			continue
		}
		_, err := c.api.DeleteObject(ctx, &awss3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(o.Key)})
		if err != nil {
			return fmt.Errorf("delete stale output object %s: %w", o.URI(), err)
		}
		c.logger.Info("deleted stale output object", "object", o.URI())
	}
	return nil
}

// partNumber parses the NNNNN.parquet end of a part name: five or more digits,
// as the folder writer numbers its files.
func partNumber(name string) (int, bool) {
	digits, ok := strings.CutSuffix(name, ".parquet")
	if !ok || len(digits) < 5 {
		return 0, false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil
}

// CheckBucket returns an error when bucket does not exist or cannot be reached
// with the configured credentials.
func (c *Client) CheckBucket(ctx context.Context, bucket string) error {
	_, err := c.api.HeadBucket(ctx, &awss3.HeadBucketInput{Bucket: aws.String(bucket)})
	var notFound *types.NotFound
	var noBucket *types.NoSuchBucket
	if errors.As(err, &notFound) || errors.As(err, &noBucket) {
		return fmt.Errorf("output bucket %s not found; create it or correct the -o location", bucket)
	}
	if err != nil {
		return fmt.Errorf("check output bucket %s: %w", bucket, err)
	}
	return nil
}
