// Package ocsf maps parsed ALB access log records to OCSF HTTP Activity events.
//
// The Event type is the single in-memory shape of an event. Its json tags give the
// OCSF attribute names for JSON output, and its parquet tags declare the one fixed
// Parquet schema: every column is present in every file, null when absent.
//
// Nullable numbers are pointers because zero is a valid value for them (a response of
// 0 bytes, a duration of 0 ms). Nullable strings use the empty string for absent,
// because no OCSF string attribute this mapping fills is meaningful when empty.
package ocsf

// Event is one OCSF HTTP Activity (class 4002) event.
type Event struct {
	ActivityID     int32  `json:"activity_id" parquet:"activity_id"`
	ActivityName   string `json:"activity_name,omitempty" parquet:"activity_name,optional"`
	CategoryUID    int32  `json:"category_uid" parquet:"category_uid"`
	CategoryName   string `json:"category_name,omitempty" parquet:"category_name,optional"`
	ClassUID       int32  `json:"class_uid" parquet:"class_uid"`
	ClassName      string `json:"class_name,omitempty" parquet:"class_name,optional"`
	TypeUID        int64  `json:"type_uid" parquet:"type_uid"`
	TypeName       string `json:"type_name,omitempty" parquet:"type_name,optional"`
	SeverityID     int32  `json:"severity_id" parquet:"severity_id"`
	Severity       string `json:"severity,omitempty" parquet:"severity,optional"`
	StatusID       int32  `json:"status_id" parquet:"status_id"`
	Status         string `json:"status,omitempty" parquet:"status,optional"`
	StatusCode     string `json:"status_code,omitempty" parquet:"status_code,optional"`
	StatusDetail   string `json:"status_detail,omitempty" parquet:"status_detail,optional"`
	Message        string `json:"message,omitempty" parquet:"message,optional"`
	TimezoneOffset int32  `json:"timezone_offset" parquet:"timezone_offset"`

	// Time, StartTime and EndTime are epoch milliseconds (OCSF timestamp_t). The
	// *DT siblings carry the same instants with microsecond precision (datetime
	// profile): RFC 3339 strings in JSON, TIMESTAMP(MICROS, UTC) in Parquet.
	Time        int64     `json:"time" parquet:"time"`
	TimeDT      DateTime  `json:"time_dt" parquet:"time_dt,timestamp(microsecond)"`
	StartTime   *int64    `json:"start_time,omitempty" parquet:"start_time,optional"`
	StartTimeDT *DateTime `json:"start_time_dt,omitempty" parquet:"start_time_dt,optional,timestamp(microsecond)"`
	EndTime     int64     `json:"end_time" parquet:"end_time"`
	EndTimeDT   DateTime  `json:"end_time_dt" parquet:"end_time_dt,timestamp(microsecond)"`
	Duration    *int64    `json:"duration,omitempty" parquet:"duration,optional"`

	// Security control profile, filled from actions_executed.
	ActionID      *int32 `json:"action_id,omitempty" parquet:"action_id,optional"`
	Action        string `json:"action,omitempty" parquet:"action,optional"`
	DispositionID *int32 `json:"disposition_id,omitempty" parquet:"disposition_id,optional"`
	Disposition   string `json:"disposition,omitempty" parquet:"disposition,optional"`

	Metadata       Metadata          `json:"metadata" parquet:"metadata"`
	Cloud          Cloud             `json:"cloud" parquet:"cloud"`
	SrcEndpoint    *NetworkEndpoint  `json:"src_endpoint,omitempty" parquet:"src_endpoint,optional"`
	DstEndpoint    *NetworkEndpoint  `json:"dst_endpoint,omitempty" parquet:"dst_endpoint,optional"`
	ConnectionInfo *ConnectionInfo   `json:"connection_info,omitempty" parquet:"connection_info,optional"`
	HTTPRequest    *HTTPRequest      `json:"http_request,omitempty" parquet:"http_request,optional"`
	HTTPResponse   *HTTPResponse     `json:"http_response,omitempty" parquet:"http_response,optional"`
	Traffic        *NetworkTraffic   `json:"traffic,omitempty" parquet:"traffic,optional"`
	TLS            *TLS              `json:"tls,omitempty" parquet:"tls,optional"`
	LoadBalancer   *LoadBalancer     `json:"load_balancer,omitempty" parquet:"load_balancer,optional"`
	Trace          *Trace            `json:"trace,omitempty" parquet:"trace,optional"`
	Observables    []Observable      `json:"observables,omitempty" parquet:"observables,optional,list"`
	Unmapped       map[string]string `json:"unmapped,omitempty" parquet:"unmapped,optional"`
	RawData        string            `json:"raw_data,omitempty" parquet:"raw_data,optional"`
}

