// Package enum gives every closed set of values (statuses, priorities,
// answers, hosting models, roles) one shape: the values in display order, a
// Dutch label each, a badge tone each when it has one. Domain types keep
// their own named string type and delegate Label to their set; views build
// select options from Values.
package enum

import "slices"

// Value is one member of a set.
type Value[T ~string] struct {
	Value T
	Label string // Dutch
	Tone  string // badge tone: ok, info, warn, danger, neutral ("" when unused)
}

// Set is the closed set of values of type T, in display order.
type Set[T ~string] struct{ values []Value[T] }

// Of builds a set; the order of vs is the display order.
func Of[T ~string](vs ...Value[T]) Set[T] { return Set[T]{values: vs} }

// Values lists the members in display order.
func (s Set[T]) Values() []T {
	out := make([]T, len(s.values))
	for i, v := range s.values {
		out[i] = v.Value
	}
	return out
}

// Members lists the members with their labels and tones.
func (s Set[T]) Members() []Value[T] { return slices.Clone(s.values) }

// Valid reports whether v is a member.
func (s Set[T]) Valid(v T) bool {
	return slices.ContainsFunc(s.values, func(x Value[T]) bool { return x.Value == v })
}

// Label is v's Dutch label; an unknown value is shown as it is.
func (s Set[T]) Label(v T) string {
	for _, x := range s.values {
		if x.Value == v {
			return x.Label
		}
	}
	return string(v)
}

// Tone is v's badge tone, fallback for an unknown value.
func (s Set[T]) Tone(v T, fallback string) string {
	for _, x := range s.values {
		if x.Value == v && x.Tone != "" {
			return x.Tone
		}
	}
	return fallback
}

// V is a member with its label and badge tone ("" when the set has no badges).
func V[T ~string](value T, label, tone string) Value[T] {
	return Value[T]{Value: value, Label: label, Tone: tone}
}

// Pair is a plain string value with its Dutch label: the lists of the
// domains whose values are untyped strings (incident, privacy, risk) hold
// them, in display order.
type Pair = struct{ Value, Label string }

// Lookup finds v's label in list.
func Lookup(list []Pair, v string) (label string, ok bool) {
	for _, p := range list {
		if p.Value == v {
			return p.Label, true
		}
	}
	return "", false
}

// LabelIn is v's label in list; an unknown value is shown as it is.
func LabelIn(list []Pair, v string) string {
	if l, ok := Lookup(list, v); ok {
		return l
	}
	return v
}

// In reports whether v is a value of list.
func In(list []Pair, v string) bool {
	_, ok := Lookup(list, v)
	return ok
}
