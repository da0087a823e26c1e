package supplierview

import (
	"time"

	"github.com/baken-nl/baken/internal/compliance"
	"github.com/baken-nl/baken/internal/listing"
	"github.com/baken-nl/baken/internal/supplier"
	"github.com/baken-nl/baken/web/layout"
)

// SupplierListView is the supplier list.
type SupplierListView struct {
	Page    supplier.ListPage
	Listing listing.Page
	Kind    string // the kind filter, "" for all
	CanEdit bool
}

// SupplierView is the supplier page.
type SupplierView struct {
	supplier.Detail
	CanEdit bool
}

// SupplierForm is the state of the supplier form.
type SupplierForm struct {
	ID      int64  // 0 for a new supplier
	Name    string // the stored name, for the heading
	Input   supplier.Input
	Form    layout.Form
	Current *supplier.Supplier // the stored version after a conflict
}

// DocumentForm is the state of the form of a supplier's document (a
// verwerkersovereenkomst or an assurance report): In is its input, D the
// stored document.
type DocumentForm[In, D any] struct {
	ID         int64 // 0 for a new document
	SupplierID int64
	Supplier   supplier.Supplier
	Input      In
	Stored     *D // the document being edited (its file)
	Current    *D // the stored version after a conflict
	Form       layout.Form
	Limit      int64
	FileLost   bool // a file was chosen but the form came back: choose it again
}

// AgreementForm is the state of a verwerkersovereenkomst form.
type AgreementForm = DocumentForm[supplier.AgreementInput, supplier.Agreement]

// ReportForm is the state of an assurance report form.
type ReportForm = DocumentForm[supplier.ReportInput, supplier.Report]

// SupplierKindOptions lists the supplier kinds.
func SupplierKindOptions() []layout.Option { return layout.EnumOptions(supplier.KindSet) }

// ReportKindOptions lists the report types.
func ReportKindOptions() []layout.Option { return layout.EnumOptions(supplier.ReportKindSet) }

func expiryBadge(e supplier.Expiry) string { return layout.Badge(e.Tone()) }

func supplierKindBadge(k supplier.Kind) string {
	return layout.Badge(supplier.KindSet.Tone(k, "neutral"))
}

func documentHint(limit int64, replace bool) string {
	h := "Optioneel. Toegestaan: " + compliance.AllowedTypesText + ". Maximaal " + compliance.FormatSize(limit) + "."
	if replace {
		h += " Een nieuw bestand vervangt het opgeslagen document; zonder bestand blijft het opgeslagen document staan."
	}
	return h
}

func sizeText(n int64) string { return compliance.FormatSize(n) }

// period is "01-01-2026 t/m 31-12-2026", with "–" for an open end.
func period(from, to *time.Time) string {
	if from == nil && to == nil {
		return "–"
	}
	return layout.Date(from) + " t/m " + layout.Date(to)
}

func fileLostMessage(lost bool) string {
	if lost {
		return "Het gekozen bestand is niet opgeslagen. Kies het bestand opnieuw."
	}
	return ""
}

func agreementAction(f AgreementForm) string {
	if f.ID == 0 {
		return layout.IDURL("/leveranciers", f.SupplierID) + "/overeenkomsten"
	}
	return layout.IDURL("/leveranciers/overeenkomsten", f.ID)
}

func reportAction(f ReportForm) string {
	if f.ID == 0 {
		return layout.IDURL("/leveranciers", f.SupplierID) + "/rapporten"
	}
	return layout.IDURL("/leveranciers/rapporten", f.ID)
}

func agreementExpiry(a *supplier.Agreement) string {
	if a.ExpiresOn == nil {
		return "onbepaalde tijd"
	}
	return layout.Date(a.ExpiresOn)
}
