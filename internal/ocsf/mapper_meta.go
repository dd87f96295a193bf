package ocsf

import (
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
)

// Security control outcomes of the last action in actions_executed.
type outcome struct {
	actionID      int32
	dispositionID int32
}

// outcomeOf returns the security_control outcome of a request from its
// actions_executed list. The last action decides:
//
//	waf              WAF rejected the request        Denied  / Blocked
//	waf-failed       WAF could not be reached        Denied  / Error
//	authenticate     authentication did not pass     Denied  / Unauthorized
//	forward          sent to a target                Allowed / Allowed
//	redirect         answered with a redirect        Allowed / Allowed
//	fixed-response   answered by a fixed response    Allowed / Allowed
//	anything else    an action this version lacks    Other   / Other
func outcomeOf(last string) outcome {
	switch last {
	case "waf":
		return outcome{2, 2}
	case "waf-failed":
		return outcome{2, 27}
	case "authenticate":
		return outcome{2, 26}
	case "forward", "redirect", "fixed-response":
		return outcome{1, 1}
	}
	return outcome{99, 99}
}

// securityControl sets action and disposition (security_control profile) when the
// line lists the actions the load balancer executed.
func (b *builder) securityControl() {
	actions := b.field(alb.FieldActionsExecuted)
	if actions == nil {
		return
	}
	list := text(actions)
	last := list[strings.LastIndexByte(list, ',')+1:]
	o := outcomeOf(last)
	b.ev.ActionID, b.ev.DispositionID = &o.actionID, &o.dispositionID
	b.ev.Action = b.m.captions.action[o.actionID]
	b.ev.Disposition = b.m.captions.disposition[o.dispositionID]
	if o.actionID == 99 {
		b.ev.Action, b.ev.Disposition = last, last
	}
	b.profiles = append(b.profiles, "security_control")
}

// metadata sets the metadata object. The uid is a hash of the object's name and the
// line number, so a rerun, or the same file read from S3 or from disk, gives the same
// id.
func (b *builder) metadata(line []byte, lineNo int64) {
	md := &b.ev.Metadata
	md.Version = b.m.opts.Version
	md.Product = Product{Name: productName, VendorName: vendorName, Feature: Feature{Name: featureName}}
	md.UID = eventUID(b.src.UIDName, line, lineNo)
	if b.m.opts.Version != Version110 {
		md.LogSource = b.src.LogSource
	}
	md.Profiles = sortedProfiles(b.profiles)
}

// eventUID returns 32 hex digits of SHA-256 over the object name (or, without a name,
// the line) and the line number.
func eventUID(name string, line []byte, lineNo int64) string {
	h := sha256.New()
	if name != "" {
		h.Write([]byte(name))
	} else {
		h.Write([]byte("line:"))
		h.Write(line)
	}
	var num [24]byte
	h.Write(strconv.AppendInt(append(num[:0], '\n'), lineNo, 10))
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}

// sortedProfiles returns the profile names in a fixed order.
func sortedProfiles(used []string) []string {
	order := [...]string{"cloud", "datetime", "load_balancer", "security_control", "trace"}
	out := make([]string, 0, len(used))
	for _, p := range order {
		for _, u := range used {
			if u == p {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// observables lists the values an analyst pivots on, all as strings.
func (b *builder) observables() {
	ev := b.ev
	captions := b.m.captions.observable
	var obs []Observable
	add := func(name string, typeID int32, value string) {
		caption, exists := captions[typeID]
		if value != "" && exists {
			obs = append(obs, Observable{Name: name, Type: caption, TypeID: typeID, Value: value})
		}
	}
	if ev.SrcEndpoint != nil {
		add("src_endpoint.ip", observableIP, ev.SrcEndpoint.IP)
	}
	if ev.DstEndpoint != nil {
		add("dst_endpoint.ip", observableIP, ev.DstEndpoint.IP)
	}
	if u := ev.HTTPRequest.URL; u != nil {
		add("http_request.url.hostname", observableHostname, u.Hostname)
		add("http_request.url.url_string", observableURL, u.URLString)
	}
	add("http_request.user_agent", observableUserAgent, ev.HTTPRequest.UserAgent)
	if ev.Cloud.Account != nil {
		add("cloud.account.uid", observableAccount, ev.Cloud.Account.UID)
	}
	ev.Observables = obs
}

// message returns a one-line summary: method, URL, status and error reason, each
// when present.
func (b *builder) message() string {
	rec := b.rec
	var sb strings.Builder
	switch {
	case rec.Method != nil && rec.URL != nil:
		sb.WriteString(text(rec.Method) + " " + text(rec.URL))
	case rec.URL != nil:
		sb.WriteString("request without a method for " + text(rec.URL))
	case rec.Method != nil:
		sb.WriteString(text(rec.Method) + " request without a URL")
	default:
		sb.WriteString("malformed request")
	}
	if b.ev.StatusCode != "" {
		sb.WriteString(" returned " + b.ev.StatusCode)
	} else {
		sb.WriteString(" with no status code")
	}
	if b.ev.StatusDetail != "" {
		sb.WriteString(" (" + b.ev.StatusDetail + ")")
	}
	return sb.String()
}

// validIPText reports whether b is an IPv4 or IPv6 address.
func validIPText(b []byte) bool {
	addr, err := netip.ParseAddr(string(b))
	return err == nil && addr.Zone() == ""
}
