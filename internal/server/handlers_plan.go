package server

import "net/http"

// Stubs: replaced by the plan implementation.

func (s *Server) planList(w http.ResponseWriter, r *http.Request)   { notYet(w) }
func (s *Server) planExport(w http.ResponseWriter, r *http.Request) { notYet(w) }
func (s *Server) planNew(w http.ResponseWriter, r *http.Request)    { notYet(w) }
func (s *Server) planCreate(w http.ResponseWriter, r *http.Request) { notYet(w) }
func (s *Server) planShow(w http.ResponseWriter, r *http.Request)   { notYet(w) }
func (s *Server) planUpdate(w http.ResponseWriter, r *http.Request) { notYet(w) }
func (s *Server) planDelete(w http.ResponseWriter, r *http.Request) { notYet(w) }

func notYet(w http.ResponseWriter) { http.Error(w, "nog niet beschikbaar", http.StatusNotImplemented) }
