package risk

import (
	"os"
	"strings"
	"testing"
)

// categoryLabels are the Dutch names of the incident categories in the user guide.
var categoryLabels = map[string]string{
	CatAvailability: "Beschikbaarheid", CatFraud: "Fraude", CatInfosec: "Informatiebeveiliging", CatContent: "Malafide inhoud",
	CatMalware: "Malware", CatIntrusionTry: "Inbraakpoging", CatIntrusion: "Geslaagde inbraak", CatGathering: "Informatieverzameling",
}

// TestThreatCatalogueInGuide: the table of the threat catalogue in the user
// guide lists every threat with its aspects and incident categories.
func TestThreatCatalogueInGuide(t *testing.T) {
	b, err := os.ReadFile("../../docs/gebruikershandleiding-risicoanalyse.md")
	if err != nil {
		t.Fatal(err)
	}
	guide := string(b)
	for _, th := range Threats {
		var aspects, cats []string
		for i, a := range []string{"B", "I", "V"} {
			if th.Aspects[i] {
				aspects = append(aspects, a)
			}
		}
		for _, c := range th.Categories {
			label, ok := categoryLabels[c]
			if !ok {
				t.Fatalf("%s: category %q has no Dutch name", th.Code, c)
			}
			cats = append(cats, label)
		}
		c := strings.Join(cats, ", ")
		if c == "" {
			c = "— (geen incidentcategorie)"
		}
		row := "| " + th.Code + " | " + th.Name + " | " + strings.Join(aspects, ", ") + " | " + c + " |"
		if !strings.Contains(guide, row) {
			t.Errorf("the guide lacks the row %s", row)
		}
	}
}
