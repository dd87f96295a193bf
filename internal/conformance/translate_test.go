package conformance

import (
	"strconv"
	"strings"
	"time"
)

// pair is one expected value in our model: an OCSF attribute path of the view and
// its normalised value, "" for absent.
type pair struct {
	path string
	want string
}

// albFieldPairs translates one value, named by its AWS field name, into the
// attributes the decisions page maps it to. Besides AWS's names it accepts the
// split forms other parsers use: client_ip, client_port, target_ip,
// target_port, request_method, request_url, request_protocol and the url_*
// parts. It reports false for a name it does not know.
func albFieldPairs(name, value string) ([]pair, bool) {
	single := func(path string) ([]pair, bool) { return []pair{{path, value}}, true }
	switch name {
	case "type":
		return single("unmapped.type")
	case "time":
		return single("time_dt")
	case "elb":
		return single("unmapped.elb")
	case "client:port":
		ip, port := splitHostPort(value)
		return []pair{{"src_endpoint.ip", ip}, {"src_endpoint.port", port}}, true
	case "target:port":
		ip, port := splitHostPort(value)
		return []pair{{"dst_endpoint.ip", ip}, {"dst_endpoint.port", port}}, true
	case "client_ip":
		return single("src_endpoint.ip")
	case "client_port":
		return single("src_endpoint.port")
	case "target_ip":
		return single("dst_endpoint.ip")
	case "target_port":
		return single("dst_endpoint.port")
	case "request_processing_time", "target_processing_time", "response_processing_time":
		// -1 means "not measured", which our model writes as an absent metric.
		if value == "-1" {
			value = ""
		}
		return single("load_balancer.metrics." + name)
	case "elb_status_code":
		return []pair{{"status_code", value}, {"http_response.code", value}}, true
	case "target_status_code":
		return single("load_balancer.code")
	case "received_bytes":
		return []pair{{"traffic.bytes_out", value}, {"http_request.length", value}}, true
	case "sent_bytes":
		return []pair{{"traffic.bytes_in", value}, {"http_response.length", value}}, true
	case "request":
		method, url, protocol := splitRequest(value)
		return []pair{
			{"http_request.http_method", method},
			{"http_request.url.url_string", url},
			{"http_request.version", protocol},
		}, true
	case "request_method":
		return single("http_request.http_method")
	case "request_url":
		return single("http_request.url.url_string")
	case "request_protocol":
		return single("http_request.version")
	case "url_scheme":
		return []pair{{"http_request.url.scheme", strings.TrimSuffix(value, ":")}}, true
	case "url_hostname":
		return single("http_request.url.hostname")
	case "url_port":
		return single("http_request.url.port")
	case "url_path":
		return single("http_request.url.path")
	case "url_query":
		return single("http_request.url.query_string")
	case "user_agent":
		return single("http_request.user_agent")
	case "ssl_cipher":
		return single("tls.cipher")
	case "ssl_protocol":
		return single("tls.version")
	case "target_group_arn":
		return single("dst_endpoint.uid")
	case "trace_id", "chosen_cert_arn", "matched_rule_priority", "actions_executed", "redirect_url":
		return single("unmapped." + name)
	case "domain_name":
		return single("tls.sni")
	case "request_creation_time":
		return single("start_time_dt")
	case "error_reason":
		return []pair{{"status_detail", value}, {"load_balancer.error_message", value}}, true
	case "target:port_list":
		return single("load_balancer.endpoint_connections.endpoint")
	case "target_status_code_list":
		return single("load_balancer.endpoint_connections.code")
	case "classification":
		return single("load_balancer.classification")
	case "classification_reason":
		return single("load_balancer.status_detail")
	case "conn_trace_id":
		return single("connection_info.uid")
	}
	return nil, false
}

// splitHostPort splits ip:port at the last colon, the way ALB writes IPv6
// addresses without brackets. An empty value gives two empty parts.
func splitHostPort(s string) (ip, port string) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i+1:]
}

// splitRequest splits a request field as AWS documents it: the method before
// the first space, the protocol after the last, the URL between. A part that is
// "-" or empty is absent.
func splitRequest(s string) (method, url, protocol string) {
	first := strings.IndexByte(s, ' ')
	if first < 0 {
		return dashAbsent(s), "", ""
	}
	last := strings.LastIndexByte(s, ' ')
	method = dashAbsent(s[:first])
	if first == last {
		return method, dashAbsent(s[first+1:]), ""
	}
	return method, dashAbsent(s[first+1 : last]), dashAbsent(s[last+1:])
}

