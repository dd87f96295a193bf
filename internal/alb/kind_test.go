package alb

import "testing"

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		line string
		want Kind
	}{
		{"access https", string(lineOf(33)), KindAccess},
		{"access ws", "ws " + string(lineOf(33))[6:], KindAccess},
		{"blank", "", KindBlank},
		{"spaces", "   ", KindBlank},
		{"nlb", "tls 2.0 2024-12-19T20:20:28 net/my-nlb/c6e77e28c25b2234 g3d4b5e8bb8464cd 192.0.2.20:51341 198.51.100.40:443 100 6 161 8144 - - - - tlsv12 - nlb.example.com - - - 2024-12-19T20:20:28", KindNLB},
		{"classic", `2015-05-13T23:39:43.945958Z my-elb 192.0.2.3:2817 198.51.100.4:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -`, KindClassic},
		{"classic tcp", `2020-10-05T10:36:56.478533Z my-elb 192.0.2.30:53279 198.51.100.50:30115 0.00054 0.000006 0.000014 - - 123 223 "- - - " "-" - -`, KindClassic},
		{"connection", `2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 4.036 "-" - - Success TID_3180a73013c8ca4bac2f731159d4b0fe`, KindConnection},
		{"health check", "http 2025-10-31T12:44:59.875678Z 0.019584011 198.51.100.7:80 tg-1 PASS 200 -", KindHealthCheck},
		{"health check lambda", "lambda 2025-10-31T12:44:59.875678Z 0.019 arn:aws:lambda:us-east-1:123456789012:function:f tg-1 FAIL - TimedOut", KindHealthCheck},
		{"test file", "Enable AccessLog for ELB: app/web-alb/50dc6c495c0c9188 at 2025-05-30T16:47:00.781Z", KindTestFile},
		{"unknown type", "invalid 2025-08-22T09:01:02.123456Z app/x/y 192.0.2.1:1 - -1 -1 -1 400 - 0 0", KindUnknown},
		{"markdown", "# notes", KindUnknown},
		{"json", `{"time": 1}`, KindUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify([]byte(tt.line)); got != tt.want {
				t.Errorf("Classify = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseObjectKey(t *testing.T) {
	const folder = "AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2024/05/29/"
	tests := []struct {
		name string
		key  string
		want ObjectInfo
	}{
		{"access", folder + "123456789012_elasticloadbalancing_eu-west-1_app.my-alb.50dc6c495c0c9188_20240529T0000Z_198.51.100.230_abcd1234.log.gz",
			ObjectInfo{Kind: ObjectAccess, Account: "123456789012", Region: "eu-west-1", LoadBalancer: "app.my-alb.50dc6c495c0c9188", NodeIP: "198.51.100.230"}},
		{"connection", folder + "conn_log_123456789012_elasticloadbalancing_eu-west-1_app.my-alb.50dc6c495c0c9188_20240529T0000Z_198.51.100.230_abcd1234.log.gz",
			ObjectInfo{Kind: ObjectConnection, Account: "123456789012", Region: "eu-west-1", LoadBalancer: "app.my-alb.50dc6c495c0c9188", NodeIP: "198.51.100.230"}},
		{"health check", folder + "health_check_log_123456789012_elasticloadbalancing_eu-west-1_app.my-alb.50dc6c495c0c9188_20240529T0000Z_198.51.100.230_abcd1234.log.gz",
			ObjectInfo{Kind: ObjectHealthCheck, Account: "123456789012", Region: "eu-west-1", LoadBalancer: "app.my-alb.50dc6c495c0c9188", NodeIP: "198.51.100.230"}},
		{"nlb", folder + "123456789012_elasticloadbalancing_eu-west-1_net.my-nlb.c6e77e28c25b2234_20240529T0000Z_2d0c5a1f.log.gz",
			ObjectInfo{Kind: ObjectNLB, Account: "123456789012", Region: "eu-west-1", LoadBalancer: "net.my-nlb.c6e77e28c25b2234"}},
		{"classic", folder + "123456789012_elasticloadbalancing_eu-west-1_my-elb_20240529T0000Z_198.51.100.9_abcd1234.log",
			ObjectInfo{Kind: ObjectClassic, Account: "123456789012", Region: "eu-west-1", LoadBalancer: "my-elb", NodeIP: "198.51.100.9"}},
		{"test file", "logs/AWSLogs/123456789012/ELBAccessLogTestFile", ObjectInfo{Kind: ObjectTestFile, Account: "123456789012"}},
		{"renamed file in folders", folder + "copy.log", ObjectInfo{Account: "123456789012", Region: "eu-west-1"}},
		{"plain local file", "/tmp/x.log", ObjectInfo{}},
		{"windows path", `C:\logs\123456789012_elasticloadbalancing_us-east-1_app.a.b_20240529T0000Z_192.0.2.1_x.log`,
			ObjectInfo{Kind: ObjectAccess, Account: "123456789012", Region: "us-east-1", LoadBalancer: "app.a.b", NodeIP: "192.0.2.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseObjectKey(tt.key); got != tt.want {
				t.Errorf("ParseObjectKey(%q)\ngot  %+v\nwant %+v", tt.key, got, tt.want)
			}
		})
	}
}
