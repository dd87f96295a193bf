package ocsf

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
)

// Options configure a Mapper.
type Options struct {
	// Version is the OCSF version to write: Version180 (the default when empty) or
	// Version110.
	Version string
	// OmitRawData leaves raw_data out of every event.
	OmitRawData bool
}

// Source describes the object a line came from. The mapper reads it for
// metadata.uid, metadata.log_source and the cloud attributes that the line itself
// may lack.
type Source struct {
	// LogSource is the S3 URI or file path, written to metadata.log_source.
	LogSource string
	// UIDName is the name hashed with the line number into metadata.uid: the
	// object's base name without a .gz suffix, so that the same file read from S3 or
	// from a local copy yields the same ids. When empty, the line's bytes are hashed
	// instead, which keeps ids deterministic for unnamed input such as stdin.
	UIDName string
	// Info contains the account, region and load balancer node from the object's key.
	Info alb.ObjectInfo
}

// NewSource returns the Source for an object at logSource (a path or S3 URI).
func NewSource(logSource string) *Source {
	return &Source{
		LogSource: logSource,
		UIDName:   uidName(logSource),
		Info:      alb.ParseObjectKey(logSource),
	}
}

// uidName returns the base name of a path or URI without a trailing .gz.
func uidName(p string) string {
	if i := strings.LastIndexAny(p, "/\\"); i >= 0 {
		p = p[i+1:]
	}
	return strings.TrimSuffix(p, ".gz")
}

// Mapper turns parsed access log records into OCSF events. A Mapper is safe for
// concurrent use: it holds only its options and read-only captions.
type Mapper struct {
	opts     Options
	captions *captions
}

// NewMapper returns a Mapper for opts. It fails when the OCSF version is not one
// this package writes.
func NewMapper(opts Options) (*Mapper, error) {
	if opts.Version == "" {
		opts.Version = Version180
	}
	if opts.Version != Version180 && opts.Version != Version110 {
		return nil, fmt.Errorf("OCSF version %q is not supported; use %s or %s", opts.Version, Version180, Version110)
	}
	c, err := loadCaptions(opts.Version)
	if err != nil {
		return nil, err
	}
	return &Mapper{opts: opts, captions: c}, nil
}

// Version returns the OCSF version the mapper writes.
func (m *Mapper) Version() string { return m.opts.Version }

// Map builds the event for rec, which Parse produced from line, the lineNo-th line
// (1-based) of src. The event owns its memory: it stays valid after line's buffer is
// reused.
func (m *Mapper) Map(rec *alb.Record, line []byte, src *Source, lineNo int64) *Event {
	c := m.captions
	blk := &eventBlock{}
	ev := &blk.ev
	ev.CategoryUID, ev.CategoryName = c.categoryUID, c.categoryName
	ev.ClassUID, ev.ClassName = c.classUID, c.className
	b := builder{m: m, rec: rec, src: src, ev: ev, blk: blk, s: lineStrings{line: line}}
	if utf8.Valid(line) {
		b.s.raw = string(line)
	}
	b.classify()
	b.times()
	b.status()
	b.endpoints()
	b.request()
	b.response()
	b.traffic()
	b.tls()
	b.loadBalancer()
	b.trace()
	b.securityControl()
	b.cloud()
	b.unmappedFields()
	b.metadata(line, lineNo)
	b.observables()
	ev.Message = b.message()
	if !m.opts.OmitRawData {
		ev.RawData = b.s.str(line)
	}
	ev.Unmapped = b.unmapped
	return ev
}

// builder carries the state of one Map call.
type builder struct {
	m        *Mapper
	rec      *alb.Record
	src      *Source
	ev       *Event
	blk      *eventBlock
	s        lineStrings
	unmapped map[string]string
	profiles profileSet
	region   string
	account  string
}

func (b *builder) field(i int) []byte { return b.rec.Field(i) }

// str returns a value of the line as a string.
func (b *builder) str(v []byte) string { return b.s.str(v) }

// setUnmapped stores field i under name in unmapped when the field is present.
func (b *builder) setUnmapped(name string, i int) {
	if v := b.field(i); v != nil {
		b.putUnmapped(name, b.str(v))
	}
}

