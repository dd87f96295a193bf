package s3

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/logging"
)

// Defaults for Config fields left at zero.
const (
	DefaultMaxAttempts = 5
	DefaultMaxBackoff  = 20 * time.Second
	// DefaultBufferLimit is the largest object read whole into memory before its
	// lines are parsed. ALB access log objects are KB to a few MB.
	DefaultBufferLimit = 64 << 20
	// fallbackRegion signs requests when neither the flags nor the SDK
	// configuration name a region.
	fallbackRegion = "us-east-1"
)

// Config selects how the client reaches S3. Credentials always come from the
// SDK's default chain (environment, shared files, SSO, container and instance
// roles), so they never pass through this package.
type Config struct {
	Profile string // shared configuration profile, or "" for the default
	Region  string // signing region, or "" to take it from the SDK chain
	// DefaultRegion signs requests when neither Region nor the SDK chain names a
	// region. When it is also "", us-east-1 is used.
	DefaultRegion string
	EndpointURL   string // base URL of an S3-compatible store, or "" for AWS
	// PathStyle addresses buckets as https://host/bucket/key. It is also used
	// whenever EndpointURL's host is an IP address or localhost, where
	// virtual-hosted names cannot resolve.
	PathStyle bool
	// MaxAttempts bounds the attempts of each request, the first included, and
	// the attempts to read one object's body.
	MaxAttempts int
	// MaxBackoff caps the wait between attempts.
	MaxBackoff time.Duration
	// BufferLimit is the largest object read whole before parsing. Larger
	// objects are streamed with ranged requests that resume after an error.
	BufferLimit int64
	// Concurrency bounds the list requests in flight.
	Concurrency int
	Logger      *slog.Logger
}

// Client lists, reads and writes objects in one S3 endpoint.
type Client struct {
	api         *awss3.Client
	logger      *slog.Logger
	maxAttempts int
	maxBackoff  time.Duration
	bufferLimit int64
	concurrency int
}

// New builds a client from cfg and the SDK's default configuration chain. Throttling,
// 5xx responses and connection errors are retried with exponential backoff in the
// SDK's adaptive mode, and each retry is logged at warning level.
func New(ctx context.Context, cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	endpoint, err := CheckEndpoint(cfg.EndpointURL)
	if err != nil {
		return nil, err
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, loadOptions(cfg)...)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	if awsCfg.Region == "" {
		awsCfg.Region = cmp.Or(cfg.DefaultRegion, fallbackRegion)
	}
	api := awss3.NewFromConfig(awsCfg, func(o *awss3.Options) {
		if endpoint == nil {
			o.UsePathStyle = cfg.PathStyle
			return
		}
		o.BaseEndpoint = aws.String(cfg.EndpointURL)
		o.UsePathStyle = cfg.PathStyle || needsPathStyle(endpoint)
		// S3-compatible stores often lack the newer default checksums.
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	return &Client{
		api:         api,
		logger:      cfg.Logger,
		maxAttempts: cfg.MaxAttempts,
		maxBackoff:  cfg.MaxBackoff,
		bufferLimit: cfg.BufferLimit,
		concurrency: cfg.Concurrency,
	}, nil
}

// API returns the SDK client, for the transfer manager and for tests.
func (c *Client) API() *awss3.Client { return c.api }

func (cfg Config) withDefaults() Config {
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	if cfg.BufferLimit <= 0 {
		cfg.BufferLimit = DefaultBufferLimit
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 8
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg
}

// loadOptions turns cfg into options of config.LoadDefaultConfig.
func loadOptions(cfg Config) []func(*config.LoadOptions) error {
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
				o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) {
					so.MaxAttempts = cfg.MaxAttempts
					so.MaxBackoff = cfg.MaxBackoff
				})
			})
		}),
		config.WithLogger(sdkLogger(cfg.Logger)),
		config.WithClientLogMode(aws.LogRetries),
	}
	if cfg.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(cfg.Profile))
	}
	if cfg.Region != "" {
		opts = append(opts, config.WithRegion(cfg.Region))
	}
	return opts
}

// sdkLogger routes the SDK's log messages, which with aws.LogRetries carry no
// request headers, to logger. The retry middleware of aws-sdk-go-v2 v1.48 writes
// three messages: a retry, a failure it does not retry (such as 404, 403 or 400),
// and the last attempt failing. Retries and exhausted attempts are warnings. A
// failure that is not retried is logged at debug level, because its caller
// returns the error.
func sdkLogger(logger *slog.Logger) logging.Logger {
	return logging.LoggerFunc(func(_ logging.Classification, format string, v ...any) {
		detail := fmt.Sprintf(format, v...)
		switch {
		case strings.HasPrefix(format, "retrying request"):
			logger.Warn("S3 request retried", "detail", detail)
		case strings.HasPrefix(format, "request failed with unretryable error"):
			logger.Debug("S3 request failed with an error that is not retried", "detail", detail)
		case strings.HasPrefix(format, "max retry attempts exhausted"):
			logger.Warn("S3 request failed after the maximum number of attempts", "detail", detail)
		default:
			logger.Debug("S3 SDK message", "detail", detail)
		}
	})
}

// CheckEndpoint validates an endpoint URL. It returns nil for "". A URL with a
// user name, password, query string or fragment is rejected, and the error does
// not echo the URL, so that no credential or token in it is ever printed.
func CheckEndpoint(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("invalid --endpoint-url: use http://host:port or https://host")
	}
	if u.User != nil {
		return nil, fmt.Errorf("invalid --endpoint-url: remove the user name and password; credentials come from the AWS configuration chain")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#") {
		return nil, fmt.Errorf("invalid --endpoint-url: remove the query string and fragment; use http://host:port or https://host")
	}
	return u, nil
}

// needsPathStyle reports whether an endpoint host cannot serve virtual-hosted
// bucket names: an IP address or localhost.
func needsPathStyle(u *url.URL) bool {
	host := u.Hostname()
	return host == "localhost" || net.ParseIP(host) != nil
}
