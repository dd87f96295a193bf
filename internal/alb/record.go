package alb

import "bytes"

// Addr is an ip:port pair from the log. IP aliases the line and has no brackets.
type Addr struct {
	IP        []byte
	Port      int32
	IPVersion int // 4 or 6
	Valid     bool
}

// Seconds is one of the three processing times, logged in seconds.
type Seconds struct {
	Text     []byte // the value as logged, for example "0.001"
	Nanos    int64  // the value in nanoseconds; meaningful only when Measured
	Measured bool   // false when the log wrote -1 or the field is absent
}

// Millis returns the duration rounded to whole milliseconds.
func (s Seconds) Millis() int64 {
	return (s.Nanos + 500_000) / 1_000_000
}

// Int is an integer field that may be absent.
type Int struct {
	Value int64
	Valid bool
}

// Record is one parsed access log line. Every byte slice aliases the line passed to
// Parse, so a Record is valid only until that line's buffer is reused. Absent values
// ("-" or fields that older generations lack) are nil slices or invalid values.
type Record struct {
	Fields [][]byte // every field with quotes removed, in line order

	// Known is how many leading fields have the meaning of their position. It is
	// less than len(Fields) when the line has unknown trailing fields.
	Known int

	Time                int64 // microseconds since the Unix epoch
	RequestCreationTime Int   // microseconds since the Unix epoch

	Client Addr
	Target Addr

	RequestProcessingTime  Seconds
	TargetProcessingTime   Seconds
	ResponseProcessingTime Seconds

	ELBStatusCode       Int
	TargetStatusCode    Int
	ReceivedBytes       Int
	SentBytes           Int
	MatchedRulePriority Int

	// The request field split into its three parts: the method is the text before
	// the first space, the protocol the text after the last space, and the URL
	// everything between, spaces included.
	Method   []byte
	URL      []byte
	Protocol []byte
}

// Field returns the value of the field at the 0-based position i, or nil when the
// value is absent ("-") or the line has no such field.
func (r *Record) Field(i int) []byte {
	if i < 0 || i >= r.Known || isAbsent(r.Fields[i]) {
		return nil
	}
	return r.Fields[i]
}

// Extra returns the unknown trailing fields. The first one is at the 0-based
// position r.Known.
func (r *Record) Extra() [][]byte {
	return r.Fields[r.Known:]
}

// Parse parses one access log line, without its line ending, into r. It reuses r's
// storage. The line must be of KindAccess (see Classify); other kinds fail with a
// *ParseError. On error r holds partial results and must not be used.
func Parse(line []byte, r *Record) error {
	fields, err := Split(r.Fields[:0], line)
	r.Fields = fields
	if err != nil {
		return err
	}
	if len(fields) < MinFields {
		return &ParseError{
			Field:  -1,
			Reason: ReasonFieldCount,
			Msg: "the line has " + itoa(len(fields)) + " fields, but ALB access log lines have " +
				"at least " + itoa(MinFields) + "; the line may be cut short",
		}
	}
	r.Known = knownCount(fields)
	return r.parseValues()
}

// knownCount returns how many leading fields have the meaning of their position.
// Before 2024 lines ended after classification_reason, and some tools appended
// their own fields there. So the field after it is conn_trace_id only when it looks
// like one ("-" or TID_…); otherwise it and every later field are unknown.
func knownCount(fields [][]byte) int {
	n := min(len(fields), KnownFields)
	if n > FieldConnTraceID {
		tid := fields[FieldConnTraceID]
		if !isAbsent(tid) && !bytes.HasPrefix(tid, []byte("TID_")) {
			return FieldConnTraceID
		}
	}
	return n
}

// parseValues converts the typed fields. Free-text fields need no conversion.
func (r *Record) parseValues() error {
	var ok bool
	if r.Time, ok = parseTimestamp(r.Fields[FieldTime]); !ok {
		return invalidTime(FieldTime)
	}
	if err := r.parseAddrs(); err != nil {
		return err
	}
	if err := r.parseTimings(); err != nil {
		return err
	}
	if err := r.parseInts(); err != nil {
		return err
	}
	if err := r.parseCreationTime(); err != nil {
		return err
	}
	r.splitRequest(r.Field(FieldRequest))
	return nil
}

func (r *Record) parseAddrs() error {
	var err error
	if r.Client, err = parseAddr(r.Fields[FieldClient], FieldClient); err != nil {
		return err
	}
	if r.Client.IP == nil {
		return &ParseError{Field: FieldClient, Reason: ReasonInvalidAddress, Msg: "the client address is missing"}
	}
	r.Target, err = parseAddr(r.Fields[FieldTarget], FieldTarget)
	return err
}

