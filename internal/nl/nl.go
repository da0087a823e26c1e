// Package nl holds what is Dutch about time in Baken: every organisation works
// in Europe/Amsterdam, dates are calendar days there, and users read
// dd-mm-jjjj. The zone database is linked in, so this works on any machine.
package nl

import (
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Amsterdam even where the system has no zone files
)

// Amsterdam is the time zone of every organisation.
var Amsterdam = mustZone("Europe/Amsterdam")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("time zone " + name + ": " + err.Error()) // cannot happen with time/tzdata linked in
	}
	return loc
}

// Local is t in Amsterdam.
func Local(t time.Time) time.Time { return t.In(Amsterdam) }

// Date is the calendar day of t in Amsterdam, as midnight UTC — the form pgx
// gives a date column — so dates from the database and "today" compare by day.
func Date(t time.Time) time.Time {
	y, m, d := t.In(Amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDate reads a calendar date as users enter it: the value of a browser's
// date input (yyyy-mm-dd) or typed Dutch notation, dd-mm-jjjj or d-m-jjjj.
// Surrounding spaces are ignored. The result is midnight UTC, like Date.
// Every date field of the portal uses it, so they all accept the same input.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2-1-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// DateValue is s as the value of an <input type=date>: yyyy-mm-dd when s is a
// date ParseDate reads, else s unchanged (so the form can show it again).
func DateValue(s string) string {
	if t, ok := ParseDate(s); ok {
		return t.Format("2006-01-02")
	}
	return s
}

// InvalidDate is the message for a date field that ParseDate cannot read;
// it names the field, because a form can have several dates.
func InvalidDate(label string) string {
	return label + ": vul een geldige datum in als dd-mm-jjjj, bijvoorbeeld 31-12-2026."
}

// Count is n with the singular or the plural noun: "1 incident",
// "3 incidenten", "0 incidenten".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Verb is the singular or plural form of a verb for n things: "is"/"zijn".
func Verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
