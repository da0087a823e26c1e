package server

import "net/http"

// Stubs: replaced by the GAP analysis and export implementation.

func (s *Server) gapView(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "nog niet beschikbaar", http.StatusNotImplemented)
}

func (s *Server) exportVVT(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "nog niet beschikbaar", http.StatusNotImplemented)
}

func (s *Server) exportGapXLSX(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "nog niet beschikbaar", http.StatusNotImplemented)
}

func (s *Server) exportGapPDF(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "nog niet beschikbaar", http.StatusNotImplemented)
}
