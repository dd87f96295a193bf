package ocsf

// eventBlock holds an event together with every object and number it can point
// to, so that building the structure of an event takes one allocation. Pointers in
// the event point into the block, which stays alive as long as the event does.
type eventBlock struct {
	ev                          Event
	src, dst, lbDst, connTarget NetworkEndpoint
	conn                        ConnectionInfo
	req                         HTTPRequest
	url                         URL
	resp                        HTTPResponse
	traffic                     NetworkTraffic
	tls                         TLS
	lb                          LoadBalancer
	trace                       Trace
	account                     Account
	startDT                     DateTime
	ints                        [16]int32
	longs                       [8]int64
	observables                 [6]Observable
	metrics                     [3]Metric
	conns                       [1]EndpointConnection
	nInts, nLongs               int
}

// int32p returns a pointer to a copy of v inside the block.
func (k *eventBlock) int32p(v int32) *int32 {
	if k.nInts == len(k.ints) {
		p := new(int32)
		*p = v
		return p
	}
	p := &k.ints[k.nInts]
	k.nInts++
	*p = v
	return p
}

// int64p returns a pointer to a copy of v inside the block.
func (k *eventBlock) int64p(v int64) *int64 {
	if k.nLongs == len(k.longs) {
		p := new(int64)
		*p = v
		return p
	}
	p := &k.longs[k.nLongs]
	k.nLongs++
	*p = v
	return p
}

// lineStrings converts byte slices of one line into strings that share a single
// copy of the line, so that an event's strings cost one allocation in total. A
// line that is not valid UTF-8 falls back to converting each value on its own,
// with invalid bytes escaped.
type lineStrings struct {
	line []byte
	raw  string // the line as a string, or "" when it is not valid UTF-8
}

// str returns v, which must be nil or a subslice of the line, as a string.
func (s *lineStrings) str(v []byte) string {
	if len(v) == 0 {
		return ""
	}
	if s.raw != "" {
		// v aliases the line, so its offset follows from the capacities: a
		// subslice line[i:j] has cap(line)-i.
		off := cap(s.line) - cap(v)
		if off >= 0 && off+len(v) <= len(s.raw) {
			return s.raw[off : off+len(v)]
		}
	}
	return text(v)
}

// profileSet is a set of OCSF profiles, one bit each.
type profileSet uint8

const (
	profileCloud profileSet = 1 << iota
	profileDatetime
	profileLoadBalancer
	profileSecurityControl
	profileTrace
)

// profileNames are the profile names in the order of their bits.
var profileNames = [...]string{"cloud", "datetime", "load_balancer", "security_control", "trace"}

// profileLists holds the name list of every profile set, built once, so events
// share them instead of allocating their own. Callers must not modify the lists.
var profileLists = func() [1 << len(profileNames)][]string {
	var lists [1 << len(profileNames)][]string
	for set := range lists {
		list := []string{}
		for i, name := range profileNames {
			if set&(1<<i) != 0 {
				list = append(list, name)
			}
		}
		lists[set] = list
	}
	return lists
}()

// names returns the profile names of the set in a fixed order.
func (p profileSet) names() []string { return profileLists[p] }

// activityOf returns the activity id of an HTTP method, compared case-insensitively.
// A method whose id this OCSF version lacks (PATCH before 1.6.0) is Other.
func (m *Mapper) activityOf(method []byte) int32 {
	var buf [16]byte
	if len(method) > len(buf) {
		return activityOther
	}
	upper := buf[:len(method)]
	for i, c := range method {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		upper[i] = c
	}
	id, ok := activityByMethod[string(upper)]
	if !ok || (id == activityPatch && m.opts.Version == Version110) {
		return activityOther
	}
	return id
}
