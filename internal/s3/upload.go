package s3

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
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
