package compliance

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

// zipFile builds a ZIP archive holding the named entries.
func zipFile(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ole2 is a compound file header followed by a directory entry name in UTF-16LE.
func ole2(stream string) []byte {
	b := []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	b = append(b, make([]byte, 504)...)
	for _, c := range []byte(stream) {
		b = append(b, c, 0)
	}
	return append(b, make([]byte, 64)...)
}

func TestDetectEvidenceType(t *testing.T) {
	t.Parallel()
	const ct = "[Content_Types].xml"
	tests := []struct {
		name     string
		filename string
		content  []byte
		want     string // "" means refused
	}{
		{"pdf", "rapport.pdf", []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"), "application/pdf"},
		{"pdf under another name", "rapport.bin", []byte("%PDF-1.7\n"), "application/pdf"},
		{"odt", "beleid.odt", zipFile(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.text"}, [2]string{"content.xml", "<x/>"}), "application/vnd.oasis.opendocument.text"},
		{"ods", "lijst.ods", zipFile(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}), "application/vnd.oasis.opendocument.spreadsheet"},
		{"odp", "pres.odp", zipFile(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.presentation"}), "application/vnd.oasis.opendocument.presentation"},
		{"odf with unknown mimetype", "x.odt", zipFile(t, [2]string{"mimetype", "application/x-evil"}), ""},
		{"docx", "beleid.docx", zipFile(t, [2]string{ct, "<Types/>"}, [2]string{"word/document.xml", "<w/>"}), mimeDOCX},
		{"xlsx", "matrix.xlsx", zipFile(t, [2]string{ct, "<Types/>"}, [2]string{"xl/workbook.xml", "<x/>"}), mimeXLSX},
		{"pptx", "pres.pptx", zipFile(t, [2]string{ct, "<Types/>"}, [2]string{"ppt/presentation.xml", "<p/>"}), mimePPTX},
		{"plain zip", "archief.zip", zipFile(t, [2]string{"a.txt", "hallo"}), ""},
		{"zip named docx", "beleid.docx", zipFile(t, [2]string{"word/document.xml", "<w/>"}), ""},
		{"ooxml without main part", "x.docx", zipFile(t, [2]string{ct, "<Types/>"}), ""},
		{"broken zip", "x.docx", []byte("PK\x03\x04rommel"), ""},
		{"doc", "oud.doc", ole2("WordDocument"), mimeDOC},
		{"xls", "oud.xls", ole2("Workbook"), mimeXLS},
		{"ppt", "oud.ppt", ole2("PowerPoint Document"), mimePPT},
		{"other compound file (msi)", "setup.doc", ole2("SummaryInformation"), ""},
		{"png", "scherm.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png"},
		{"jpeg", "foto.jpg", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"), "image/jpeg"},
		{"gif", "anim.gif", []byte("GIF89a\x01\x00\x01\x00"), "image/gif"},
		{"webp", "beeld.webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 "), "image/webp"},
		{"csv", "export.csv", []byte("nummer;titel\n5.15;Toegangsbeveiliging\n"), mimeCSV},
		{"csv with BOM", "EXPORT.CSV", []byte("\xEF\xBB\xBFnummer;titel\r\n5.15;Toegang\r\n"), mimeCSV},
		{"txt", "notitie.txt", []byte("Gesprek met de leverancier, één actiepunt."), mimeText},
		{"text under another name", "notitie.md", []byte("# kop\n"), ""},
		{"text with NUL", "data.csv", []byte("a,b\x00,c\n"), ""},
		{"invalid UTF-8", "data.csv", []byte("a,b,\xff\xfe\n"), ""},
		{"html named csv", "data.csv", []byte("<html><script>alert(1)</script></html>"), ""},
		{"html named pdf", "report.pdf", []byte("<html><script>alert(1)</script>"), ""},
		{"svg", "logo.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ""},
		{"svg as text", "logo.txt", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), ""},
		{"exe named pdf", "report.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF"), ""},
		{"elf", "tool.txt", []byte("\x7fELF\x02\x01\x01\x00"), ""},
		{"empty", "leeg.pdf", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := DetectEvidenceType(tt.filename, tt.content)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("DetectEvidenceType(%q) = %q, %v; want %q", tt.filename, got, ok, tt.want)
			}
		})
	}
}

func TestEvidenceCheckLink(t *testing.T) {
	t.Parallel()
	tests := []struct {
		link string
		ok   bool
	}{
		{"https://dms.voorbeeld.nl/documenten/42", true},
		{"http://intranet/beleid?id=7#p3", false}, // https only, also internally
		{"HTTPS://DMS.VOORBEELD.NL/x", true},
		{"", false},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"file:///c:/geheim.docx", false},
		{"ftp://server/bestand", false},
		{"//dms.voorbeeld.nl/x", false},
		{"dms.voorbeeld.nl/x", false},
		{"https://", false},
		{"https://gebruiker:wachtwoord@dms.voorbeeld.nl/", false},
		{"https://dms.voorbeeld.nl/met spatie", false},
		{"https://dms.voorbeeld.nl/\nregel", false},
		{"https://dms.voorbeeld.nl/" + strings.Repeat("a", 2000), false},
	}
	for _, tt := range tests {
		msg := CheckLink(tt.link)
		if (msg == "") != tt.ok {
			t.Errorf("CheckLink(%q) = %q, want ok=%v", tt.link, msg, tt.ok)
		}
	}
	// Links stored before the https-only rule still open; nothing else does.
	for link, ok := range map[string]bool{"http://intranet/beleid?id=7": true, "https://dms.voorbeeld.nl/1": true,
		"javascript:alert(1)": false, "ftp://server/bestand": false, "http://": false} {
		if msg := CheckStoredLink(link); (msg == "") != ok {
			t.Errorf("CheckStoredLink(%q) = %q, want ok=%v", link, msg, ok)
		}
	}
}

func TestEvidenceFilenames(t *testing.T) {
	t.Parallel()
	clean := map[string]string{
		"rapport.pdf":               "rapport.pdf",
		`C:\Users\bram\rapport.pdf`: "rapport.pdf",
		"../../etc/passwd":          "passwd",
		"a\r\nb\x00.pdf":            "ab.pdf",
		`"quote"<>.pdf`:             "quote.pdf",
		"...":                       "",
		"  Verslag  één.docx ":      "Verslag  één.docx",
	}
	for in, want := range clean {
		if got := CleanFilename(in); got != want {
			t.Errorf("CleanFilename(%q) = %q, want %q", in, got, want)
		}
	}
	long := CleanFilename(strings.Repeat("x", 300) + ".pdf")
	if len([]rune(long)) != maxFilenameRunes || !strings.HasSuffix(long, ".pdf") {
		t.Errorf("long name cut to %d runes: %q", len([]rune(long)), long)
	}

	ext := []struct{ name, ct, want string }{
		{"rapport.pdf", "application/pdf", "rapport.pdf"},
		{"rapport.PDF", "application/pdf", "rapport.PDF"},
		{"rapport", "application/pdf", "rapport.pdf"},
		{"rapport.exe", "application/pdf", "rapport.exe.pdf"},
		{"foto.jpeg", "image/jpeg", "foto.jpeg"},
		{"export.csv", mimeCSV, "export.csv"},
	}
	for _, tt := range ext {
		if got := withExtension(tt.name, tt.ct); got != tt.want {
			t.Errorf("withExtension(%q, %q) = %q, want %q", tt.name, tt.ct, got, tt.want)
		}
	}
}

func TestEvidenceFormatSize(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{
		0:                 "0 bytes",
		1:                 "1 byte",
		1023:              "1023 bytes",
		1024:              "1 kB",
		1536:              "1,5 kB",
		20 << 20:          "20 MB",
		5 * (1 << 20) / 2: "2,5 MB",
		1024 * 1 << 20:    "1024 MB",
	} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}
