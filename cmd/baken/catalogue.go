package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/config"
	"github.com/baken-nl/baken/internal/db"
)

const catalogueUsage = `usage: baken catalogue import bio2 FILE --org ORGANISATION
       baken catalogue import csv FILE --org ORGANISATION --code CODE --name NAME [--version V]`

// maxImportBytes bounds the file an import reads (the BIO2 text is ~100 kB).
const maxImportBytes = 32 << 20

// catalogueCmd imports the official BIO2 wording or a framework in the CSV
// format for one organisation. The file is parsed completely first; the
// import then runs in one transaction, so a bad file or an unknown number
// leaves the database as it was.
func catalogueCmd(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	if len(args) < 2 || args[0] != "import" || (args[1] != "bio2" && args[1] != "csv") {
		return errors.New(catalogueUsage)
	}
	kind := args[1]
	fs := flag.NewFlagSet("catalogue import "+kind, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	org := fs.String("org", "", "name of the organisation")
	var code, name, version *string
	if kind == "csv" {
		code = fs.String("code", "", "code of the framework, e.g. ISO27001")
		name = fs.String("name", "", "name of the framework")
		version = fs.String("version", "", "version of the framework")
	}
	positional, err := parseInterspersed(fs, args[2:])
	if err != nil {
		return fmt.Errorf("%w\n%s", err, catalogueUsage)
	}
	var missing []string
	if len(positional) != 1 {
		missing = append(missing, "exactly one FILE")
	}
	if strings.TrimSpace(*org) == "" {
		missing = append(missing, "--org")
	}
	if kind == "csv" {
		if strings.TrimSpace(*code) == "" {
			missing = append(missing, "--code")
		}
		if strings.TrimSpace(*name) == "" {
			missing = append(missing, "--name")
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing %s\n%s", strings.Join(missing, ", "), catalogueUsage)
	}
	path := positional[0]
	raw, err := readImportFile(path)
	if err != nil {
		return err
	}
	source := filepath.Base(path)

	// Parse before touching the database: a bad file is reported with its
	// line numbers and nothing else happens.
	var (
		doc   catalogue.BIO2Document
		items []catalogue.Item
	)
	if kind == "bio2" {
		doc, err = catalogue.ParseBIO2Markdown(bytes.NewReader(raw))
	} else {
		items, err = catalogue.ParseCSV(bytes.NewReader(raw))
	}
	if err != nil {
		return rejected(source, err)
	}

	return withDB(ctx, cfg, func(d *db.DB) error {
		var (
			res     catalogue.ImportResult
			orgName = strings.TrimSpace(*org)
		)
		err := d.Write(ctx, db.Unscoped, func(tx *db.Tx) error {
			if err := catalogue.EnsureBuiltin(ctx, tx); err != nil {
				return err
			}
			orgID, err := catalogue.OrganisationID(ctx, tx, orgName)
			if err != nil {
				return err
			}
			if err := tx.Enter(ctx, orgID); err != nil {
				return err
			}
			if err := tx.QueryRow(ctx, `SELECT name FROM organisations WHERE id = $1`, orgID).Scan(&orgName); err != nil {
				return err
			}
			if kind == "bio2" {
				res, err = catalogue.ImportBIO2Texts(ctx, tx, orgID, doc, source)
			} else {
				res, err = catalogue.ImportCSVFramework(ctx, tx, orgID, *code, *name, *version, items)
			}
			return err
		})
		if err != nil {
			return rejected(source, err)
		}
		if err := d.Analyze(ctx, "frameworks", "catalogue_items", "catalogue_texts", "catalogue_mappings"); err != nil {
			return err
		}
		if kind == "bio2" {
			printBIO2Result(stdout, orgName, source, doc, res)
		} else {
			printCSVResult(stdout, orgName, source, strings.TrimSpace(*name), strings.TrimSpace(*version), res)
		}
		return nil
	})
}

// parseInterspersed parses flags before, between and after the positional
// arguments ("FILE --org X" as well as "--org X FILE").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if rest[0] == "--" {
			return append(positional, rest[1:]...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func readImportFile(path string) ([]byte, error) {
	f, err := os.Open(path) //nolint:gosec // G304: the operator names the file on the command line
	if err != nil {
		return nil, fmt.Errorf("bestand niet te openen: %w", err)
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, maxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(raw) > maxImportBytes {
		return nil, fmt.Errorf("%s is groter dan %d MB; is dit het goede bestand?", path, maxImportBytes>>20)
	}
	return raw, nil
}

// rejected reports a refused import: one line per problem, with its line
// number when the parser found it.
func rejected(source string, err error) error {
	var pes catalogue.ParseErrors
	if errors.As(err, &pes) {
		lines := make([]string, len(pes))
		for i, pe := range pes {
			lines[i] = "  " + pe.Error()
		}
		return fmt.Errorf("%s is niet geïmporteerd (er is niets gewijzigd):\n%s", source, strings.Join(lines, "\n"))
	}
	return fmt.Errorf("%s is niet geïmporteerd (er is niets gewijzigd): %w", source, err)
}

func printBIO2Result(w io.Writer, org, source string, doc catalogue.BIO2Document, res catalogue.ImportResult) {
	fmt.Fprintf(w, "%s: officiële BIO2-teksten uit %s\n", org, source)
	for _, pe := range doc.Warnings {
		fmt.Fprintf(w, "waarschuwing: %s\n", pe.Error())
	}
	fmt.Fprintln(w, res.Summary("maatregelen"))
	printNumbers(w, "nieuw", res.Added, len(res.Added) < res.Total)
	printNumbers(w, "gewijzigd", res.Changed, true)
	printNumbers(w, "verwijderd (niet meer in het bestand)", res.Removed, true)
	printNumbers(w, "zonder tekst (niet in het bestand)", res.Missing, true)
	if n := len(doc.Retired); n > 0 {
		fmt.Fprintf(w, "%d vervallen of verplaatste nummers overgeslagen\n", n)
	}
	if res.NoChanges() {
		fmt.Fprintln(w, "Geen wijzigingen (no changes).")
	}
}

func printCSVResult(w io.Writer, org, source, name, version string, res catalogue.ImportResult) {
	label := res.Code + " – " + name
	if version != "" {
		label += " (versie " + version + ")"
	}
	if res.Created {
		fmt.Fprintf(w, "%s: normenkader %s aangemaakt uit %s\n", org, label, source)
	} else {
		fmt.Fprintf(w, "%s: normenkader %s bijgewerkt uit %s\n", org, label, source)
	}
	fmt.Fprintln(w, res.Summary("items"))
	if res.Created {
		return
	}
	printNumbers(w, "nieuw", res.Added, true)
	if len(res.Changed) > 0 {
		var parts []string
		for _, c := range res.Changes {
			if c.Type == catalogue.ChangeModified {
				parts = append(parts, c.Number+" ("+strings.Join(c.Fields, ", ")+")")
			}
		}
		fmt.Fprintf(w, "gewijzigd: %s\n", strings.Join(parts, ", "))
	}
	printNumbers(w, "verwijderd", res.Removed, true)
	if res.NoChanges() {
		fmt.Fprintln(w, "Geen wijzigingen aan de items (no changes).")
	}
}

func printNumbers(w io.Writer, label string, numbers []string, show bool) {
	if len(numbers) == 0 || !show {
		return
	}
	fmt.Fprintf(w, "%s: %s\n", label, strings.Join(numbers, ", "))
}
