package ocsf

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
)

// loadBalancer sets the load_balancer object: the load balancer's identity, the
// target's status code, the desync classification, the targets it tried and the
// three processing times.
func (b *builder) loadBalancer() {
	rec := b.rec
	elb := b.field(alb.FieldELB)
	if elb == nil {
		b.loadBalancerFieldsToUnmapped()
		return
	}
	lb := &LoadBalancer{Name: loadBalancerName(elb)}
	b.region, b.account = b.regionAndAccount()
	if b.region != "" && b.account != "" {
		lb.UID = "arn:" + partitionOf(b.region, b.field(alb.FieldTargetGroupARN)) +
			":elasticloadbalancing:" + b.region + ":" + b.account + ":loadbalancer/" + text(elb)
	}
	if b.m.opts.Version != Version110 {
		lb.IP = b.src.Info.NodeIP
	}
	if rec.TargetStatusCode.Valid {
		lb.Code = int32Of(rec.TargetStatusCode.Value)
	}
	lb.Classification = textOrEmpty(b.field(alb.FieldClassification))
	lb.StatusDetail = textOrEmpty(b.field(alb.FieldClassificationReason))
	lb.ErrorMessage = textOrEmpty(b.field(alb.FieldErrorReason))
	lb.DstEndpoint = endpointOf(rec.Target)
	lb.EndpointConnections = b.endpointConnections()
	lb.Metrics = metricsOf(rec)
	b.ev.LoadBalancer = lb
	b.profiles = append(b.profiles, "load_balancer")
}

// loadBalancerFieldsToUnmapped keeps the fields that would go in load_balancer when
// the line names no load balancer, because OCSF requires its name or uid.
func (b *builder) loadBalancerFieldsToUnmapped() {
	for _, f := range []int{
		alb.FieldTargetStatusCode, alb.FieldClassification, alb.FieldClassificationReason,
		alb.FieldTargetPortList, alb.FieldTargetStatusCodeList,
		alb.FieldRequestProcessingTime, alb.FieldTargetProcessingTime, alb.FieldResponseProcessingTime,
	} {
		b.setUnmapped(alb.FieldName(f), f)
	}
}

// loadBalancerName returns the name part of an elb field such as
// app/my-alb/50dc6c495c0c9188, or the whole field when it has another shape.
func loadBalancerName(elb []byte) string {
	parts := bytes.Split(elb, []byte("/"))
	if len(parts) == 3 && len(parts[1]) > 0 {
		return text(parts[1])
	}
	return text(elb)
}

// regionAndAccount returns the region and account from the target group ARN, or
// else from the object key.
func (b *builder) regionAndAccount() (region, account string) {
	if arn := b.field(alb.FieldTargetGroupARN); arn != nil {
		parts := strings.SplitN(text(arn), ":", 6)
		if len(parts) == 6 && parts[0] == "arn" && parts[3] != "" && parts[4] != "" {
			return parts[3], parts[4]
		}
	}
	return b.src.Info.Region, b.src.Info.Account
}

