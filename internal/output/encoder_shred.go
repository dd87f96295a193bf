package output

import (
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go/format"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// columnBuffer holds the shredded values and levels of one column of a row group.
// Definition levels are stored only when maxDef > 0 and repetition levels only when
// maxRep > 0. BYTE_ARRAY values are stored as indexes into dict while its
// dictionary is active, and otherwise already PLAIN-encoded (a 4-byte
// little-endian length, then the bytes), so a page's values are a slice of plain.
type columnBuffer struct {
	kind   format.Type
	maxDef uint8
	maxRep uint8

	defs   []uint8
	reps   []uint8
	int32s []int32
	int64s []int64
	plain  []byte
	count  int               // BYTE_ARRAY values, in plain or dict.indexes
	dict   *columnDictionary // nil for columns that are always PLAIN

	// pages are the ends of the pages cut so far. The last page ends at the end of
	// the buffer and is not listed.
	pages []pageEnd
}

// pageEnd is a position in a columnBuffer: counts of levels and values, and the
// length of plain, which stays 0 while the dictionary is active.
type pageEnd struct {
	levels int
	values int
	bytes  int
}

func (c *columnBuffer) reset() {
	c.defs = c.defs[:0]
	c.reps = c.reps[:0]
	c.int32s = c.int32s[:0]
	c.int64s = c.int64s[:0]
	c.plain = c.plain[:0]
	c.count = 0
	c.pages = c.pages[:0]
	if c.dict != nil {
		c.dict.reset()
	}
}

// end returns the position after the last value.
func (c *columnBuffer) end() pageEnd {
	var values int
	switch c.kind {
	case format.Int32:
		values = len(c.int32s)
	case format.Int64:
		values = len(c.int64s)
	default:
		values = c.count
	}
	levels := values
	if c.maxDef > 0 {
		levels = len(c.defs)
	}
	return pageEnd{levels: levels, values: values, bytes: len(c.plain)}
}

// sizeSince estimates the uncompressed bytes from start to the end of the buffer:
// the PLAIN values, or 4 bytes per dictionary index, plus one byte per level.
// Indexes are counted at the size they take in memory, not the few bits they
// take in the page.
func (c *columnBuffer) sizeSince(start pageEnd) int {
	end := c.end()
	size := end.levels - start.levels
	switch {
	case c.kind == format.Int32:
		size += 4 * (end.values - start.values)
	case c.kind == format.Int64:
		size += 8 * (end.values - start.values)
	case c.dict != nil && c.dict.active:
		size += 4 * (end.values - start.values)
	default:
		size += end.bytes - start.bytes
	}
	return size
}

// cutPage ends the current page when it has reached pageBytes, and returns the
// estimated size of the whole buffer, its dictionary included.
func (c *columnBuffer) cutPage(pageBytes int) int {
	var start pageEnd
	if len(c.pages) > 0 {
		start = c.pages[len(c.pages)-1]
	}
	if c.sizeSince(start) >= pageBytes {
		c.pages = append(c.pages, c.end())
	}
	size := c.sizeSince(pageEnd{})
	if c.dict != nil {
		size += len(c.dict.plain)
	}
	return size
}

// The append methods add one entry with repetition level rep. A present value gets
// the column's maximum definition level, and an absent optional value gets one less,
// the level of its parent.

func (c *columnBuffer) appendLevels(def, rep uint8) {
	if c.maxDef > 0 {
		c.defs = append(c.defs, def)
	}
	if c.maxRep > 0 {
		c.reps = append(c.reps, rep)
	}
}

// appendNull adds a null whose deepest present ancestor has definition level def.
func (c *columnBuffer) appendNull(def, rep uint8) { c.appendLevels(def, rep) }

func (c *columnBuffer) appendInt32(v int32, rep uint8) {
	c.appendLevels(c.maxDef, rep)
	c.int32s = append(c.int32s, v)
}

func (c *columnBuffer) appendOptionalInt32(p *int32, rep uint8) {
	if p == nil {
		c.appendLevels(c.maxDef-1, rep)
		return
	}
	c.appendInt32(*p, rep)
}

func (c *columnBuffer) appendInt64(v int64, rep uint8) {
	c.appendLevels(c.maxDef, rep)
	c.int64s = append(c.int64s, v)
}

func (c *columnBuffer) appendOptionalInt64(p *int64, rep uint8) {
	if p == nil {
		c.appendLevels(c.maxDef-1, rep)
		return
	}
	c.appendInt64(*p, rep)
}

// appendString adds a value of a required string: its dictionary index while the
// dictionary is active, else its PLAIN encoding. A new value that takes the
// dictionary over its budget switches the chunk to PLAIN.
func (c *columnBuffer) appendString(s string, rep uint8) {
	c.appendLevels(c.maxDef, rep)
	c.count++
	if d := c.dict; d != nil && d.active {
		index, added := d.indexOf(s, rep)
		d.indexes = append(d.indexes, index)
		if added && d.full(c.count) {
			c.dropDictionary()
		}
		return
	}
	c.plain = appendPlainString(c.plain, s)
}

// appendOptionalString adds a value of an optional string, where "" is null, as
// parquet-go writes the zero value of an optional field.
func (c *columnBuffer) appendOptionalString(s string, rep uint8) {
	if s == "" {
		c.appendLevels(c.maxDef-1, rep)
		return
	}
	c.appendString(s, rep)
}

// appendNulls adds a null at definition level def to each column in [first, last].
func appendNulls(cols *[numColumns]columnBuffer, first, last int, def, rep uint8) {
	for i := first; i <= last; i++ {
		cols[i].appendNull(def, rep)
	}
}

// repetitionOfElement returns the repetition level of element i of a list or map
// directly under the row: 0 starts the row's list, 1 continues it.
func repetitionOfElement(i int) uint8 {
	if i == 0 {
		return 0
	}
	return 1
}

// shredder splits events into column entries by the Dremel rules of the schema that
// ocsf.Event declares. It is not safe for concurrent use.
type shredder struct {
	entries []mapEntry // scratch for sorting the entries of unmapped
}

type mapEntry struct{ key, value string }

// shred appends one event as one row to cols.
func (s *shredder) shred(cols *[numColumns]columnBuffer, ev *ocsf.Event) {
	// Classification, status and message.
	cols[colActivityID].appendInt32(ev.ActivityID, 0)
	cols[colActivityName].appendOptionalString(ev.ActivityName, 0)
	cols[colCategoryUID].appendInt32(ev.CategoryUID, 0)
	cols[colCategoryName].appendOptionalString(ev.CategoryName, 0)
	cols[colClassUID].appendInt32(ev.ClassUID, 0)
	cols[colClassName].appendOptionalString(ev.ClassName, 0)
	cols[colTypeUID].appendInt64(ev.TypeUID, 0)
	cols[colTypeName].appendOptionalString(ev.TypeName, 0)
	cols[colSeverityID].appendInt32(ev.SeverityID, 0)
	cols[colSeverity].appendOptionalString(ev.Severity, 0)
	cols[colStatusID].appendInt32(ev.StatusID, 0)
	cols[colStatus].appendOptionalString(ev.Status, 0)
	cols[colStatusCode].appendOptionalString(ev.StatusCode, 0)
	cols[colStatusDetail].appendOptionalString(ev.StatusDetail, 0)
	cols[colMessage].appendOptionalString(ev.Message, 0)
	cols[colTimezoneOffset].appendInt32(ev.TimezoneOffset, 0)

	// Times.
	cols[colTime].appendInt64(ev.Time, 0)
	cols[colTimeDT].appendInt64(int64(ev.TimeDT), 0)
	cols[colStartTime].appendOptionalInt64(ev.StartTime, 0)
	if ev.StartTimeDT == nil {
		cols[colStartTimeDT].appendNull(0, 0)
	} else {
		cols[colStartTimeDT].appendInt64(int64(*ev.StartTimeDT), 0)
	}
	cols[colEndTime].appendInt64(ev.EndTime, 0)
	cols[colEndTimeDT].appendInt64(int64(ev.EndTimeDT), 0)
	cols[colDuration].appendOptionalInt64(ev.Duration, 0)

	// Security control.
	cols[colActionID].appendOptionalInt32(ev.ActionID, 0)
	cols[colAction].appendOptionalString(ev.Action, 0)
	cols[colDispositionID].appendOptionalInt32(ev.DispositionID, 0)
	cols[colDisposition].appendOptionalString(ev.Disposition, 0)

	// Groups, in schema order.
	shredMetadata(cols, &ev.Metadata)
	shredCloud(cols, &ev.Cloud)
	shredEndpoint(cols, colSrcEndpointIP, ev.SrcEndpoint, 0, 0)
	shredEndpoint(cols, colDstEndpointIP, ev.DstEndpoint, 0, 0)
	shredConnection(cols, ev.ConnectionInfo)
	shredRequest(cols, ev.HTTPRequest)
	shredResponse(cols, ev.HTTPResponse)
	shredTraffic(cols, ev.Traffic)
	shredTLS(cols, ev.TLS)
	shredLoadBalancer(cols, ev.LoadBalancer)
	if ev.Trace == nil {
		cols[colTraceUID].appendNull(0, 0)
	} else {
		cols[colTraceUID].appendString(ev.Trace.UID, 0)
	}
	shredObservables(cols, ev.Observables)
	s.shredUnmapped(cols, ev.Unmapped)
	cols[colRawData].appendOptionalString(ev.RawData, 0)
}

func shredMetadata(cols *[numColumns]columnBuffer, m *ocsf.Metadata) {
	cols[colMetadataVersion].appendString(m.Version, 0)
	cols[colMetadataProductName].appendString(m.Product.Name, 0)
	cols[colMetadataProductVendorName].appendString(m.Product.VendorName, 0)
	cols[colMetadataProductFeatureName].appendString(m.Product.Feature.Name, 0)
	cols[colMetadataUID].appendOptionalString(m.UID, 0)
	cols[colMetadataLogSource].appendOptionalString(m.LogSource, 0)
	cols[colMetadataOriginalTime].appendOptionalString(m.OriginalTime, 0)
	// profiles is a required list, so nil and empty are both definition level 0.
	if len(m.Profiles) == 0 {
		cols[colMetadataProfiles].appendNull(0, 0)
	}
	for i, p := range m.Profiles {
		cols[colMetadataProfiles].appendString(p, repetitionOfElement(i))
	}
}

func shredCloud(cols *[numColumns]columnBuffer, c *ocsf.Cloud) {
	cols[colCloudProvider].appendString(c.Provider, 0)
	cols[colCloudRegion].appendOptionalString(c.Region, 0)
	if c.Account == nil {
		appendNulls(cols, colCloudAccountUID, colCloudAccountType, 0, 0)
		return
	}
	cols[colCloudAccountUID].appendString(c.Account.UID, 0)
	cols[colCloudAccountTypeID].appendInt32(c.Account.TypeID, 0)
	cols[colCloudAccountType].appendOptionalString(c.Account.Type, 0)
}

// shredEndpoint writes a network endpoint into the five columns from first (ip,
// port, uid, type_id, type). parentDef is the definition level of the endpoint's
// parent, the level of its columns when the endpoint is nil.
func shredEndpoint(cols *[numColumns]columnBuffer, first int, ep *ocsf.NetworkEndpoint, parentDef, rep uint8) {
	if ep == nil {
		appendNulls(cols, first, first+4, parentDef, rep)
		return
	}
	cols[first].appendOptionalString(ep.IP, rep)
	cols[first+1].appendOptionalInt32(ep.Port, rep)
	cols[first+2].appendOptionalString(ep.UID, rep)
	cols[first+3].appendOptionalInt32(ep.TypeID, rep)
	cols[first+4].appendOptionalString(ep.Type, rep)
}

func shredConnection(cols *[numColumns]columnBuffer, c *ocsf.ConnectionInfo) {
	if c == nil {
		appendNulls(cols, colConnectionUID, colConnectionDirection, 0, 0)
		return
	}
	cols[colConnectionUID].appendOptionalString(c.UID, 0)
	cols[colConnectionProtocolName].appendString(c.ProtocolName, 0)
	cols[colConnectionProtocolNum].appendInt32(c.ProtocolNum, 0)
	cols[colConnectionProtocolVerID].appendInt32(c.ProtocolVerID, 0)
	cols[colConnectionProtocolVer].appendOptionalString(c.ProtocolVer, 0)
	cols[colConnectionDirectionID].appendInt32(c.DirectionID, 0)
	cols[colConnectionDirection].appendOptionalString(c.Direction, 0)
}

func shredRequest(cols *[numColumns]columnBuffer, r *ocsf.HTTPRequest) {
	if r == nil {
		appendNulls(cols, colRequestMethod, colRequestURLQueryString, 0, 0)
		return
	}
	cols[colRequestMethod].appendOptionalString(r.HTTPMethod, 0)
	cols[colRequestVersion].appendOptionalString(r.Version, 0)
	cols[colRequestUserAgent].appendOptionalString(r.UserAgent, 0)
	cols[colRequestLength].appendOptionalInt32(r.Length, 0)
	if r.URL == nil {
		appendNulls(cols, colRequestURLString, colRequestURLQueryString, 1, 0)
		return
	}
	cols[colRequestURLString].appendOptionalString(r.URL.URLString, 0)
	cols[colRequestURLScheme].appendOptionalString(r.URL.Scheme, 0)
	cols[colRequestURLHostname].appendOptionalString(r.URL.Hostname, 0)
	cols[colRequestURLPort].appendOptionalInt32(r.URL.Port, 0)
	cols[colRequestURLPath].appendOptionalString(r.URL.Path, 0)
	cols[colRequestURLQueryString].appendOptionalString(r.URL.QueryString, 0)
}

func shredResponse(cols *[numColumns]columnBuffer, r *ocsf.HTTPResponse) {
	if r == nil {
		appendNulls(cols, colResponseCode, colResponseLatency, 0, 0)
		return
	}
	cols[colResponseCode].appendInt32(r.Code, 0)
	cols[colResponseLength].appendOptionalInt32(r.Length, 0)
	cols[colResponseLatency].appendOptionalInt32(r.Latency, 0)
}

func shredTraffic(cols *[numColumns]columnBuffer, t *ocsf.NetworkTraffic) {
	if t == nil {
		appendNulls(cols, colTrafficBytesIn, colTrafficBytes, 0, 0)
		return
	}
	cols[colTrafficBytesIn].appendOptionalInt64(t.BytesIn, 0)
	cols[colTrafficBytesOut].appendOptionalInt64(t.BytesOut, 0)
	cols[colTrafficBytes].appendOptionalInt64(t.Bytes, 0)
}

func shredTLS(cols *[numColumns]columnBuffer, t *ocsf.TLS) {
	if t == nil {
		appendNulls(cols, colTLSVersion, colTLSSNI, 0, 0)
		return
	}
	cols[colTLSVersion].appendString(t.Version, 0)
	cols[colTLSCipher].appendOptionalString(t.Cipher, 0)
	cols[colTLSSNI].appendOptionalString(t.SNI, 0)
}

// shredLoadBalancer writes load_balancer. Its definition levels: the group is 1,
// endpoint_connections and metrics are 2 when present and 3 for each element, and
// an element's network_endpoint is 4.
func shredLoadBalancer(cols *[numColumns]columnBuffer, lb *ocsf.LoadBalancer) {
	if lb == nil {
		appendNulls(cols, colLBName, colLBMetricValue, 0, 0)
		return
	}
	cols[colLBName].appendOptionalString(lb.Name, 0)
	cols[colLBUID].appendOptionalString(lb.UID, 0)
	cols[colLBIP].appendOptionalString(lb.IP, 0)
	cols[colLBCode].appendOptionalInt32(lb.Code, 0)
	cols[colLBClassification].appendOptionalString(lb.Classification, 0)
	cols[colLBStatusDetail].appendOptionalString(lb.StatusDetail, 0)
	cols[colLBErrorMessage].appendOptionalString(lb.ErrorMessage, 0)
	shredEndpoint(cols, colLBDstEndpointIP, lb.DstEndpoint, 1, 0)

	switch {
	case lb.EndpointConnections == nil:
		appendNulls(cols, colLBConnectionIP, colLBConnectionCode, 1, 0)
	case len(lb.EndpointConnections) == 0:
		appendNulls(cols, colLBConnectionIP, colLBConnectionCode, 2, 0)
	}
	for i := range lb.EndpointConnections {
		ec := &lb.EndpointConnections[i]
		rep := repetitionOfElement(i)
		shredEndpoint(cols, colLBConnectionIP, ec.NetworkEndpoint, 3, rep)
		cols[colLBConnectionCode].appendOptionalInt32(ec.Code, rep)
	}

	switch {
	case lb.Metrics == nil:
		appendNulls(cols, colLBMetricName, colLBMetricValue, 1, 0)
	case len(lb.Metrics) == 0:
		appendNulls(cols, colLBMetricName, colLBMetricValue, 2, 0)
	}
	for i := range lb.Metrics {
		rep := repetitionOfElement(i)
		cols[colLBMetricName].appendString(lb.Metrics[i].Name, rep)
		cols[colLBMetricValue].appendString(lb.Metrics[i].Value, rep)
	}
}

// shredObservables writes observables: the list is definition level 1 when present
// and 2 for each element.
func shredObservables(cols *[numColumns]columnBuffer, obs []ocsf.Observable) {
	switch {
	case obs == nil:
		appendNulls(cols, colObservableName, colObservableValue, 0, 0)
	case len(obs) == 0:
		appendNulls(cols, colObservableName, colObservableValue, 1, 0)
	}
	for i := range obs {
		o := &obs[i]
		rep := repetitionOfElement(i)
		cols[colObservableName].appendString(o.Name, rep)
		cols[colObservableType].appendOptionalString(o.Type, rep)
		cols[colObservableTypeID].appendInt32(o.TypeID, rep)
		cols[colObservableValue].appendString(o.Value, rep)
	}
}

// shredUnmapped writes the unmapped map with its keys in sorted order, so the same
// event always gives the same bytes.
func (s *shredder) shredUnmapped(cols *[numColumns]columnBuffer, m map[string]string) {
	switch {
	case m == nil:
		appendNulls(cols, colUnmappedKey, colUnmappedValue, 0, 0)
		return
	case len(m) == 0:
		appendNulls(cols, colUnmappedKey, colUnmappedValue, 1, 0)
		return
	}
	s.entries = s.entries[:0]
	for k, v := range m {
		s.entries = append(s.entries, mapEntry{k, v})
	}
	slices.SortFunc(s.entries, func(a, b mapEntry) int { return strings.Compare(a.key, b.key) })
	for i, e := range s.entries {
		rep := repetitionOfElement(i)
		cols[colUnmappedKey].appendString(e.key, rep)
		cols[colUnmappedValue].appendString(e.value, rep)
	}
	clear(s.entries) // drop references to the event's strings
}
