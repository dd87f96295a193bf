package report

import (
	"context"
	"fmt"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/query"
)

// Chart geometry in SVG user units. The page scales the SVGs to its width.
const (
	chartWidth    = 900.0
	timelineH     = 240.0
	axisLeft      = 50.0 // room for the count labels
	axisBottom    = 24.0 // room for the time labels
	maxBuckets    = 120
	barRowHeight  = 22.0
	barLabelWidth = 260.0
)

// StatusClass is one series of the timeline.
type StatusClass struct {
	Name  string
	Color string
}

// StatusClasses are the timeline's series, bottom to top of each bar.
var StatusClasses = []StatusClass{
	{"2xx", "#2e7d32"}, {"3xx", "#1565c0"}, {"4xx", "#ef6c00"}, {"5xx", "#c62828"}, {"other", "#757575"},
}

// Timeline is a stacked bar chart of requests per time bucket and status class.
type Timeline struct {
	Bucket   time.Duration
	Width    float64
	Height   float64
	Marks    []Rect // one per non-empty class in a bucket
	Ticks    []Tick // x-axis time labels
	MaxCount int64
	AxisLeft float64
	AxisY    float64
}

// Rect is one bar segment.
type Rect struct {
	X, Y, W, H float64
	Color      string
	Title      string // tooltip text
}

// Tick is an axis label at X.
type Tick struct {
	X     float64
	Label string
}

// bucketSizes are the timeline's candidate bucket widths, smallest first.
var bucketSizes = []time.Duration{
	time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour,
}

// BucketText returns the bucket size in words, such as "5 minutes" or "1 hour".
func (t Timeline) BucketText() string {
	units := []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}}
	for _, u := range units {
		if t.Bucket >= u.size && t.Bucket%u.size == 0 {
			n := int64(t.Bucket / u.size)
			if n == 1 {
				return "1 " + u.name
			}
			return fmt.Sprintf("%d %ss", n, u.name)
		}
	}
	return t.Bucket.String()
}

// chooseBucket returns the smallest bucket size that splits span into at most
// maxBuckets buckets, or a whole number of days when even one day is too small.
func chooseBucket(span time.Duration) time.Duration {
	for _, b := range bucketSizes {
		if span/b < maxBuckets {
			return b
		}
	}
	days := span/(24*time.Hour)/maxBuckets + 1
	return days * 24 * time.Hour
}

// buildTimeline counts requests per bucket and status class between first and
// last, and lays the counts out as stacked bars.
func buildTimeline(ctx context.Context, db *query.DB, first, last time.Time) (Timeline, error) {
	bucket := chooseBucket(last.Sub(first))
	t := Timeline{Bucket: bucket, Width: chartWidth, Height: timelineH, AxisLeft: axisLeft, AxisY: timelineH - axisBottom}
	if first.IsZero() {
		return t, nil
	}
	start := first.Truncate(bucket)
	n := int(last.Sub(start)/bucket) + 1
	counts, err := queryTimeline(ctx, db, bucket, start, n)
	if err != nil {
		return t, err
	}
	t.layout(counts, start)
	return t, nil
}

// queryTimeline returns counts[bucket][class] for n buckets from start.
func queryTimeline(ctx context.Context, db *query.DB, bucket time.Duration, start time.Time, n int) ([][]int64, error) {
	sql := fmt.Sprintf(`SELECT (time - %d) // %d AS bucket,
		CASE WHEN http_response.code BETWEEN 200 AND 299 THEN 0
		     WHEN http_response.code BETWEEN 300 AND 399 THEN 1
		     WHEN http_response.code BETWEEN 400 AND 499 THEN 2
		     WHEN http_response.code BETWEEN 500 AND 599 THEN 3
		     ELSE 4 END AS class,
		count(*) AS n
		FROM events WHERE time IS NOT NULL GROUP BY ALL`,
		start.UnixMilli(), bucket.Milliseconds())
	res, err := db.Collect(ctx, sql)
	if err != nil {
		return nil, fmt.Errorf("query timeline: %w", err)
	}
	counts := make([][]int64, n)
	for i := range counts {
		counts[i] = make([]int64, len(StatusClasses))
	}
	for _, row := range res.Rows {
		b, class, count := row[0].(int64), row[1].(int32), row[2].(int64)
		if b >= 0 && b < int64(n) {
			counts[b][class] += count
		}
	}
	return counts, nil
}

