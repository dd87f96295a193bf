// Package querytest builds small Parquet files of OCSF events whose contents the
// query and report tests know row by row.
//
// The fixture is one load balancer's traffic over six minutes starting at Base.
// Each client plays one part (a browser, a scanner, an attacker, an old TLS
// stack), so that every hunt has a known, non-empty result.
package querytest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// Base is the start of the fixture's first minute.
var Base = time.Date(2024, 5, 22, 3, 0, 0, 0, time.UTC)

// Client addresses of the fixture, one per part.
const (
	Browser      = "192.0.2.10"    // ordinary browsing, downloads, 5xx and redirects
	Scanner      = "198.51.100.23" // a Nikto burst of 404s on sensitive paths
	Attacker     = "203.0.113.66"  // sqlmap: SQL injection, XSS, traversal, SSRF
	OldTLS       = "192.0.2.77"    // TLSv1 and TLSv1.1 with an empty user agent
	Uploader     = "192.0.2.44"    // curl upload that ends in a 460
	Prober       = "192.0.2.99"    // TRACE, PROPFIND and a very long URL
	LoginGuesser = "192.0.2.88"    // failed logins and an OIDC failure
	Smuggler     = "192.0.2.150"   // desync classifications
)

// Targets and target groups of the fixture.
const (
	TargetA       = "10.1.0.10"
	TargetB       = "10.1.0.11"
	WebGroup      = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"
	LambdaGroup   = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/fn/fedcba9876543210"
	Host          = "shop.example.com"
	BrowserAgent  = "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0"
	NiktoAgent    = "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:map_codes)"
	SqlmapAgent   = "sqlmap/1.8#stable (https://sqlmap.org)"
	CurlAgent     = "curl/8.5.0"
	longQueryPad  = 1500
	targetPort    = 8080
	clientPortMin = 40000
)

// Request is the part of one access log record that the fixture varies. Zero
// fields are absent in the event.
type Request struct {
	Second          int // seconds after Base
	Client          string
	Method          string // a method outside OCSF's enum goes to unmapped
	Scheme          string // https when empty
	Path            string
	Query           string
	Status          int32
	UserAgent       string
	TLSVersion      string
	BytesToClient   int64
	BytesFromClient int64
	Target          string // target IP, empty when the request was not forwarded
	TargetGroup     string
	TargetStatus    int32
	ErrorReason     string
	Actions         string // actions_executed, "forward" when empty
	Classification  string
	ClassReason     string
	RedirectURL     string
}

// Requests returns the fixture's records in time order.
func Requests() []Request {
	var rs []Request
	rs = append(rs, browserRequests()...)
	rs = append(rs, scannerRequests()...)
	rs = append(rs, attackerRequests()...)
	rs = append(rs, minuteThreeRequests()...)
	rs = append(rs, errorRequests()...)
	rs = append(rs, minuteFiveRequests()...)
	return rs
}

// Events returns the fixture as OCSF events, in the order of Requests.
func Events() []ocsf.Event {
	rs := Requests()
	events := make([]ocsf.Event, len(rs))
	for i, r := range rs {
		events[i] = r.Event(i)
	}
	return events
}

// browserRequests is minute 0: six pages and one large download, all 200.
func browserRequests() []Request {
	pages := []struct{ path, query string }{
		{"/", ""}, {"/index.html", ""}, {"/about", ""},
		{"/products", "id=42"}, {"/contact", ""},
	}
	var rs []Request
	for i, p := range pages {
		rs = append(rs, browse(i, p.path, p.query, 1000))
	}
	return append(rs, browse(5, "/export.csv", "", 5_000_000))
}

func browse(second int, path, query string, sent int64) Request {
	return Request{
		Second: second, Client: Browser, Method: "GET", Path: path, Query: query,
		Status: 200, UserAgent: BrowserAgent, TLSVersion: "TLSv1.3",
		BytesToClient: sent, BytesFromClient: 200,
		Target: TargetA, TargetGroup: WebGroup, TargetStatus: 200,
	}
}

// ScannerPaths are the twelve paths the scanner requests in minute 1, in order.
// All but /admin and /login.action are sensitive files.
var ScannerPaths = []string{
	"/admin", "/.env", "/.git/config", "/wp-login.php", "/phpmyadmin/",
	"/backup.zip", "/config.php", "/server-status", "/login.action",
	"/cgi-bin/test.cgi", "/xmlrpc.php", "/actuator/env",
}

// scannerRequests is minute 1: twelve 404s on distinct paths.
func scannerRequests() []Request {
	rs := make([]Request, len(ScannerPaths))
	for i, p := range ScannerPaths {
		rs[i] = Request{
			Second: 60 + i, Client: Scanner, Method: "GET", Path: p, Status: 404,
			UserAgent: NiktoAgent, TLSVersion: "TLSv1.2",
			BytesToClient: 300, BytesFromClient: 150,
			Target: TargetA, TargetGroup: WebGroup, TargetStatus: 404,
		}
	}
	return rs
}

