package s3

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
)

// Summary counts the objects and bytes of a selection by account, region and
// delivery day, and the skipped objects by kind.
type Summary struct {
	Groups  []SummaryGroup
	Skipped map[string]int64 // skipped objects by kind
	Objects int64            // objects to convert
	Bytes   int64            // stored bytes of the objects to convert
}

// SummaryGroup is one account, region and day of a Summary. Fields the key does
// not give are "-".
type SummaryGroup struct {
	Account, Region, Day string
	Objects, Bytes       int64
}

// Summarize groups objects for a dry run.
func Summarize(objects []Object) Summary {
	type groupKey struct{ account, region, day string }
	groups := map[groupKey]*SummaryGroup{}
	s := Summary{Skipped: map[string]int64{}}
	for _, o := range objects {
		if o.Skip != "" {
			s.Skipped[o.Skip]++
			continue
		}
		k := groupKey{"-", "-", "-"}
		if layout, ok := parseLayout(o.Key); ok {
			k.account, k.region = layout.Account, layout.Region
			if !layout.Day.IsZero() {
				k.day = layout.Day.Format("2006-01-02")
			}
		}
		g := groups[k]
		if g == nil {
			g = &SummaryGroup{Account: k.account, Region: k.region, Day: k.day}
			groups[k] = g
		}
		g.Objects++
		g.Bytes += o.Size
		s.Objects++
		s.Bytes += o.Size
	}
	for _, g := range groups {
		s.Groups = append(s.Groups, *g)
	}
	slices.SortFunc(s.Groups, func(a, b SummaryGroup) int {
		return strings.Compare(a.Account+"/"+a.Region+"/"+a.Day, b.Account+"/"+b.Region+"/"+b.Day)
	})
	return s
}

// Print writes the summary as an aligned table.
func (s Summary) Print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "account\tregion\tday\tobjects\tbytes\t")
	for _, g := range s.Groups {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t\n", g.Account, g.Region, g.Day, g.Objects, g.Bytes)
	}
	fmt.Fprintf(tw, "total\t\t\t%d\t%d\t\n", s.Objects, s.Bytes)
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print dry run: %w", err)
	}
	for _, kind := range slices.Sorted(maps.Keys(s.Skipped)) {
		if _, err := fmt.Fprintf(w, "skipped %s objects: %d\n", kind, s.Skipped[kind]); err != nil {
			return fmt.Errorf("print dry run: %w", err)
		}
	}
	return nil
}
