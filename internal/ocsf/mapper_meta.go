package ocsf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
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
//	redirect         responded with a redirect       Allowed / Allowed
//	fixed-response   responded with a fixed response Allowed / Allowed
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
	last := actions[bytes.LastIndexByte(actions, ',')+1:]
	o := outcomeOf(string(last))
	b.ev.ActionID, b.ev.DispositionID = b.blk.int32p(o.actionID), b.blk.int32p(o.dispositionID)
	b.ev.Action = b.m.captions.action[o.actionID]
	b.ev.Disposition = b.m.captions.disposition[o.dispositionID]
	if o.actionID == 99 {
		b.ev.Action = b.str(last)
		b.ev.Disposition = b.ev.Action
	}
	b.profiles |= profileSecurityControl
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
	md.Profiles = b.profiles.names()
}

// eventUID returns 32 hex digits of SHA-256 over the object name, the line number
// and the line. The name and number make the id unique within a delivery, and the
// line keeps two different files that share a base name (access.log in two folders)
// from sharing ids. The same file read again, from S3 or from disk, gives the same
// ids. Without a name (unnamed stdin) the line and its number alone are hashed.
func eventUID(name string, line []byte, lineNo int64) string {
	var buf [1024]byte
	input := append(buf[:0], name...)
	input = strconv.AppendInt(append(input, '\n'), lineNo, 10)
	input = append(append(input, '\n'), line...)
	sum := sha256.Sum256(input)
	var digits [32]byte
	hex.Encode(digits[:], sum[:16])
	return string(digits[:])
}

// observables lists the values an analyst pivots on, all as strings.
func (b *builder) observables() {
	ev := b.ev
	captions := b.m.captions.observable
	obs := b.blk.observables[:0]
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
	if len(obs) > 0 {
		ev.Observables = obs
	}
}

// message returns a one-line summary: method, URL, status and error reason, each
// when present.
func (b *builder) message() string {
	rec := b.rec
	method, url := b.str(rec.Method), b.str(rec.URL)
	var msg strings.Builder
	msg.Grow(len(method) + len(url) + len(b.ev.StatusDetail) + 48)
	switch {
	case method != "" && url != "":
		msg.WriteString(method)
		msg.WriteByte(' ')
		msg.WriteString(url)
	case url != "":
		msg.WriteString("request without a method for ")
		msg.WriteString(url)
	case method != "":
		msg.WriteString(method)
		msg.WriteString(" request without a URL")
	default:
		msg.WriteString("malformed request")
	}
	if b.ev.StatusCode != "" {
		msg.WriteString(" returned ")
		msg.WriteString(b.ev.StatusCode)
	} else {
		msg.WriteString(" with no status code")
	}
	if b.ev.StatusDetail != "" {
		msg.WriteString(" (")
		msg.WriteString(b.ev.StatusDetail)
		msg.WriteByte(')')
	}
	return msg.String()
}
