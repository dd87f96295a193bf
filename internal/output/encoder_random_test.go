package output

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/alb2ocsf/alb2ocsf/internal/ocsf"
)

// eventGen draws events in which every optional part is present or absent at
// random, lists and maps are nil, empty or filled, and strings are empty, short,
// non-ASCII or long.
type eventGen struct{ rng *rand.Rand }

func (g eventGen) chance() bool { return g.rng.IntN(2) == 0 }

func (g eventGen) text() string {
	switch g.rng.IntN(6) {
	case 0:
		return ""
	case 1:
		return "é✓\x00"
	case 2:
		return strings.Repeat("v", 100+g.rng.IntN(2000))
	}
	return string(rune('a'+g.rng.IntN(26))) + string(rune('a'+g.rng.IntN(26)))
}

func (g eventGen) int32p() *int32 {
	if g.chance() {
		return nil
	}
	return ptr(g.rng.Int32() - 1<<30)
}

func (g eventGen) int64p() *int64 {
	if g.chance() {
		return nil
	}
	return ptr(g.rng.Int64() - 1<<62)
}

func (g eventGen) endpoint() *ocsf.NetworkEndpoint {
	if g.chance() {
		return nil
	}
	return &ocsf.NetworkEndpoint{IP: g.text(), Port: g.int32p(), UID: g.text(), TypeID: g.int32p(), Type: g.text()}
}

// count returns -1 for a nil collection, else a length from 0 to 3.
func (g eventGen) count() int { return g.rng.IntN(5) - 1 }

func (g eventGen) event() *ocsf.Event {
	ev := &ocsf.Event{
		ActivityID: g.rng.Int32(), ActivityName: g.text(), CategoryUID: g.rng.Int32(), CategoryName: g.text(),
		ClassUID: g.rng.Int32(), ClassName: g.text(), TypeUID: g.rng.Int64(), TypeName: g.text(),
		SeverityID: g.rng.Int32(), Severity: g.text(), StatusID: g.rng.Int32(), Status: g.text(),
		StatusCode: g.text(), StatusDetail: g.text(), Message: g.text(), TimezoneOffset: g.rng.Int32(),
		Time: g.rng.Int64(), TimeDT: ocsf.DateTime(g.rng.Int64N(1 << 52)), StartTime: g.int64p(),
		EndTime: g.rng.Int64(), EndTimeDT: ocsf.DateTime(g.rng.Int64N(1 << 52)), Duration: g.int64p(),
		ActionID: g.int32p(), Action: g.text(), DispositionID: g.int32p(), Disposition: g.text(),
		SrcEndpoint: g.endpoint(), DstEndpoint: g.endpoint(), RawData: g.text(),
	}
	if g.chance() {
		ev.StartTimeDT = ptr(ocsf.DateTime(g.rng.Int64N(1 << 52)))
	}
	ev.Metadata = ocsf.Metadata{Version: g.text(), UID: g.text(), LogSource: g.text(), OriginalTime: g.text()}
	ev.Metadata.Product = ocsf.Product{Name: g.text(), VendorName: g.text(), Feature: ocsf.Feature{Name: g.text()}}
	if n := g.count(); n >= 0 {
		ev.Metadata.Profiles = make([]string, n)
		for i := range n {
			ev.Metadata.Profiles[i] = g.text()
		}
	}
	ev.Cloud = ocsf.Cloud{Provider: g.text(), Region: g.text()}
	if g.chance() {
		ev.Cloud.Account = &ocsf.Account{UID: g.text(), TypeID: g.rng.Int32(), Type: g.text()}
	}
	if g.chance() {
		ev.ConnectionInfo = &ocsf.ConnectionInfo{UID: g.text(), ProtocolName: g.text(), ProtocolNum: g.rng.Int32(), ProtocolVerID: g.rng.Int32(), ProtocolVer: g.text(), DirectionID: g.rng.Int32(), Direction: g.text()}
	}
	g.request(ev)
	if g.chance() {
		ev.HTTPResponse = &ocsf.HTTPResponse{Code: g.rng.Int32(), Length: g.int32p(), Latency: g.int32p()}
	}
	if g.chance() {
		ev.Traffic = &ocsf.NetworkTraffic{BytesIn: g.int64p(), BytesOut: g.int64p(), Bytes: g.int64p()}
	}
	if g.chance() {
		ev.TLS = &ocsf.TLS{Version: g.text(), Cipher: g.text(), SNI: g.text()}
	}
	g.loadBalancer(ev)
	if g.chance() {
		ev.Trace = &ocsf.Trace{UID: g.text()}
	}
	g.observablesAndUnmapped(ev)
	return ev
}

func (g eventGen) request(ev *ocsf.Event) {
	if g.chance() {
		return
	}
	ev.HTTPRequest = &ocsf.HTTPRequest{HTTPMethod: g.text(), Version: g.text(), UserAgent: g.text(), Length: g.int32p()}
	if g.chance() {
		ev.HTTPRequest.URL = &ocsf.URL{URLString: g.text(), Scheme: g.text(), Hostname: g.text(), Port: g.int32p(), Path: g.text(), QueryString: g.text()}
	}
}

func (g eventGen) loadBalancer(ev *ocsf.Event) {
	if g.chance() {
		return
	}
	lb := &ocsf.LoadBalancer{Name: g.text(), UID: g.text(), IP: g.text(), Code: g.int32p(), Classification: g.text(), StatusDetail: g.text(), ErrorMessage: g.text(), DstEndpoint: g.endpoint()}
	if n := g.count(); n >= 0 {
		lb.EndpointConnections = make([]ocsf.EndpointConnection, n)
		for i := range n {
			lb.EndpointConnections[i] = ocsf.EndpointConnection{NetworkEndpoint: g.endpoint(), Code: g.int32p()}
		}
	}
	if n := g.count(); n >= 0 {
		lb.Metrics = make([]ocsf.Metric, n)
		for i := range n {
			lb.Metrics[i] = ocsf.Metric{Name: g.text(), Value: g.text()}
		}
	}
	ev.LoadBalancer = lb
}

func (g eventGen) observablesAndUnmapped(ev *ocsf.Event) {
	if n := g.count(); n >= 0 {
		ev.Observables = make([]ocsf.Observable, n)
		for i := range n {
			ev.Observables[i] = ocsf.Observable{Name: g.text(), Type: g.text(), TypeID: g.rng.Int32(), Value: g.text()}
		}
	}
	if n := g.count(); n >= 0 {
		ev.Unmapped = make(map[string]string, n)
		for range n {
			ev.Unmapped[g.text()] = g.text()
		}
	}
}

func TestEncoderRandomEvents(t *testing.T) {
	tests := []struct {
		name string
		seed uint64
		rows int
		cfg  encoderConfig
	}{
		{"one row group", 1, 300, encoderConfig{encoders: 2}},
		{"small row groups", 2, 300, encoderConfig{encoders: 3, rowGroupRows: 7}},
		{"small pages", 3, 300, encoderConfig{encoders: 2, pageBytes: 512}},
		{"byte budget", 4, 300, encoderConfig{encoders: 1, rowGroupBytes: 16 << 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := eventGen{rng: rand.New(rand.NewPCG(tt.seed, 99))}
			events := make([]*ocsf.Event, tt.rows)
			for i := range events {
				events[i] = g.event()
			}
			got := readEvents(t, writeEncoded(t, events, tt.cfg))
			want := readEvents(t, writeReference(t, events, max(tt.cfg.rowGroupRows, 1)))
			checkSameEvents(t, got, want)
		})
	}
}
