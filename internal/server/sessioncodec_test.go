package server

import (
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

func TestSessionCodecKeepsTypesAndReadsOldSessions(t *testing.T) {
	deadline := time.Date(2026, 12, 2, 8, 0, 0, 123, time.UTC)
	in := map[string]any{"user_id": int64(7), "flash": "Opgeslagen ✓"}
	b, err := sessionCodec{}.Encode(deadline, in)
	if err != nil {
		t.Fatal(err)
	}
	d, out, err := sessionCodec{}.Decode(b)
	if err != nil || !d.Equal(deadline) || out["user_id"] != int64(7) || out["flash"] != "Opgeslagen ✓" {
		t.Fatalf("round trip: %v %v %v", d, out, err)
	}
	if _, err := (sessionCodec{}).Encode(deadline, map[string]any{"x": 1.5}); err == nil {
		t.Error("a float was accepted")
	}
	old, err := scs.GobCodec{}.Encode(deadline, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, out, err := (sessionCodec{}).Decode(old); err != nil || out["user_id"] != int64(7) {
		t.Errorf("gob session of an earlier version: %v %v", out, err)
	}
}