func (t *Timeline) layout(counts [][]int64, start time.Time) {
	for _, c := range counts {
		var sum int64
		for _, v := range c {
			sum += v
		}
		t.MaxCount = max(t.MaxCount, sum)
	}
	if t.MaxCount == 0 {
		return
	}
	plotW := t.Width - t.AxisLeft
	barW := plotW / float64(len(counts))
	scale := (t.AxisY - 8) / float64(t.MaxCount)
	for i, c := range counts {
		x := t.AxisLeft + float64(i)*barW
		y := t.AxisY
		at := start.Add(time.Duration(i) * t.Bucket)
		for class, v := range c {
			if v == 0 {
				continue
			}
			h := float64(v) * scale
			y -= h
			t.Marks = append(t.Marks, Rect{
				X: x + barW*0.1, Y: y, W: barW * 0.8, H: h, Color: StatusClasses[class].Color,
				Title: fmt.Sprintf("%s %s: %d", at.Format("2006-01-02 15:04"), StatusClasses[class].Name, v),
			})
		}
	}
	t.Ticks = timeTicks(len(counts), barW, t.AxisLeft, start, t.Bucket)
}

// timeTicks labels about six evenly spaced buckets.
func timeTicks(n int, barW, left float64, start time.Time, bucket time.Duration) []Tick {
	step := max(1, n/6)
	layout := tickLayout(bucket, time.Duration(n)*bucket)
	var ticks []Tick
	for i := 0; i < n; i += step {
		ticks = append(ticks, Tick{
			X:     left + (float64(i)+0.5)*barW,
			Label: start.Add(time.Duration(i) * bucket).Format(layout),
		})
	}
	return ticks
}

// BarChart is a horizontal bar chart of labelled counts, largest first.
type BarChart struct {
	Width      float64
	Height     float64
	LabelWidth float64
	Bars       []Bar
}

// Bar is one labelled bar.
type Bar struct {
	Label string
	Count int64
	Y     float64 // top of the bar's row
	RectY float64 // top of the bar itself
	W     float64 // bar length
	TextX float64 // x position of the count label
}

// buildBars runs sql, which returns (label, count) rows, and lays them out.
func buildBars(ctx context.Context, db *query.DB, sql string) (BarChart, error) {
	res, err := db.Collect(ctx, sql)
	if err != nil {
		return BarChart{}, err
	}
	c := BarChart{Width: chartWidth, LabelWidth: barLabelWidth}
	var maxCount int64
	for _, row := range res.Rows {
		maxCount = max(maxCount, row[1].(int64))
	}
	plotW := c.Width - c.LabelWidth - 70
	for i, row := range res.Rows {
		count := row[1].(int64)
		w := plotW * float64(count) / float64(maxCount)
		c.Bars = append(c.Bars, Bar{
			Label: shorten(query.FormatValue(row[0]), 40),
			Count: count,
			Y:     float64(i) * barRowHeight,
			RectY: float64(i)*barRowHeight + 3,
			W:     w,
			TextX: c.LabelWidth + w + 6,
		})
	}
	c.Height = float64(len(c.Bars))*barRowHeight + 4
	return c, nil
}

// shorten cuts s to n runes, ending in "…" when it cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// tickLayout returns the time layout of axis labels: the time of day for a span
// within a day, the date and time within a year, and the date with its year beyond.
func tickLayout(bucket, span time.Duration) string {
	switch {
	case span > 365*24*time.Hour:
		return "2006-01-02"
	case bucket >= 24*time.Hour:
		return "01-02"
	case span > 24*time.Hour:
		return "01-02 15:04"
	}
	return "15:04"
}
