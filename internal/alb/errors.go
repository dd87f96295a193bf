package alb

import "fmt"

// Reasons a line is rejected. They are stable identifiers: the converter counts
// rejected lines by reason and writes the reason into the rejects file.
const (
	ReasonUnterminatedQuote = "unterminated_quote"
	ReasonUnexpectedQuote   = "unexpected_quote"
	ReasonFieldCount        = "field_count"
	ReasonInvalidTime       = "invalid_time"
	ReasonInvalidAddress    = "invalid_address"
	ReasonInvalidNumber     = "invalid_number"
	ReasonUnknownRecordType = "unknown_record_type"
	ReasonLineTooLong       = "line_too_long"
)

// ParseError describes why a line could not be parsed. Field is the 0-based position
// of the field at fault, or -1 when the fault is not in one field.
type ParseError struct {
	Field  int
	Reason string // one of the Reason constants
	Msg    string
}

// FieldName returns the AWS name of the field at fault, or "" when the error is not
// about one field.
func (e *ParseError) FieldName() string {
	if e.Field < 0 {
		return ""
	}
	return FieldName(e.Field)
}

func (e *ParseError) Error() string {
	if e.Field < 0 {
		return e.Msg
	}
	return fmt.Sprintf("field %d (%s): %s", e.Field+1, e.FieldName(), e.Msg)
}
