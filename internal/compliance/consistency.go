package compliance

import "fmt"

// Warnings name contradictions between the status, the audit answers and the
// maturity of a control. They are warnings, not errors: the combination is
// saved (answers are often updated after the status, and refusing would block
// the afdeling), but the page and the flash say it plainly, so the CISO sees
// it before marking the change as reviewed.
func Warnings(status Status, opzet, bestaan, werking Answer, maturity int) []string {
	if status == NotApplicable {
		return nil
	}
	var out []string
	if status == Implemented && opzet == No && bestaan == No && werking == No {
		out = append(out, "De status is ‘Geïmplementeerd’, maar opzet, bestaan en werking zijn alle drie ‘Nee’. Controleer de status of de antwoorden.")
	}
	if maturity >= 4 && (opzet == No || bestaan == No || werking == No) {
		out = append(out, fmt.Sprintf("Volwassenheidsniveau %s past niet bij ‘Nee’ voor opzet, bestaan of werking. Controleer het niveau of de antwoorden.", MaturityLabel(maturity)))
	}
	return out
}

// Warnings are the contradictions in the stored state of c (see Warnings).
func (c Control) Warnings() []string {
	return Warnings(c.Status, c.Opzet, c.Bestaan, c.Werking, c.Maturity)
}

// Warnings are the contradictions in the input (see Warnings).
func (in Input) Warnings() []string {
	if !in.Applicable {
		return nil
	}
	return Warnings(in.Status, in.Opzet, in.Bestaan, in.Werking, in.Maturity)
}
