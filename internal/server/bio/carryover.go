package bio

import (
	"fmt"
	"net/http"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/server/kit"
)

// CarryOver carries the organisation's BIO 1.04 statuses, owners and evidence
// over to the mapped BIO2 controls (CISO only) and reports the result on the
// control list.
func (h *Handlers) CarryOver(w http.ResponseWriter, r *http.Request) {
	res, err := h.bio.CarryOver(r.Context(), *kit.Principal(r))
	if err != nil {
		h.kit.Fail(w, r, err)
		return
	}
	h.kit.Flash(r.Context(), carryOverMessage(res))
	http.Redirect(w, r, "/bio?beoordeling=te", http.StatusSeeOther)
}

func carryOverMessage(res compliance.CarryOverResult) string {
	switch {
	case res.Carried == 0 && res.Skipped == 0:
		return "Er is niets overgenomen: er zijn geen BIO 1.04-maatregelen met een status."
	case res.Carried == 0:
		return fmt.Sprintf("Er is niets overgenomen: %s waarop de BIO 1.04-statussen aansluiten, %s al een status.",
			carryCount(res.Skipped, "de BIO2-maatregel", "alle %d BIO2-maatregelen"), compliance.Plural(res.Skipped, "had", "hadden"))
	}
	msg := fmt.Sprintf("%s overgenomen", carryCount(res.Carried, "1 maatregel", "%d maatregelen"))
	if res.Skipped > 0 {
		msg += fmt.Sprintf(", %d overgeslagen omdat %s al een status %s", res.Skipped, compliance.Plural(res.Skipped, "die", "ze"), compliance.Plural(res.Skipped, "had", "hadden"))
	}
	msg += fmt.Sprintf(", %s gekopieerd. Overgenomen maatregelen staan op ‘te beoordelen’.", carryCount(res.Evidence, "1 bewijsstuk", "%d bewijsstukken"))
	return msg
}

// carryCount formats n with the singular text for 1 and the plural format otherwise.
func carryCount(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf(many, n)
}
