// Package report renders a query.DB's events as one self-contained HTML page: a
// timeline of requests by status class, top clients, top paths, error reasons and
// the results of every hunt.
//
// The page references nothing outside itself. Charts are inline SVG drawn here,
// styles are inline, and there is no JavaScript, so it opens offline and in
// viewers that block scripts.
package report

import (
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/query"
)

// MaxHuntRows is how many rows of each hunt the page shows.
const MaxHuntRows = 25

// topN is how many clients, paths and error reasons the bar charts show.
const topN = 10

//go:embed report.html.tmpl
var pageTemplate string

var page = template.Must(template.New("report").Parse(pageTemplate))

// Data is everything the page shows.
type Data struct {
	Title        string
	Events       int64
	First, Last  time.Time
	Timeline     Timeline
	TopClients   BarChart
	TopPaths     BarChart
	ErrorReasons BarChart
	Hunts        []HuntResult
}

// HuntResult is the first rows of one hunt.
type HuntResult struct {
	Name        string
	Description string
	Columns     []string
	Rows        [][]string
	Truncated   bool // the hunt returned more than MaxHuntRows rows
}

// Render queries db and writes the page to w.
func Render(ctx context.Context, db *query.DB, title string, w io.Writer) error {
	data, err := Build(ctx, db, title)
	if err != nil {
		return err
	}
	return Write(w, data)
}

// Write writes the page for data to w.
func Write(w io.Writer, data *Data) error {
	if err := page.Execute(w, data); err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	return nil
}

// Build runs the report's queries and every hunt against db.
func Build(ctx context.Context, db *query.DB, title string) (*Data, error) {
	d := &Data{Title: title}
	if err := d.loadSummary(ctx, db); err != nil {
		return nil, err
	}
	var err error
	if d.Timeline, err = buildTimeline(ctx, db, d.First, d.Last); err != nil {
		return nil, err
	}
	if d.TopClients, err = buildBars(ctx, db, topClientsSQL); err != nil {
		return nil, fmt.Errorf("query top clients: %w", err)
	}
	if d.TopPaths, err = buildBars(ctx, db, topPathsSQL); err != nil {
		return nil, fmt.Errorf("query top paths: %w", err)
	}
	if d.ErrorReasons, err = buildBars(ctx, db, errorReasonsSQL); err != nil {
		return nil, fmt.Errorf("query error reasons: %w", err)
	}
	if d.Hunts, err = runHunts(ctx, db); err != nil {
		return nil, err
	}
	return d, nil
}

const summarySQL = `SELECT count(*), min(time_dt), max(time_dt) FROM events`

func (d *Data) loadSummary(ctx context.Context, db *query.DB) error {
	res, err := db.Collect(ctx, summarySQL)
	if err != nil {
		return fmt.Errorf("query event summary: %w", err)
	}
	row := res.Rows[0]
	d.Events = row[0].(int64)
	if d.Events == 0 {
		return nil
	}
	first, okFirst := row[1].(time.Time)
	last, okLast := row[2].(time.Time)
	if !okFirst || !okLast {
		return fmt.Errorf("query event summary: time_dt is null in every event")
	}
	d.First, d.Last = first.UTC(), last.UTC()
	return nil
}

var (
	topClientsSQL = fmt.Sprintf(`SELECT src_endpoint.ip, count(*) AS n FROM events
		WHERE src_endpoint.ip IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT %d`, topN)
	topPathsSQL = fmt.Sprintf(`SELECT http_request.url.path, count(*) AS n FROM events
		WHERE http_request.url.path IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT %d`, topN)
	errorReasonsSQL = fmt.Sprintf(`SELECT status_detail, count(*) AS n FROM events
		WHERE status_detail IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT %d`, topN)
)

// runHunts runs every hunt, keeping its first MaxHuntRows rows as text.
func runHunts(ctx context.Context, db *query.DB) ([]HuntResult, error) {
	var results []HuntResult
	for _, h := range query.List() {
		sql := fmt.Sprintf("SELECT * FROM (\n%s\n) LIMIT %d", h.SQL, MaxHuntRows+1)
		res, err := db.Collect(ctx, sql)
		if err != nil {
			return nil, fmt.Errorf("run hunt %s: %w", h.Name, err)
		}
		r := HuntResult{Name: h.Name, Description: h.Description, Columns: res.Columns}
		for i, row := range res.Rows {
			if i == MaxHuntRows {
				r.Truncated = true
				break
			}
			cells := make([]string, len(row))
			for j, v := range row {
				cells[j] = query.FormatValue(v)
			}
			r.Rows = append(r.Rows, cells)
		}
		results = append(results, r)
	}
	return results, nil
}

// StatusClasses returns the timeline's series for the legend.
func (d *Data) StatusClasses() []StatusClass { return StatusClasses }

// chartSection is the input of the page's "bars" template.
type chartSection struct {
	Title string
	ID    string // the svg element's id
	Chart BarChart
}

// Chart bundles a bar chart with its heading for the "bars" template.
func (d *Data) Chart(title, id string, c BarChart) chartSection {
	return chartSection{Title: title, ID: id, Chart: c}
}
