package ops

import (
	"net/http"

	"github.com/baken-nl/baken/internal/server/kit"
)

// LoadSelect1 is the reference of scripts/load.sh: the cheapest request that
// still takes a connection from the portal's own pool and makes one round trip
// to PostgreSQL. Every page's throughput is reported as a ratio to it, so the
// figures do not depend on the machine. Registered only with
// BAKEN_LOAD_REFERENCE=1; never in production.
func (h *Handlers) LoadSelect1(w http.ResponseWriter, r *http.Request) {
	var one int
	if err := h.pool.QueryRow(r.Context(), `SELECT 1`).Scan(&one); err != nil {
		h.kit.Log.Warn("load reference: database unreachable", "request_id", kit.Info(r.Context()).ID, "error", err.Error())
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}
