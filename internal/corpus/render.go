package corpus

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// builder appends space-separated fields and drops every field after the first max, so
// one rendering path serves the 29-, 30- and 33-field layouts.
type builder struct {
	buf []byte
	n   int
	max int
}

// next starts a field and reports whether it is within the layout.
func (b *builder) next() bool {
	if b.n >= b.max {
		return false
	}
	if b.n > 0 {
		b.buf = append(b.buf, ' ')
	}
	b.n++
	return true
}

// bare writes s unquoted, or "-" when s is empty.
func (b *builder) bare(s string) {
	if b.next() {
		b.buf = appendOrDash(b.buf, s)
	}
}

// quoted writes s in double quotes, or "-" in quotes when s is empty.
func (b *builder) quoted(s string) {
	if b.next() {
		b.buf = append(b.buf, '"')
		b.buf = appendOrDash(b.buf, s)
		b.buf = append(b.buf, '"')
	}
}

func appendOrDash(dst []byte, s string) []byte {
	if s == "" {
		return append(dst, '-')
	}
	return append(dst, s...)
}

// render appends the ALB access-log line for r to dst, cut to spec.fields fields.
func render(dst []byte, spec *fileSpec, r *record, rng *rand.Rand) []byte {
	b := builder{buf: dst, max: spec.fields}
	lb := spec.lb

	// Fields 1 to 12: type, time, elb, addresses, timings, status codes and byte counts.
	b.bare(r.typ)
	if b.next() {
		b.buf = appendTime(b.buf, r.micros, false)
	}
	if b.next() {
		b.buf = append(append(b.buf, "app/"...), lb.name...)
		b.buf = append(append(b.buf, '/'), lb.id...)
	}
	if b.next() {
		b.buf = append(append(append(b.buf, r.client...), ':'), strconv.Itoa(r.clientPort)...)
	}
	if b.next() {
		b.buf = appendTarget(b.buf, r.target)
	}
	for _, ms := range []int{r.requestMs, r.targetMs, r.responseMs} {
		if b.next() {
			b.buf = appendSeconds(b.buf, ms)
		}
	}
	b.bare(status(r.elbStatus))
	b.bare(status(r.tgtStatus))
	if b.next() {
		b.buf = strconv.AppendInt(b.buf, r.received, 10)
	}
	if b.next() {
		b.buf = strconv.AppendInt(b.buf, r.sent, 10)
	}

	// Fields 13 to 22: request, user agent, TLS, target group, trace and rule.
	if b.next() {
		b.buf = appendRequest(b.buf, r)
	}
	b.quoted(r.agent)
	b.bare(r.cipher)
	b.bare(r.protocol)
	b.bare(r.targetGroup)
	if b.next() {
		b.buf = appendTrace(b.buf, r, rng)
	}
	b.quoted(r.sni)
	b.quoted(r.cert)
	b.bare(r.priority)
	if b.next() {
		b.buf = appendTime(b.buf, r.createdMicros, true)
	}
	renderTail(&b, r, rng)
	return b.buf
}

// renderTail writes fields 23 to 33, from actions_executed on.
func renderTail(b *builder, r *record, rng *rand.Rand) {
	b.quoted(r.actions)
	if b.next() {
		b.buf = append(b.buf, '"')
		if r.redirect {
			b.buf = appendURL(b.buf, "https", r.host, "443", r.path)
		} else {
			b.buf = append(b.buf, '-')
		}
		b.buf = append(b.buf, '"')
	}
	b.quoted(r.reason)

	// Fields 26 and 27 list the target and its status only when a target was chosen.
	if b.next() {
		b.buf = append(appendTarget(append(b.buf, '"'), r.target), '"')
	}
	if r.target != nil {
		b.quoted(status(r.tgtStatus))
	} else {
		b.quoted("")
	}
	b.quoted(r.class)
	b.quoted(r.classReason)

	// Fields 30 to 33: connection trace id and the request transform results.
	if b.next() {
		b.buf = appendHex(append(b.buf, "TID_"...), rng.Uint64(), 16)
		b.buf = appendHex(b.buf, rng.Uint64(), 16)
	}
	if r.transformed {
		b.quoted("internal-" + r.host)
		b.quoted("/v2" + r.path)
		b.quoted("TransformSuccess")
		return
	}
	b.quoted("")
	b.quoted("")
	b.quoted("")
}

