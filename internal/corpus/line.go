package corpus

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// fileSpec describes one log object: which load balancer node wrote it, the 5-minute
// window it covers and the field layout of its lines.
type fileSpec struct {
	lb     *loadBalancer
	node   string
	end    time.Time // end of the 5-minute window, as in the object name
	fields int       // 29, 30 or 33: the layout current when the object was written
	lines  int
	suffix string // the 8 random characters at the end of the object name
	cert   string
}

// record is one access-log entry before rendering. Empty strings and zero numbers are
// written as "-", except for the processing times.
type record struct {
	typ                  string
	micros               int64 // time, in microseconds since the Unix epoch
	createdMicros        int64 // request_creation_time
	client               string
	clientPort           int
	target               *target
	requestMs            int // processing times in milliseconds, with -1 for "not measured"
	targetMs             int
	responseMs           int
	elbStatus, tgtStatus int
	received, sent       int64
	method, host, path   string
	rawRequest           string // written as is when set, for malformed requests
	agent                string
	cipher, protocol     string
	targetGroup          string
	trace                int // 0 none, 1 Root only, 2 Self;Root;Parent;Sampled
	sni, cert            string
	priority             string
	actions              string
	redirect             bool // redirect_url is the request URL moved to https
	reason               string
	class, classReason   string
	transformed          bool
}

// lineGen writes the lines of one object. It is not safe for concurrent use.
type lineGen struct {
	rng  *rand.Rand
	spec *fileSpec
	rec  record
}

var defaultSpec = &fileSpec{
	lb: fleet[0], node: fleet[0].nodes[0], fields: 33,
	end:  time.Date(2025, 8, 22, 9, 5, 0, 0, time.UTC),
	cert: certARN(fleet[0].account, fleet[0].region, "3b1e4f0a-7c2d-4e5f-9a8b-1c2d3e4f5a6b"),
}

// Line returns line i of a synthetic 33-field access log of one load balancer, without
// a line terminator. Line i falls i milliseconds after the start of a fixed 5-minute
// window, wrapping around at its end. The content is drawn from rng, so the same rng
// state and i give the same bytes.
func Line(rng *rand.Rand, i int) []byte {
	return AppendLine(nil, rng, i)
}

// AppendLine appends the line Line returns to dst and returns the extended slice.
func AppendLine(dst []byte, rng *rand.Rand, i int) []byte {
	g := lineGen{rng: rng, spec: defaultSpec}
	start := defaultSpec.end.Add(-5 * time.Minute).UnixMicro()
	return g.appendLine(dst, start+int64(i%300000)*1000)
}

// appendLine draws one entry at the given time and appends its rendering to dst.
func (g *lineGen) appendLine(dst []byte, micros int64) []byte {
	g.rec = record{}
	r := &g.rec
	r.micros = micros
	g.fill(r)
	return render(dst, g.spec, r, g.rng)
}

// fill chooses a scenario with roughly production frequencies and fills r for it.
func (g *lineGen) fill(r *record) {
	lb := g.spec.lb
	g.forward(r)
	n := g.rng.IntN(1000)
	switch {
	case n < 40 && lb.lambda != "":
		g.lambda(r)
	case n < 100:
		g.redirect(r)
	case n < 125 && lb.waf:
		g.wafBlock(r)
	case n < 135:
		g.fixedResponse(r)
	case n < 140:
		g.malformed(r)
	case n < 150:
		g.noResponse(r)
	case n < 170:
		g.targetError(r)
	case n < 180 && lb.websocket:
		g.websocket(r)
	case n < 235:
		g.scanner(r)
	case n < 238:
		r.path = longPaths[g.rng.IntN(len(longPaths))]
		r.received += int64(len(r.path))
	case n < 243:
		g.desync(r)
	case n < 253:
		r.transformed = true
	case n < 263 && lb.authenticate:
		g.authFailure(r)
	}
	if r.createdMicros == 0 {
		g.setCreated(r)
	}
}

