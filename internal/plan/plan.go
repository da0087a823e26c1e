// Package plan is the informatiebeveiligingsplan: the actions an organisation
// takes to improve its information security, with owner, deadline, status,
// priority, estimated cost and links to what they address (controls now;
// risks, incidents and audit findings later, see links.go).
package plan

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/baken-nl/baken/internal/enum"
	"github.com/baken-nl/baken/internal/nl"
)

// Status is the progress of an action.
type Status string

const (
	Planned    Status = "gepland"
	InProgress Status = "in_uitvoering"
	Done       Status = "gereed"
	Cancelled  Status = "vervallen"
)

// StatusSet holds the statuses in display order with labels and badge tones.
var StatusSet = enum.Of(
	enum.V[Status](Planned, "Gepland", "warn"),
	enum.V[Status](InProgress, "In uitvoering", "info"),
	enum.V[Status](Done, "Gereed", "ok"),
	enum.V[Status](Cancelled, "Vervallen", "neutral"),
)

// Statuses lists the statuses in display order.
var Statuses = StatusSet.Values()

// Label is the Dutch label.
func (s Status) Label() string { return StatusSet.Label(s) }

// Open reports whether the action still has to be done.
func (s Status) Open() bool { return s == Planned || s == InProgress }

// Priority is the urgency of an action.
type Priority string

const (
	Low    Priority = "laag"
	Medium Priority = "midden"
	High   Priority = "hoog"
)

// PrioritySet holds the priorities in display order, highest first.
var PrioritySet = enum.Of(
	enum.V[Priority](High, "Hoog", "danger"),
	enum.V[Priority](Medium, "Midden", "info"),
	enum.V[Priority](Low, "Laag", "neutral"),
)

// Label is the Dutch label.
func (p Priority) Label() string { return PrioritySet.Label(p) }

// Action is one action of the plan.
type Action struct {
	ID                  int64      `json:"id"`
	Title               string     `json:"title"`
	Description         string     `json:"description"`
	OwnerUserID         int64      `json:"owner_user_id"`
	OwnerUserName       string     `json:"-"`
	OwnerDepartmentID   int64      `json:"owner_department_id"`
	OwnerDepartmentName string     `json:"-"`
	DueDate             *time.Time `json:"due_date"`
	Status              Status     `json:"status"`
	Priority            Priority   `json:"priority"`
	EstimatedCost       *Money     `json:"estimated_cost"`
	Progress            int        `json:"progress"` // percent, reported by the owner
	ProgressNote        string     `json:"progress_note"`
	Version             int        `json:"-"`
	Links               []Link     `json:"links"`
}

// Overdue reports whether the deadline has passed while the action is still
// open: the due date lies before today (a date, the time of day is ignored).
func (a Action) Overdue(today time.Time) bool {
	if a.DueDate == nil || !a.Status.Open() {
		return false
	}
	return dateOf(*a.DueDate).Before(dateOf(today))
}

// LinksOf returns the action's links of one kind, in their display order.
func (a Action) LinksOf(kind string) []Link {
	var out []Link
	for _, l := range a.Links {
		if l.Kind == kind {
			out = append(out, l)
		}
	}
	return out
}

// TargetIDs returns the ids the action links to, per kind.
func (a Action) TargetIDs() map[string][]int64 {
	out := map[string][]int64{}
	for _, l := range a.Links {
		out[l.Kind] = append(out[l.Kind], l.TargetID)
	}
	return out
}

// ControlIDs are the ids of the linked controls and measures.
func (a Action) ControlIDs() []int64 { return a.TargetIDs()[KindControl] }

// ControlNumbers are the numbers of the linked controls and measures ("5.1", "8.5").
func (a Action) ControlNumbers() []string {
	var out []string
	for _, l := range a.LinksOf(KindControl) {
		out = append(out, l.Label)
	}
	return out
}

