package alb

import (
	"path"
	"strings"
)

// ObjectKind is the kind of log object, judged from its key or file name.
type ObjectKind uint8

// Kinds of objects ALB, NLB and Classic Load Balancers deliver to S3.
const (
	ObjectUnknown     ObjectKind = iota // a name that follows no known pattern
	ObjectAccess                        // an ALB access log (…_app.<name>.<id>_…)
	ObjectConnection                    // an ALB connection log (conn_log_…)
	ObjectHealthCheck                   // an ALB health check log (health_check_log_…)
	ObjectNLB                           // an NLB access log (…_net.<name>.<id>_…)
	ObjectClassic                       // a Classic Load Balancer access log
	ObjectTestFile                      // the ELBAccessLogTestFile written when logging is enabled
)

var objectKindNames = [...]string{
	ObjectUnknown:     "unknown",
	ObjectAccess:      "alb_access",
	ObjectConnection:  "alb_connection",
	ObjectHealthCheck: "alb_health_check",
	ObjectNLB:         "nlb_access",
	ObjectClassic:     "classic_elb_access",
	ObjectTestFile:    "elb_test_file",
}

// String returns the kind's stable name.
func (k ObjectKind) String() string {
	if int(k) < len(objectKindNames) {
		return objectKindNames[k]
	}
	return "unknown"
}

// ObjectInfo is the information an object's key or file name gives about its lines.
type ObjectInfo struct {
	Kind    ObjectKind
	Account string // AWS account id, "" when unknown
	Region  string // AWS region, "" when unknown
	// LoadBalancer is the load balancer part of the file name, with dots where the
	// log's elb field has slashes, for example app.my-alb.50dc6c495c0c9188.
	LoadBalancer string
	NodeIP       string // IP address of the load balancer node that wrote the file
}

// ParseObjectKey reads an S3 key or a file path such as
//
//	AWSLogs/123456789012/elasticloadbalancing/us-east-1/2024/05/28/
//	123456789012_elasticloadbalancing_us-east-1_app.my-alb.50dc6c495c0c9188_20240528T0805Z_198.51.100.7_abcd1234.log.gz
//
// The file name is the primary source. When it does not follow the pattern, the
// account and region come from the AWSLogs/<account>/elasticloadbalancing/<region>/
// folders, if the key has them.
func ParseObjectKey(key string) ObjectInfo {
	key = strings.ReplaceAll(key, "\\", "/")
	base := path.Base(key)
	if base == "ELBAccessLogTestFile" {
		info := infoFromFolders(key)
		info.Kind = ObjectTestFile
		return info
	}
	kind := ObjectAccess
	switch {
	case strings.HasPrefix(base, "conn_log_"):
		kind, base = ObjectConnection, strings.TrimPrefix(base, "conn_log_")
	case strings.HasPrefix(base, "health_check_log_"):
		kind, base = ObjectHealthCheck, strings.TrimPrefix(base, "health_check_log_")
	}
	parts := strings.Split(base, "_")
	if len(parts) < 6 || parts[1] != "elasticloadbalancing" || !isAccountID(parts[0]) {
		info := infoFromFolders(key)
		return info
	}
	info := ObjectInfo{
		Kind:         kind,
		Account:      parts[0],
		Region:       parts[2],
		LoadBalancer: parts[3],
	}
	if _, ok := validIP([]byte(parts[5])); ok {
		info.NodeIP = parts[5]
	}
	if kind == ObjectAccess {
		info.Kind = loadBalancerKind(info.LoadBalancer)
	}
	return info
}

// loadBalancerKind returns the object kind from the load balancer part of a file
// name: app.… for ALB, net.… for NLB, and a bare name for Classic.
func loadBalancerKind(lb string) ObjectKind {
	switch {
	case strings.HasPrefix(lb, "app."):
		return ObjectAccess
	case strings.HasPrefix(lb, "net."):
		return ObjectNLB
	case strings.Contains(lb, "."):
		return ObjectUnknown
	}
	return ObjectClassic
}

// infoFromFolders reads the account and region from the folders of an S3 key.
func infoFromFolders(key string) ObjectInfo {
	parts := strings.Split(key, "/")
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] != "AWSLogs" || !isAccountID(parts[i+1]) {
			continue
		}
		info := ObjectInfo{Account: parts[i+1]}
		if i+3 < len(parts) && parts[i+2] == "elasticloadbalancing" {
			info.Region = parts[i+3]
		}
		return info
	}
	return ObjectInfo{}
}

// isAccountID reports whether s is a 12-digit AWS account id.
func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	_, ok := digits([]byte(s))
	return ok
}