// parseAddr parses an "ip:port" field. An absent value returns a zero Addr.
func parseAddr(b []byte, field int) (Addr, error) {
	if isAbsent(b) {
		return Addr{}, nil
	}
	ip, portText, ok := splitHostPort(b)
	if !ok {
		return Addr{}, invalidAddr(field, b)
	}
	version, ok := validIP(ip)
	if !ok {
		return Addr{}, invalidAddr(field, b)
	}
	port, ok := ParsePort(portText)
	if !ok {
		return Addr{}, invalidAddr(field, b)
	}
	return Addr{IP: ip, Port: port, IPVersion: version, Valid: true}, nil
}

func (r *Record) parseTimings() error {
	timings := [3]*Seconds{&r.RequestProcessingTime, &r.TargetProcessingTime, &r.ResponseProcessingTime}
	for i, s := range timings {
		field := FieldRequestProcessingTime + i
		b := r.Fields[field]
		*s = Seconds{}
		if isAbsent(b) {
			continue
		}
		s.Text = b
		if isMinusOne(b) {
			continue
		}
		nanos, ok := parseSeconds(b)
		if !ok {
			return invalidNumber(field, b, "a number of seconds or -1")
		}
		s.Nanos, s.Measured = nanos, true
	}
	return nil
}

func (r *Record) parseInts() error {
	unsigned := [...]struct {
		field int
		dst   *Int
	}{
		{FieldELBStatusCode, &r.ELBStatusCode},
		{FieldTargetStatusCode, &r.TargetStatusCode},
		{FieldReceivedBytes, &r.ReceivedBytes},
		{FieldSentBytes, &r.SentBytes},
	}
	for _, u := range unsigned {
		*u.dst = Int{}
		b := r.Fields[u.field]
		if isAbsent(b) {
			continue
		}
		n, ok := parseUint(b)
		if !ok {
			return invalidNumber(u.field, b, "a non-negative integer or -")
		}
		*u.dst = Int{Value: n, Valid: true}
	}
	r.MatchedRulePriority = Int{}
	if b := r.Field(FieldMatchedRulePriority); b != nil {
		n, ok := parseInt(b)
		if !ok {
			return invalidNumber(FieldMatchedRulePriority, b, "an integer or -")
		}
		r.MatchedRulePriority = Int{Value: n, Valid: true}
	}
	return nil
}

func (r *Record) parseCreationTime() error {
	r.RequestCreationTime = Int{}
	b := r.Field(FieldRequestCreationTime)
	if b == nil {
		return nil
	}
	micros, ok := parseTimestamp(b)
	if !ok {
		return invalidTime(FieldRequestCreationTime)
	}
	r.RequestCreationTime = Int{Value: micros, Valid: true}
	return nil
}

// splitRequest splits the request field into method, URL and protocol. A part that
// is "-" or empty is absent, so "- - -" yields three nil parts and
// "- http://host:80- -" yields only the URL.
func (r *Record) splitRequest(req []byte) {
	r.Method, r.URL, r.Protocol = nil, nil, nil
	if req == nil {
		return
	}
	first := bytes.IndexByte(req, ' ')
	if first < 0 {
		r.Method = presentOrNil(req)
		return
	}
	last := bytes.LastIndexByte(req, ' ')
	r.Method = presentOrNil(req[:first])
	if first == last {
		r.URL = presentOrNil(req[first+1:])
		return
	}
	r.URL = presentOrNil(req[first+1 : last])
	r.Protocol = presentOrNil(req[last+1:])
}

func presentOrNil(b []byte) []byte {
	if isAbsent(b) {
		return nil
	}
	return b
}

func invalidTime(field int) error {
	return &ParseError{Field: field, Reason: ReasonInvalidTime,
		Msg: "the value is not a UTC time such as 2024-05-22T03:48:29.047890Z"}
}

func invalidAddr(field int, b []byte) error {
	return &ParseError{Field: field, Reason: ReasonInvalidAddress,
		Msg: "the value " + quoteValue(b) + " is not an ip:port address"}
}

func invalidNumber(field int, b []byte, want string) error {
	return &ParseError{Field: field, Reason: ReasonInvalidNumber,
		Msg: "the value " + quoteValue(b) + " is not " + want}
}

// quoteValue quotes a field value for an error message, shortened to 64 bytes.
func quoteValue(b []byte) string {
	const max = 64
	suffix := ""
	if len(b) > max {
		b, suffix = b[:max], "..."
	}
	return "\"" + string(bytes.ToValidUTF8(b, []byte("\uFFFD"))) + suffix + "\""
}