// Metadata is the OCSF metadata object.
type Metadata struct {
	Version      string   `json:"version" parquet:"version"`
	Product      Product  `json:"product" parquet:"product"`
	UID          string   `json:"uid,omitempty" parquet:"uid,optional"`
	LogSource    string   `json:"log_source,omitempty" parquet:"log_source,optional"`
	OriginalTime string   `json:"original_time,omitempty" parquet:"original_time,optional"`
	Profiles     []string `json:"profiles" parquet:"profiles,list"`
}

// Product is the OCSF product object that names the log's producer.
type Product struct {
	Name       string  `json:"name" parquet:"name"`
	VendorName string  `json:"vendor_name" parquet:"vendor_name"`
	Feature    Feature `json:"feature" parquet:"feature"`
}

// Feature is the OCSF feature object.
type Feature struct {
	Name string `json:"name" parquet:"name"`
}

// Cloud is the OCSF cloud object (cloud profile).
type Cloud struct {
	Provider string   `json:"provider" parquet:"provider"`
	Region   string   `json:"region,omitempty" parquet:"region,optional"`
	Account  *Account `json:"account,omitempty" parquet:"account,optional"`
}

// Account is the OCSF account object.
type Account struct {
	UID    string `json:"uid" parquet:"uid"`
	TypeID int32  `json:"type_id" parquet:"type_id"`
	Type   string `json:"type,omitempty" parquet:"type,optional"`
}

// NetworkEndpoint is the OCSF network_endpoint object, reduced to the attributes an
// ALB log can fill.
type NetworkEndpoint struct {
	IP     string `json:"ip,omitempty" parquet:"ip,optional"`
	Port   *int32 `json:"port,omitempty" parquet:"port,optional"`
	UID    string `json:"uid,omitempty" parquet:"uid,optional"`
	TypeID *int32 `json:"type_id,omitempty" parquet:"type_id,optional"`
	Type   string `json:"type,omitempty" parquet:"type,optional"`
}

// ConnectionInfo is the OCSF network_connection_info object.
type ConnectionInfo struct {
	UID           string `json:"uid,omitempty" parquet:"uid,optional"`
	ProtocolName  string `json:"protocol_name" parquet:"protocol_name"`
	ProtocolNum   int32  `json:"protocol_num" parquet:"protocol_num"`
	ProtocolVerID int32  `json:"protocol_ver_id" parquet:"protocol_ver_id"`
	ProtocolVer   string `json:"protocol_ver,omitempty" parquet:"protocol_ver,optional"`
	DirectionID   int32  `json:"direction_id" parquet:"direction_id"`
	Direction     string `json:"direction,omitempty" parquet:"direction,optional"`
}

// HTTPRequest is the OCSF http_request object.
type HTTPRequest struct {
	HTTPMethod string `json:"http_method,omitempty" parquet:"http_method,optional"`
	Version    string `json:"version,omitempty" parquet:"version,optional"`
	UserAgent  string `json:"user_agent,omitempty" parquet:"user_agent,optional"`
	Length     *int32 `json:"length,omitempty" parquet:"length,optional"`
	URL        *URL   `json:"url,omitempty" parquet:"url,optional"`
}

