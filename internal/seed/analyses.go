package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/baken-nl/baken/internal/db"
	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/risk"
)

// demoAnalysis is one demo risk analysis. The subject is named: a process,
// application or supplier of the organisation (looked up by name), or the
// name of a project or theme. Days count back from the day the seed runs:
// 0 submitted means never submitted, 0 established never established. A
// concept with submitted days and a review comment was sent back by the CISO.
type demoAnalysis struct {
	title, kind, subject, department, scope string
	status                                  string
	ageDays, submittedDays, establishedDays int
	reviewComment                           string
	helpers                                 []string // e-mails
	risks                                   []demoRisk
}

// demoRisk is one risk of a demo analysis: a threat of the catalogue by
// code, in the catalogue's words or a concrete variant, scored kans × impact
// on the default matrix before and after treatment ({0, 0}: not scored yet).
type demoRisk struct {
	code, threat, description string
	inherent, residual        [2]int
	treatment, plan           string
	cost                      int // euros, 0: not estimated
	controls                  []string
	decision                  *demoDecision
	action                    *demoAction
}

// demoDecision accepts the residual risk: by the afdelingsmanager (within
// the appetite), the directie or the college.
type demoDecision struct {
	body                  string
	decidedDays, validFor int // days ago; days from today it stays valid
	rationale             string
}

// demoAction is a treatment action in the plan that addresses the risk.
type demoAction struct {
	title, status string
	dueDays       int
	progress      int
	cost          int
}

func catalogueRisk(code, description string, inherent, residual [2]int, treatment, plan string) demoRisk {
	t, _ := risk.ThreatByCode(code)
	return demoRisk{code: code, threat: t.Name, description: description, inherent: inherent, residual: residual, treatment: treatment, plan: plan}
}

// AnalysisDemoMarker is the title of the first demo analysis of the risk
// analyses: when it exists, the analyses of that organisation were seeded.
const AnalysisDemoMarker = "Risicoanalyse Bijstandsverlening"