// attackerRequests is minute 2: injection attempts, two of them blocked by WAF.
func attackerRequests() []Request {
	attack := func(second int, path, query string, status int32, blocked bool) Request {
		r := Request{
			Second: second, Client: Attacker, Method: "GET", Path: path, Query: query,
			Status: status, UserAgent: SqlmapAgent, TLSVersion: "TLSv1.2",
			BytesToClient: 500, BytesFromClient: 400,
			Actions: "waf,forward", Target: TargetA, TargetGroup: WebGroup, TargetStatus: status,
		}
		if blocked {
			r.Actions, r.Target, r.TargetGroup, r.TargetStatus = "waf", "", "", 0
		}
		return r
	}
	return []Request{
		attack(120, "/products", "id=1%27%20OR%20%271%27%3D%271", 403, true),
		attack(121, "/search", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", 403, true),
		attack(122, "/static/..%2f..%2f..%2fetc%2fpasswd", "", 404, false),
		attack(123, "/fetch", "url=http://169.254.169.254/latest/meta-data/iam/", 200, false),
		attack(124, "/products", "id=1%20UNION%20SELECT%20username,password%20FROM%20users--", 200, false),
	}
}

// minuteThreeRequests is minute 3: old TLS, a 460 and unusual methods.
func minuteThreeRequests() []Request {
	old := func(second int, path, version string) Request {
		return Request{
			Second: second, Client: OldTLS, Method: "GET", Path: path, Status: 200,
			TLSVersion: version, BytesToClient: 800, BytesFromClient: 100,
			Target: TargetB, TargetGroup: WebGroup, TargetStatus: 200,
		}
	}
	probe := func(second int, method, path, query string, status int32) Request {
		return Request{
			Second: second, Client: Prober, Method: method, Path: path, Query: query,
			Status: status, UserAgent: BrowserAgent, TLSVersion: "TLSv1.3",
			BytesToClient: 100, BytesFromClient: 100,
			Target: TargetB, TargetGroup: WebGroup, TargetStatus: status,
		}
	}
	return []Request{
		old(180, "/", "TLSv1.1"),
		old(181, "/about", "TLSv1"),
		{
			Second: 182, Client: Uploader, Method: "POST", Path: "/upload", Status: 460,
			UserAgent: CurlAgent, TLSVersion: "TLSv1.3", BytesToClient: 0, BytesFromClient: 65536,
			Target: TargetA, TargetGroup: WebGroup,
		},
		probe(183, "TRACE", "/", "", 405),
		probe(184, "PROPFIND", "/webdav/", "", 405),
		probe(185, "GET", "/search", "q="+strings.Repeat("A", longQueryPad), 200),
	}
}

// errorRequests is minute 4: 5xx from Lambda, targets and the load balancer, and
// authentication failures.
func errorRequests() []Request {
	server := func(second int, path string, status int32, target string, targetStatus int32, reason string) Request {
		r := Request{
			Second: second, Client: Browser, Method: "GET", Path: path, Status: status,
			UserAgent: BrowserAgent, TLSVersion: "TLSv1.3", BytesToClient: 200, BytesFromClient: 200,
			Target: target, TargetGroup: WebGroup, TargetStatus: targetStatus, ErrorReason: reason,
		}
		if strings.HasPrefix(reason, "Lambda") {
			r.TargetGroup = LambdaGroup
		}
		return r
	}
	login := func(second int) Request {
		return Request{
			Second: second, Client: LoginGuesser, Method: "POST", Path: "/login", Status: 401,
			UserAgent: BrowserAgent, TLSVersion: "TLSv1.3", BytesToClient: 100, BytesFromClient: 300,
			Target: TargetA, TargetGroup: WebGroup, TargetStatus: 401,
		}
	}
	return []Request{
		server(240, "/api/lambda", 502, "", 0, "LambdaInvalidResponse"),
		server(241, "/api/orders", 504, TargetB, 0, ""),
		server(242, "/api/orders", 502, TargetB, 502, ""),
		server(243, "/api/orders", 503, "", 0, ""),
		login(244), login(245), login(246), login(247),
		{
			Second: 248, Client: LoginGuesser, Method: "GET", Path: "/oauth2/idpresponse",
			Query: "code=abc&state=xyz", Status: 401, UserAgent: BrowserAgent, TLSVersion: "TLSv1.3",
			BytesToClient: 100, BytesFromClient: 300, ErrorReason: "AuthInvalidIdToken",
			Actions: "authenticate",
		},
	}
}

// minuteFiveRequests is minute 5: desync classifications, redirects and a second
// Lambda failure.
func minuteFiveRequests() []Request {
	desync := func(second int, class, reason string, status int32) Request {
		r := Request{
			Second: second, Client: Smuggler, Method: "POST", Path: "/cart", Status: status,
			UserAgent: BrowserAgent, TLSVersion: "TLSv1.2", BytesToClient: 100, BytesFromClient: 100,
			Target: TargetA, TargetGroup: WebGroup, TargetStatus: status,
			Classification: class, ClassReason: reason,
		}
		if class == "Severe" {
			r.Target, r.TargetGroup, r.TargetStatus, r.Actions = "", "", 0, "-"
		}
		return r
	}
	redirect := func(second int, scheme, path, query, location string, status int32) Request {
		return Request{
			Second: second, Client: Browser, Method: "GET", Scheme: scheme, Path: path, Query: query,
			Status: status, UserAgent: BrowserAgent, BytesToClient: 150, BytesFromClient: 100,
			Actions: "redirect", RedirectURL: location,
		}
	}
	return []Request{
		desync(300, "Ambiguous", "AmbiguousUri", 200),
		desync(301, "Severe", "BadContentLength", 400),
		desync(302, "Acceptable", "GetHeadZeroContentLength", 200),
		redirect(303, "http", "/", "", "https://shop.example.com:443/", 301),
		redirect(304, "https", "/go", "to=evil", "https://evil.example.net/login", 302),
		{
			Second: 305, Client: Browser, Method: "GET", Path: "/api/lambda", Status: 502,
			UserAgent: BrowserAgent, TLSVersion: "TLSv1.3", BytesToClient: 200, BytesFromClient: 200,
			TargetGroup: LambdaGroup, ErrorReason: "LambdaUnhandled",
		},
	}
}

// UID returns the metadata.uid the fixture gives the event at index i.
func UID(i int) string { return fmt.Sprintf("evt-%03d", i) }

// Event returns r as the OCSF event at index i of the fixture.
func (r Request) Event(i int) ocsf.Event {
	at := Base.Add(time.Duration(r.Second) * time.Second)
	ms := at.UnixMilli()
	e := ocsf.Event{
		CategoryUID: 4, CategoryName: "Network Activity",
		ClassUID: 4002, ClassName: "HTTP Activity",
		Time: ms, TimeDT: ocsf.DateTime(at.UnixMicro()),
		EndTime: ms, EndTimeDT: ocsf.DateTime(at.UnixMicro()),
		Metadata: ocsf.Metadata{
			Version: "1.8.0",
			Product: ocsf.Product{
				Name: "Elastic Load Balancing", VendorName: "AWS",
				Feature: ocsf.Feature{Name: "Application Load Balancer access logs"},
			},
			UID:      UID(i),
			Profiles: []string{"cloud", "datetime", "load_balancer", "security_control"},
		},
		Cloud:       ocsf.Cloud{Provider: "AWS", Region: "us-east-1"},
		SrcEndpoint: &ocsf.NetworkEndpoint{IP: r.Client, Port: int32p(clientPortMin + int32(i))},
		Unmapped:    map[string]string{"actions_executed": r.actions()},
	}
	r.setActivity(&e)
	r.setStatus(&e)
	r.setRequest(&e)
	r.setTarget(&e)
	r.setSecurityControl(&e)
	if r.TLSVersion != "" {
		e.TLS = &ocsf.TLS{Version: r.TLSVersion, Cipher: "ECDHE-RSA-AES128-GCM-SHA256", SNI: Host}
	}
	if r.RedirectURL != "" {
		e.Unmapped["redirect_url"] = r.RedirectURL
	}
	return e
}

func (r Request) actions() string {
	if r.Actions == "" {
		return "forward"
	}
	return r.Actions
}

// activityIDs is OCSF 1.8.0's http_method to activity_id table.
var activityIDs = map[string]int32{
	"CONNECT": 1, "DELETE": 2, "GET": 3, "HEAD": 4, "OPTIONS": 5,
	"POST": 6, "PUT": 7, "TRACE": 8, "PATCH": 9,
}

func (r Request) setActivity(e *ocsf.Event) {
	id, ok := activityIDs[r.Method]
	name := strings.ToUpper(r.Method[:1]) + strings.ToLower(r.Method[1:])
	if !ok {
		id, name = 99, "Other"
		e.Unmapped["http_method"] = r.Method
	}
	e.ActivityID, e.ActivityName = id, name
	e.TypeUID = 400200 + int64(id)
	e.TypeName = "HTTP Activity: " + name
}

func (r Request) setStatus(e *ocsf.Event) {
	e.StatusCode = strconv.Itoa(int(r.Status))
	e.StatusID, e.Status = 1, "Success"
	if r.Status >= 400 {
		e.StatusID, e.Status = 2, "Failure"
	}
	e.StatusDetail = r.ErrorReason
	e.Message = fmt.Sprintf("%s %s %d %s", r.Method, r.url(), r.Status, r.ErrorReason)
	e.Message = strings.TrimSpace(e.Message)
	e.HTTPResponse = &ocsf.HTTPResponse{Code: r.Status, Length: int32p(int32(r.BytesToClient))}
	e.SeverityID, e.Severity = 1, "Informational"
	switch r.Classification {
	case "Ambiguous":
		e.SeverityID, e.Severity = 2, "Low"
	case "Severe":
		e.SeverityID, e.Severity = 3, "Medium"
	}
	total := r.BytesToClient + r.BytesFromClient
	e.Traffic = &ocsf.NetworkTraffic{
		BytesIn: int64p(r.BytesToClient), BytesOut: int64p(r.BytesFromClient), Bytes: &total,
	}
}

func (r Request) scheme() string {
	if r.Scheme == "" {
		return "https"
	}
	return r.Scheme
}

func (r Request) port() int32 {
	if r.scheme() == "http" {
		return 80
	}
	return 443
}

func (r Request) url() string {
	u := fmt.Sprintf("%s://%s:%d%s", r.scheme(), Host, r.port(), r.Path)
	if r.Query != "" {
		u += "?" + r.Query
	}
	return u
}

func (r Request) setRequest(e *ocsf.Event) {
	method := r.Method
	if _, ok := activityIDs[method]; !ok {
		method = ""
	}
	e.HTTPRequest = &ocsf.HTTPRequest{
		HTTPMethod: method, Version: "HTTP/1.1", UserAgent: r.UserAgent,
		Length: int32p(int32(r.BytesFromClient)),
		URL: &ocsf.URL{
			URLString: r.url(), Scheme: r.scheme(), Hostname: Host, Port: int32p(r.port()),
			Path: r.Path, QueryString: r.Query,
		},
	}
}

func (r Request) setTarget(e *ocsf.Event) {
	lb := &ocsf.LoadBalancer{
		Name:           "app/shop/50dc6c495c0c9188",
		Classification: r.Classification,
		StatusDetail:   r.ClassReason,
		ErrorMessage:   r.ErrorReason,
	}
	if r.TargetStatus != 0 {
		lb.Code = int32p(r.TargetStatus)
	}
	if r.Target != "" {
		lb.DstEndpoint = &ocsf.NetworkEndpoint{IP: r.Target, Port: int32p(targetPort)}
		e.DstEndpoint = &ocsf.NetworkEndpoint{IP: r.Target, Port: int32p(targetPort), UID: r.TargetGroup}
	} else if r.TargetGroup != "" {
		e.DstEndpoint = &ocsf.NetworkEndpoint{UID: r.TargetGroup}
	}
	e.LoadBalancer = lb
}

func (r Request) setSecurityControl(e *ocsf.Event) {
	actions := strings.Split(r.actions(), ",")
	if actions[len(actions)-1] == "waf" {
		e.ActionID, e.Action = int32p(2), "Denied"
		e.DispositionID, e.Disposition = int32p(2), "Blocked"
		return
	}
	e.ActionID, e.Action = int32p(1), "Allowed"
	e.DispositionID, e.Disposition = int32p(1), "Allowed"
}

func int32p(v int32) *int32 { return &v }
func int64p(v int64) *int64 { return &v }

// WriteParquet writes events to a new Parquet file at path.
func WriteParquet(path string, events []ocsf.Event) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create fixture file: %w", err)
	}
	w := parquet.NewGenericWriter[ocsf.Event](f)
	if _, err := w.Write(events); err != nil {
		f.Close()
		return fmt.Errorf("write fixture events: %w", err)
	}
	if err := w.Close(); err != nil {
		f.Close()
		return fmt.Errorf("close fixture writer: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close fixture file: %w", err)
	}
	return nil
}

// SplitAt is the index of the first event in the fixture's second file.
const SplitAt = 20

// WriteTree writes the fixture under dir as two files in a hive-partitioned tree,
// dir/region=us-east-1/day=2024-05-22/part-0.parquet (events before SplitAt) and
// part-1.parquet (the rest), and returns dir.
func WriteTree(dir string) (string, error) {
	leaf := filepath.Join(dir, "region=us-east-1", "day=2024-05-22")
	if err := os.MkdirAll(leaf, 0o755); err != nil {
		return "", fmt.Errorf("create fixture directory: %w", err)
	}
	events := Events()
	if err := WriteParquet(filepath.Join(leaf, "part-0.parquet"), events[:SplitAt]); err != nil {
		return "", err
	}
	if err := WriteParquet(filepath.Join(leaf, "part-1.parquet"), events[SplitAt:]); err != nil {
		return "", err
	}
	return dir, nil
}
