// Package supplier is the register of suppliers and ketenpartners (BIO2
// 5.19–5.22): who delivers which services and applications, the
// verwerkersovereenkomsten with them and their assurance reports, and which
// of those have expired or expire soon.
package supplier

import (
	"net/mail"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/enum"
	"github.com/baken-nl/baken/internal/nl"
)

// Kind tells a supplier from a ketenpartner (a partner in the chain: a GGD,
// a werkplein, a gemeenschappelijke regeling).
type Kind string

// The kinds of supplier.
const (
	Leverancier  Kind = "leverancier"
	Ketenpartner Kind = "ketenpartner"
)

// KindSet holds the kinds in display order.
var KindSet = enum.Of(
	enum.V[Kind](Leverancier, "Leverancier", "neutral"),
	enum.V[Kind](Ketenpartner, "Ketenpartner", "info"),
)

// Label is the Dutch label of the kind.
func (k Kind) Label() string { return KindSet.Label(k) }

// ReportKind is the type of an assurance report.
type ReportKind string

// ReportKindSet holds the report types in display order.
var ReportKindSet = enum.Of(
	enum.V[ReportKind]("isae3402", "ISAE 3402", ""),
	enum.V[ReportKind]("soc2", "SOC 2", ""),
	enum.V[ReportKind]("iso27001", "ISO 27001-certificaat", ""),
	enum.V[ReportKind]("tpm", "TPM (third-party mededeling)", ""),
	enum.V[ReportKind]("overig", "Overig", ""),
)

// Label is the Dutch label of the report type.
func (k ReportKind) Label() string { return ReportKindSet.Label(k) }

// SoonDays is the window of "verloopt binnenkort": an agreement or report
// whose expiry date lies within this many days from today.
const SoonDays = 90

// Expiry is the state of an expiry date relative to today.
type Expiry string

// The expiry states.
const (
	NoExpiry Expiry = ""       // no expiry date (an agreement for an indefinite term)
	Valid    Expiry = "geldig" // expires after the window
	Soon     Expiry = "binnenkort"
	Expired  Expiry = "verlopen" // the expiry date has passed
)

// ExpiryOf classifies an expiry date: expired when it lies before today,
// soon when it lies within SoonDays from today (inclusive).
func ExpiryOf(expires *time.Time, today time.Time) Expiry {
	switch {
	case expires == nil:
		return NoExpiry
	case expires.Before(today):
		return Expired
	case !expires.After(today.AddDate(0, 0, SoonDays)):
		return Soon
	}
	return Valid
}

// Label is the Dutch label of the state.
func (e Expiry) Label() string {
	switch e {
	case Valid:
		return "Geldig"
	case Soon:
		return "Verloopt binnenkort"
	case Expired:
		return "Verlopen"
	}
	return "Geen einddatum"
}

// Tone is the badge tone of the state.
func (e Expiry) Tone() string {
	switch e {
	case Valid:
		return "ok"
	case Soon:
		return "warn"
	case Expired:
		return "danger"
	}
	return "neutral"
}

// Input is the supplier form.
type Input struct {
	Name         string `json:"naam"`
	Kind         Kind   `json:"soort"`
	Services     string `json:"diensten,omitempty"`
	ContactName  string `json:"contactpersoon,omitempty"`
	ContactEmail string `json:"email,omitempty"`
	ContactPhone string `json:"telefoon,omitempty"`
	Notes        string `json:"toelichting,omitempty"`
	Version      int    `json:"-"`
}

// Validate checks the input on its own (trimming it), before any database access.
func (in *Input) Validate() apperr.Validation {
	in.Name, in.Services, in.Notes = strings.TrimSpace(in.Name), strings.TrimSpace(in.Services), strings.TrimSpace(in.Notes)
	in.ContactName, in.ContactEmail, in.ContactPhone = strings.TrimSpace(in.ContactName), strings.TrimSpace(in.ContactEmail), strings.TrimSpace(in.ContactPhone)
	v := apperr.Validation{}
	v.NamedLine("name", in.Name, "de naam", true, 200)
	if !KindSet.Valid(in.Kind) {
		v.Add("kind", "Kies of dit een leverancier of een ketenpartner is.")
	}
	v.Named("services", in.Services, "de geleverde diensten", false, 4000)
	v.NamedLine("contact_name", in.ContactName, "de naam van de contactpersoon", false, 200)
	v.NamedLine("contact_email", in.ContactEmail, "het e-mailadres", false, 254)
	if in.ContactEmail != "" && v["contact_email"] == "" {
		if a, err := mail.ParseAddress(in.ContactEmail); err != nil || a.Address != in.ContactEmail || !strings.Contains(a.Address[strings.LastIndex(a.Address, "@")+1:], ".") {
			v.Add("contact_email", "Vul een geldig e-mailadres in, bijvoorbeeld servicedesk@leverancier.nl.")
		}
	}
	v.NamedLine("contact_phone", in.ContactPhone, "het telefoonnummer", false, 50)
	if in.ContactPhone != "" && v["contact_phone"] == "" && strings.Trim(in.ContactPhone, "0123456789+-() ") != "" {
		v.Add("contact_phone", "Een telefoonnummer bevat alleen cijfers, spaties en + - ( ).")
	}
	v.Named("notes", in.Notes, "de toelichting", false, 4000)
	return v
}

