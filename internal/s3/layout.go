package s3

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/alb"
)

// day is the length of one delivery folder.
const day = 24 * time.Hour

// Selection narrows the objects a run reads, using the ALB key layout
// [prefix/]AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/<file>.
type Selection struct {
	// Since and Until bound event times to [Since, Until). A zero value leaves that
	// side open. The day folder is the delivery date, which is never before the
	// event date but may be one day after it, so folders from Since's day to one
	// day after Until's day are listed.
	Since, Until time.Time
	// Accounts and Regions, when not empty, keep only these account ids and
	// regions.
	Accounts []string
	Regions  []string
	// Now returns the current time, and time.Now is used when it is nil. It bounds the day folders
	// of a selection that has a start but no end.
	Now func() time.Time
}

// isOpen reports whether the selection keeps every object.
func (s Selection) isOpen() bool {
	return len(s.Accounts) == 0 && len(s.Regions) == 0 &&
		s.Since.IsZero() && s.Until.IsZero()
}

// ParseTime reads a --since or --until value: an RFC 3339 time, or a date
// (2006-01-02) meaning midnight UTC. With endOfDay set, a date means the midnight
// that ends that day, so "--until 2024-05-28" includes all of May 28.
func ParseTime(value string, endOfDay bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, value); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, value)
	if err != nil {
		return time.Time{}, fmt.Errorf("parse time %q: use a date such as 2024-05-28 or an RFC 3339 time such as 2024-05-28T08:00:00Z", value)
	}
	if endOfDay {
		t = t.Add(day)
	}
	return t, nil
}

// dayRange returns the first and last delivery folder days to list. ok is false
// when the selection has no lower bound, so no finite list of days exists.
func (s Selection) dayRange() (first, last time.Time, ok bool) {
	first = s.Since
	if first.IsZero() {
		return time.Time{}, time.Time{}, false
	}
	end := s.Until
	if end.IsZero() {
		end = s.now().Add(day)
	}
	// Until is exclusive: the last event day is the day of the instant before it.
	last = end.Add(-time.Nanosecond).UTC().Truncate(day).Add(day)
	return first.UTC().Truncate(day), last, true
}

func (s Selection) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// keyLayout is the account, region and day that the folders of a key in the ALB
// layout name.
type keyLayout struct {
	Account string
	Region  string
	Day     time.Time // zero when the key has no yyyy/mm/dd folders
}

// parseLayout reads the account, region and delivery day from the folders of key.
// ok is false when key has no AWSLogs/<account>/elasticloadbalancing/<region>/
// folders.
func parseLayout(key string) (keyLayout, bool) {
	parts := strings.Split(key, "/")
	for i := 0; i+4 < len(parts); i++ {
		if parts[i] != "AWSLogs" || parts[i+2] != "elasticloadbalancing" {
			continue
		}
		l := keyLayout{Account: parts[i+1], Region: parts[i+3]}
		if i+7 < len(parts) {
			date := parts[i+4] + "-" + parts[i+5] + "-" + parts[i+6]
			if t, err := time.Parse(time.DateOnly, date); err == nil {
				l.Day = t
			}
		}
		return l, true
	}
	return keyLayout{}, false
}

// Match reports whether a listed key belongs to the selection. Keys outside the
// ALB layout take their account and region from the file name. A key whose
// account or region is unknown fails an account or region filter, and a key with
// no day folder passes the date range, because the event time filter still
// applies to its lines.
func (s Selection) Match(key string) bool {
	layout, ok := parseLayout(key)
	if !ok {
		info := alb.ParseObjectKey(key)
		layout = keyLayout{Account: info.Account, Region: info.Region}
	}
	if len(s.Accounts) > 0 && !slices.Contains(s.Accounts, layout.Account) {
		return false
	}
	if len(s.Regions) > 0 && !slices.Contains(s.Regions, layout.Region) {
		return false
	}
	if layout.Day.IsZero() {
		return true
	}
	return s.matchDay(layout.Day)
}

// matchDay reports whether a delivery folder day can hold events of the range.
func (s Selection) matchDay(d time.Time) bool {
	first, last, ok := s.dayRange()
	if ok {
		return !d.Before(first) && !d.After(last)
	}
	if !s.Until.IsZero() {
		lastDay := s.Until.Add(-time.Nanosecond).UTC().Truncate(day).Add(day)
		return !d.After(lastDay)
	}
	return true
}

// dayPrefixes returns the yyyy/mm/dd/ folder names from first to last.
func dayPrefixes(first, last time.Time) []string {
	var days []string
	for d := first; !d.After(last); d = d.Add(day) {
		days = append(days, d.Format("2006/01/02")+"/")
	}
	return days
}