var voorbeeldAnalyses = []demoAnalysis{
	{title: AnalysisDemoMarker, kind: risk.SubjectProcess, subject: "Bijstandsverlening", department: "Sociaal Domein",
		scope:  "Aanvraag, toekenning en heronderzoek van bijstandsuitkeringen, inclusief de raadpleging van Suwinet. Buiten de afbakening: re-integratie (Werkplein Regio).",
		status: risk.StatusEstablished, ageDays: 75, submittedDays: 68, establishedDays: 60, helpers: []string{"dspo@voorbeeld.nl"},
		reviewComment: "Vastgesteld. Neem bij de herziening de uitkomst van de logcontrole van het eerste halfjaar mee.",
		risks: []demoRisk{
			{code: "D05", threat: "Consulenten bekijken uitkeringsdossiers zonder werkreden", inherent: [2]int{4, 4}, residual: [2]int{2, 4},
				description: "Medewerkers kunnen alle dossiers openen, ook van bekenden of buren. Een inzage zonder werkreden wordt nu niet opgemerkt.",
				treatment:   "verminderen", plan: "Autorisatie per team, logging van elke inzage en een maandelijkse steekproef door de DSPO.", cost: 8000,
				controls: []string{"5.15", "8.3", "8.15"},
				decision: &demoDecision{body: "afdelingsmanager", decidedDays: 58, validFor: 305,
					rationale: "Restrisico midden valt binnen de risicobereidheid; de maandelijkse steekproef houdt het zicht op misbruik."}},
			{code: "D14", threat: "Uitkeringsfraude met valse of verzwegen gegevens", inherent: [2]int{3, 4}, residual: [2]int{3, 4},
				description: "Een aanvrager verzwijgt inkomen of samenwonen, of gebruikt andermans identiteit. De gemeente keert ten onrechte uit.",
				treatment:   "verminderen", plan: "Huisbezoeken bij twijfel en de vaste controle via Suwinet; een sluitende aanpak vraagt meer handhavers dan er nu zijn.",
				controls: []string{"5.16"},
				decision: &demoDecision{body: "directie", decidedDays: 45, validFor: 180,
					rationale: "Tijdelijk aanvaard: het college besluit bij de voorjaarsnota over uitbreiding van het team handhaving."}},
			catalogueRisk("D09", "Als Suwinet-Inkijk niet beschikbaar is, kan de inkomenstoets niet worden gedaan en lopen beslistermijnen op.",
				[2]int{3, 3}, [2]int{3, 3}, "accepteren", "Aanvragen worden een paar dagen aangehouden; de wettelijke termijn laat daar ruimte voor."),
		}},
	{title: "Risicoanalyse Suite Sociaal Domein", kind: risk.SubjectApplication, subject: "Suite Sociaal Domein", department: "Sociaal Domein",
		scope:  "De Suite Sociaal Domein als SaaS-dienst van Centric: Participatiewet, Wmo en jeugdhulp, met de koppelingen naar zorgaanbieders.",
		status: risk.StatusSubmitted, ageDays: 20, submittedDays: 9, helpers: []string{"dspo@voorbeeld.nl"},
		risks: []demoRisk{
			{code: "D10", threat: "Datalek bij Centric met gegevens over gezondheid en inkomen", inherent: [2]int{3, 5}, residual: [2]int{2, 5},
				description: "Een aanval of fout bij de leverancier maakt de gegevens van alle cliënten in het sociaal domein openbaar.",
				treatment:   "overdragen", plan: "Verwerkersovereenkomst met meldplicht binnen 24 uur, jaarlijkse ISAE 3402-verklaring en een cyberverzekering bij de leverancier.",
				cost: 2500, controls: []string{"5.19", "5.20", "5.22"}},
			{code: "D06", threat: "Rechten blijven bestaan na een overstap naar een ander team", inherent: [2]int{4, 3}, residual: [2]int{2, 3},
				description: "Een consulent die van Wmo naar jeugd gaat, houdt ook toegang tot de Wmo-dossiers.",
				treatment:   "verminderen", plan: "Rechten volgen het team in het IAM-systeem; elk halfjaar controleert de teamleider de rechtenlijst.",
				controls: []string{"5.18"},
				action:   &demoAction{title: "Halfjaarlijkse rechtenreview Suite Sociaal Domein invoeren", status: "in_uitvoering", dueDays: 75, progress: 40}},
			catalogueRisk("D15", "Een update van de leverancier verandert berekeningen of schermen zonder dat de gemeente dat vooraf kon testen.",
				[2]int{3, 3}, [2]int{2, 3}, "verminderen", "Releasenotes beoordelen en een testronde in de acceptatieomgeving vóór elke grote release."),
		}},
	{title: "Jeugdhulp: gegevensdeling met zorgaanbieders", kind: risk.SubjectProcess, subject: "Jeugdhulp", department: "Sociaal Domein",
		scope:  "Uitwisseling van toewijzingen en declaraties met zorgaanbieders via het berichtenverkeer en, bij uitzondering, per e-mail.",
		status: risk.StatusConcept, ageDays: 6,
		risks: []demoRisk{
			{code: "D07", threat: "Een jeugdhulpdossier wordt naar de verkeerde zorgaanbieder gemaild", inherent: [2]int{3, 4},
				description: "Bij spoedplaatsingen wordt buiten het berichtenverkeer om gemaild; een verkeerde ontvanger is snel gekozen."},
			{code: "D18", threat: "Berichten met zorggegevens worden onderweg meegelezen",
				description: "Nog uitzoeken welke aanbieders nog onversleuteld mailen."},
		}},
	{title: "Risicoanalyse Verkiezingen 2027", kind: risk.SubjectProcess, subject: "Verkiezingen", department: "Burgerzaken",
		scope:  "Voorbereiding, stemming, telling en vaststelling van de uitslag van de Provinciale Statenverkiezingen 2027.",
		status: risk.StatusSubmitted, ageDays: 30, submittedDays: 12,
		risks: []demoRisk{
			{code: "D13", threat: "Telfouten bij de invoer van de uitslagen in OSV2020", inherent: [2]int{3, 5}, residual: [2]int{2, 5},
				description: "Een verkeerd overgenomen proces-verbaal leidt tot een onjuiste uitslag en een hertelling; het vertrouwen in de verkiezing daalt.",
				treatment:   "verminderen", plan: "Dubbele invoer door twee medewerkers en een controle van de tellingen per stembureau vóór de zitting van het hoofdstembureau.",
				cost: 3000, controls: []string{"5.3", "8.9"}},
			{code: "D20", threat: "Alleen de verkiezingscoördinator kent het hele proces", inherent: [2]int{3, 4}, residual: [2]int{2, 4},
				description: "Valt de coördinator uit in de weken voor de verkiezing, dan weet niemand precies welke stappen nog moeten.",
				treatment:   "verminderen", plan: "Een tweede coördinator meenemen in de voorbereiding en het draaiboek bijwerken.", cost: 4000,
				action: &demoAction{title: "Tweede verkiezingscoördinator opleiden", status: "gepland", dueDays: 60, cost: 4000}},
			{code: "D11", threat: "Overbelastingsaanval op de website tijdens de uitslagenavond", inherent: [2]int{3, 3}, residual: [2]int{2, 2},
				description: "De voorlopige uitslagen zijn een tijd niet online te zien; burgers en pers bellen het stadhuis.",
				treatment:   "overdragen", plan: "De hostingpartij zet de DDoS-bescherming aan; de uitslagen staan ook op de site van de Kiesraad.",
				controls: []string{"8.20"}},
			catalogueRisk("D12", "Stroomuitval of brand in het stadhuis tijdens de centrale telling.",
				[2]int{2, 5}, [2]int{1, 5}, "verminderen", "Noodstroom voor de telruimte en een papieren terugvalprocedure in het draaiboek."),
		}},
	{title: "Risicoanalyse iBurgerzaken (BRP)", kind: risk.SubjectApplication, subject: "iBurgerzaken", department: "Burgerzaken",
		scope:  "Bijhouding van de BRP en de burgerlijke stand in iBurgerzaken, inclusief de balie en de digitale verhuismelding.",
		status: risk.StatusEstablished, ageDays: 420, submittedDays: 410, establishedDays: 400,
		risks: []demoRisk{
			{code: "D17", threat: "Identiteitsfraude aan de balie met een vals of geleend document", inherent: [2]int{3, 4}, residual: [2]int{3, 4},
				description: "Iemand schrijft zich met een look-alike-document in op een adres; de inschrijving wordt gebruikt voor fraude met toeslagen.",
				treatment:   "verminderen", plan: "Documentscanner aan elke balie en de training identiteitsfraude voor alle baliemedewerkers.",
				cost: 7500, controls: []string{"6.3", "5.16"},
				decision: &demoDecision{body: "directie", decidedDays: 390, validFor: 30,
					rationale: "Aanvaard tot de vervanging van de documentscanners; daarna opnieuw beoordelen."}},
			catalogueRisk("D06", "Accounts van vertrokken baliemedewerkers blijven actief in iBurgerzaken.",
				[2]int{3, 4}, [2]int{1, 4}, "verminderen", "Uitdienst via het IAM-systeem sluit ook het account in iBurgerzaken af."),
			{code: "D16", threat: "Herstel van de BRP-gegevens duurt langer dan een werkdag", inherent: [2]int{2, 4}, residual: [2]int{2, 3},
				description: "Na een storing bij de leverancier blijkt de laatste back-up niet volledig.",
				treatment:   "overdragen", plan: "Hersteltijd en hersteltest zijn vastgelegd in de SLA met de leverancier.", controls: []string{"8.13"}},
		}},
	{title: "Risicoanalyse Belastingsysteem", kind: risk.SubjectApplication, subject: "Belastingsysteem", department: "Belastingen",
		scope:  "Oplegging en invordering van de gemeentelijke belastingen en de kwijtschelding in het belastingsysteem van Gouw.",
		status: risk.StatusEstablished, ageDays: 80, submittedDays: 70, establishedDays: 62,
		risks: []demoRisk{
			{code: "D13", threat: "Foutieve aanslagen door een verkeerde koppeling met de WOZ-gegevens", inherent: [2]int{3, 4}, residual: [2]int{2, 3},
				description: "Een fout in de maandelijkse koppeling zet verkeerde waarden op de aanslag; duizenden bezwaren zijn het gevolg.",
				treatment:   "verminderen", plan: "Controlerun met een steekproef van 50 aanslagen vóór elke massale oplegging.", cost: 1500,
				controls: []string{"8.9"}},
			{code: "D17", threat: "Een beller laat het rekeningnummer van een belastingplichtige wijzigen", inherent: [2]int{3, 3}, residual: [2]int{2, 2},
				description: "Teruggaven worden overgemaakt naar de rekening van een oplichter.",
				treatment:   "verminderen", plan: "Wijzigingen van rekeningnummers alleen via het digitale loket met DigiD of na terugbellen.",
				controls: []string{"5.17"}},
			{code: "D09", threat: "Uitval van het belastingsysteem tijdens de jaarlijkse oplegging", inherent: [2]int{2, 4}, residual: [2]int{2, 4},
				description: "Valt de dienst van de leverancier in februari uit, dan schuift de oplegging op en komen de inkomsten later binnen.",
				treatment:   "accepteren", plan: "De oplegging kan een week later zonder gevolgen voor de begroting.",
				decision: &demoDecision{body: "afdelingsmanager", decidedDays: 60, validFor: 300,
					rationale: "Binnen de risicobereidheid: een week vertraging is te overzien."}},
		}},
	{title: "WOZ-waardering 2027", kind: risk.SubjectProcess, subject: "WOZ-waardering", department: "Belastingen",
		scope:  "Waardering van alle woningen en niet-woningen voor het belastingjaar 2027.",
		status: risk.StatusConcept, ageDays: 3,
		risks: []demoRisk{
			catalogueRisk("D20", "De taxateur die het modelmatig waarderen beheert, gaat in het voorjaar met pensioen.",
				[2]int{4, 3}, [2]int{2, 3}, "verminderen", "Kennisoverdracht aan twee collega's en het model beschrijven."),
			{code: "D13", threat: "Onjuiste objectgegevens in het taxatiesysteem", inherent: [2]int{3, 3},
				description: "Verbouwingen die niet in de BAG staan, geven een te lage waarde."},
		}},
	{title: "Risicoanalyse Omgevingsvergunningen", kind: risk.SubjectProcess, subject: "Omgevingsvergunningen", department: "Ruimte en Omgeving",
		scope:  "Behandeling van aanvragen om een omgevingsvergunning, van de indiening via het Omgevingsloket tot de bekendmaking van het besluit.",
		status: risk.StatusConcept, ageDays: 40, submittedDays: 15,
		reviewComment: "Neem ook uitval van de koppeling met het Omgevingsloket (DSO) mee: zonder die koppeling komen er geen aanvragen binnen. " +
			"Onderbouw verder waarom het restrisico van een datalek bij de leverancier laag is; een verwerkersovereenkomst alleen is daarvoor te weinig.",
		risks: []demoRisk{
			{code: "D10", threat: "Datalek bij de leverancier van het zaaksysteem", inherent: [2]int{2, 4}, residual: [2]int{1, 4},
				description: "Aanvragen bevatten bouwtekeningen en persoonsgegevens van aanvragers en omwonenden.",
				treatment:   "overdragen", plan: "Verwerkersovereenkomst volgens het model van de VNG.", controls: []string{"5.20"}},
			{code: "D04", threat: "Misbruik van een kwetsbaarheid in de eHerkenning-koppeling", inherent: [2]int{3, 4}, residual: [2]int{2, 4},
				description: "Een bekende kwetsbaarheid die niet op tijd is gedicht, geeft toegang tot ingediende aanvragen.",
				treatment:   "verminderen", plan: "Patchen binnen de termijnen van het patchbeleid en een jaarlijkse pentest.", cost: 6500,
				controls: []string{"8.8"}},
			{code: "D19", threat: "Haatberichten en spam via het reactieformulier bij ter inzage gelegde besluiten", inherent: [2]int{3, 2}, residual: [2]int{3, 2},
				description: "Reacties worden automatisch doorgestuurd naar de behandelaar en soms gepubliceerd.",
				treatment:   "accepteren", plan: "Reacties worden eerst gelezen voordat ze in het dossier komen."},
		}},
	{title: "Risicoanalyse Toezicht en handhaving", kind: risk.SubjectProcess, subject: "Toezicht en handhaving", department: "Ruimte en Omgeving",
		scope:  "Controles in het veld met de Handhavingsapp op tablets, en de dossiers in het zaaksysteem.",
		status: risk.StatusEstablished, ageDays: 170, submittedDays: 160, establishedDays: 150,
		risks: []demoRisk{
			{code: "D08", threat: "Een tablet van een toezichthouder raakt kwijt in het veld", inherent: [2]int{4, 3}, residual: [2]int{2, 2},
				description: "Op de tablet staan foto's en verslagen van controles bij bedrijven en woningen.",
				treatment:   "verminderen", plan: "Tablets in het MDM met versleuteling, pincode en wissen op afstand.", controls: []string{"8.1", "7.9"}},
			{code: "D18", threat: "Meelezen via openbaar wifi tijdens een controle", inherent: [2]int{2, 3}, residual: [2]int{1, 3},
				description: "Toezichthouders gebruikten wifi van bedrijven of horeca om verslagen te versturen.",
				treatment:   "vermijden", plan: "Wifi staat uit op de tablets; verbinding alleen via het eigen mobiele netwerk en de VPN.", controls: []string{"8.20"}},
		}},
	{title: "Leverancier Centric", kind: risk.SubjectSupplier, subject: "Centric", department: "Informatievoorziening en ICT",
		scope:  "De afhankelijkheid van Centric als leverancier van de Suite Sociaal Domein en het leerlingvolgsysteem.",
		status: risk.StatusSubmitted, ageDays: 14, submittedDays: 4,
		risks: []demoRisk{
			{code: "D09", threat: "Langdurige uitval of faillissement van Centric", inherent: [2]int{2, 5}, residual: [2]int{2, 5},
				description: "Zonder de Suite kan de gemeente geen uitkeringen betalen en geen jeugdhulp toewijzen.",
				treatment:   "verminderen", plan: "Een exitplan met de leverancier afspreken; de restkans verandert daardoor niet, de hersteltijd wel.",
				cost: 12000, controls: []string{"5.21", "5.30"},
				action: &demoAction{title: "Exitplan opstellen voor de Suite Sociaal Domein", status: "gepland", dueDays: 120, cost: 12000}},
			catalogueRisk("D10", "Gegevens van cliënten lekken bij Centric of een van haar onderaannemers.",
				[2]int{2, 5}, [2]int{2, 4}, "overdragen", "Verwerkersovereenkomst met een lijst van subverwerkers en een jaarlijkse ISAE 3402-verklaring."),
		}},
	{title: "Migratie naar nieuw zaaksysteem", kind: risk.SubjectProject, subject: "Migratie naar nieuw zaaksysteem", department: "Informatievoorziening en ICT",
		scope:  "De overstap van het huidige zaaksysteem naar een nieuw systeem in 2027: datamigratie, koppelingen en de periode waarin beide systemen draaien.",
		status: risk.StatusSubmitted, ageDays: 25, submittedDays: 7, helpers: []string{"ciso@voorbeeld.nl"},
		risks: []demoRisk{
			{code: "D15", threat: "Zaakdossiers raken bij de datamigratie onvolledig of beschadigd", inherent: [2]int{5, 5}, residual: [2]int{4, 5},
				description: "Lopende vergunningaanvragen en klachten missen na de overstap documenten; termijnen worden gemist en besluiten zijn niet te reconstrueren.",
				treatment:   "verminderen", plan: "Twee proefmigraties met een reconciliatierapport; tot de tweede geslaagd is, blijft het restrisico kritiek.",
				cost: 45000, controls: []string{"8.32", "8.13"},
				action: &demoAction{title: "Twee proefmigraties met reconciliatierapport", status: "in_uitvoering", dueDays: 90, progress: 25, cost: 45000}},
			catalogueRisk("D20", "Eén functioneel beheerder kent de inrichting van het oude zaaksysteem.",
				[2]int{4, 3}, [2]int{2, 3}, "verminderen", "Inrichting documenteren en een tweede beheerder laten meelopen."),
			{code: "D06", threat: "Migratieaccounts met volledige rechten blijven na de overstap bestaan", inherent: [2]int{3, 4}, residual: [2]int{1, 4},
				description: "Voor de migratie krijgt de leverancier beheeraccounts op beide systemen.",
				treatment:   "vermijden", plan: "Alleen tijdelijke accounts met een einddatum; ze vervallen automatisch op de dag na de livegang.",
				controls: []string{"8.2"}},
		}},
	{title: "Thuiswerken", kind: risk.SubjectTheme, subject: "Thuiswerken", department: "Informatievoorziening en ICT",
		scope:  "Hybride werken voor alle medewerkers: laptops, Microsoft 365, thuisnetwerken en werken op openbare plekken.",
		status: risk.StatusEstablished, ageDays: 140, submittedDays: 130, establishedDays: 120,
		risks: []demoRisk{
			{code: "D01", threat: "Gestolen inloggegevens via een nagemaakte inlogpagina van Microsoft 365", inherent: [2]int{5, 4}, residual: [2]int{3, 4},
				description: "Thuis controleert niemand even mee; een overgenomen account geeft toegang tot mail, Teams en OneDrive.",
				treatment:   "verminderen", plan: "Tweefactorauthenticatie voor iedereen en twee phishingoefeningen per jaar.", cost: 9000,
				controls: []string{"5.17", "6.3", "8.5"},
				decision: &demoDecision{body: "directie", decidedDays: 115, validFor: 250,
					rationale: "Tijdelijk aanvaard; bij de volgende herziening moet blijken of de oefeningen het aantal klikken omlaag brengen."}},
			catalogueRisk("D08", "Een laptop wordt gestolen uit een auto of in de trein vergeten.",
				[2]int{4, 3}, [2]int{2, 2}, "verminderen", "Versleutelde schijven en wissen op afstand via het MDM."),
			{code: "D07", threat: "Een werkdocument wordt gedeeld via een openbare link in OneDrive", inherent: [2]int{3, 3}, residual: [2]int{2, 3},
				description: "Wie de link heeft, kan het document openen, ook buiten de organisatie.",
				treatment:   "verminderen", plan: "Standaard alleen delen binnen de organisatie; externe links vervallen na 30 dagen.", controls: []string{"8.12"}},
			catalogueRisk("D18", "Meekijken en meeluisteren in de trein of op een flexplek buiten het kantoor.",
				[2]int{3, 3}, [2]int{2, 3}, "verminderen", "Privacyfilters voor laptops en afspraken over bellen op openbare plekken."),
		}},
	{title: "Back-up en herstel", kind: risk.SubjectProcess, subject: "Back-up en herstel", department: "Informatievoorziening en ICT",
		scope:  "De back-up van de eigen servers bij Previder en de hersteltest.",
		status: risk.StatusConcept, ageDays: 2,
		risks: []demoRisk{
			{code: "D02", threat: "Ransomware versleutelt ook de back-ups", inherent: [2]int{3, 5},
				description: "De back-upserver zit in hetzelfde domein als de productieservers."},
			catalogueRisk("D16", "Niemand weet hoe lang een volledig herstel duurt; de laatste volledige hersteltest is twee jaar oud.",
				[2]int{}, [2]int{}, "", ""),
		}},
}

