package server

import "net/http"

// Stub: replaced by the BIO 1.04 → BIO2 carry-over implementation.

func (s *Server) carryOver(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "nog niet beschikbaar", http.StatusNotImplemented)
}
