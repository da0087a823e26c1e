package ops

import (
	"fmt"
	"net/http"

	"github.com/baken-nl/baken/internal/server/kit"
)

// Healthz serves GET /healthz.
func (h *Handlers) Healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// Readyz serves GET /readyz.
func (h *Handlers) Readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	st, err := h.db.Status(r.Context())
	switch {
	case err != nil:
		h.kit.Log.Warn("readiness: database unreachable", "request_id", kit.Info(r.Context()).ID, "error", err.Error())
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unreachable\n"))
	case st.Pending() || st.Ahead():
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = fmt.Fprintf(w, "migrations pending: database at %d, binary at %d\n", st.Current, st.Latest)
	default:
		_, _ = w.Write([]byte("ok\n"))
	}
}
