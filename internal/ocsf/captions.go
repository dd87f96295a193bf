package ocsf

// OCSF versions this package writes.
const (
	Version180 = "1.8.0"
	Version110 = "1.1.0"
)

// Class constants of HTTP Activity.
const (
	categoryUID  = 4
	categoryName = "Network Activity"
	classUID     = 4002
	className    = "HTTP Activity"
)

// Activity ids of HTTP Activity, from the HTTP method.
const (
	activityUnknown = 0
	activityPatch   = 9
	activityOther   = 99
)

// activityByMethod maps an upper-case HTTP method to its activity id. PATCH exists
// only from OCSF 1.6.0 on, so the mapper checks the version for it.
var activityByMethod = map[string]int32{
	"CONNECT": 1, "DELETE": 2, "GET": 3, "HEAD": 4, "OPTIONS": 5,
	"POST": 6, "PUT": 7, "TRACE": 8, "PATCH": activityPatch,
}

// activityCaptions are the activity_id captions of HTTP Activity.
var activityCaptions = map[int32]string{
	0: "Unknown", 1: "Connect", 2: "Delete", 3: "Get", 4: "Head", 5: "Options",
	6: "Post", 7: "Put", 8: "Trace", 9: "Patch", 99: "Other",
}

// Enum captions of the base event and the objects the mapping fills.
var (
	severityCaptions    = map[int32]string{1: "Informational", 2: "Low", 3: "Medium"}
	statusCaptions      = map[int32]string{0: "Unknown", 1: "Success", 2: "Failure"}
	actionCaptions      = map[int32]string{0: "Unknown", 1: "Allowed", 2: "Denied", 99: "Other"}
	dispositionCaptions = map[int32]string{
		0: "Unknown", 1: "Allowed", 2: "Blocked", 26: "Unauthorized", 27: "Error", 99: "Other",
	}
	protocolVerCaptions = map[int32]string{
		4: "Internet Protocol version 4 (IPv4)",
		6: "Internet Protocol version 6 (IPv6)",
	}
)

// Observable type ids the mapping emits.
const (
	observableHostname  = 1
	observableIP        = 2
	observableURL       = 6
	observableUserAgent = 16
	observableAccount   = 35
)

// observableCaptions are the captions the OCSF schema compiler gives those ids.
var observableCaptions = map[int32]string{
	observableHostname:  "Hostname",
	observableIP:        "IP Address",
	observableURL:       "URL String",
	observableUserAgent: "HTTP User-Agent",
	observableAccount:   "Account UID",
}

// Constants of the product and of the connection.
const (
	productName       = "Elastic Load Balancing"
	vendorName        = "AWS"
	featureName       = "Application Load Balancer access logs"
	cloudProvider     = "AWS"
	accountTypeAWS    = 10
	accountTypeName   = "AWS Account"
	directionInbound  = 1
	directionCaption  = "Inbound"
	protocolTCP       = "tcp"
	protocolNumberTCP = 6
)
