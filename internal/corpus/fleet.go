package corpus

// loadBalancer is one synthetic ALB with its nodes, target groups and host names. All
// addresses come from the documentation ranges (RFC 5737 and RFC 3849) and all names
// from example.com.
type loadBalancer struct {
	account, region string
	name, id        string   // the elb field is "app/<name>/<id>"
	nodes           []string // IPs of the load balancer nodes, used in object keys
	hosts           []string // host names clients send
	web             targetGroup
	lambda          string // Lambda target group ARN, or "" when the LB has none
	waf             bool   // requests pass through AWS WAF
	authenticate    bool   // rules run an authenticate action before forwarding
	websocket       bool   // some clients open WebSocket connections
}

// targetGroup is a target group ARN and the ip:port targets registered in it.
type targetGroup struct {
	arn     string
	targets []target
}

type target struct {
	ip   string
	port int
}

func tgARN(account, region, name, id string) string {
	return "arn:aws:elasticloadbalancing:" + region + ":" + account + ":targetgroup/" + name + "/" + id
}

func certARN(account, region, id string) string {
	return "arn:aws:acm:" + region + ":" + account + ":certificate/" + id
}

// fleet is the fixed set of load balancers the corpus is spread over: three accounts,
// four regions and six load balancers.
var fleet = []*loadBalancer{
	{
		account: "123456789012", region: "us-east-1", name: "web-prod", id: "50dc6c495c0c9188",
		nodes: []string{"198.51.100.7", "198.51.100.23", "198.51.100.61"},
		hosts: []string{"www.example.com", "shop.example.com"},
		web: targetGroup{tgARN("123456789012", "us-east-1", "web-prod", "6d0ecf831eec9f09"), []target{
			{"192.0.2.11", 8080}, {"192.0.2.12", 8080}, {"192.0.2.13", 8080}, {"2001:db8:10:20::15", 8080}}},
		lambda: tgARN("123456789012", "us-east-1", "web-prod-fn", "0f1e2d3c4b5a6978"),
		waf:    true,
	},
	{
		account: "123456789012", region: "us-east-1", name: "api-prod", id: "7e1b5a3c9d2f4e60",
		nodes: []string{"198.51.100.12", "198.51.100.88"},
		hosts: []string{"api.example.com"},
		web: targetGroup{tgARN("123456789012", "us-east-1", "api-prod", "943f017f100becff"), []target{
			{"192.0.2.21", 9000}, {"192.0.2.22", 9000}, {"192.0.2.23", 9000}}},
		lambda: tgARN("123456789012", "us-east-1", "api-prod-fn", "5b6c7d8e9f0a1b2c"),
	},
	{
		account: "123456789012", region: "eu-west-1", name: "web-eu", id: "3f6a9c2e1b7d8045",
		nodes: []string{"198.51.100.140", "198.51.100.141"},
		hosts: []string{"eu.example.com"},
		web: targetGroup{tgARN("123456789012", "eu-west-1", "web-eu", "2c3d4e5f6a7b8c9d"), []target{
			{"192.0.2.41", 80}, {"192.0.2.42", 80}}},
		waf: true,
	},
	{
		account: "111122223333", region: "us-west-2", name: "portal", id: "9a8b7c6d5e4f3a2b",
		nodes: []string{"203.0.113.201", "203.0.113.202"},
		hosts: []string{"portal.example.com"},
		web: targetGroup{tgARN("111122223333", "us-west-2", "portal", "4d5e6f708192a3b4"), []target{
			{"192.0.2.61", 8443}, {"192.0.2.62", 8443}}},
		authenticate: true,
	},
	{
		account: "111122223333", region: "ap-southeast-2", name: "media-origin", id: "1c2d3e4f5a6b7c8d",
		nodes: []string{"203.0.113.210", "203.0.113.211", "203.0.113.212"},
		hosts: []string{"media.example.com", "chat.example.com"},
		web: targetGroup{tgARN("111122223333", "ap-southeast-2", "media-origin", "8e9fa0b1c2d3e4f5"), []target{
			{"192.0.2.81", 8080}, {"2001:db8:20::81", 8080}}},
		websocket: true,
	},
	{
		account: "444455556666", region: "us-east-1", name: "internal-admin", id: "0a1b2c3d4e5f6071",
		nodes: []string{"192.0.2.250"},
		hosts: []string{"admin.internal.example.com"},
		web: targetGroup{tgARN("444455556666", "us-east-1", "internal-admin", "7a6b5c4d3e2f1a0b"), []target{
			{"192.0.2.101", 8080}}},
		lambda: tgARN("444455556666", "us-east-1", "internal-admin-fn", "1a2b3c4d5e6f7a8b"),
	},
}