// OwnerText is the owner as shown in lists: the person, the afdeling or both.
func (a Action) OwnerText() string {
	switch {
	case a.OwnerUserName != "" && a.OwnerDepartmentName != "":
		return a.OwnerUserName + ", " + a.OwnerDepartmentName
	case a.OwnerUserName != "":
		return a.OwnerUserName
	}
	return a.OwnerDepartmentName
}

// Today is the date of t in Dutch local time, as midnight UTC (how dates from
// the database are represented), so it compares directly with due dates.
func Today(t time.Time) time.Time { return dateOf(t.In(nl.Amsterdam)) }

func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Money is an amount in euro cents.
type Money int64

// maxMoney is the largest amount numeric(12, 2) holds.
const maxMoney Money = 999_999_999_999

// String formats the amount the Dutch way: € 1.234,50.
func (m Money) String() string { return "€ " + m.Plain() }

// Plain formats the amount without the euro sign: 1.234,50.
func (m Money) Plain() string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	euros := strconv.FormatInt(int64(m/100), 10)
	var b strings.Builder
	for i, r := range euros {
		if i > 0 && (len(euros)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s%s,%02d", sign, b.String(), int64(m%100))
}

// Float is the amount in euros, for spreadsheets.
func (m Money) Float() float64 { return float64(m) / 100 }

// MarshalJSON writes the amount as a decimal number of euros (1234.50), so
// the audit trail reads naturally.
func (m Money) MarshalJSON() ([]byte, error) {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	return fmt.Appendf(nil, "%s%d.%02d", sign, int64(m/100), int64(m%100)), nil
}

// ParseMoney reads an amount in euros as people type it: Dutch notation
// ("1.234,50", "1234,5") or with a decimal point ("1234.50"), optionally with
// a euro sign and spaces. The empty string is no amount (nil).
func ParseMoney(s string) (*Money, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "€")
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return nil, nil
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	s = strings.TrimSuffix(s, ",-") // "1.250,-"
	intPart, frac := s, ""
	lastComma, lastDot := strings.LastIndex(s, ","), strings.LastIndex(s, ".")
	switch {
	case lastComma >= 0 && lastDot >= 0:
		// Both: the last one is the decimal separator, the other groups thousands.
		sep, group := ",", "."
		if lastDot > lastComma {
			sep, group = ".", ","
		}
		i := strings.LastIndex(s, sep)
		intPart, frac = s[:i], s[i+1:]
		if strings.Contains(intPart, sep) {
			return nil, errBadMoney
		}
		var ok bool
		if intPart, ok = ungroup(intPart, group); !ok {
			return nil, errBadMoney
		}
	case lastComma >= 0:
		// Dutch decimal comma.
		if strings.Count(s, ",") > 1 {
			return nil, errBadMoney
		}
		intPart, frac = s[:lastComma], s[lastComma+1:]
	case lastDot >= 0:
		// "1234.50" is a decimal point; "1.234" and "1.234.567" group thousands.
		if i := strings.Index(s, "."); i == lastDot && len(s)-lastDot-1 != 3 {
			intPart, frac = s[:lastDot], s[lastDot+1:]
		} else {
			var ok bool
			if intPart, ok = ungroup(s, "."); !ok {
				return nil, errBadMoney
			}
		}
	}
	if intPart == "" {
		intPart = "0"
	}
	if !digits(intPart) || !digits(frac) || len(frac) > 2 || len(intPart) > 12 {
		return nil, errBadMoney
	}
	for len(frac) < 2 {
		frac += "0"
	}
	euros, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return nil, errBadMoney
	}
	cents, _ := strconv.ParseInt(frac, 10, 64)
	m := Money(euros*100 + cents)
	if neg {
		m = -m
	}
	return &m, nil
}

var errBadMoney = fmt.Errorf("not an amount")

// ungroup removes thousands separators, checking the groups have three digits.
func ungroup(s, sep string) (string, bool) {
	parts := strings.Split(s, sep)
	for i, p := range parts {
		if (i == 0 && (p == "" || len(p) > 3)) || (i > 0 && len(p) != 3) {
			return "", false
		}
	}
	return strings.Join(parts, ""), true
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
