package risk

import "testing"

func TestDefaultMatrix(t *testing.T) {
	m := DefaultMatrix()
	if err := m.Validate(); err != nil {
		t.Fatalf("default matrix invalid: %v", err)
	}
	cases := []struct{ k, i, want int }{{1, 1, 1}, {2, 2, 1}, {1, 5, 2}, {3, 3, 2}, {2, 5, 3}, {4, 4, 3}, {4, 5, 4}, {5, 5, 4}, {0, 3, 0}, {6, 1, 0}}
	for _, c := range cases {
		if got := m.LevelOf(c.k, c.i); got != c.want {
			t.Errorf("LevelOf(%d, %d) = %d, want %d", c.k, c.i, got, c.want)
		}
	}
	if m.LevelName(4) != "Kritiek" || m.LevelName(0) != "" || m.Highest() != 4 {
		t.Errorf("level names wrong: %q %q %d", m.LevelName(4), m.LevelName(0), m.Highest())
	}
}

func TestMatrixValidateRefusesFallingLevels(t *testing.T) {
	m := DefaultMatrix()
	m.Cells[4][4] = 1
	if m.Validate() == nil {
		t.Fatal("a matrix whose highest cell is the lowest level was accepted")
	}
	m = DefaultMatrix()
	m.Levels[0].Colour = "red"
	if m.Validate() == nil {
		t.Fatal("a colour that is not #rrggbb was accepted")
	}
}

func TestParseMatrixEmptyIsDefault(t *testing.T) {
	m, err := ParseMatrix(nil)
	if err != nil || len(m.Levels) != 4 {
		t.Fatalf("ParseMatrix(nil) = %v, %v", m, err)
	}
}
