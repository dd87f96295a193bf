package output

import (
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// appendEvent appends ev as one JSON object, byte for byte what encoding/json
// writes for it with HTML escaping off, without reflection. A test compares the two
// on many events, so a field added to ocsf.Event must be added here as well.
func appendEvent(b []byte, ev *ocsf.Event) []byte {
	w := jsonObject{b: append(b, '{')}
	w.int("activity_id", int64(ev.ActivityID))
	w.str("activity_name", ev.ActivityName)
	w.int("category_uid", int64(ev.CategoryUID))
	w.str("category_name", ev.CategoryName)
	w.int("class_uid", int64(ev.ClassUID))
	w.str("class_name", ev.ClassName)
	w.int("type_uid", ev.TypeUID)
	w.str("type_name", ev.TypeName)
	w.int("severity_id", int64(ev.SeverityID))
	w.str("severity", ev.Severity)
	w.int("status_id", int64(ev.StatusID))
	w.str("status", ev.Status)
	w.str("status_code", ev.StatusCode)
	w.str("status_detail", ev.StatusDetail)
	w.str("message", ev.Message)
	w.int("timezone_offset", int64(ev.TimezoneOffset))

	w.int("time", ev.Time)
	w.dateTime("time_dt", ev.TimeDT)
	w.optInt64("start_time", ev.StartTime)
	if ev.StartTimeDT != nil {
		w.dateTime("start_time_dt", *ev.StartTimeDT)
	}
	w.int("end_time", ev.EndTime)
	w.dateTime("end_time_dt", ev.EndTimeDT)
	w.optInt64("duration", ev.Duration)

	w.optInt32("action_id", ev.ActionID)
	w.str("action", ev.Action)
	w.optInt32("disposition_id", ev.DispositionID)
	w.str("disposition", ev.Disposition)

	w.key("metadata")
	w.b = appendMetadata(w.b, &ev.Metadata)
	w.key("cloud")
	w.b = appendCloud(w.b, &ev.Cloud)

	appendEventObjects(&w, ev)
	return append(w.b, '}')
}

// appendEventObjects appends the optional objects of an event.
func appendEventObjects(w *jsonObject, ev *ocsf.Event) {
	if ev.SrcEndpoint != nil {
		w.key("src_endpoint")
		w.b = appendEndpoint(w.b, ev.SrcEndpoint)
	}
	if ev.DstEndpoint != nil {
		w.key("dst_endpoint")
		w.b = appendEndpoint(w.b, ev.DstEndpoint)
	}

	if c := ev.ConnectionInfo; c != nil {
		w.key("connection_info")
		o := jsonObject{b: append(w.b, '{')}
		o.str("uid", c.UID)
		o.strAlways("protocol_name", c.ProtocolName)
		o.int("protocol_num", int64(c.ProtocolNum))
		o.int("protocol_ver_id", int64(c.ProtocolVerID))
		o.str("protocol_ver", c.ProtocolVer)
		o.int("direction_id", int64(c.DirectionID))
		o.str("direction", c.Direction)
		w.b = append(o.b, '}')
	}
	if ev.HTTPRequest != nil {
		w.key("http_request")
		w.b = appendRequest(w.b, ev.HTTPRequest)
	}

	if r := ev.HTTPResponse; r != nil {
		w.key("http_response")
		o := jsonObject{b: append(w.b, '{')}
		o.int("code", int64(r.Code))
		o.optInt32("length", r.Length)
		o.optInt32("latency", r.Latency)
		w.b = append(o.b, '}')
	}
	if t := ev.Traffic; t != nil {
		w.key("traffic")
		o := jsonObject{b: append(w.b, '{')}
		o.optInt64("bytes_in", t.BytesIn)
		o.optInt64("bytes_out", t.BytesOut)
		o.optInt64("bytes", t.Bytes)
		w.b = append(o.b, '}')
	}

	if t := ev.TLS; t != nil {
		w.key("tls")
		o := jsonObject{b: append(w.b, '{')}
		o.strAlways("version", t.Version)
		o.str("cipher", t.Cipher)
		o.str("sni", t.SNI)
		w.b = append(o.b, '}')
	}
	if ev.LoadBalancer != nil {
		w.key("load_balancer")
		w.b = appendLoadBalancer(w.b, ev.LoadBalancer)
	}
	if ev.Trace != nil {
		w.key("trace")
		o := jsonObject{b: append(w.b, '{')}
		o.strAlways("uid", ev.Trace.UID)
		w.b = append(o.b, '}')
	}

	if len(ev.Observables) > 0 {
		w.key("observables")
		w.b = appendObservables(w.b, ev.Observables)
	}
	if len(ev.Unmapped) > 0 {
		w.key("unmapped")
		w.b = appendStringMap(w.b, ev.Unmapped)
	}
	w.str("raw_data", ev.RawData)
}

func appendMetadata(b []byte, m *ocsf.Metadata) []byte {
	o := jsonObject{b: append(b, '{')}
	o.strAlways("version", m.Version)
	o.key("product")
	p := jsonObject{b: append(o.b, '{')}
	p.strAlways("name", m.Product.Name)
	p.strAlways("vendor_name", m.Product.VendorName)
	p.key("feature")
	f := jsonObject{b: append(p.b, '{')}
	f.strAlways("name", m.Product.Feature.Name)
	p.b = append(f.b, '}')
	o.b = append(p.b, '}')
	o.str("uid", m.UID)
	o.str("log_source", m.LogSource)
	o.str("original_time", m.OriginalTime)
	o.key("profiles")
	o.b = appendStrings(o.b, m.Profiles)
	return append(o.b, '}')
}

func appendCloud(b []byte, c *ocsf.Cloud) []byte {
	o := jsonObject{b: append(b, '{')}
	o.strAlways("provider", c.Provider)
	o.str("region", c.Region)
	if a := c.Account; a != nil {
		o.key("account")
		ao := jsonObject{b: append(o.b, '{')}
		ao.strAlways("uid", a.UID)
		ao.int("type_id", int64(a.TypeID))
		ao.str("type", a.Type)
		o.b = append(ao.b, '}')
	}
	return append(o.b, '}')
}

func appendEndpoint(b []byte, e *ocsf.NetworkEndpoint) []byte {
	o := jsonObject{b: append(b, '{')}
	o.str("ip", e.IP)
	o.optInt32("port", e.Port)
	o.str("uid", e.UID)
	o.optInt32("type_id", e.TypeID)
	o.str("type", e.Type)
	return append(o.b, '}')
}

func appendRequest(b []byte, r *ocsf.HTTPRequest) []byte {
	o := jsonObject{b: append(b, '{')}
	o.str("http_method", r.HTTPMethod)
	o.str("version", r.Version)
	o.str("user_agent", r.UserAgent)
	o.optInt32("length", r.Length)
	if u := r.URL; u != nil {
		o.key("url")
		uo := jsonObject{b: append(o.b, '{')}
		uo.str("url_string", u.URLString)
		uo.str("scheme", u.Scheme)
		uo.str("hostname", u.Hostname)
		uo.optInt32("port", u.Port)
		uo.str("path", u.Path)
		uo.str("query_string", u.QueryString)
		o.b = append(uo.b, '}')
	}
	return append(o.b, '}')
}

func appendLoadBalancer(b []byte, lb *ocsf.LoadBalancer) []byte {
	o := jsonObject{b: append(b, '{')}
	o.str("name", lb.Name)
	o.str("uid", lb.UID)
	o.str("ip", lb.IP)
	o.optInt32("code", lb.Code)
	o.str("classification", lb.Classification)
	o.str("status_detail", lb.StatusDetail)
	o.str("error_message", lb.ErrorMessage)

	if lb.DstEndpoint != nil {
		o.key("dst_endpoint")
		o.b = appendEndpoint(o.b, lb.DstEndpoint)
	}
	if len(lb.EndpointConnections) > 0 {
		o.key("endpoint_connections")
		o.b = append(o.b, '[')
		for i := range lb.EndpointConnections {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			c := &lb.EndpointConnections[i]
			co := jsonObject{b: append(o.b, '{')}
			if c.NetworkEndpoint != nil {
				co.key("network_endpoint")
				co.b = appendEndpoint(co.b, c.NetworkEndpoint)
			}
			co.optInt32("code", c.Code)
			o.b = append(co.b, '}')
		}
		o.b = append(o.b, ']')
	}

	if len(lb.Metrics) > 0 {
		o.key("metrics")
		o.b = append(o.b, '[')
		for i, m := range lb.Metrics {
			if i > 0 {
				o.b = append(o.b, ',')
			}
			mo := jsonObject{b: append(o.b, '{')}
			mo.strAlways("name", m.Name)
			mo.strAlways("value", m.Value)
			o.b = append(mo.b, '}')
		}
		o.b = append(o.b, ']')
	}
	return append(o.b, '}')
}

func appendObservables(b []byte, obs []ocsf.Observable) []byte {
	b = append(b, '[')
	for i := range obs {
		if i > 0 {
			b = append(b, ',')
		}
		o := jsonObject{b: append(b, '{')}
		o.strAlways("name", obs[i].Name)
		o.str("type", obs[i].Type)
		o.int("type_id", int64(obs[i].TypeID))
		o.strAlways("value", obs[i].Value)
		b = append(o.b, '}')
	}
	return append(b, ']')
}

// appendStringMap appends m with its keys sorted, as encoding/json does.
func appendStringMap(b []byte, m map[string]string) []byte {
	var keysBuf [16]string
	keys := keysBuf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	o := jsonObject{b: append(b, '{')}
	for _, k := range keys {
		o.strAlways(k, m[k])
	}
	return append(o.b, '}')
}

// appendStrings appends a string slice; nil is null, as encoding/json writes it.
func appendStrings(b []byte, list []string) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// jsonObject appends the members of one JSON object, commas included.
type jsonObject struct {
	b     []byte
	count int
}

func (o *jsonObject) key(name string) {
	if o.count > 0 {
		o.b = append(o.b, ',')
	}
	o.count++
	o.b = appendJSONString(o.b, name)
	o.b = append(o.b, ':')
}

// str appends a string member, leaving it out when empty (omitempty).
func (o *jsonObject) str(name, v string) {
	if v != "" {
		o.strAlways(name, v)
	}
}

func (o *jsonObject) strAlways(name, v string) {
	o.key(name)
	o.b = appendJSONString(o.b, v)
}

func (o *jsonObject) int(name string, v int64) {
	o.key(name)
	o.b = strconv.AppendInt(o.b, v, 10)
}

func (o *jsonObject) optInt32(name string, v *int32) {
	if v != nil {
		o.int(name, int64(*v))
	}
}

func (o *jsonObject) optInt64(name string, v *int64) {
	if v != nil {
		o.int(name, *v)
	}
}

func (o *jsonObject) dateTime(name string, v ocsf.DateTime) {
	o.key(name)
	o.b = append(o.b, '"')
	o.b, _ = v.AppendText(o.b)
	o.b = append(o.b, '"')
}

// jsonSafe marks the ASCII bytes that appear in a JSON string as they are.
var jsonSafe = func() (safe [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		safe[c] = c != '"' && c != '\\'
	}
	return safe
}()

// appendJSONString appends s as a JSON string the way encoding/json does with
// HTML escaping off: quotes, backslashes and control characters are escaped,
// U+2028 and U+2029 too, and invalid UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
