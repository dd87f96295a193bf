package ocsf

import (
	"fmt"
	"strconv"

	"github.com/alb2ocsf/alb2ocsf/internal/schema"
)

// OCSF versions this package writes.
const (
	Version180 = "1.8.0"
	Version110 = "1.1.0"
)

// Activity ids of HTTP Activity that the mapper treats specially.
const (
	activityUnknown = 0
	activityPatch   = 9
	activityOther   = 99
)

// activityByMethod maps an upper-case HTTP method to its activity id. Methods
// whose id the schema version lacks (PATCH before OCSF 1.6.0) map to Other.
var activityByMethod = map[string]int32{
	"CONNECT": 1, "DELETE": 2, "GET": 3, "HEAD": 4, "OPTIONS": 5,
	"POST": 6, "PUT": 7, "TRACE": 8, "PATCH": activityPatch,
}

// Observable type ids the mapping emits.
const (
	observableHostname  = 1
	observableIP        = 2
	observableURL       = 6
	observableUserAgent = 16
	observableAccount   = 35
)

// Constants of the product and of the connection.
const (
	productName       = "Elastic Load Balancing"
	vendorName        = "AWS"
	featureName       = "Application Load Balancer access logs"
	cloudProvider     = "AWS"
	accountTypeAWS    = 10
	directionInbound  = 1
	protocolTCP       = "tcp"
	protocolNumberTCP = 6
)

// captions are the enum captions of one OCSF version, read from the compiled
// schema facts so that they always match what the validator expects.
type captions struct {
	categoryUID  int32
	categoryName string
	classUID     int32
	className    string
	activity     map[int32]string
	severity     map[int32]string
	status       map[int32]string
	action       map[int32]string
	disposition  map[int32]string
	protocolVer  map[int32]string
	direction    string
	accountType  string
	observable   map[int32]string // only the types this version has
}

// loadCaptions reads the captions the mapper needs from the schema of version.
func loadCaptions(version string) (*captions, error) {
	s, err := schema.Load(version)
	if err != nil {
		return nil, fmt.Errorf("load OCSF %s schema: %w", version, err)
	}
	c := &captions{
		categoryUID:  int32(s.Category().UID),
		categoryName: s.Category().Caption,
		classUID:     int32(s.ClassUID()),
		className:    s.ClassName(),
		observable:   map[int32]string{},
	}
	l := captionLoader{s: s}
	c.activity = l.enum("activity_id")
	c.severity = l.enum("severity_id")
	c.status = l.enum("status_id")
	c.action = l.enum("action_id")
	c.disposition = l.enum("disposition_id")
	c.protocolVer = l.enum("connection_info.protocol_ver_id")
	c.direction = l.one("connection_info.direction_id", directionInbound)
	c.accountType = l.one("cloud.account.type_id", accountTypeAWS)
	for _, id := range []int32{observableHostname, observableIP, observableURL, observableUserAgent, observableAccount} {
		if caption, ok := s.ObservableCaption(int(id)); ok {
			c.observable[id] = caption
		}
	}
	if l.err != nil {
		return nil, l.err
	}
	return c, nil
}

// captionLoader reads enums and remembers the first missing one.
type captionLoader struct {
	s   *schema.Schema
	err error
}

// enum returns every member of an integer enum attribute.
func (l *captionLoader) enum(path string) map[int32]string {
	attr, ok := l.s.Attribute(path)
	if !ok {
		l.fail(path)
		return nil
	}
	out := make(map[int32]string, len(attr.Enum))
	for key, caption := range attr.Enum {
		if id, err := strconv.ParseInt(key, 10, 32); err == nil {
			out[int32(id)] = caption
		}
	}
	return out
}

// one returns the caption of one enum member.
func (l *captionLoader) one(path string, id int) string {
	caption, ok := l.s.Caption(path, id)
	if !ok {
		l.fail(path)
	}
	return caption
}

func (l *captionLoader) fail(path string) {
	if l.err == nil {
		l.err = fmt.Errorf("OCSF %s schema has no enum %s", l.s.Version(), path)
	}
}
