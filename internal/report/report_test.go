package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/alb2ocsf/alb2ocsf/internal/query"
	"github.com/alb2ocsf/alb2ocsf/internal/query/querytest"
)

// renderFixture renders the report for the query fixture into a file and returns
// its path and contents.
func renderFixture(t *testing.T) (string, string) {
	t.Helper()
	dir, err := querytest.WriteTree(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	db, err := query.Open(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var buf bytes.Buffer
	if err := Render(context.Background(), db, "ALB report", &buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, buf.String()
}

func TestReportIsSelfContained(t *testing.T) {
	_, html := renderFixture(t)
	for _, banned := range []string{"http://", "https://", "<script", "src=", "<link", "@import", "url("} {
		// Hunt rows quote URLs from the logs as escaped text. Only markup that
		// makes the browser fetch something is banned, so check outside tables.
		markup := regexp.MustCompile(`(?s)<table>.*?</table>`).ReplaceAllString(html, "")
		if strings.Contains(markup, banned) {
			t.Errorf("page markup contains %q", banned)
		}
	}
}

func TestReportContents(t *testing.T) {
	_, html := renderFixture(t)
	for _, want := range []string{
		"44 events, 2024-05-22 03:00:00 to 2024-05-22 03:05:05 UTC",
		"One bar per 1 minute. The tallest bar is 12 requests.",
		`<title>192.0.2.10: 13</title>`,
		`<title>/api/orders: 3</title>`,
		`<title>LambdaInvalidResponse: 1</title>`,
		`id="hunt-waf_blocked"`,
		"evil.example.net",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, h := range query.List() {
		if !strings.Contains(html, `id="hunt-`+h.Name+`"`) {
			t.Errorf("page lacks hunt %s", h.Name)
		}
	}
}

func TestTimelineMarks(t *testing.T) {
	_, html := renderFixture(t)
	svg := regexp.MustCompile(`(?s)<svg id="timeline".*?</svg>`).FindString(html)
	// Six minutes with 1, 1, 2, 2, 2 and 4 non-empty status classes.
	if got := strings.Count(svg, `class="mark"`); got != 12 {
		t.Errorf("timeline has %d marks, want 12", got)
	}
}

func TestChooseBucket(t *testing.T) {
	cases := []struct {
		span time.Duration
		want time.Duration
	}{
		{0, time.Minute},
		{90 * time.Minute, time.Minute},
		{3 * time.Hour, 5 * time.Minute},
		{7 * 24 * time.Hour, 6 * time.Hour},
		{365 * 24 * time.Hour, 4 * 24 * time.Hour},
	}
	for _, c := range cases {
		if got := chooseBucket(c.span); got != c.want {
			t.Errorf("chooseBucket(%v) = %v, want %v", c.span, got, c.want)
		}
	}
}

// chromiumPath returns the headless browser to render with, or skips the test
// when it is missing outside CI.
func chromiumPath(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("chromium is required in CI: %v", err)
	}
	t.Skip("chromium is not installed; install Debian's chromium package to run this test")
	return ""
}

// chromium runs headless Chromium with networking features off and returns its
// standard output.
func chromium(t *testing.T, args ...string) string {
	t.Helper()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromiumPath(t), append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.String()
}

func TestReportRendersInChromium(t *testing.T) {
	chromiumPath(t)
	path, _ := renderFixture(t)
	dom := chromium(t, "--dump-dom", "file://"+path)
	for _, id := range []string{"timeline", "top-clients", "top-paths", "error-reasons"} {
		svg := regexp.MustCompile(`(?s)<svg[^>]* id="` + id + `".*?</svg>`).FindString(dom)
		if svg == "" {
			t.Errorf("rendered DOM has no svg #%s", id)
			continue
		}
		heights := regexp.MustCompile(`class="mark"[^>]*height="([0-9.]+)"`).FindAllStringSubmatch(svg, -1)
		if len(heights) == 0 {
			t.Errorf("svg #%s has no marks", id)
		}
		for _, h := range heights {
			if h[1] == "0" {
				t.Errorf("svg #%s has a mark of height 0", id)
			}
		}
	}
	if shot := os.Getenv("REPORT_SCREENSHOT"); shot != "" {
		chromium(t, "--screenshot="+shot, "--window-size=1200,2400", "file://"+path)
	}
}

func TestTickLayout(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name         string
		bucket, span time.Duration
		want         string
	}{
		{"one hour", time.Minute, time.Hour, "15:04"},
		{"three days", time.Hour, 3 * day, "01-02 15:04"},
		{"two months", day, 60 * day, "01-02"},
		{"several years", 40 * day, 14 * 365 * day, "2006-01-02"},
	}
	for _, tt := range tests {
		if got := tickLayout(tt.bucket, tt.span); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
