package s3

import (
	"testing"
	"time"
)

func TestParseURI(t *testing.T) {
	tests := []struct {
		name    string
		uri     string
		want    Location
		wantErr bool
	}{
		{name: "bucket only", uri: "s3://logs", want: Location{Bucket: "logs"}},
		{name: "bucket slash", uri: "s3://logs/", want: Location{Bucket: "logs"}},
		{name: "prefix", uri: "s3://logs/alb/AWSLogs/", want: Location{Bucket: "logs", Prefix: "alb/AWSLogs/"}},
		{name: "missing bucket", uri: "s3:///x", wantErr: true},
		{name: "other scheme", uri: "gs://logs", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseURI(tt.uri)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseURI(%q) error = %v, want error %v", tt.uri, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParseURI(%q) = %+v, want %+v", tt.uri, got, tt.want)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		name     string
		value    string
		endOfDay bool
		want     time.Time
		wantErr  bool
	}{
		{name: "date start", value: "2024-05-28", want: date(2024, 5, 28)},
		{name: "date end", value: "2024-05-28", endOfDay: true, want: date(2024, 5, 29)},
		{name: "rfc3339 end unchanged", value: "2024-05-28T08:00:00Z", endOfDay: true, want: date(2024, 5, 28).Add(8 * time.Hour)},
		{name: "offset to utc", value: "2024-05-28T02:00:00+02:00", want: date(2024, 5, 28)},
		{name: "invalid", value: "28/05/2024", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTime(tt.value, tt.endOfDay)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseTime(%q) error = %v, want error %v", tt.value, err, tt.wantErr)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseTime(%q) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

const layoutKey = "logs/AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2024/05/29/" +
	"123456789012_elasticloadbalancing_eu-west-1_app.my-alb.50dc6c495c0c9188_20240529T0000Z_198.51.100.230_abcd1234.log.gz"

func TestSelectionMatch(t *testing.T) {
	tests := []struct {
		name string
		sel  Selection
		key  string
		want bool
	}{
		{name: "open selection", sel: Selection{}, key: layoutKey, want: true},
		{name: "account match", sel: Selection{Accounts: []string{"123456789012"}}, key: layoutKey, want: true},
		{name: "account mismatch", sel: Selection{Accounts: []string{"444455556666"}}, key: layoutKey, want: false},
		{name: "region mismatch", sel: Selection{Regions: []string{"us-east-1"}}, key: layoutKey, want: false},
		{name: "day inside", sel: Selection{Since: date(2024, 5, 29), Until: date(2024, 5, 30)}, key: layoutKey, want: true},
		{name: "next day is slack", sel: Selection{Since: date(2024, 5, 28), Until: date(2024, 5, 29)}, key: layoutKey, want: true},
		{name: "two days after", sel: Selection{Since: date(2024, 5, 27), Until: date(2024, 5, 28)}, key: layoutKey, want: false},
		{name: "day before since", sel: Selection{Since: date(2024, 5, 30)}, key: layoutKey, want: false},
		{name: "until only", sel: Selection{Until: date(2024, 5, 28)}, key: layoutKey, want: false},
		{name: "no day folder", sel: Selection{Since: date(2030, 1, 1)}, key: "misc/plain.log", want: true},
		{name: "no account known", sel: Selection{Accounts: []string{"123456789012"}}, key: "misc/plain.log", want: false},
		{
			name: "account from file name",
			sel:  Selection{Accounts: []string{"123456789012"}},
			key:  "flat/123456789012_elasticloadbalancing_us-east-1_app.a.b_20240528T0000Z_198.51.100.1_x.log.gz",
			want: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.sel.Match(tt.key); got != tt.want {
				t.Errorf("Match(%q) = %v, want %v", tt.key, got, tt.want)
			}
		})
	}
}

func TestSkipKind(t *testing.T) {
	const folder = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2024/05/28/"
	tests := []struct {
		name string
		key  string
		size int64
		want string
	}{
		{name: "alb access", key: folder + "123456789012_elasticloadbalancing_us-east-1_app.a.b_20240528T0000Z_198.51.100.1_x.log.gz", size: 10, want: ""},
		{name: "zero bytes", key: folder + "123456789012_elasticloadbalancing_us-east-1_app.a.b_20240528T0000Z_198.51.100.1_x.log.gz", size: 0, want: SkipEmpty},
		{name: "connection log", key: folder + "conn_log_123456789012_elasticloadbalancing_us-east-1_app.a.b_20240528T0000Z_198.51.100.1_x.log.gz", size: 10, want: "alb_connection"},
		{name: "health check log", key: folder + "health_check_log_123456789012_elasticloadbalancing_us-east-1_app.a.b_20240528T0000Z_198.51.100.1_x.log.gz", size: 10, want: "alb_health_check"},
		{name: "nlb", key: folder + "123456789012_elasticloadbalancing_us-east-1_net.a.b_20240528T0000Z_198.51.100.1_x.log.gz", size: 10, want: "nlb_access"},
		{name: "classic", key: folder + "123456789012_elasticloadbalancing_us-east-1_my-elb_20240528T0000Z_198.51.100.1_x.log", size: 10, want: "classic_elb_access"},
		{name: "test file", key: "AWSLogs/123456789012/ELBAccessLogTestFile", size: 10, want: "elb_test_file"},
		{name: "unknown name converted", key: "misc/plain.log", size: 10, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := skipKind(tt.key, tt.size); got != tt.want {
				t.Errorf("skipKind(%q, %d) = %q, want %q", tt.key, tt.size, got, tt.want)
			}
		})
	}
}

func TestSplitAWSLogs(t *testing.T) {
	tests := []struct {
		name, prefix, root, rest string
	}{
		{name: "bucket root", prefix: "", root: "AWSLogs/", rest: ""},
		{name: "folder above", prefix: "alb", root: "alb/AWSLogs/", rest: ""},
		{name: "awslogs itself", prefix: "alb/AWSLogs", root: "alb/AWSLogs/", rest: ""},
		{name: "region", prefix: "AWSLogs/123456789012/elasticloadbalancing/us-east-1/", root: "AWSLogs/", rest: "123456789012/elasticloadbalancing/us-east-1/"},
		{name: "partial account", prefix: "x/AWSLogs/1234", root: "x/AWSLogs/", rest: "1234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, rest := splitAWSLogs(tt.prefix)
			if root != tt.root {
				t.Errorf("root = %q, want %q", root, tt.root)
			}
			if rest != tt.rest {
				t.Errorf("rest = %q, want %q", rest, tt.rest)
			}
		})
	}
}
