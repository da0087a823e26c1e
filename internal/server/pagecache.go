package server

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/baken-nl/baken/internal/nl"
	"github.com/baken-nl/baken/internal/server/kit"
)

// pageCache keeps the rendered HTML of the heavy pages (the routes the table
// registers with page instead of handle) for the user who saw them. A page
// depends on the organisation's data, the user and their roles, the query
// string and the date — and on nothing else, which is what decides whether a
// route may be cached (the incident pages count hours down, so they are not).
// A page that changes at a known moment without a write (a login block
// that ends) says so with kit.StaleAt and is kept until then.
//
// The key names all of these, and the data by its generation: a number that
// every committed write of any process raises (migration 0024, db.Write) and
// that comes with the principal. So a write makes every older copy
// unreachable: in this process at the next request (a write also drops the
// principals kept in memory and empties this cache), in another after the
// principal cache's second (BAKEN_PRINCIPAL_CACHE_MS).
//
// Not cached: anything but a 200 GET, a page shown with a flash message (it
// is taken from the session once), a fragment requested by htmx, a page
// larger than maxCachedPage. Copies expire after pageCacheTTL whatever
// happens, which bounds the harm of a generation that could not be raised.
type pageCache struct {
	pages           *expirable.LRU[string, cachedPage]
	hits, misses    prometheus.Counter
	stored, skipped prometheus.Counter
}

type cachedPage struct {
	header  http.Header // what the handler set; not the cookie, not the request id
	body    []byte
	staleAt time.Time // zero, or when the page changes without a write (kit.StaleAt)
}

const (
	pageCacheTTL  = 10 * time.Minute
	maxCachedPage = 2 << 20
)

// newPageCache keeps at most entries pages (nil when 0: no cache).
func newPageCache(entries int, m *metrics) *pageCache {
	if entries <= 0 {
		return nil
	}
	counter := func(name, help string) prometheus.Counter {
		c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
		m.registry.MustRegister(c)
		return c
	}
	return &pageCache{
		pages:   expirable.NewLRU[string, cachedPage](entries, nil, pageCacheTTL),
		hits:    counter("baken_page_cache_hits_total", "Pages served from the page cache."),
		misses:  counter("baken_page_cache_misses_total", "Cacheable pages rendered because no current copy was kept."),
		stored:  counter("baken_page_cache_stored_total", "Rendered pages kept in the page cache."),
		skipped: counter("baken_page_cache_skipped_total", "Cacheable routes rendered without the cache (flash message, htmx, HEAD)."),
	}
}

// forget empties the cache: after every write of this process. The copies
// are unreachable already (their generation is old); this frees the memory.
func (c *pageCache) forget() { c.pages.Purge() }

// cached serves h's page from the cache when a current copy is kept, and
// keeps what h renders otherwise.
func (s *Server) cached(h http.HandlerFunc) http.HandlerFunc {
	c := s.pages
	if c == nil {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) {
		p := kit.Principal(r)
		if r.Method != http.MethodGet || p == nil || p.OrgID == 0 || r.Header.Get("HX-Request") != "" ||
			s.sessions.Exists(r.Context(), kit.SessFlash) {
			c.skipped.Inc()
			h(w, r)
			return
		}
		var k strings.Builder
		k.Grow(64 + len(r.URL.RequestURI()))
		for _, n := range []int64{p.DataGeneration, p.UserID, p.OrgID} {
			k.WriteString(strconv.FormatInt(n, 10))
			k.WriteByte('|')
		}
		k.WriteString(s.now().In(nl.Amsterdam).Format(time.DateOnly))
		k.WriteByte('|')
		k.WriteString(r.URL.RequestURI())
		key := k.String()

		if e, ok := c.pages.Get(key); ok && (e.staleAt.IsZero() || s.now().Before(e.staleAt)) {
			c.hits.Inc()
			for name, values := range e.header {
				w.Header()[name] = values
			}
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(e.body)
			return
		}
		c.misses.Inc()
		before := make(map[string]bool, len(w.Header()))
		for name := range w.Header() {
			before[name] = true
		}
		rec := &pageRecorder{statusWriter: statusWriter{ResponseWriter: w}}
		h(rec, r)
		if rec.status != http.StatusOK || rec.tooBig || s.sessions.Exists(r.Context(), kit.SessFlash) {
			return
		}
		header := http.Header{}
		for name, values := range w.Header() {
			if !before[name] && name != "Set-Cookie" {
				header[name] = append([]string(nil), values...)
			}
		}
		e := cachedPage{header: header, body: bytes.Clone(rec.body.Bytes())}
		if ri := kit.Info(r.Context()); ri != nil {
			e.staleAt = ri.StaleAt
		}
		c.pages.Add(key, e)
		c.stored.Inc()
	}
}

// pageRecorder passes the response through and keeps a copy of its body.
type pageRecorder struct {
	statusWriter
	body   bytes.Buffer
	tooBig bool
}

func (rec *pageRecorder) Write(b []byte) (int, error) {
	if !rec.tooBig {
		if rec.body.Len()+len(b) > maxCachedPage {
			rec.tooBig, rec.body = true, bytes.Buffer{}
		} else {
			rec.body.Write(b)
		}
	}
	return rec.statusWriter.Write(b)
}
