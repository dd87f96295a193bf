package ocsf

import (
	"strconv"
	"time"
)

// DateTime is an instant in microseconds since the Unix epoch, UTC. It is the Go
// type of the datetime profile's *_dt attributes: JSON writes it as an RFC 3339
// string with six fractional digits, and Parquet stores the integer as
// TIMESTAMP(MICROS, UTC).
type DateTime int64

const dateTimeLayout = "2006-01-02T15:04:05.000000Z07:00"

// String returns the instant as RFC 3339 with microseconds, for example
// 2024-05-22T03:48:29.047890Z.
func (d DateTime) String() string {
	return d.Time().Format(dateTimeLayout)
}

// Time returns the instant as a time.Time in UTC.
func (d DateTime) Time() time.Time {
	return time.UnixMicro(int64(d)).UTC()
}

// AppendText appends the instant as RFC 3339 with microseconds to b.
func (d DateTime) AppendText(b []byte) ([]byte, error) {
	return d.Time().AppendFormat(b, dateTimeLayout), nil
}

// MarshalJSON writes the instant as a quoted RFC 3339 string.
func (d DateTime) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(dateTimeLayout)+2)
	b = append(b, '"')
	b, _ = d.AppendText(b)
	return append(b, '"'), nil
}

// UnmarshalJSON reads an RFC 3339 string or an integer count of microseconds.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '"' {
		n, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return err
		}
		*d = DateTime(n)
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	*d = DateTime(t.UnixMicro())
	return nil
}