var nabijAnalyses = []demoAnalysis{
	{title: "Risicoanalyse reisdocumenten Nabij", kind: risk.SubjectProcess, subject: "Aanvraag reisdocumenten", department: "Dienstverlening",
		scope:  "Aanvraag en uitgifte van paspoorten en identiteitskaarten aan de balie.",
		status: risk.StatusEstablished, ageDays: 200, submittedDays: 190, establishedDays: 180,
		risks: []demoRisk{
			catalogueRisk("D17", "Iemand haalt met een geleend document een reisdocument op voor een ander.",
				[2]int{2, 4}, [2]int{1, 4}, "verminderen", "Uitgifte alleen na controle van de vingerafdruk."),
			catalogueRisk("D09", "De Burgerzakenmodule is een dag niet beschikbaar.",
				[2]int{2, 3}, [2]int{2, 3}, "accepteren", "Afspraken worden verzet; reisdocumenten met spoed gaan via een buurgemeente."),
		}},
	{title: "Klantcontact en telefonie", kind: risk.SubjectProcess, subject: "Klantcontact", department: "Dienstverlening",
		scope:  "Telefonisch en digitaal klantcontact van de gemeente Nabij.",
		status: risk.StatusSubmitted, ageDays: 12, submittedDays: 5,
		risks: []demoRisk{
			catalogueRisk("D17", "Een beller doet zich voor als inwoner en vraagt gegevens van een buurman op.",
				[2]int{3, 3}, [2]int{2, 3}, "verminderen", "Geen persoonsgegevens aan de telefoon zonder controlevragen."),
			catalogueRisk("D11", "De website en het contactformulier zijn een dag onbereikbaar.",
				[2]int{2, 2}, [2]int{2, 2}, "accepteren", "Inwoners kunnen bellen of langskomen."),
		}},
	{title: "Werkplek (M365) Nabij", kind: risk.SubjectApplication, subject: "Werkplek (M365)", department: "Dienstverlening",
		scope:  "De werkplek van de medewerkers van Dienstverlening.",
		status: risk.StatusConcept, ageDays: 1,
		risks: []demoRisk{
			{code: "D01", threat: "Overgenomen account door een nagemaakte inlogpagina", inherent: [2]int{4, 4}},
		}},
}

