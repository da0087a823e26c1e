package compliance

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"

	"github.com/baken-nl/baken/internal/apperr"
	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/catalogue"
	"github.com/baken-nl/baken/internal/db"
)

// MaxTextBytes bounds an uploaded BIO2 text (the 1.3 markdown is ~100 kB);
// the CLI allows the same.
const MaxTextBytes = 32 << 20

// ImportTexts stores the official wording of the BIO2 measures from an
// uploaded markdown file, with the parser and the import of the CLI
// (`baken catalogue import bio2`). A file that cannot be read, or that names
// measures the built-in BIO2 does not have, imports nothing and is an
// apperr.Invalid error whose field "file" says why, with line numbers.
func (s *Service) ImportTexts(ctx context.Context, actor authz.Principal, filename string, data []byte) (catalogue.ImportResult, error) {
	var res catalogue.ImportResult
	if err := actor.Require(authz.ManageCatalogue); err != nil {
		return res, err
	}
	doc, err := catalogue.ParseBIO2Markdown(bytes.NewReader(data))
	if err != nil {
		return res, textInvalid(err)
	}
	err = s.DB.WriteAs(ctx, actor, authz.ManageCatalogue, func(tx *db.Tx) error {
		res, err = catalogue.ImportBIO2Texts(ctx, tx, actor.OrgID, doc, filepath.Base(filename))
		return err
	})
	if apperr.CodeOf(err) == apperr.Invalid {
		return res, textInvalid(err)
	}
	return res, err
}

// textInvalid turns a parse or import error into the message at the file field.
func textInvalid(err error) error {
	msg := err.Error()
	var pes catalogue.ParseErrors
	if errors.As(err, &pes) {
		lines := make([]string, len(pes))
		for i, pe := range pes {
			lines[i] = pe.Error()
		}
		msg = strings.Join(lines, "; ")
	} else if e, ok := apperr.As(err); ok {
		msg = e.Message
	}
	msg = "Het bestand is niet geïmporteerd, er is niets gewijzigd: " + msg
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"file": msg}, Err: err}
}