func (g *lineGen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// forward fills r as an ordinary request forwarded to a target.
func (g *lineGen) forward(r *record) {
	lb, rng := g.spec.lb, g.rng
	switch n := rng.IntN(100); {
	case n < 55:
		r.typ = "https"
	case n < 85:
		r.typ = "h2"
	case n < 97:
		r.typ = "http"
	default:
		r.typ = "grpcs"
	}
	g.client(r)
	r.target = &lb.web.targets[rng.IntN(len(lb.web.targets))]
	r.targetGroup = lb.web.arn
	r.requestMs, r.targetMs, r.responseMs = rng.IntN(2), 1+rng.IntN(250), 0
	r.elbStatus = 200
	r.method = "GET"
	switch n := rng.IntN(100); {
	case n < 10:
		r.elbStatus = 304
	case n < 13:
		r.elbStatus = 404
	case n < 25:
		r.method, r.elbStatus = "POST", 201
	case n < 27:
		r.method = "PUT"
	case n < 28:
		r.method, r.elbStatus = "DELETE", 204
	case n < 30:
		r.method = "HEAD"
	case n < 32:
		r.method, r.elbStatus = "OPTIONS", 204
	case n < 33:
		r.method = "PATCH"
	}
	r.tgtStatus = r.elbStatus
	r.host = g.pick(lb.hosts)
	r.path = g.pick(pagePaths)
	if r.typ == "grpcs" {
		r.method, r.path, r.elbStatus, r.tgtStatus = "POST", g.pick(grpcPaths), 200, 200
	}
	r.received = 150 + rng.Int64N(1400)
	r.sent = 200 + rng.Int64N(60000)
	if r.elbStatus == 304 || r.elbStatus == 204 || r.method == "HEAD" {
		r.sent = 150 + rng.Int64N(150)
	}
	r.agent = g.pick(browserAgents)
	g.tls(r)
	r.trace = 1
	if rng.IntN(50) == 0 {
		r.trace = 2
	}
	r.priority = strconv.Itoa(1 + rng.IntN(20))
	r.actions = "forward"
	switch {
	case lb.waf:
		r.actions = "waf,forward"
	case lb.authenticate:
		r.actions = "authenticate,forward"
	}
}

// client sets a client address: mostly IPv4, about one in eight IPv6.
func (g *lineGen) client(r *record) {
	rng := g.rng
	r.clientPort = 1024 + rng.IntN(64511)
	if rng.IntN(8) == 0 {
		r.client = ipv6Clients[rng.IntN(len(ipv6Clients))]
		return
	}
	r.client = ipv4Clients[rng.IntN(len(ipv4Clients))]
}

// tls sets the TLS fields for listeners that terminate TLS.
func (g *lineGen) tls(r *record) {
	switch r.typ {
	case "http", "ws":
		return
	}
	rng := g.rng
	r.sni = r.host
	r.cert = g.spec.cert
	if rng.IntN(10) == 0 {
		r.cert = "session-reused"
	}
	switch n := rng.IntN(1000); {
	case n < 550 || r.typ == "grpcs":
		r.cipher, r.protocol = g.pick(tls13Ciphers), "TLSv1.3"
	case n < 995:
		r.cipher, r.protocol = g.pick(tls12Ciphers), "TLSv1.2"
	case n < 998:
		r.cipher, r.protocol = "ECDHE-RSA-AES128-SHA", "TLSv1.1"
	default:
		r.cipher, r.protocol = "ECDHE-RSA-AES128-SHA", "TLSv1"
	}
}

// notDispatched clears what only exists when the request reached a target.
func notDispatched(r *record) {
	r.target, r.targetGroup, r.tgtStatus = nil, "", 0
	r.requestMs, r.targetMs, r.responseMs = -1, -1, -1
}

func (g *lineGen) lambda(r *record) {
	r.target, r.targetGroup = nil, g.spec.lb.lambda
	r.targetMs = 20 + g.rng.IntN(900)
	if g.rng.IntN(20) == 0 {
		r.elbStatus, r.tgtStatus, r.responseMs = 502, 0, -1
		r.reason = g.pick(errorReasons)
		r.sent = 272
	}
}

func (g *lineGen) redirect(r *record) {
	notDispatched(r)
	r.typ, r.cipher, r.protocol, r.sni, r.cert = "http", "", "", "", ""
	r.method, r.elbStatus, r.sent = "GET", 301, 400+g.rng.Int64N(40)
	if g.rng.IntN(4) == 0 {
		r.elbStatus = 302
	}
	r.priority, r.actions, r.redirect = "0", "redirect", true
}

func (g *lineGen) wafBlock(r *record) {
	notDispatched(r)
	r.requestMs = 1 + g.rng.IntN(4)
	r.elbStatus, r.sent, r.priority, r.actions = 403, 246, "", "waf"
	r.path, r.agent = g.pick(attackPaths), g.pick(scannerAgents)
}

func (g *lineGen) fixedResponse(r *record) {
	notDispatched(r)
	r.elbStatus, r.sent, r.priority, r.actions = 503, 1043, "40", "fixed-response"
	if g.rng.IntN(2) == 0 {
		r.elbStatus, r.sent, r.path = 200, 312, "/robots.txt"
	}
}

// authFailure writes a request the authenticate action turned away.
func (g *lineGen) authFailure(r *record) {
	notDispatched(r)
	r.requestMs = 5 + g.rng.IntN(200)
	r.elbStatus, r.sent, r.actions = 401, 330, "authenticate"
	r.reason = g.pick(authErrors)
}

// malformed writes one of the request texts ALB logs for requests it could not parse.
func (g *lineGen) malformed(r *record) {
	notDispatched(r)
	r.typ, r.cipher, r.protocol, r.sni, r.cert, r.trace = "http", "", "", "", "", 0
	r.agent, r.priority, r.actions, r.elbStatus = "-", "", "", 400
	r.received, r.sent = 0, 272
	switch g.rng.IntN(3) {
	case 0:
		r.rawRequest = "- http://" + r.host + ":80- -"
	case 1:
		r.rawRequest = "- - -"
	default:
		r.rawRequest, r.elbStatus = "- http://"+r.host+":80-/ ", 200
	}
}

// noResponse writes a 460 (client closed first) or a 504 (target timed out): the
// target is known but no timing was measured.
func (g *lineGen) noResponse(r *record) {
	r.requestMs, r.targetMs, r.responseMs = -1, -1, -1
	r.elbStatus, r.tgtStatus, r.sent = 460, 0, 0
	if g.rng.IntN(2) == 0 {
		r.elbStatus, r.sent = 504, 260
	}
}

func (g *lineGen) targetError(r *record) {
	r.elbStatus = []int{500, 502, 503}[g.rng.IntN(3)]
	r.tgtStatus, r.sent = r.elbStatus, 300+g.rng.Int64N(400)
	if r.elbStatus == 502 {
		r.tgtStatus, r.responseMs = 0, -1
	}
}

// websocket writes a connection that closed at the line's time after being open for up
// to two hours; sent_bytes can exceed 2^31.
func (g *lineGen) websocket(r *record) {
	r.typ, r.method, r.path = "wss", "GET", "/socket"
	if g.rng.IntN(3) == 0 {
		r.typ, r.cipher, r.protocol, r.sni, r.cert = "ws", "", "", "", ""
	} else {
		g.tls(r)
	}
	r.elbStatus, r.tgtStatus, r.agent = 101, 101, "-"
	r.received = 1000 + g.rng.Int64N(50_000_000)
	r.sent = 1000 + g.rng.Int64N(6_000_000_000)
	r.createdMicros = r.micros - 1_000_000 - g.rng.Int64N(2*3600*1_000_000)
	r.createdMicros -= r.createdMicros % 1000
}

// scanner writes a probe from a scanning tool, which mostly gets a 4xx response.
func (g *lineGen) scanner(r *record) {
	r.path, r.agent = g.pick(attackPaths), g.pick(scannerAgents)
	r.elbStatus = []int{404, 404, 403, 401, 400, 200, 500}[g.rng.IntN(7)]
	r.tgtStatus, r.sent = r.elbStatus, 150+g.rng.Int64N(600)
	if g.rng.IntN(20) == 0 {
		r.method = g.pick([]string{"PROPFIND", "get", "TRACE", "CONNECT"})
	}
}

func (g *lineGen) desync(r *record) {
	c := desyncReasons[g.rng.IntN(len(desyncReasons))]
	r.class, r.classReason = c[0], c[1]
	if c[0] == "Severe" {
		notDispatched(r)
		r.elbStatus, r.priority, r.actions, r.sent = 400, "", "", 272
	}
	if g.rng.IntN(3) == 0 {
		r.path, r.class, r.classReason = "/search?q=red shoes", "Acceptable", "SpaceInUri"
	}
}

// setCreated sets request_creation_time from the measured processing times. ALB writes
// it with millisecond precision.
func (g *lineGen) setCreated(r *record) {
	d := int64(1 + g.rng.IntN(3))
	for _, ms := range []int{r.requestMs, r.targetMs, r.responseMs} {
		if ms > 0 {
			d += int64(ms)
		}
	}
	c := r.micros - d*1000
	r.createdMicros = c - c%1000
}

var ipv4Clients, ipv6Clients []string

// longPaths are URLs of about 2, 8 and 20 KB, as sent by clients with huge query strings.
var longPaths []string

func init() {
	for _, prefix := range []string{"192.0.2.", "198.51.100.", "203.0.113."} {
		for i := 1; i < 255; i += 3 {
			ipv4Clients = append(ipv4Clients, prefix+strconv.Itoa(i))
		}
	}
	for i := 1; i < 64; i++ {
		ipv6Clients = append(ipv6Clients, "2001:db8:4538:1:bcf4:5264:e01c:"+strconv.FormatInt(int64(i*977), 16))
	}
	const part = "&filter=category%3Dfootwear%2Csize%3D42"
	for _, n := range []int{50, 200, 520} {
		longPaths = append(longPaths, "/search?q=boots"+strings.Repeat(part, n))
	}
}
