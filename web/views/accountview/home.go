package accountview

import (
	"strconv"
	"strings"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/org"
)

// HomeView is what the home page shows: the structure counts, the BIO work of
// the CISO or the afdeling, and whom to ask for access.
type HomeView struct {
	Counts org.Counts
	// BIO: show the BIO work; OnlyMine: counted for the user's own
	// afdelingen (the lists' mijn=1), else for the whole organisation.
	BIO, OnlyMine  bool
	Work           compliance.Work
	Plan           bool // show the overdue actions
	OverdueActions int  // open actions of the user or their afdelingen past their deadline
	Contacts       bool // the user sees no other section: say whom to ask
	Beheerders     []org.Contact
	ReportIncident bool // offer "Incident melden"
	// Decisions: directie and college see how many risks wait for their
	// decision; Advice: the FG sees the DPIAs waiting for advice and the
	// open datalekken without an AP decision.
	Decisions, Advice                   bool
	DecisionsWaiting                    int
	AwaitingAdvice, UndecidedDatalekken int
	// NoStructure: the organisation has no afdelingen yet, shown to who sees
	// the structure; CanEditStructure offers to add the first.
	NoStructure, CanEditStructure bool
}

// WorkLink is one count of the home page and the list it links to.
type WorkLink struct {
	Label, Href, Text string
	Count             int
}

// WorkLinks are the BIO counts of the home page with their lists; every link
// carries the filter the count used.
func (v HomeView) WorkLinks() []WorkLink {
	mine := ""
	if v.OnlyMine {
		mine = "&mijn=1"
	}
	links := []WorkLink{
		{"Te beoordelen", "/bio?beoordeling=te" + mine, "Wijzigingen van afdelingen die wachten op de beoordeling door de CISO.", v.Work.ToReview},
		{"Herbeoordeling te laat", "/bio/gap?" + strings.TrimPrefix(mine, "&") + "#gap-te-laat", "Maatregelen waarvan de datum van de volgende beoordeling voorbij is.", v.Work.ReviewOverdue},
	}
	if !v.OnlyMine {
		links = append(links, WorkLink{"Zonder eigenaar", "/bio?afdeling=geen", "Maatregelen waaraan nog geen afdeling is toegewezen.", v.Work.NoOwner})
	}
	if v.Work.Target > 0 {
		links = append(links, WorkLink{"Onder de ambitie", "/bio?niveau=onder" + mine,
			"Toepasselijke maatregelen onder het ambitieniveau " + strconv.Itoa(v.Work.Target) + " (of nog niet bepaald).", v.Work.BelowAmbition})
	}
	if v.Plan {
		links = append(links, WorkLink{"Mijn acties te laat", "/plan?te_laat=1&mijn=1",
			"Acties van u of uw afdeling waarvan de deadline voorbij is en die nog niet gereed zijn.", v.OverdueActions})
	}
	return links
}
