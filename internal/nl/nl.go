// Package nl holds what is Dutch about time in Baken: every organisation works
// in Europe/Amsterdam, dates are calendar days there, and users read
// dd-mm-jjjj. The zone database is linked in, so this works on any machine.
package nl

import (
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
