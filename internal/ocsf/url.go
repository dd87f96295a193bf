package ocsf

import (
	"bytes"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
)

// urlParts is a request URL split into the parts OCSF's url object has. The slices
// alias the URL. A part that the URL does not have is nil.
type urlParts struct {
	scheme, hostname, path, query []byte
	port                          int32
	hasPort                       bool
}

// splitURL splits an absolute URL as ALB logs it (scheme://host:port/path?query)
// without normalising it: percent-encoding, spaces and \x22 escapes stay as logged.
// The host may be a bracketed IPv6 literal, whose brackets are removed. A URL without
// a scheme is split into path and query only. It reports false when the URL cannot
// be split, for example "*" or an empty string.
func splitURL(u []byte) (urlParts, bool) {
	var p urlParts
	rest := u
	if i := bytes.Index(u, []byte("://")); i > 0 && isScheme(u[:i]) {
		p.scheme = u[:i]
		rest = u[i+3:]
		end := bytes.IndexAny(rest, "/?")
		if end < 0 {
			end = len(rest)
		}
		p.hostname, p.port, p.hasPort = splitAuthority(rest[:end])
		rest = rest[end:]
	} else if len(u) == 0 || u[0] != '/' {
		return urlParts{}, false
	}
	if q := bytes.IndexByte(rest, '?'); q >= 0 {
		p.path, p.query = rest[:q], rest[q+1:]
	} else {
		p.path = rest
	}
	if len(p.path) == 0 {
		p.path = nil
	}
	if len(p.query) == 0 {
		p.query = nil
	}
	return p, true
}

// splitAuthority splits host[:port]. A port that is not a number in range is
// dropped, so "www.example.com:80-" gives the host and no port.
func splitAuthority(a []byte) (host []byte, port int32, hasPort bool) {
	if at := bytes.LastIndexByte(a, '@'); at >= 0 {
		a = a[at+1:]
	}
	if len(a) > 0 && a[0] == '[' {
		end := bytes.IndexByte(a, ']')
		if end < 0 {
			return nil, 0, false
		}
		host, a = a[1:end], a[end+1:]
		if len(a) > 1 && a[0] == ':' {
			port, hasPort = alb.ParsePort(a[1:])
		}
		return nonEmpty(host), port, hasPort
	}
	colon := bytes.LastIndexByte(a, ':')
	if colon < 0 {
		return nonEmpty(a), 0, false
	}
	port, hasPort = alb.ParsePort(a[colon+1:])
	return nonEmpty(a[:colon]), port, hasPort
}

// isScheme reports whether b is a URL scheme: a letter followed by letters, digits,
// '+', '-' or '.'.
func isScheme(b []byte) bool {
	for i, c := range b {
		letter := (c|0x20) >= 'a' && (c|0x20) <= 'z'
		if letter || (i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			continue
		}
		return false
	}
	return len(b) > 0
}

func nonEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}