var browserAgents = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36 Edg/139.0.0.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15",
	"Mozilla/5.0 (X11; Linux x86_64; rv:142.0) Gecko/20100101 Firefox/142.0",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	"Amazon CloudFront",
	"ELB-HealthChecker/2.0",
	"okhttp/4.12.0",
	"Go-http-client/2.0",
	"-",
}

var scannerAgents = []string{
	"sqlmap/1.8.4#stable (https://sqlmap.org)",
	"curl/8.5.0",
	"python-requests/2.32.3",
	"Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
	"masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
	"Mozilla/5.0 \\x22><script>alert(1)</script>",
	"() { :; }; echo; /bin/bash -c \\\"id\\\"",
	"-",
}

var pagePaths = []string{
	"/", "/products", "/products/42", "/products/1187?color=blue&size=m", "/cart", "/checkout",
	"/account", "/login", "/search?q=running+shoes&page=2", "/static/app.3f9c1e.js",
	"/static/site.4b2a.css", "/images/hero.webp", "/favicon.ico", "/robots.txt",
	"/api/v1/orders", "/api/v1/orders/1001", "/api/v1/users/me", "/api/v2/catalog?limit=50&offset=100",
	"/healthz", "/sitemap.xml",
}

// attackPaths carry the SQL injection, XSS and path traversal patterns that hunting
// queries look for. A client's double quote is written as \x22, as ALB does.
var attackPaths = []string{
	"/products.php?id=1%27%20AND%201%3D1--%20-",
	"/products.php?id=1'+UNION+SELECT+username,password+FROM+users--",
	"/products.php?id=1%20OR%20SLEEP(5)",
	"/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E",
	"/search?q=<script>alert(1)</script>",
	"/search?q=\\x22><svg/onload=alert(1)>",
	"/download?file=../../../../etc/passwd",
	"/download?file=..%2f..%2f..%2f..%2fetc%2fshadow",
	"/.env", "/.git/config", "/wp-login.php", "/phpmyadmin/index.php", "/server-status",
	"/cgi-bin/test.cgi", "/.aws/credentials", "/actuator/env",
	"/index.php?s=/index/\\think\\app/invokefunction&function=call_user_func_array",
}

var grpcPaths = []string{
	"/sample.orders.v1.OrderService/GetOrder",
	"/sample.orders.v1.OrderService/ListOrders",
	"/grpc.health.v1.Health/Check",
}

var errorReasons = []string{
	"LambdaInvalidResponse", "LambdaUnhandled", "LambdaThrottling", "LambdaConnectionTimeout",
}

var authErrors = []string{
	"AuthInvalidIdToken", "AuthInvalidCookie", "AuthTokenEpRequestTimeout", "AuthMissingStateParam",
}

// desyncReasons pairs each classification with a reason AWS documents for it.
var desyncReasons = [][2]string{
	{"Acceptable", "NonCompliantHeader"}, {"Acceptable", "GetHeadZeroContentLength"},
	{"Ambiguous", "DuplicateContentLength"}, {"Ambiguous", "SuspiciousHeader"},
	{"Severe", "BadContentLength"}, {"Severe", "BadHeader"},
}

var tls12Ciphers = []string{"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"}
var tls13Ciphers = []string{"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"}