// putUnmapped stores a value in unmapped, creating the map on first use.
func (b *builder) putUnmapped(name, value string) {
	if b.unmapped == nil {
		b.unmapped = make(map[string]string, 8)
	}
	b.unmapped[name] = value
}

// classify sets the activity from the request method and the severity from the
// desync classification.
func (b *builder) classify() {
	ev := b.ev
	method := b.rec.Method
	id := int32(activityUnknown)
	if method != nil {
		id = b.m.activityOf(method)
	}
	c := b.m.captions
	ev.ActivityID = id
	ev.ActivityName = c.activity[id]
	if id == activityOther {
		ev.ActivityName = b.str(method)
	}
	ev.TypeUID = int64(c.classUID)*100 + int64(id)
	ev.TypeName = c.className + ": " + c.activity[id]

	ev.SeverityID = 1
	switch string(b.field(alb.FieldClassification)) {
	case "Ambiguous":
		ev.SeverityID = 2
	case "Severe":
		ev.SeverityID = 3
	}
	ev.Severity = c.severity[ev.SeverityID]
}

// times sets time, start_time, end_time, their datetime siblings and duration.
func (b *builder) times() {
	ev, rec := b.ev, b.rec
	ev.Time = floorDiv(rec.Time, 1000)
	ev.TimeDT = DateTime(rec.Time)
	ev.EndTime = ev.Time
	ev.EndTimeDT = ev.TimeDT
	ev.Metadata.OriginalTime = b.str(rec.Fields[alb.FieldTime])
	b.profiles |= profileDatetime
	if !rec.RequestCreationTime.Valid {
		return
	}
	start := floorDiv(rec.RequestCreationTime.Value, 1000)
	b.blk.startDT = DateTime(rec.RequestCreationTime.Value)
	ev.StartTime = b.blk.int64p(start)
	ev.StartTimeDT = &b.blk.startDT
	if d := ev.EndTime - start; d >= 0 {
		ev.Duration = b.blk.int64p(d)
	}
}

// floorDiv divides rounding towards negative infinity, so that times before 1970
// truncate the same way as later ones.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// status sets status_id, status, status_code and status_detail from the load
// balancer's status code and error reason.
func (b *builder) status() {
	ev, code := b.ev, b.rec.ELBStatusCode
	switch {
	case !code.Valid:
		ev.StatusID = 0
	case code.Value < 400:
		ev.StatusID = 1
	default:
		ev.StatusID = 2
	}
	ev.Status = b.m.captions.status[ev.StatusID]
	if code.Valid {
		ev.StatusCode = b.str(b.rec.Fields[alb.FieldELBStatusCode])
	}
	if reason := b.field(alb.FieldErrorReason); reason != nil {
		ev.StatusDetail = b.str(reason)
	}
}

// endpoints sets src_endpoint from the client, dst_endpoint from the target and
// the target group, and connection_info.
func (b *builder) endpoints() {
	ev, rec := b.ev, b.rec
	ev.SrcEndpoint = b.endpointOf(rec.Client, &b.blk.src)
	ev.DstEndpoint = b.endpointOf(rec.Target, &b.blk.dst)
	if arn := b.field(alb.FieldTargetGroupARN); arn != nil {
		ev.DstEndpoint = &b.blk.dst
		ev.DstEndpoint.UID = b.str(arn)
	}
	c := b.m.captions
	info := &b.blk.conn
	*info = ConnectionInfo{
		ProtocolName:  protocolTCP,
		ProtocolNum:   protocolNumberTCP,
		ProtocolVerID: int32(rec.Client.IPVersion),
		ProtocolVer:   c.protocolVer[int32(rec.Client.IPVersion)],
		DirectionID:   directionInbound,
		Direction:     c.direction,
	}
	if tid := b.field(alb.FieldConnTraceID); tid != nil {
		info.UID = b.str(tid)
	}
	ev.ConnectionInfo = info
}

// endpointOf fills ep from a logged ip:port and returns it, or returns nil when the
// address is absent.
func (b *builder) endpointOf(a alb.Addr, ep *NetworkEndpoint) *NetworkEndpoint {
	if !a.Valid {
		return nil
	}
	ep.IP = b.str(a.IP)
	ep.Port = b.blk.int32p(a.Port)
	return ep
}

