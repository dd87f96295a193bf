package alb

import "bytes"

// Kind is the kind of record a line holds. ALB access logs share their S3 folders
// with other logs, and a line of another kind is skipped rather than rejected.
type Kind uint8

// Kinds of lines found in the folders ALB delivers to.
const (
	KindUnknown     Kind = iota // not a record this package recognises
	KindAccess                  // an ALB access log entry
	KindBlank                   // an empty line or one of spaces only
	KindNLB                     // a Network Load Balancer TLS access log entry
	KindClassic                 // a Classic Load Balancer access log entry
	KindConnection              // an ALB connection log entry
	KindHealthCheck             // an ALB health check log entry
	KindTestFile                // the ELBAccessLogTestFile line written when logging is enabled
)

var kindNames = [...]string{
	KindUnknown:     "unknown",
	KindAccess:      "alb_access",
	KindBlank:       "blank",
	KindNLB:         "nlb_access",
	KindClassic:     "classic_elb_access",
	KindConnection:  "alb_connection",
	KindHealthCheck: "alb_health_check",
	KindTestFile:    "elb_test_file",
}

// String returns the kind's stable name, used as the reason a line was skipped.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Classify returns the kind of the line, judged from its first few fields. It does
// not validate the rest of the line; Parse does that for access log entries.
func Classify(line []byte) Kind {
	var buf [6][]byte
	tokens := leadingTokens(line, buf[:0])
	if len(tokens) == 0 {
		return KindBlank
	}
	switch string(tokens[0]) {
	case "http", "https", "h2", "grpcs", "ws", "wss":
		if isHealthCheck(tokens) {
			return KindHealthCheck
		}
		return KindAccess
	case "grpc", "lambda":
		if isHealthCheck(tokens) {
			return KindHealthCheck
		}
	case "tls":
		if len(tokens) > 2 && isVersion(tokens[1]) {
			return KindNLB
		}
	case "Enable":
		if bytes.HasPrefix(line, []byte("Enable AccessLog for ELB:")) {
			return KindTestFile
		}
	}
	if len(tokens) > 3 && isTime(tokens[0]) {
		return classifyTimestampFirst(tokens)
	}
	return KindUnknown
}

// classifyTimestampFirst distinguishes a Classic Load Balancer entry (time, name,
// client:port) from an ALB connection log entry (time, client IP, client port,
// listener port).
func classifyTimestampFirst(tokens [][]byte) Kind {
	if _, ok := validIP(tokens[1]); ok {
		if _, ok := ParsePort(tokens[2]); ok {
			return KindConnection
		}
	}
	if bytes.IndexByte(tokens[2], ':') > 0 {
		return KindClassic
	}
	return KindUnknown
}

// isHealthCheck recognises a health check entry: type, time, latency, target,
// target group, then PASS or FAIL.
func isHealthCheck(tokens [][]byte) bool {
	if len(tokens) < 6 {
		return false
	}
	status := string(tokens[5])
	if status != "PASS" && status != "FAIL" {
		return false
	}
	_, ok := parseSeconds(tokens[2])
	return ok
}

// isVersion reports whether b looks like a log format version such as 2.0.
func isVersion(b []byte) bool {
	_, ok := parseSeconds(b)
	return ok
}

// isTime reports whether b starts like an ISO 8601 time (yyyy-mm-ddThh:mm:ss).
func isTime(b []byte) bool {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || b[10] != 'T' {
		return false
	}
	_, ok := digits(b[0:4])
	return ok
}

// leadingTokens returns up to cap(dst) leading space-separated tokens of line. It
// does not interpret quotes: the tokens it needs are never quoted.
func leadingTokens(line []byte, dst [][]byte) [][]byte {
	i := skipSpaces(line, 0)
	for i < len(line) && len(dst) < cap(dst) {
		end := bytes.IndexByte(line[i:], ' ')
		if end < 0 {
			end = len(line)
		} else {
			end += i
		}
		dst = append(dst, line[i:end])
		i = skipSpaces(line, end)
	}
	return dst
}