func status(code int) string {
	if code == 0 {
		return ""
	}
	return strconv.Itoa(code)
}

func appendTarget(dst []byte, t *target) []byte {
	if t == nil {
		return append(dst, '-')
	}
	return strconv.AppendInt(append(append(dst, t.ip...), ':'), int64(t.port), 10)
}

// appendSeconds writes milliseconds as seconds with three decimals, and -1 as "-1".
func appendSeconds(dst []byte, ms int) []byte {
	if ms < 0 {
		return append(dst, "-1"...)
	}
	dst = strconv.AppendInt(dst, int64(ms/1000), 10)
	f := ms % 1000
	return append(dst, '.', byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
}

// appendRequest writes the quoted request field: method, URL and protocol version.
func appendRequest(dst []byte, r *record) []byte {
	dst = append(dst, '"')
	if r.rawRequest != "" {
		return append(append(dst, r.rawRequest...), '"')
	}
	scheme, port, proto := "https", "443", "HTTP/1.1"
	switch r.typ {
	case "http", "ws":
		scheme, port = "http", "80"
	case "h2", "grpcs":
		proto = "HTTP/2.0"
	}
	dst = append(append(dst, r.method...), ' ')
	dst = appendURL(dst, scheme, r.host, port, r.path)
	return append(append(append(dst, ' '), proto...), '"')
}

func appendURL(dst []byte, scheme, host, port, path string) []byte {
	dst = append(append(dst, scheme...), "://"...)
	return append(append(append(append(dst, host...), ':'), port...), path...)
}

// appendTrace writes the quoted X-Amzn-Trace-Id: a Root id whose middle part is the
// request's epoch second in hex, sometimes preceded by Self and followed by Parent.
func appendTrace(dst []byte, r *record, rng *rand.Rand) []byte {
	dst = append(dst, '"')
	if r.trace == 0 {
		return append(dst, "-\""...)
	}
	sec := uint64(r.createdMicros / 1_000_000)
	if r.trace == 2 {
		dst = appendTraceID(append(dst, "Self="...), sec, rng)
		dst = append(dst, ';')
	}
	dst = appendTraceID(append(dst, "Root="...), sec, rng)
	if r.trace == 2 {
		dst = appendHex(append(dst, ";Parent="...), rng.Uint64(), 16)
		dst = append(dst, ";Sampled=1"...)
	}
	return append(dst, '"')
}

// appendTraceID writes an X-Ray id: "1-", 8 hex digits of the epoch second, "-" and 24
// random hex digits.
func appendTraceID(dst []byte, sec uint64, rng *rand.Rand) []byte {
	dst = append(appendHex(append(dst, "1-"...), sec, 8), '-')
	return appendHex(appendHex(dst, rng.Uint64(), 16), rng.Uint64(), 8)
}

const hexDigits = "0123456789abcdef"

// appendHex writes the low digits hex digits of v, at most 16.
func appendHex(dst []byte, v uint64, digits int) []byte {
	for shift := digits*4 - 4; shift >= 0; shift -= 4 {
		dst = append(dst, hexDigits[v>>uint(shift)&0xf])
	}
	return dst
}

// appendTime writes an ISO 8601 UTC time. With msOnly it writes milliseconds padded to
// six digits, as ALB writes request_creation_time.
func appendTime(dst []byte, micros int64, msOnly bool) []byte {
	t := time.UnixMicro(micros).UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	dst = appendDigits(dst, y, 4)
	dst = appendDigits(append(dst, '-'), int(mo), 2)
	dst = appendDigits(append(dst, '-'), d, 2)
	dst = appendDigits(append(dst, 'T'), h, 2)
	dst = appendDigits(append(dst, ':'), mi, 2)
	dst = appendDigits(append(dst, ':'), s, 2)
	frac := int(micros % 1_000_000)
	if msOnly {
		frac -= frac % 1000
	}
	return append(appendDigits(append(dst, '.'), frac, 6), 'Z')
}

func appendDigits(dst []byte, v, width int) []byte {
	var tmp [8]byte
	for i := width - 1; i >= 0; i-- {
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	return append(dst, tmp[:width]...)
}