// seedAnalyses adds the demo risk analyses of both organisations, with their
// risks, decisions and treatment actions. An organisation whose first demo
// analysis exists is left as it is.
func seedAnalyses(ctx context.Context, tx *db.Tx) error {
	for _, o := range []struct {
		name     string
		analyses []demoAnalysis
	}{{Voorbeeld, voorbeeldAnalyses}, {Nabij, nabijAnalyses}} {
		orgID, seeded, err := enter(ctx, tx, o.name, `SELECT 1 FROM risk_analyses WHERE organisation_id = $1 AND title = $2`, o.analyses[0].title)
		if err != nil {
			return fmt.Errorf("seed analyses of %s: %w", o.name, err)
		}
		if seeded {
			continue
		}
		for _, a := range o.analyses {
			if err := seedAnalysis(ctx, tx, a); err != nil {
				return fmt.Errorf("seed analysis %q of %s: %w", a.title, o.name, err)
			}
		}
		// Two overheidsmaatregelen left out by the VvT are justified by an
		// established analysis, so the annex "Uitzonderingen op de VvT" has rows.
		if _, err := tx.Exec(ctx, `UPDATE control_statuses s SET justifying_analysis_id = (SELECT id FROM risk_analyses
			WHERE organisation_id = $1 AND status = 'vastgesteld' ORDER BY id LIMIT 1)
			WHERE s.organisation_id = $1 AND s.item_id IN (SELECT s2.item_id FROM control_statuses s2 JOIN catalogue_items i ON i.id = s2.item_id
				WHERE s2.organisation_id = $1 AND NOT s2.applicable AND i.kind = 'measure' ORDER BY i.sort_key LIMIT 2)`, orgID); err != nil {
			return fmt.Errorf("seed VvT exceptions of %s: %w", o.name, err)
		}
	}
	return nil
}