// URL is the OCSF url object.
type URL struct {
	URLString   string `json:"url_string,omitempty" parquet:"url_string,optional"`
	Scheme      string `json:"scheme,omitempty" parquet:"scheme,optional"`
	Hostname    string `json:"hostname,omitempty" parquet:"hostname,optional"`
	Port        *int32 `json:"port,omitempty" parquet:"port,optional"`
	Path        string `json:"path,omitempty" parquet:"path,optional"`
	QueryString string `json:"query_string,omitempty" parquet:"query_string,optional"`
}

// HTTPResponse is the OCSF http_response object. Code is required by OCSF, so the
// mapping emits the object only when the load balancer's status code is known.
type HTTPResponse struct {
	Code    int32  `json:"code" parquet:"code"`
	Length  *int32 `json:"length,omitempty" parquet:"length,optional"`
	Latency *int32 `json:"latency,omitempty" parquet:"latency,optional"`
}

// NetworkTraffic is the OCSF network_traffic object. BytesOut counts bytes from the
// source (the client) to the destination, BytesIn the reverse.
type NetworkTraffic struct {
	BytesIn  *int64 `json:"bytes_in,omitempty" parquet:"bytes_in,optional"`
	BytesOut *int64 `json:"bytes_out,omitempty" parquet:"bytes_out,optional"`
	Bytes    *int64 `json:"bytes,omitempty" parquet:"bytes,optional"`
}

// TLS is the OCSF tls object.
type TLS struct {
	Version string `json:"version" parquet:"version"`
	Cipher  string `json:"cipher,omitempty" parquet:"cipher,optional"`
	SNI     string `json:"sni,omitempty" parquet:"sni,optional"`
}

// LoadBalancer is the OCSF load_balancer object (load_balancer profile).
type LoadBalancer struct {
	Name                string               `json:"name,omitempty" parquet:"name,optional"`
	UID                 string               `json:"uid,omitempty" parquet:"uid,optional"`
	IP                  string               `json:"ip,omitempty" parquet:"ip,optional"`
	Code                *int32               `json:"code,omitempty" parquet:"code,optional"`
	Classification      string               `json:"classification,omitempty" parquet:"classification,optional"`
	StatusDetail        string               `json:"status_detail,omitempty" parquet:"status_detail,optional"`
	ErrorMessage        string               `json:"error_message,omitempty" parquet:"error_message,optional"`
	DstEndpoint         *NetworkEndpoint     `json:"dst_endpoint,omitempty" parquet:"dst_endpoint,optional"`
	EndpointConnections []EndpointConnection `json:"endpoint_connections,omitempty" parquet:"endpoint_connections,optional,list"`
	Metrics             []Metric             `json:"metrics,omitempty" parquet:"metrics,optional,list"`
}

// EndpointConnection is the OCSF endpoint_connection object: one target the load
// balancer tried, with the status code it returned.
type EndpointConnection struct {
	NetworkEndpoint *NetworkEndpoint `json:"network_endpoint,omitempty" parquet:"network_endpoint,optional"`
	Code            *int32           `json:"code,omitempty" parquet:"code,optional"`
}

// Metric is the OCSF metric object. Value is a string in OCSF.
type Metric struct {
	Name  string `json:"name" parquet:"name"`
	Value string `json:"value" parquet:"value"`
}

// Trace is the OCSF trace object (trace profile).
type Trace struct {
	UID string `json:"uid" parquet:"uid"`
}

// Observable is the OCSF observable object.
type Observable struct {
	Name   string `json:"name" parquet:"name"`
	Type   string `json:"type,omitempty" parquet:"type,optional"`
	TypeID int32  `json:"type_id" parquet:"type_id"`
	Value  string `json:"value" parquet:"value"`
}