// AgreementInput is the form of a verwerkersovereenkomst (without the file).
type AgreementInput struct {
	SignedOn  string `json:"ondertekend"`
	ExpiresOn string `json:"einddatum,omitempty"`
	Notes     string `json:"toelichting,omitempty"`
	Version   int    `json:"-"`
}

// Validate checks the input on its own.
func (in *AgreementInput) Validate() apperr.Validation {
	in.SignedOn, in.ExpiresOn, in.Notes = strings.TrimSpace(in.SignedOn), strings.TrimSpace(in.ExpiresOn), strings.TrimSpace(in.Notes)
	v := apperr.Validation{}
	signed := checkDate(v, "signed_on", in.SignedOn, "De datum van ondertekening", true)
	expires := checkDate(v, "expires_on", in.ExpiresOn, "De einddatum", false)
	// An agreement not yet signed is no agreement: it would replace the one in force.
	if signed != nil && signed.After(nl.Date(time.Now())) {
		v.Add("signed_on", "De datum van ondertekening ligt in de toekomst. Leg een overeenkomst vast als die is ondertekend.")
	}
	if signed != nil && expires != nil && expires.Before(*signed) {
		v.Add("expires_on", "De einddatum ligt vóór de datum van ondertekening.")
	}
	v.Named("notes", in.Notes, "de toelichting", false, 4000)
	return v
}

// dates are the parsed dates of a valid input.
func (in AgreementInput) dates() (signed time.Time, expires *time.Time) {
	signed, _ = nl.ParseDate(in.SignedOn)
	return signed, optDate(in.ExpiresOn)
}

// ReportInput is the form of an assurance report (without the file).
type ReportInput struct {
	Kind       ReportKind `json:"soort"`
	PeriodFrom string     `json:"periode_van,omitempty"`
	PeriodTo   string     `json:"periode_tot,omitempty"`
	ExpiresOn  string     `json:"geldig_tot"`
	Notes      string     `json:"toelichting,omitempty"`
	Version    int        `json:"-"`
}

// Validate checks the input on its own.
func (in *ReportInput) Validate() apperr.Validation {
	in.PeriodFrom, in.PeriodTo, in.ExpiresOn, in.Notes = strings.TrimSpace(in.PeriodFrom), strings.TrimSpace(in.PeriodTo), strings.TrimSpace(in.ExpiresOn), strings.TrimSpace(in.Notes)
	v := apperr.Validation{}
	if !ReportKindSet.Valid(in.Kind) {
		v.Add("kind", "Kies het soort rapport.")
	}
	from := checkDate(v, "period_from", in.PeriodFrom, "Het begin van de periode", false)
	to := checkDate(v, "period_to", in.PeriodTo, "Het einde van de periode", false)
	if from != nil && to != nil && to.Before(*from) {
		v.Add("period_to", "Het einde van de periode ligt vóór het begin.")
	}
	checkDate(v, "expires_on", in.ExpiresOn, "De vervaldatum", true)
	v.Named("notes", in.Notes, "de toelichting", false, 4000)
	return v
}

func checkDate(v apperr.Validation, field, value, label string, required bool) *time.Time {
	if value == "" {
		if required {
			v.Add(field, label+": vul een datum in.")
		}
		return nil
	}
	d, ok := nl.ParseDate(value)
	if !ok || d.Year() < 1900 || d.Year() > 2200 {
		v.Add(field, nl.InvalidDate(label))
		return nil
	}
	return &d
}

func optDate(s string) *time.Time {
	if d, ok := nl.ParseDate(s); ok {
		return &d
	}
	return nil
}
