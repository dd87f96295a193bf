package conformance

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// view flattens an event into OCSF attribute paths with normalised string
// values, so that another parser's expectations can be compared with it one
// attribute at a time. An absent attribute has no key.
type view map[string]string

func (v view) set(key, value string) {
	if value != "" {
		v[key] = value
	}
}

func (v view) setInt32(key string, p *int32) {
	if p != nil {
		v[key] = strconv.FormatInt(int64(*p), 10)
	}
}

func (v view) setInt64(key string, p *int64) {
	if p != nil {
		v[key] = strconv.FormatInt(*p, 10)
	}
}

// viewOf returns the flattened form of ev.
func viewOf(ev *ocsf.Event) view {
	v := view{}
	v["activity_id"] = strconv.Itoa(int(ev.ActivityID))
	v["time"] = strconv.FormatInt(ev.Time, 10)
	v["time_dt"] = ev.TimeDT.String()
	if ev.StartTimeDT != nil {
		v["start_time_dt"] = ev.StartTimeDT.String()
	}
	v.setInt64("duration", ev.Duration)
	v.set("status", ev.Status)
	v.set("status_code", ev.StatusCode)
	v.set("status_detail", ev.StatusDetail)
	v.set("cloud.region", ev.Cloud.Region)
	if ev.Cloud.Account != nil {
		v.set("cloud.account.uid", ev.Cloud.Account.UID)
	}
	viewEndpoint(v, "src_endpoint", ev.SrcEndpoint)
	viewEndpoint(v, "dst_endpoint", ev.DstEndpoint)
	if ev.ConnectionInfo != nil {
		v.set("connection_info.uid", ev.ConnectionInfo.UID)
	}
	viewHTTP(v, ev)
	if t := ev.Traffic; t != nil {
		v.setInt64("traffic.bytes_in", t.BytesIn)
		v.setInt64("traffic.bytes_out", t.BytesOut)
		v.setInt64("traffic.bytes", t.Bytes)
	}
	if t := ev.TLS; t != nil {
		v.set("tls.version", t.Version)
		v.set("tls.cipher", t.Cipher)
		v.set("tls.sni", t.SNI)
	}
	viewLoadBalancer(v, ev.LoadBalancer)
	if ev.Trace != nil {
		v.set("trace.uid", ev.Trace.UID)
	}
	for key, value := range ev.Unmapped {
		v.set("unmapped."+key, value)
	}
	return v
}

func viewEndpoint(v view, prefix string, ep *ocsf.NetworkEndpoint) {
	if ep == nil {
		return
	}
	v.set(prefix+".ip", ep.IP)
	v.setInt32(prefix+".port", ep.Port)
	v.set(prefix+".uid", ep.UID)
}

func viewHTTP(v view, ev *ocsf.Event) {
	if r := ev.HTTPRequest; r != nil {
		v.set("http_request.http_method", r.HTTPMethod)
		v.set("http_request.version", r.Version)
		v.set("http_request.user_agent", r.UserAgent)
		v.setInt32("http_request.length", r.Length)
		if u := r.URL; u != nil {
			v.set("http_request.url.url_string", u.URLString)
			v.set("http_request.url.scheme", u.Scheme)
			v.set("http_request.url.hostname", u.Hostname)
			v.setInt32("http_request.url.port", u.Port)
			v.set("http_request.url.path", u.Path)
			v.set("http_request.url.query_string", u.QueryString)
		}
	}
	if r := ev.HTTPResponse; r != nil {
		v["http_response.code"] = strconv.Itoa(int(r.Code))
		v.setInt32("http_response.length", r.Length)
		v.setInt32("http_response.latency", r.Latency)
	}
}

// viewLoadBalancer flattens load_balancer. Metrics are keyed by name with their
// value normalised as a number. The endpoint connections become two
// space-separated lists, ip:port and code, the form of target:port_list and
// target_status_code_list.
func viewLoadBalancer(v view, lb *ocsf.LoadBalancer) {
	if lb == nil {
		return
	}
	v.set("load_balancer.name", lb.Name)
	v.set("load_balancer.uid", lb.UID)
	v.setInt32("load_balancer.code", lb.Code)
	v.set("load_balancer.classification", lb.Classification)
	v.set("load_balancer.status_detail", lb.StatusDetail)
	v.set("load_balancer.error_message", lb.ErrorMessage)
	for _, m := range lb.Metrics {
		v.set("load_balancer.metrics."+m.Name, normalize(m.Value))
	}
	var endpoints, codes []string
	for _, c := range lb.EndpointConnections {
		if ep := c.NetworkEndpoint; ep != nil && ep.Port != nil {
			endpoints = append(endpoints, ep.IP+":"+strconv.Itoa(int(*ep.Port)))
		}
		if c.Code != nil {
			codes = append(codes, strconv.Itoa(int(*c.Code)))
		}
	}
	v.set("load_balancer.endpoint_connections.endpoint", strings.Join(endpoints, " "))
	v.set("load_balancer.endpoint_connections.code", strings.Join(codes, " "))
}

// normalize returns the canonical text of a scalar: numbers in shortest form (so
// 0.000, 0.0 and 0 are equal, and 7.3e-05 equals 0.000073), strings as they are.
// nil and JSON null give "", the form of an absent value.
func normalize(value any) string {
	switch x := value.(type) {
	case nil:
		return ""
	case json.Number:
		return normalizeNumber(string(x))
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return normalizeNumber(x)
	}
	return "unsupported value"
}

// normalizeNumber returns the shortest form of s when s is a decimal number, and
// s itself otherwise.
func normalizeNumber(s string) string {
	if s == "" || strings.ContainsAny(s, "xXnN_") || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
