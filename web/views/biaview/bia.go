package biaview

import (
	"strconv"
	"strings"

	"github.com/baken-nl/baken/internal/bia"
	"github.com/baken-nl/baken/internal/links"
	"github.com/baken-nl/baken/internal/org"
	"github.com/baken-nl/baken/internal/privacy"
	"github.com/baken-nl/baken/web/layout"
)

// BIAProcessView is the read-only process page.
type BIAProcessView struct {
	Process    org.Process
	CanEdit    bool // the process itself (EditStructure)
	CanViewBIA bool
	// CanStartAnalysis: a risk analysis of this process may be started (EditRisks in its afdeling).
	CanStartAnalysis bool
	BIA              bia.ProcessBIA
	Linked           []links.Target
	Applications     []org.Option
}

// BIAApplicationView is the read-only application page.
type BIAApplicationView struct {
	Application org.Application
	CanEdit     bool
	CanViewBIA  bool
	// CanStartAnalysis: a risk analysis of this application may be started.
	CanStartAnalysis bool
	Class            bia.ApplicationClass
	Linked           []links.Target
}

// BIAForm is the state of the BIA form of a process.
type BIAForm struct {
	BIA     bia.ProcessBIA
	Input   bia.Input
	Form    layout.Form
	Current *bia.ProcessBIA // the stored version after a conflict
}

// BIAOverrideForm is the state of an application's override form.
type BIAOverrideForm struct {
	Class   bia.ApplicationClass
	Input   bia.OverrideInput
	Form    layout.Form
	Current *bia.ApplicationClass
}

// BIASettingsView is the settings page with the state of its forms.
type BIASettingsView struct {
	Settings  bia.Settings
	Scales    bia.ScaleInput
	ScaleForm layout.Form
	NewArea   bia.AreaInput
	AreaForm  layout.Form
}

// BIAAreaForm is the edit form of one impact area.
type BIAAreaForm struct {
	ID      int64
	Name    string // the stored name, for the heading
	Input   bia.AreaInput
	Form    layout.Form
	Current *bia.Area
}

func biaLevelOptions(s bia.Scale) []layout.Option {
	out := make([]layout.Option, len(s.Levels))
	for i, l := range s.Levels {
		out[i] = layout.Option{Value: strconv.Itoa(l.Rank), Label: l.Name}
	}
	return out
}

func biaRank(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func biaBBN(n int) string {
	if n == 0 {
		return "–"
	}
	return "BBN" + strconv.Itoa(n)
}

func biaYesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}

// biaLevelAt is the name of level rank of an edited scale (for the form).
func biaLevelAt(s bia.Scale, rank int) (name string, bbn int) {
	if rank <= len(s.Levels) {
		return s.Levels[rank-1].Name, s.Levels[rank-1].BBN
	}
	return "", 0
}

var biaRanks = []int{1, 2, 3, 4, 5}

var biaBBNOptions = []layout.Option{{Value: "1", Label: "BBN1"}, {Value: "2", Label: "BBN2"}, {Value: "3", Label: "BBN3"}}

func biaAnswer(in bia.Input, i int, areaID int64) string {
	if in.Answers[i] == nil {
		return ""
	}
	return biaRank(in.Answers[i][areaID])
}

// biaScaleText is "laag (BBN1) / midden (BBN2) / hoog (BBN3)".
func biaScaleText(s bia.Scale) string {
	var b strings.Builder
	for i, l := range s.Levels {
		if i > 0 {
			b.WriteString(" / ")
		}
		b.WriteString(l.Name + " (BBN" + strconv.Itoa(l.BBN) + ")")
	}
	return b.String()
}

// setByLinks are the processes that set an aspect's level, as links.
func setByLinks(ss []bia.Source) []layout.Link {
	out := make([]layout.Link, len(ss))
	for i, s := range ss {
		out[i] = layout.Link{Href: layout.IDURL("/processen", s.ProcessID), Text: s.ProcessName}
	}
	return out
}

// specialNote is ", ook bijzondere persoonsgegevens" when special categories
// are processed.
func specialNote(special bool) string {
	if special {
		return ", ook bijzondere persoonsgegevens"
	}
	return ""
}

// DPIAs are the DPIAs that cover the process, among what links to it.
func (v BIAProcessView) DPIAs() []links.Target {
	var out []links.Target
	for _, t := range v.Linked {
		if t.Kind == privacy.KindDPIA {
			out = append(out, t)
		}
	}
	return out
}

// dpiaLinks are DPIAs as links titled with their status: "DPIA Digitale
// verhuismelding (besloten)".
func dpiaLinks(ts []links.Target) []layout.Link {
	out := make([]layout.Link, len(ts))
	for i, t := range ts {
		out[i] = layout.Link{Href: t.Href(), Text: t.Title, Title: t.Label}
	}
	return out
}