// request sets http_request from the request, user agent and received bytes.
func (b *builder) request() {
	rec := b.rec
	req := &b.blk.req
	if rec.Method != nil {
		if b.ev.ActivityID != activityOther {
			req.HTTPMethod = b.upper(rec.Method)
		} else {
			b.putUnmapped("http_method", b.str(rec.Method))
		}
	}
	req.Version = b.str(rec.Protocol)
	req.UserAgent = b.str(b.field(alb.FieldUserAgent))
	if rec.ReceivedBytes.Valid {
		req.Length = b.int32Of(rec.ReceivedBytes.Value)
	}
	if rec.URL != nil {
		req.URL = b.urlOf(rec.URL)
	}
	b.ev.HTTPRequest = req
}

// upper returns an HTTP method in upper case. A method already in upper case, the
// usual case, costs no allocation.
func (b *builder) upper(method []byte) string {
	for _, c := range method {
		if c >= 'a' && c <= 'z' {
			return strings.ToUpper(text(method))
		}
	}
	return b.str(method)
}

// urlOf builds the url object: url_string as logged, and the parts when the URL can
// be split.
func (b *builder) urlOf(u []byte) *URL {
	out := &b.blk.url
	out.URLString = b.str(u)
	parts, ok := splitURL(u)
	if !ok {
		return out
	}
	out.Scheme = b.str(parts.scheme)
	out.Hostname = b.str(parts.hostname)
	out.Path = b.str(parts.path)
	out.QueryString = b.str(parts.query)
	if parts.hasPort {
		out.Port = b.blk.int32p(parts.port)
	}
	return out
}

// int32Of returns a pointer to n when it fits OCSF's 32-bit integer_t, else nil.
func (b *builder) int32Of(n int64) *int32 {
	if n < -1<<31 || n > 1<<31-1 {
		return nil
	}
	return b.blk.int32p(int32(n))
}

// response sets http_response. OCSF requires its code, so the object is emitted
// only when the load balancer's status code is known.
func (b *builder) response() {
	rec := b.rec
	code := rec.ELBStatusCode.Value
	if !rec.ELBStatusCode.Valid || code > 1<<31-1 {
		return
	}
	resp := &b.blk.resp
	resp.Code = int32(code)
	if rec.SentBytes.Valid {
		resp.Length = b.int32Of(rec.SentBytes.Value)
	}
	if rec.TargetProcessingTime.Measured {
		resp.Latency = b.int32Of(rec.TargetProcessingTime.Millis())
	}
	b.ev.HTTPResponse = resp
}

// traffic sets the byte counts in OCSF's direction: bytes_out flows from the source
// (the client) to the destination, so it is received_bytes.
func (b *builder) traffic() {
	rec := b.rec
	if !rec.ReceivedBytes.Valid && !rec.SentBytes.Valid {
		return
	}
	t := &b.blk.traffic
	var total int64
	if rec.ReceivedBytes.Valid {
		t.BytesOut = b.blk.int64p(rec.ReceivedBytes.Value)
		total += rec.ReceivedBytes.Value
	}
	if rec.SentBytes.Valid {
		t.BytesIn = b.blk.int64p(rec.SentBytes.Value)
		total += rec.SentBytes.Value
	}
	t.Bytes = b.blk.int64p(total)
	b.ev.Traffic = t
}

// tls sets the tls object when the connection used TLS. A cipher or SNI logged
// without a protocol has no valid tls object to go in, so it is kept in unmapped.
func (b *builder) tls() {
	version := b.field(alb.FieldSSLProtocol)
	if version == nil {
		b.setUnmapped("ssl_cipher", alb.FieldSSLCipher)
		b.setUnmapped("domain_name", alb.FieldDomainName)
		return
	}
	t := &b.blk.tls
	t.Version = b.str(version)
	t.Cipher = b.str(b.field(alb.FieldSSLCipher))
	t.SNI = b.str(b.field(alb.FieldDomainName))
	b.ev.TLS = t
}
