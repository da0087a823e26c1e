package risk

// Threat is an entry of the threat catalogue Baken ships: a common threat to
// a gemeente's information, in our own words, with the incident categories
// (the IBD taxonomy, see docs/gebruikershandleiding-risicoanalyse.md) in
// which it shows up when it happens. An incident of one of those categories
// flags the risks with this threat for review.
type Threat struct {
	Code        string
	Name        string
	Explanation string
	Aspects     [3]bool // the aspects it usually touches: B, I, V
	Categories  []string
}

// Incident categories of the IBD taxonomy (the incidents domain keeps them as
// data with their subcategories; these are their codes).
const (
	CatAvailability = "beschikbaarheid"
	CatFraud        = "fraude"
	CatInfosec      = "informatiebeveiliging"
	CatContent      = "malafide-inhoud"
	CatMalware      = "malware"
	CatIntrusionTry = "inbraakpoging"
	CatIntrusion    = "geslaagde-inbraak"
	CatGathering    = "informatieverzameling"
)

// Threats is the catalogue, in display order. Codes are stable: risks store
// the code, so a threat may be renamed but never renumbered.
var Threats = []Threat{
	{"D01", "Phishing en gestolen inloggegevens", "Een medewerker geeft inloggegevens af op een nagemaakte pagina of in een e-mail; de aanvaller logt in als die medewerker.",
		[3]bool{false, true, true}, []string{CatGathering, CatIntrusion}},
	{"D02", "Ransomware", "Kwaadaardige software versleutelt bestanden of systemen en de aanvaller eist losgeld; vaak worden ook gegevens buitgemaakt.",
		[3]bool{true, true, true}, []string{CatMalware, CatIntrusion}},
	{"D03", "Andere malware", "Virussen, spyware of een besmette bijlage die gegevens doorstuurt of systemen ontregelt.",
		[3]bool{true, true, true}, []string{CatMalware}},
	{"D04", "Misbruik van een kwetsbaarheid", "Een aanvaller gebruikt een bekende, niet gedichte zwakke plek in software die vanaf internet bereikbaar is.",
		[3]bool{true, true, true}, []string{CatIntrusionTry, CatIntrusion}},
	{"D05", "Onbevoegde toegang door een medewerker", "Iemand binnen de organisatie bekijkt of wijzigt gegevens waarvoor hij geen toestemming of werkreden heeft.",
		[3]bool{false, true, true}, []string{CatInfosec, CatFraud}},
	{"D06", "Te ruime of verouderde rechten", "Accounts van vertrokken medewerkers of rechten die na een functiewissel blijven bestaan.",
		[3]bool{false, true, true}, []string{CatInfosec}},
	{"D07", "Verkeerd verzonden of gepubliceerd", "Gegevens gaan per ongeluk naar de verkeerde ontvanger of komen op de website of in een openbaar stuk.",
		[3]bool{false, false, true}, []string{CatInfosec}},
	{"D08", "Verlies of diefstal van een apparaat of document", "Een laptop, telefoon, USB-stick of papieren dossier raakt kwijt of wordt gestolen.",
		[3]bool{true, false, true}, []string{CatInfosec}},
	{"D09", "Uitval van een leverancier of clouddienst", "De dienst van een leverancier is niet beschikbaar, door een storing, faillissement of een aanval bij de leverancier.",
		[3]bool{true, false, false}, []string{CatAvailability}},
	{"D10", "Datalek bij een leverancier of ketenpartner", "Gegevens die de gemeente deelt of laat verwerken lekken bij de andere partij.",
		[3]bool{false, false, true}, []string{CatInfosec, CatIntrusion}},
	{"D11", "Overbelastingsaanval (DDoS)", "Websites of digitale diensten worden onbereikbaar gemaakt door een vloed aan verkeer.",
		[3]bool{true, false, false}, []string{CatAvailability}},
	{"D12", "Sabotage of fysieke schade", "Opzettelijke beschadiging, brand, water of stroomuitval in een gebouw of serverruimte.",
		[3]bool{true, true, false}, []string{CatAvailability}},
	{"D13", "Fouten bij invoer of verwerking", "Gegevens worden onjuist ingevoerd, gekoppeld of berekend, waardoor besluiten op verkeerde informatie rusten.",
		[3]bool{false, true, false}, []string{CatInfosec}},
	{"D14", "Fraude met gegevens of middelen", "Misbruik van systemen of identiteitsgegevens voor eigen gewin, zoals uitkeringsfraude of identiteitsfraude.",
		[3]bool{false, true, true}, []string{CatFraud}},
	{"D15", "Mislukte wijziging of update", "Een wijziging in software of configuratie zonder goede test of terugvaloptie legt een systeem stil of beschadigt gegevens.",
		[3]bool{true, true, false}, []string{CatAvailability, CatInfosec}},
	{"D16", "Geen werkende back-up of herstel", "Na een storing of aanval blijkt de back-up onvolledig of duurt herstel veel langer dan het proces kan missen.",
		[3]bool{true, true, false}, []string{CatAvailability}},
	{"D17", "Social engineering aan de telefoon of balie", "Iemand doet zich voor als collega, burger of leverancier en krijgt zo gegevens of een wijziging voor elkaar.",
		[3]bool{false, true, true}, []string{CatGathering, CatFraud}},
	{"D18", "Afluisteren of onderscheppen", "Gegevens worden onderweg meegelezen, bijvoorbeeld via een onbeveiligde verbinding of een openbaar wifi-netwerk.",
		[3]bool{false, false, true}, []string{CatGathering}},
	{"D19", "Kwaadaardige of ongewenste inhoud", "Spam, haatberichten of inbreuk op auteursrecht via de kanalen van de gemeente.",
		[3]bool{false, true, false}, []string{CatContent}},
	{"D20", "Afhankelijkheid van één persoon", "Kennis van een systeem of proces zit bij één medewerker; bij ziekte of vertrek stokt het werk.",
		[3]bool{true, false, false}, nil},
}

// ThreatByCode finds a threat of the catalogue.
func ThreatByCode(code string) (Threat, bool) {
	for _, t := range Threats {
		if t.Code == code {
			return t, true
		}
	}
	return Threat{}, false
}

// ThreatCodesFor lists the codes of the threats that show up as incidents of
// a category: what an incident of that category flags in the register.
func ThreatCodesFor(category string) []string {
	var out []string
	for _, t := range Threats {
		for _, c := range t.Categories {
			if c == category {
				out = append(out, t.Code)
				break
			}
		}
	}
	return out
}
