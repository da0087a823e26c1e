package analyses

import (
	"context"
	"fmt"
	"net/http"

	"github.com/baken-nl/baken/internal/authz"
	"github.com/baken-nl/baken/internal/httpkit"
	"github.com/baken-nl/baken/internal/risk"
	"github.com/baken-nl/baken/internal/server/kit"
	"github.com/baken-nl/baken/web/layout"
	"github.com/baken-nl/baken/web/views/riskview"
)

// matrixService is what the handlers use of risk.MatrixService.
type matrixService interface {
	Matrix(ctx context.Context, actor authz.Principal) (risk.MatrixPage, error)
	SaveMatrix(ctx context.Context, actor authz.Principal, in risk.MatrixInput) error
}

// MatrixHandlers are the handlers of the risk matrix settings.
type MatrixHandlers struct {
	kit *kit.Kit
	svc matrixService
}

// NewMatrix returns the risk matrix handlers.
func NewMatrix(k *kit.Kit, svc matrixService) *MatrixHandlers {
	return &MatrixHandlers{kit: k, svc: svc}
}

func (h *MatrixHandlers) page(w http.ResponseWriter, r *http.Request, status int, in *risk.MatrixInput, state layout.Form) {
	p, ok := kit.Fetch(h.kit, w, r, h.svc.Matrix)
	if !ok {
		return
	}
	v := riskview.MatrixView{MatrixPage: p, Input: risk.MatrixInput{Matrix: p.Matrix, Version: p.Version}, Form: state}
	if in != nil {
		v.Input = *in
	}
	h.kit.Render(w, r, status, riskview.MatrixPage(h.kit.Page(r, "Risicomatrix", "risicos"), v))
}

// Show serves GET /risicos/matrix.
func (h *MatrixHandlers) Show(w http.ResponseWriter, r *http.Request) {
	h.page(w, r, http.StatusOK, nil, layout.Form{})
}

// Save serves POST /risicos/matrix (CISO). The form has the size of the
// stored matrix; its labels, levels and cells are read back in that shape.
func (h *MatrixHandlers) Save(w http.ResponseWriter, r *http.Request) {
	cur, ok := kit.Fetch(h.kit, w, r, h.svc.Matrix)
	if !ok {
		return
	}
	shape := cur.Matrix
	kit.SubmitSetting(h.kit, w, r, kit.Setting[risk.MatrixInput]{
		Read: func(f *httpkit.Values) risk.MatrixInput {
			m := risk.Matrix{Likelihoods: make([]string, len(shape.Likelihoods)), Impacts: make([]string, len(shape.Impacts)),
				Levels: make([]risk.Level, len(shape.Levels)), Cells: make([][]int, len(shape.Likelihoods))}
			for k := range m.Likelihoods {
				m.Likelihoods[k] = f.Raw(fmt.Sprintf("likelihood_%d", k+1))
				m.Cells[k] = make([]int, len(shape.Impacts))
				for i := range m.Impacts {
					m.Cells[k][i] = f.Int(fmt.Sprintf("cell_%d_%d", k+1, i+1), 1, len(shape.Levels))
				}
			}
			for i := range m.Impacts {
				m.Impacts[i] = f.Raw(fmt.Sprintf("impact_%d", i+1))
			}
			for l := range m.Levels {
				m.Levels[l] = risk.Level{Name: f.Raw(fmt.Sprintf("level_name_%d", l+1)), Colour: f.String(fmt.Sprintf("level_colour_%d", l+1)),
					ReviewMonths: f.Int(fmt.Sprintf("level_review_%d", l+1), 1, 60)}
			}
			return risk.MatrixInput{Matrix: m, Version: f.Version()}
		},
		Save: h.svc.SaveMatrix,
		Reshow: func(status int, in risk.MatrixInput, state layout.Form, stale bool) {
			if stale {
				state.Message = "Iemand anders heeft de risicomatrix gewijzigd sinds u het formulier opende. Hieronder staat uw invoer; sla opnieuw op om haar te bewaren."
				in.Version = cur.Version
			}
			h.page(w, r, status, &in, state)
		},
		Flash:  "De risicomatrix is opgeslagen. De niveaus van alle risico's volgen de nieuwe matrix.",
		Target: "/risicos/matrix",
	})
}
