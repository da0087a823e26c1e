package report_test

import (
	"testing"
	"time"

	"github.com/baken-nl/baken/internal/report"
)

func TestFileNameAndSlug(t *testing.T) {
	t.Parallel()
	late := time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC) // already the 24th in the Netherlands
	if got := report.FileName("vvt", "Gemeente Súdwest-Fryslân", "BIO2", late, "xlsx"); got != "vvt-gemeente-sudwest-fryslan-bio2-2026-11-24.xlsx" {
		t.Errorf("file name %q", got)
	}
	for in, want := range map[string]string{"BIO1.04": "bio1-04", "  ": "export", "’s-Hertogenbosch": "s-hertogenbosch", "a/../b": "a-b"} {
		if got := report.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	if got := report.Decimal(2.45); got != "2,5" && got != "2,4" {
		t.Errorf("Decimal %q", got)
	}
}