func dashAbsent(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// joinList joins a JSON array of scalars with sep; a scalar is returned as it is.
func joinList(value any, sep string) string {
	list, ok := value.([]any)
	if !ok {
		return normalize(value)
	}
	parts := make([]string, 0, len(list))
	for _, item := range list {
		parts = append(parts, normalize(item))
	}
	return strings.Join(parts, sep)
}

// vectorNames maps Vector VRL's keys to AWS field names.
var vectorNames = map[string]string{
	"timestamp":        "time",
	"client_host":      "client:port",
	"target_host":      "target:port",
	"target_port_list": "target:port_list",
	"traceability_id":  "conn_trace_id",
}

// igtmNames maps node-alb-log-parser's keys to AWS field names.
var igtmNames = map[string]string{
	"timestamp":            "time",
	"client":               "client_ip",
	"target":               "target_ip",
	"request_uri":          "request_url",
	"request_http_version": "request_protocol",
	"request_uri_scheme":   "url_scheme",
	"request_uri_host":     "url_hostname",
	"request_uri_port":     "url_port",
	"request_uri_path":     "url_path",
	"request_uri_query":    "url_query",
}

// honeycombNames maps honeyaws's keys to AWS field names.
var honeycombNames = map[string]string{
	"client_authority":        "client:port",
	"backend_authority":       "target:port",
	"response_time":           "time",
	"backend_status_code":     "target_status_code",
	"backend_processing_time": "target_processing_time",
	"target_port_list":        "target:port_list",
}

// namedPairs translates a flat expectation keyed by another parser's names.
// igtm and honeyaws return the raw token, so "-" (and igtm's port -1 for "-")
// is their spelling of an absent value; Vector writes null instead.
func namedPairs(names map[string]string, key string, value any) ([]pair, bool) {
	name := key
	if n, ok := names[key]; ok {
		name = n
	}
	text := joinList(value, " ")
	if text == "-" || (name == "target_port" && text == "-1") {
		text = ""
	}
	return albFieldPairs(name, text)
}

// elasticPairs translates one key of an Elastic (integrations or Beats) document,
// flattened to dotted paths. Keys that describe Elastic's own enrichment (geo,
// user agent parsing, ECS bookkeeping) have no counterpart and return no pairs.
func elasticPairs(key string, value any) ([]pair, bool) {
	text := normalize(value)
	switch key {
	case "@timestamp", "event.end":
		return []pair{{"time", epochMillis(text)}}, true
	case "event.start":
		return albFieldPairs("request_creation_time", text)
	case "event.outcome":
		return []pair{{"status", map[string]string{"success": "Success", "failure": "Failure"}[text]}}, true
	case "aws.elb.type":
		return albFieldPairs("type", text)
	case "aws.elb.name":
		return albFieldPairs("elb", text)
	case "source.ip":
		return albFieldPairs("client_ip", text)
	case "source.port":
		return albFieldPairs("client_port", text)
	case "aws.elb.backend.ip":
		return albFieldPairs("target_ip", text)
	case "aws.elb.backend.port":
		return albFieldPairs("target_port", text)
	case "aws.elb.request_processing_time.sec":
		return albFieldPairs("request_processing_time", text)
	case "aws.elb.backend_processing_time.sec":
		return albFieldPairs("target_processing_time", text)
	case "aws.elb.response_processing_time.sec":
		return albFieldPairs("response_processing_time", text)
	case "http.response.status_code":
		return albFieldPairs("elb_status_code", text)
	case "aws.elb.backend.http.response.status_code":
		return albFieldPairs("target_status_code", text)
	case "http.request.body.bytes":
		return albFieldPairs("received_bytes", text)
	case "http.response.body.bytes":
		return albFieldPairs("sent_bytes", text)
	case "http.request.method":
		// Older Beats lower-cased the method; OCSF's http_method is upper case.
		return albFieldPairs("request_method", strings.ToUpper(text))
	case "http.version":
		// A string such as "2.0", not a number: normalize would shorten it to "2".
		version, _ := value.(string)
		return albFieldPairs("request_protocol", "HTTP/"+version)
	case "user_agent.original":
		return albFieldPairs("user_agent", text)
	case "url.original":
		return albFieldPairs("request_url", text)
	case "url.scheme":
		return albFieldPairs("url_scheme", text)
	case "url.domain":
		return albFieldPairs("url_hostname", text)
	case "url.port":
		return albFieldPairs("url_port", text)
	case "url.path":
		return albFieldPairs("url_path", text)
	case "url.query":
		return albFieldPairs("url_query", text)
	case "aws.elb.ssl_cipher", "tls.cipher":
		return albFieldPairs("ssl_cipher", text)
	case "aws.elb.ssl_protocol":
		return albFieldPairs("ssl_protocol", text)
	case "destination.domain":
		return albFieldPairs("domain_name", text)
	case "aws.elb.chosen_cert.arn":
		return albFieldPairs("chosen_cert_arn", text)
	case "aws.elb.target_group.arn":
		return albFieldPairs("target_group_arn", text)
	case "aws.elb.trace_id", "trace.id":
		return albFieldPairs("trace_id", text)
	case "aws.elb.matched_rule_priority":
		return albFieldPairs("matched_rule_priority", text)
	case "aws.elb.action_executed":
		return albFieldPairs("actions_executed", joinList(value, ","))
	case "aws.elb.redirect_url":
		return albFieldPairs("redirect_url", text)
	case "aws.elb.error.reason":
		return albFieldPairs("error_reason", text)
	case "aws.elb.target_port":
		return albFieldPairs("target:port_list", joinList(value, " "))
	case "aws.elb.target_status_code":
		return albFieldPairs("target_status_code_list", joinList(value, " "))
	case "aws.elb.classification":
		return albFieldPairs("classification", text)
	case "aws.elb.classification_reason":
		return albFieldPairs("classification_reason", text)
	case "aws.elb.protocol", "cloud.provider", "ecs.version", "event.category", "event.kind",
		"event.original", "source.address", "tags", "tls.version", "tls.version_protocol",
		"user_agent.name", "user_agent.version", "user_agent.device.name":
		// Elastic's own bookkeeping, or a value compared through another key
		// (tls.version "1.2" through aws.elb.ssl_protocol "TLSv1.2").
		return nil, true
	}
	if strings.HasPrefix(key, "source.geo.") || strings.HasPrefix(key, "source.as.") {
		return nil, true
	}
	return nil, false
}

// epochMillis returns an RFC 3339 time as epoch milliseconds in decimal.
func epochMillis(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return "invalid time " + s
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}

// flatten turns nested JSON objects into dotted keys; arrays stay values.
func flatten(prefix string, value any, out map[string]any) {
	obj, ok := value.(map[string]any)
	if !ok {
		out[prefix] = value
		return
	}
	for k, v := range obj {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		flatten(key, v, out)
	}
}
