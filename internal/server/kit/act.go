package kit

import (
	"context"
	"net/http"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
)

// ActOn is Act for an action whose small form without a page of its own
// (the version of a review) read reads: the {id}, the form, the service
// call, then a flash and a 303 to target — or the error's page.
func ActOn[In any](k *Kit, w http.ResponseWriter, r *http.Request, read func(*httpkit.Values) In, do func(ctx context.Context, p authz.Principal, id int64, in In) error, flash, target string) {
	Act(k, w, r, func(ctx context.Context, p authz.Principal, id int64) error {
		if err := ParseForm(r); err != nil {
			return err
		}
		f := httpkit.Form(r)
		in := read(f)
		if err := f.Err(); err != nil {
			return err
		}
		return do(ctx, p, id, in)
	}, flash, target)
}
