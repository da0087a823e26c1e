package server

import "net/http"

// Stubs: replaced by the evidence implementation.

func (s *Server) evidenceAdd(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "nog niet beschikbaar", http.StatusNotImplemented)
}

func (s *Server) evidenceDownload(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "nog niet beschikbaar", http.StatusNotImplemented)
}

func (s *Server) evidenceRemove(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "nog niet beschikbaar", http.StatusNotImplemented)
}
