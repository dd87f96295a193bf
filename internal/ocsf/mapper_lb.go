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
	lb := &b.blk.lb
	lb.Name = b.loadBalancerName(elb)
	b.region, b.account = b.regionAndAccount()
	if b.region != "" && b.account != "" {
		lb.UID = "arn:" + b.partitionOf(b.region, b.field(alb.FieldTargetGroupARN)) +
			":elasticloadbalancing:" + b.region + ":" + b.account + ":loadbalancer/" + b.str(elb)
	}
	if b.m.opts.Version != Version110 {
		lb.IP = b.src.Info.NodeIP
	}
	if rec.TargetStatusCode.Valid {
		lb.Code = b.int32Of(rec.TargetStatusCode.Value)
	}
	lb.Classification = b.str(b.field(alb.FieldClassification))
	lb.StatusDetail = b.str(b.field(alb.FieldClassificationReason))
	lb.ErrorMessage = b.str(b.field(alb.FieldErrorReason))
	lb.DstEndpoint = b.endpointOf(rec.Target, &b.blk.lbDst)
	lb.EndpointConnections = b.endpointConnections()
	lb.Metrics = b.metrics()
	b.ev.LoadBalancer = lb
	b.profiles |= profileLoadBalancer
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
func (b *builder) loadBalancerName(elb []byte) string {
	first := bytes.IndexByte(elb, '/')
	last := bytes.LastIndexByte(elb, '/')
	if first >= 0 && last > first+1 && bytes.IndexByte(elb[first+1:last], '/') < 0 {
		return b.str(elb[first+1 : last])
	}
	return b.str(elb)
}

// regionAndAccount returns the region and account from the target group ARN, or
// else from the object key.
func (b *builder) regionAndAccount() (region, account string) {
	if region, account, ok := arnRegionAccount(b.field(alb.FieldTargetGroupARN)); ok {
		return b.str(region), b.str(account)
	}
	return b.src.Info.Region, b.src.Info.Account
}

// arnRegionAccount returns the region and account parts of an ARN
// (arn:partition:service:region:account:resource).
func arnRegionAccount(arn []byte) (region, account []byte, ok bool) {
	if !bytes.HasPrefix(arn, []byte("arn:")) {
		return nil, nil, false
	}
	var parts [5][]byte
	rest := arn
	for i := range parts {
		colon := bytes.IndexByte(rest, ':')
		if colon < 0 {
			return nil, nil, false
		}
		parts[i], rest = rest[:colon], rest[colon+1:]
	}
	if len(parts[3]) == 0 || len(parts[4]) == 0 {
		return nil, nil, false
	}
	return parts[3], parts[4], true
}

// partitionOf returns the ARN partition: the target group ARN's when there is one,
// else the one the region belongs to.
func (b *builder) partitionOf(region string, tgARN []byte) string {
	if rest, ok := bytes.CutPrefix(tgARN, []byte("arn:")); ok {
		if partition, _, ok := bytes.Cut(rest, []byte(":")); ok && len(partition) > 0 {
			return b.str(partition)
		}
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
// the same position in target_status_code_list. When a target is not an ip:port or a
// code is not a number, both lists are kept verbatim in unmapped instead.
func (b *builder) endpointConnections() []EndpointConnection {
	var targetItem, codeItem [1][]byte
	targets := fieldsOf(b.field(alb.FieldTargetPortList), targetItem[:0])
	codes := fieldsOf(b.field(alb.FieldTargetStatusCodeList), codeItem[:0])
	n := max(len(targets), len(codes))
	if n == 0 {
		return nil
	}
	conns := b.blk.conns[:0]
	for i := range n {
		var c EndpointConnection
		if i < len(targets) && !isDash(targets[i]) {
			ep, ok := b.parseEndpoint(targets[i], i)
			if !ok {
				b.setUnmapped("target_port_list", alb.FieldTargetPortList)
				b.setUnmapped("target_status_code_list", alb.FieldTargetStatusCodeList)
				return nil
			}
			c.NetworkEndpoint = ep
		}
		if i < len(codes) && !isDash(codes[i]) {
			code, ok := statusCodeOf(codes[i])
			if !ok {
				b.setUnmapped("target_port_list", alb.FieldTargetPortList)
				b.setUnmapped("target_status_code_list", alb.FieldTargetStatusCodeList)
				return nil
			}
			c.Code = b.blk.int32p(code)
		}
		if c.NetworkEndpoint != nil || c.Code != nil {
			conns = append(conns, c)
		}
	}
	return conns
}

// fieldsOf splits a space-separated list. The usual list of one item is appended
// to dst, which should have room for it, so it costs no allocation.
func fieldsOf(b []byte, dst [][]byte) [][]byte {
	if b == nil {
		return nil
	}
	if bytes.IndexByte(b, ' ') < 0 {
		return append(dst, b)
	}
	return bytes.Fields(b)
}

func isDash(b []byte) bool { return len(b) == 1 && b[0] == '-' }

// parseEndpoint parses the i-th ip:port item of target:port_list.
func (b *builder) parseEndpoint(item []byte, i int) (*NetworkEndpoint, bool) {
	colon := bytes.LastIndexByte(item, ':')
	if colon <= 0 {
		return nil, false
	}
	ip := bytes.Trim(item[:colon], "[]")
	port, ok := alb.ParsePort(item[colon+1:])
	if _, valid := alb.ValidIP(ip); !ok || !valid {
		return nil, false
	}
	ep := &b.blk.connTarget
	if i > 0 {
		ep = new(NetworkEndpoint)
	}
	ep.IP = b.str(ip)
	ep.Port = b.blk.int32p(port)
	return ep, true
}

// statusCodeOf parses a status code from a list item; "-" and text give false.
func statusCodeOf(b []byte) (int32, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	var n int32
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int32(c-'0')
	}
	return n, true
}

// metrics returns the three processing times, in seconds as logged, leaving out
// the ones the log marks as not measured.
func (b *builder) metrics() []Metric {
	rec := b.rec
	timings := [...]struct {
		name string
		s    alb.Seconds
	}{
		{"request_processing_time", rec.RequestProcessingTime},
		{"target_processing_time", rec.TargetProcessingTime},
		{"response_processing_time", rec.ResponseProcessingTime},
	}
	metrics := b.blk.metrics[:0]
	for _, t := range timings {
		if t.s.Measured {
			metrics = append(metrics, Metric{Name: t.name, Value: b.str(t.s.Text)})
		}
	}
	if len(metrics) == 0 {
		return nil
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
	b.blk.trace.UID = b.str(root)
	b.ev.Trace = &b.blk.trace
	b.profiles |= profileTrace
}

// traceRoot returns the value of the Root key in a header such as
// Self=1-…;Root=1-…;Parent=…;Sampled=1, or nil.
func traceRoot(header []byte) []byte {
	for len(header) > 0 {
		part := header
		if semi := bytes.IndexByte(header, ';'); semi >= 0 {
			part, header = header[:semi], header[semi+1:]
		} else {
			header = nil
		}
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
		b.blk.account = Account{UID: b.account, TypeID: accountTypeAWS, Type: b.m.captions.accountType}
		b.ev.Cloud.Account = &b.blk.account
	}
	b.profiles |= profileCloud
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
			b.putUnmapped(unknownFieldName(b.rec.Known+i), b.str(v))
		}
	}
}

// unknownFieldName names an unknown trailing field by its 1-based position.
func unknownFieldName(i int) string {
	return "field_" + strconv.Itoa(i+1)
}
