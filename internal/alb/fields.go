// Package alb parses Amazon Application Load Balancer access log lines.
//
// An access log line is a sequence of fields separated by spaces. A field is either
// bare (no spaces) or wrapped in double quotes. A bare "-" and a quoted "-" both mean
// that the value is absent. AWS appends fields at the end of the line every year or
// two, so the parser reads fields by position, accepts every field count AWS has
// shipped, and keeps fields past the ones it has names for.
//
// Quoting follows one rule: a quoted field ends at a '"' that is followed by a space
// or the end of the line and is not preceded by a backslash. Backslash sequences are
// kept verbatim: ALB writes a client's '"' as the four bytes \x22, and older load
// balancers wrote \", and neither ends the field. Any other raw '"' inside a field
// makes the field boundaries ambiguous, so the line is rejected rather than guessed.
//
// The parser never allocates per field: a Record's byte slices alias the line, and a
// Record can be reused for the next line. It does no logging and never panics on any
// input bytes.
package alb

// Field positions in an access log line, 0-based, as AWS documents them (AWS numbers
// them from 1).
const (
	FieldType = iota
	FieldTime
	FieldELB
	FieldClient
	FieldTarget
	FieldRequestProcessingTime
	FieldTargetProcessingTime
	FieldResponseProcessingTime
	FieldELBStatusCode
	FieldTargetStatusCode
	FieldReceivedBytes
	FieldSentBytes
	FieldRequest
	FieldUserAgent
	FieldSSLCipher
	FieldSSLProtocol
	FieldTargetGroupARN
	FieldTraceID
	FieldDomainName
	FieldChosenCertARN
	FieldMatchedRulePriority
	FieldRequestCreationTime
	FieldActionsExecuted
	FieldRedirectURL
	FieldErrorReason
	FieldTargetPortList
	FieldTargetStatusCodeList
	FieldClassification
	FieldClassificationReason
	FieldConnTraceID
	FieldTransformedHost
	FieldTransformedURI
	FieldRequestTransformStatus

	// KnownFields is the number of fields this package has names for. Fields at
	// this position and after are unknown trailing fields.
	KnownFields
)

// fieldNames are the AWS names of the known fields, indexed by position.
var fieldNames = [KnownFields]string{
	"type", "time", "elb", "client:port", "target:port",
	"request_processing_time", "target_processing_time", "response_processing_time",
	"elb_status_code", "target_status_code", "received_bytes", "sent_bytes",
	"request", "user_agent", "ssl_cipher", "ssl_protocol", "target_group_arn",
	"trace_id", "domain_name", "chosen_cert_arn", "matched_rule_priority",
	"request_creation_time", "actions_executed", "redirect_url", "error_reason",
	"target:port_list", "target_status_code_list", "classification",
	"classification_reason", "conn_trace_id", "transformed_host", "transformed_uri",
	"request_transform_status",
}

// FieldName returns the AWS name of the field at the 0-based position i. Unknown
// trailing fields are named field_N, N being the 1-based position AWS's
// documentation would give them.
func FieldName(i int) string {
	if i >= 0 && i < KnownFields {
		return fieldNames[i]
	}
	return "field_" + itoa(i+1)
}

// Generations are the field counts AWS has shipped, oldest first. Parse accepts
// any count from the first on: fields past the ones a line's generation has are
// unknown trailing fields, which are kept.
var Generations = [...]int{20, 23, 24, 25, 27, 29, 30, 33}

// MinFields is the field count of the oldest generation.
const MinFields = 20

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
