package enum

import "testing"

type color string

func TestSet(t *testing.T) {
	s := Of(V[color]("rood", "Rood", "danger"), V[color]("groen", "Groen", ""))
	if got := s.Values(); len(got) != 2 || got[0] != "rood" {
		t.Errorf("values %v", got)
	}
	if s.Label("groen") != "Groen" || s.Label("blauw") != "blauw" {
		t.Error("labels")
	}
	if !s.Valid("rood") || s.Valid("blauw") {
		t.Error("valid")
	}
	if s.Tone("rood", "x") != "danger" || s.Tone("groen", "neutral") != "neutral" {
		t.Error("tones")
	}
}
