package alb

import (
	"bytes"
	"net/netip"
)

// isAbsent reports whether a field value means "absent": "-" (bare or quoted) or,
// defensively, an empty value.
func isAbsent(b []byte) bool {
	return len(b) == 0 || (len(b) == 1 && b[0] == '-')
}

// parseTimestamp parses an ISO 8601 UTC time such as 2018-07-02T22:23:00.186641Z
// and returns microseconds since the Unix epoch. The fraction may have 0 to 9 digits
// (digits past microseconds are truncated). The trailing Z is required: ALB always
// writes it, and a time without it is usually a line cut short.
func parseTimestamp(b []byte) (int64, bool) {
	if len(b) < 20 || b[len(b)-1] != 'Z' {
		return 0, false
	}
	if b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	year, ok1 := digits(b[0:4])
	month, ok2 := digits(b[5:7])
	day, ok3 := digits(b[8:10])
	hour, ok4 := digits(b[11:13])
	minute, ok5 := digits(b[14:16])
	second, ok6 := digits(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return 0, false
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59 {
		return 0, false
	}
	micros, ok := fractionMicros(b[19 : len(b)-1])
	if !ok {
		return 0, false
	}
	secs := daysFromCivil(year, month, day)*86400 + hour*3600 + minute*60 + second
	return secs*1_000_000 + micros, true
}

// fractionMicros parses an optional ".ddd" fraction of a second into microseconds.
func fractionMicros(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, true
	}
	if b[0] != '.' || len(b) < 2 || len(b) > 10 {
		return 0, false
	}
	var micros int64
	for i := 1; i < len(b); i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if i <= 6 {
			micros = micros*10 + int64(c-'0')
		}
	}
	for i := len(b); i <= 6; i++ {
		micros *= 10
	}
	return micros, true
}

func digits(b []byte) (int64, bool) {
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

func daysIn(year, month int64) int64 {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the number of days from 1970-01-01 to the given date in the
// proleptic Gregorian calendar (Howard Hinnant's days_from_civil algorithm).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400 // floor division: the algorithm needs it for y < 0
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// parseUint parses a non-negative decimal integer that fits an int64.
func parseUint(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int64(c - '0')
		if n > (1<<63-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// parseInt parses a decimal integer with an optional leading minus sign.
func parseInt(b []byte) (int64, bool) {
	if len(b) > 0 && b[0] == '-' {
		n, ok := parseUint(b[1:])
		return -n, ok
	}
	return parseUint(b)
}

// parseSeconds parses a non-negative decimal number of seconds such as 0.000 or
// 1.121980746 and returns it in nanoseconds. Digits past nanoseconds are truncated.
func parseSeconds(b []byte) (int64, bool) {
	dot := bytes.IndexByte(b, '.')
	intPart, frac := b, []byte(nil)
	if dot >= 0 {
		intPart, frac = b[:dot], b[dot+1:]
		if len(frac) == 0 {
			return 0, false
		}
	}
	if len(intPart) == 0 || len(intPart) > 9 {
		return 0, false
	}
	secs, ok := digits(intPart)
	if !ok {
		return 0, false
	}
	var nanos int64
	for i, c := range frac {
		if c < '0' || c > '9' {
			return 0, false
		}
		if i < 9 {
			nanos = nanos*10 + int64(c-'0')
		}
	}
	for i := len(frac); i < 9; i++ {
		nanos *= 10
	}
	return secs*1_000_000_000 + nanos, true
}

// isMinusOne reports whether b is the "not measured" sentinel: -1, optionally
// written with a fraction of zeros (-1.0, -1.000).
func isMinusOne(b []byte) bool {
	if len(b) < 2 || b[0] != '-' || b[1] != '1' {
		return false
	}
	rest := b[2:]
	if len(rest) == 0 {
		return true
	}
	if rest[0] != '.' || len(rest) == 1 {
		return false
	}
	for _, c := range rest[1:] {
		if c != '0' {
			return false
		}
	}
	return true
}

// splitHostPort splits "ip:port" at the last colon, accepting "[ipv6]:port". It
// returns the address without brackets.
func splitHostPort(b []byte) (ip []byte, port []byte, ok bool) {
	colon := bytes.LastIndexByte(b, ':')
	if colon <= 0 || colon == len(b)-1 {
		return nil, nil, false
	}
	ip, port = b[:colon], b[colon+1:]
	if ip[0] == '[' {
		if len(ip) < 3 || ip[len(ip)-1] != ']' {
			return nil, nil, false
		}
		ip = ip[1 : len(ip)-1]
	}
	return ip, port, true
}

// ValidIP reports whether b is an IPv4 or IPv6 address in text form, and returns
// the IP version, 4 or 6. IPv6 zones are rejected.
func ValidIP(b []byte) (int, bool) { return validIP(b) }

func validIP(b []byte) (int, bool) {
	if isIPv4(b) {
		return 4, true
	}
	if bytes.IndexByte(b, ':') < 0 || len(b) > 45 {
		return 0, false
	}
	var buf [45]byte
	addr, err := netip.ParseAddr(string(append(buf[:0], b...)))
	if err != nil || addr.Zone() != "" {
		return 0, false
	}
	return 6, true
}

// isIPv4 reports whether b is a dotted-quad IPv4 address without leading zeros.
func isIPv4(b []byte) bool {
	parts := 0
	for i := 0; i < len(b); {
		j := i
		n := 0
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			n = n*10 + int(b[j]-'0')
			j++
			if j-i > 3 {
				return false
			}
		}
		if j == i || n > 255 || (j-i > 1 && b[i] == '0') {
			return false
		}
		parts++
		if j == len(b) {
			return parts == 4
		}
		if b[j] != '.' || parts == 4 {
			return false
		}
		i = j + 1
	}
	return false
}

// ParsePort parses a TCP port number, 0 to 65535, written in decimal digits only.
func ParsePort(b []byte) (int32, bool) {
	if len(b) == 0 || len(b) > 5 {
		return 0, false
	}
	n, ok := digits(b)
	if !ok || n > 65535 {
		return 0, false
	}
	return int32(n), true
}