// partitionOf returns the ARN partition: the target group ARN's when there is one,
// else the one the region belongs to.
func partitionOf(region string, tgARN []byte) string {
	if parts := bytes.SplitN(tgARN, []byte(":"), 3); len(parts) == 3 && string(parts[0]) == "arn" {
		return text(parts[1])
	}
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// endpointConnections pairs each item of target:port_list with the status code at
// the same position in target_status_code_list. When an item is not an ip:port, both
// lists are kept verbatim in unmapped instead.
func (b *builder) endpointConnections() []EndpointConnection {
	targets := fieldsOf(b.field(alb.FieldTargetPortList))
	codes := fieldsOf(b.field(alb.FieldTargetStatusCodeList))
	n := max(len(targets), len(codes))
	if n == 0 {
		return nil
	}
	conns := make([]EndpointConnection, 0, n)
	for i := range n {
		var c EndpointConnection
		if i < len(targets) && !isDash(targets[i]) {
			ep, ok := parseEndpoint(targets[i])
			if !ok {
				b.setUnmapped("target_port_list", alb.FieldTargetPortList)
				b.setUnmapped("target_status_code_list", alb.FieldTargetStatusCodeList)
				return nil
			}
			c.NetworkEndpoint = ep
		}
		if i < len(codes) {
			c.Code = statusCodeOf(codes[i])
		}
		if c.NetworkEndpoint != nil || c.Code != nil {
			conns = append(conns, c)
		}
	}
	return conns
}

func fieldsOf(b []byte) [][]byte {
	if b == nil {
		return nil
	}
	return bytes.Fields(b)
}

func isDash(b []byte) bool { return len(b) == 1 && b[0] == '-' }

// parseEndpoint parses one ip:port item of target:port_list.
func parseEndpoint(item []byte) (*NetworkEndpoint, bool) {
	colon := bytes.LastIndexByte(item, ':')
	if colon <= 0 {
		return nil, false
	}
	ip := bytes.Trim(item[:colon], "[]")
	port, ok := portNumber(item[colon+1:])
	if !ok || !validIPText(ip) {
		return nil, false
	}
	return &NetworkEndpoint{IP: string(ip), Port: &port}, true
}

// statusCodeOf parses a status code from a list item; "-" and text give nil.
func statusCodeOf(b []byte) *int32 {
	if len(b) == 0 || len(b) > 9 {
		return nil
	}
	var n int32
	for _, c := range b {
		if c < '0' || c > '9' {
			return nil
		}
		n = n*10 + int32(c-'0')
	}
	return &n
}

// metricsOf returns the three processing times, in seconds as logged, leaving out
// the ones the log marks as not measured.
func metricsOf(rec *alb.Record) []Metric {
	timings := [...]struct {
		name string
		s    alb.Seconds
	}{
		{"request_processing_time", rec.RequestProcessingTime},
		{"target_processing_time", rec.TargetProcessingTime},
		{"response_processing_time", rec.ResponseProcessingTime},
	}
	var metrics []Metric
	for _, t := range timings {
		if t.s.Measured {
			metrics = append(metrics, Metric{Name: t.name, Value: text(t.s.Text)})
		}
	}
	return metrics
}

// trace sets trace.uid to the Root= value of the X-Amzn-Trace-Id header. The
// trace profile exists from OCSF 1.4.0, so 1.1.0 events keep only the raw header in
// unmapped.
func (b *builder) trace() {
	if b.m.opts.Version == Version110 {
		return
	}
	root := traceRoot(b.field(alb.FieldTraceID))
	if root == nil {
		return
	}
	b.ev.Trace = &Trace{UID: text(root)}
	b.profiles = append(b.profiles, "trace")
}

// traceRoot returns the value of the Root key in a header such as
// Self=1-…;Root=1-…;Parent=…;Sampled=1, or nil.
func traceRoot(header []byte) []byte {
	for part := range bytes.SplitSeq(header, []byte(";")) {
		key, value, ok := bytes.Cut(bytes.TrimSpace(part), []byte("="))
		if ok && string(key) == "Root" && len(value) > 0 {
			return value
		}
	}
	return nil
}

// cloud sets the cloud object. Region and account come from the target group ARN,
// else from the object key; a line without either still has a provider.
func (b *builder) cloud() {
	if b.region == "" && b.account == "" {
		b.region, b.account = b.regionAndAccount()
	}
	b.ev.Cloud = Cloud{Provider: cloudProvider, Region: b.region}
	if b.account != "" {
		b.ev.Cloud.Account = &Account{UID: b.account, TypeID: accountTypeAWS, Type: b.m.captions.accountType}
	}
	b.profiles = append(b.profiles, "cloud")
}

// unmappedFields keeps the fields OCSF has no attribute for, and every unknown
// trailing field as field_N.
func (b *builder) unmappedFields() {
	for _, f := range [...]struct {
		name  string
		field int
	}{
		{"type", alb.FieldType},
		{"elb", alb.FieldELB},
		{"actions_executed", alb.FieldActionsExecuted},
		{"redirect_url", alb.FieldRedirectURL},
		{"matched_rule_priority", alb.FieldMatchedRulePriority},
		{"chosen_cert_arn", alb.FieldChosenCertARN},
		{"trace_id", alb.FieldTraceID},
		{"transformed_host", alb.FieldTransformedHost},
		{"transformed_uri", alb.FieldTransformedURI},
		{"request_transform_status", alb.FieldRequestTransformStatus},
	} {
		b.setUnmapped(f.name, f.field)
	}
	for i, v := range b.rec.Extra() {
		if len(v) > 0 && !isDash(v) {
			b.unmapped[unknownFieldName(b.rec.Known+i)] = text(v)
		}
	}
}

// unknownFieldName names an unknown trailing field by its 1-based position.
func unknownFieldName(i int) string {
	return "field_" + strconv.Itoa(i+1)
}