// person is a user as a seeded row refers to it.
type person struct {
	id   int64
	name string
}

func userByEmail(ctx context.Context, tx *db.Tx, email string) (person, error) {
	var p person
	err := tx.QueryRow(ctx, `SELECT id, name FROM users WHERE lower(email) = lower($1)`, email).Scan(&p.id, &p.name)
	if err != nil {
		return p, fmt.Errorf("user %s: %w", email, err)
	}
	return p, nil
}

// subjectID finds the item an analysis is about by its name.
func subjectID(ctx context.Context, tx *db.Tx, kind, name string) (*int64, error) {
	var q string
	switch kind {
	case risk.SubjectProcess:
		q = `SELECT id FROM processes WHERE organisation_id = $1 AND name = $2`
	case risk.SubjectApplication:
		q = `SELECT id FROM applications WHERE organisation_id = $1 AND name = $2`
	case risk.SubjectSupplier:
		q = `SELECT id FROM suppliers WHERE organisation_id = $1 AND name = $2`
	default:
		return nil, nil
	}
	var id int64
	if err := tx.QueryRow(ctx, q, tx.OrgID, name).Scan(&id); err != nil {
		return nil, fmt.Errorf("subject %s %q: %w", kind, name, err)
	}
	return &id, nil
}

// seedAnalysis inserts one analysis with its risks. The afdeling's manager
// owns the analysis and its risks and submitted it; the CISO reviewed it.
func seedAnalysis(ctx context.Context, tx *db.Tx, a demoAnalysis) error {
	m := risk.DefaultMatrix()
	today := nl.Date(tx.Now)
	ago := func(n int) time.Time { return today.AddDate(0, 0, -n) }
	// The moment of a status change: mid-morning of that day.
	at := func(n int) time.Time { return ago(n).Add(9*time.Hour + 30*time.Minute) }

	var deptID int64
	var manager person
	if err := tx.QueryRow(ctx, `SELECT d.id, u.id, u.name FROM departments d JOIN users u ON u.id = d.manager_id
		WHERE d.organisation_id = $1 AND d.name = $2`, tx.OrgID, a.department).Scan(&deptID, &manager.id, &manager.name); err != nil {
		return fmt.Errorf("afdeling %s with its manager: %w", a.department, err)
	}
	subject, err := subjectID(ctx, tx, a.kind, a.subject)
	if err != nil {
		return err
	}
	subjectName := ""
	if subject == nil {
		subjectName = a.subject
	}
	ciso, err := userByEmail(ctx, tx, "ciso@voorbeeld.nl")
	if err != nil {
		return err
	}
	var submittedBy, establishedBy *int64
	var submittedAt, establishedAt, nextReview *time.Time
	if a.submittedDays > 0 {
		t := at(a.submittedDays)
		submittedBy, submittedAt = &manager.id, &t
	}
	if a.establishedDays > 0 {
		t := at(a.establishedDays)
		highest := 0
		for _, r := range a.risks {
			highest = max(highest, m.LevelOf(r.residual[0], r.residual[1]))
		}
		next := risk.NextReview(m, highest, ago(a.establishedDays))
		establishedBy, establishedAt, nextReview = &ciso.id, &t, &next
	}
	created := at(a.ageDays)
	var analysisID int64
	if err := tx.QueryRow(ctx, `INSERT INTO risk_analyses (organisation_id, title, subject_kind, subject_id, subject_name, department_id,
		owner_id, status, scope, review_comment, analysis_date, next_review, submitted_by, submitted_at, established_by, established_at,
		created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
		tx.OrgID, a.title, a.kind, subject, subjectName, deptID, manager.id, a.status, a.scope, a.reviewComment, ago(a.ageDays), nextReview,
		submittedBy, submittedAt, establishedBy, establishedAt, created, tx.Now).Scan(&analysisID); err != nil {
		return err
	}
	for _, email := range a.helpers {
		h, err := userByEmail(ctx, tx, email)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO risk_analysis_helpers (organisation_id, analysis_id, user_id) VALUES ($1, $2, $3)`,
			tx.OrgID, analysisID, h.id); err != nil {
			return err
		}
	}
	for _, r := range a.risks {
		if err := seedRisk(ctx, tx, m, a, analysisID, deptID, manager, r, ago, at); err != nil {
			return fmt.Errorf("risk %q: %w", r.threat, err)
		}
	}
	return nil
}

