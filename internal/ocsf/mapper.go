package ocsf

import (
	"fmt"
	"strconv"
	"strings"

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
	// Info is what the object's key says: account, region and load balancer node.
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

// Map builds the event for rec, which was parsed from line, the lineNo-th line
// (1-based) of src. The event owns its strings: it stays valid after line's buffer
// is reused.
func (m *Mapper) Map(rec *alb.Record, line []byte, src *Source, lineNo int64) *Event {
	c := m.captions
	ev := &Event{
		CategoryUID:  c.categoryUID,
		CategoryName: c.categoryName,
		ClassUID:     c.classUID,
		ClassName:    c.className,
	}
	b := builder{m: m, rec: rec, src: src, ev: ev, unmapped: map[string]string{}}
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
		ev.RawData = text(line)
	}
	if len(b.unmapped) > 0 {
		ev.Unmapped = b.unmapped
	}
	return ev
}

// builder carries the state of one Map call.
type builder struct {
	m        *Mapper
	rec      *alb.Record
	src      *Source
	ev       *Event
	unmapped map[string]string
	profiles []string
	region   string
	account  string
}

func (b *builder) field(i int) []byte { return b.rec.Field(i) }

// setUnmapped stores field i under name in unmapped when the field is present.
func (b *builder) setUnmapped(name string, i int) {
	if v := b.field(i); v != nil {
		b.unmapped[name] = text(v)
	}
}

// classify sets the activity from the request method and the severity from the
// desync classification.
func (b *builder) classify() {
	ev := b.ev
	method := b.rec.Method
	id := int32(activityUnknown)
	if method != nil {
		upper := strings.ToUpper(text(method))
		known, ok := activityByMethod[upper]
		if ok && (known != activityPatch || b.m.opts.Version != Version110) {
			id = known
		} else {
			id = activityOther
		}
	}
	c := b.m.captions
	ev.ActivityID = id
	ev.ActivityName = c.activity[id]
	if id == activityOther {
		ev.ActivityName = text(method)
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
	ev.Metadata.OriginalTime = text(rec.Fields[alb.FieldTime])
	b.profiles = append(b.profiles, "datetime")
	if !rec.RequestCreationTime.Valid {
		return
	}
	start := floorDiv(rec.RequestCreationTime.Value, 1000)
	startDT := DateTime(rec.RequestCreationTime.Value)
	ev.StartTime = &start
	ev.StartTimeDT = &startDT
	if d := ev.EndTime - start; d >= 0 {
		ev.Duration = &d
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
		ev.StatusCode = strconv.FormatInt(code.Value, 10)
	}
	if reason := b.field(alb.FieldErrorReason); reason != nil {
		ev.StatusDetail = text(reason)
	}
}

// endpoints sets src_endpoint from the client, dst_endpoint from the target and
// the target group, and connection_info.
func (b *builder) endpoints() {
	ev, rec := b.ev, b.rec
	ev.SrcEndpoint = endpointOf(rec.Client)
	ev.DstEndpoint = endpointOf(rec.Target)
	if arn := b.field(alb.FieldTargetGroupARN); arn != nil {
		if ev.DstEndpoint == nil {
			ev.DstEndpoint = &NetworkEndpoint{}
		}
		ev.DstEndpoint.UID = text(arn)
	}
	c := b.m.captions
	info := &ConnectionInfo{
		ProtocolName:  protocolTCP,
		ProtocolNum:   protocolNumberTCP,
		ProtocolVerID: int32(rec.Client.IPVersion),
		ProtocolVer:   c.protocolVer[int32(rec.Client.IPVersion)],
		DirectionID:   directionInbound,
		Direction:     c.direction,
	}
	if tid := b.field(alb.FieldConnTraceID); tid != nil {
		info.UID = text(tid)
	}
	ev.ConnectionInfo = info
}

// endpointOf returns the endpoint of a logged ip:port, or nil when it is absent.
func endpointOf(a alb.Addr) *NetworkEndpoint {
	if !a.Valid {
		return nil
	}
	port := a.Port
	return &NetworkEndpoint{IP: string(a.IP), Port: &port}
}

// request sets http_request from the request, user agent and received bytes.
func (b *builder) request() {
	rec := b.rec
	req := &HTTPRequest{}
	if rec.Method != nil {
		upper := strings.ToUpper(text(rec.Method))
		if b.ev.ActivityID != activityOther {
			req.HTTPMethod = upper
		} else {
			b.unmapped["http_method"] = text(rec.Method)
		}
	}
	if rec.Protocol != nil {
		req.Version = text(rec.Protocol)
	}
	if ua := b.field(alb.FieldUserAgent); ua != nil {
		req.UserAgent = text(ua)
	}
	if rec.ReceivedBytes.Valid {
		req.Length = int32Of(rec.ReceivedBytes.Value)
	}
	if rec.URL != nil {
		req.URL = urlOf(rec.URL)
	}
	b.ev.HTTPRequest = req
}

// urlOf builds the url object: url_string as logged, and the parts when the URL can
// be split.
func urlOf(u []byte) *URL {
	out := &URL{URLString: text(u)}
	parts, ok := splitURL(u)
	if !ok {
		return out
	}
	out.Scheme = textOrEmpty(parts.scheme)
	out.Hostname = textOrEmpty(parts.hostname)
	out.Path = textOrEmpty(parts.path)
	out.QueryString = textOrEmpty(parts.query)
	if parts.hasPort {
		port := parts.port
		out.Port = &port
	}
	return out
}

func textOrEmpty(b []byte) string {
	if b == nil {
		return ""
	}
	return text(b)
}

// int32Of returns a pointer to n when it fits OCSF's 32-bit integer_t, else nil.
func int32Of(n int64) *int32 {
	if n < -1<<31 || n > 1<<31-1 {
		return nil
	}
	v := int32(n)
	return &v
}

// response sets http_response. OCSF requires its code, so the object is emitted
// only when the load balancer's status code is known.
func (b *builder) response() {
	rec := b.rec
	code := int32Of(rec.ELBStatusCode.Value)
	if !rec.ELBStatusCode.Valid || code == nil {
		return
	}
	resp := &HTTPResponse{Code: *code}
	if rec.SentBytes.Valid {
		resp.Length = int32Of(rec.SentBytes.Value)
	}
	if rec.TargetProcessingTime.Measured {
		resp.Latency = int32Of(rec.TargetProcessingTime.Millis())
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
	t := &NetworkTraffic{}
	var total int64
	if rec.ReceivedBytes.Valid {
		out := rec.ReceivedBytes.Value
		t.BytesOut = &out
		total += out
	}
	if rec.SentBytes.Valid {
		in := rec.SentBytes.Value
		t.BytesIn = &in
		total += in
	}
	t.Bytes = &total
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
	t := &TLS{Version: text(version)}
	t.Cipher = textOrEmpty(b.field(alb.FieldSSLCipher))
	t.SNI = textOrEmpty(b.field(alb.FieldDomainName))
	b.ev.TLS = t
}