// rank is a kans or impact for the database: NULL when not scored.
func rank(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

func seedRisk(ctx context.Context, tx *db.Tx, m risk.Matrix, a demoAnalysis, analysisID, deptID int64, manager person, r demoRisk,
	ago, at func(int) time.Time) error {
	t, ok := risk.ThreatByCode(r.code)
	if !ok {
		return fmt.Errorf("unknown threat code %s", r.code)
	}
	var treatment *string
	if r.treatment != "" {
		treatment = &r.treatment
	}
	var cost *int
	if r.cost > 0 {
		cost = &r.cost
	}
	var riskID int64
	if err := tx.QueryRow(ctx, `INSERT INTO risks (organisation_id, analysis_id, threat_code, threat, description, affects_availability,
		affects_integrity, affects_confidentiality, inherent_likelihood, inherent_impact, treatment, treatment_description, estimated_cost,
		residual_likelihood, residual_impact, owner_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::integer::numeric, $14, $15, $16) RETURNING id`,
		tx.OrgID, analysisID, r.code, r.threat, r.description, t.Aspects[0], t.Aspects[1], t.Aspects[2],
		rank(r.inherent[0]), rank(r.inherent[1]), treatment, r.plan, cost, rank(r.residual[0]), rank(r.residual[1]), manager.id).Scan(&riskID); err != nil {
		return err
	}
	var controls []int64
	if len(r.controls) > 0 {
		if err := tx.QueryRow(ctx, `WITH ins AS (INSERT INTO risk_controls (organisation_id, risk_id, item_id)
			SELECT $1, $2, ci.id FROM catalogue_items ci JOIN organisations o ON o.active_framework_id = ci.framework_id
			WHERE o.id = $1 AND ci.number = ANY($3) RETURNING item_id) SELECT coalesce(array_agg(item_id), '{}') FROM ins`,
			tx.OrgID, riskID, r.controls).Scan(&controls); err != nil {
			return fmt.Errorf("controls: %w", err)
		}
		if len(controls) != len(r.controls) {
			return fmt.Errorf("controls %v: %d found in the catalogue", r.controls, len(controls))
		}
	}
	if r.action != nil {
		if err := seedTreatmentAction(ctx, tx, a, riskID, deptID, manager, r); err != nil {
			return fmt.Errorf("treatment action: %w", err)
		}
	}
	if r.decision == nil {
		return nil
	}
	return seedRiskDecision(ctx, tx, m, a, riskID, manager, r, controls, ago, at)
}

func seedTreatmentAction(ctx context.Context, tx *db.Tx, a demoAnalysis, riskID, deptID int64, manager person, r demoRisk) error {
	x := r.action
	var cost *int
	if x.cost > 0 {
		cost = &x.cost
	}
	var actionID int64
	if err := tx.QueryRow(ctx, `INSERT INTO plan_actions (organisation_id, title, description, owner_user_id, owner_department_id, due_date,
		status, priority, estimated_cost, progress) VALUES ($1, $2, $3, $4, $5, $6, $7, 'hoog', $8::integer::numeric, $9) RETURNING id`,
		tx.OrgID, x.title, "Behandelactie voor het risico ‘"+r.threat+"’ uit "+a.title+".", manager.id, deptID,
		nl.Date(tx.Now).AddDate(0, 0, x.dueDays), x.status, cost, x.progress).Scan(&actionID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO plan_action_links (organisation_id, action_id, target_kind, target_id) VALUES ($1, $2, $3, $4)`,
		tx.OrgID, actionID, risk.KindRisk, riskID)
	return err
}

// demoAppetite is the appetite seedDecisions records (Midden).
const demoAppetite = 2

func seedRiskDecision(ctx context.Context, tx *db.Tx, m risk.Matrix, a demoAnalysis, riskID int64, manager person, r demoRisk,
	controls []int64, ago, at func(int) time.Time) error {
	d := r.decision
	decider := manager
	switch d.body {
	case "directie", "college":
		var err error
		if decider, err = userByEmail(ctx, tx, d.body+"@voorbeeld.nl"); err != nil {
			return err
		}
	}
	level := m.LevelOf(r.residual[0], r.residual[1])
	var analysisID int64
	if err := tx.QueryRow(ctx, `SELECT analysis_id FROM risks WHERE organisation_id = $1 AND id = $2`, tx.OrgID, riskID).Scan(&analysisID); err != nil {
		return err
	}
	numbers := append([]string{}, r.controls...)
	snap, err := json.Marshal(risk.DecisionSnapshot{Threat: r.threat, Description: r.description, Analysis: a.title, AnalysisID: analysisID,
		Department: a.department, Owner: manager.name, InherentLikelihood: r.inherent[0], InherentImpact: r.inherent[1],
		ResidualLikelihood: r.residual[0], ResidualImpact: r.residual[1], ResidualLevel: m.LevelName(level),
		Appetite: m.LevelName(demoAppetite), Treatment: r.treatment, TreatmentText: r.plan, Controls: numbers})
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO risk_decisions (organisation_id, risk_id, kind, outcome, rationale, decided_by, decided_by_name,
		decided_by_body, decided_on, valid_until, residual_level, fingerprint, snapshot, created_at)
		VALUES ($1, $2, 'residual_risk', 'accepted', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		tx.OrgID, riskID, d.rationale, decider.id, decider.name, d.body, ago(d.decidedDays), nl.Date(tx.Now).AddDate(0, 0, d.validFor),
		level, risk.DecisionFingerprint(level, r.treatment, controls), snap, at(d.decidedDays))
	return err
}
