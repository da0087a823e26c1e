// Package listing parses the search, sort and paging parameters shared by all
// list pages and the filters each list declares (Filters), and turns them
// into safe SQL fragments and links.
package listing

import (
	"net/url"
	"strconv"
	"strings"
)

// PageSize is the number of rows on one page of a list.
const PageSize = 25

// MaxPage caps the page number: beyond it the OFFSET would overflow, and no
// list of an organisation has 250,000 rows.
const MaxPage = 10000

// Params are the list parameters of a request.
type Params struct {
	Query string
	Sort  string // a key of the list's sort whitelist
	Desc  bool
	Page  int // 1-based
}

// Parse reads q, sort, dir and page from the query string. Sort keys not in
// allowed fall back to def, so user input never reaches ORDER BY.
func Parse(v url.Values, allowed map[string]string, def string) Params {
	p := Params{Query: strings.TrimSpace(v.Get("q")), Sort: v.Get("sort"), Desc: v.Get("dir") == "desc", Page: 1}
	if _, ok := allowed[p.Sort]; !ok {
		p.Sort = def
	}
	p.Page = PageNumber(v)
	if r := []rune(p.Query); len(r) > 200 {
		p.Query = string(r[:200]) // cut on a character, not inside one
	}
	return p
}

// PageNumber reads the 1-based page number: a missing, malformed or
// non-positive value is page 1, a larger one than MaxPage is MaxPage. A list
// never refuses a page number; the view shows its last page for one past it.
func PageNumber(v url.Values) int {
	raw := v.Get("page")
	if n, err := strconv.Atoi(raw); err == nil && n > 1 {
		return min(n, MaxPage)
	} else if err != nil && raw != "" && strings.Trim(raw, "0123456789") == "" {
		return MaxPage // all digits but too large for an int
	}
	return 1
}

// OrderBy returns the ORDER BY expression for the chosen sort key; the column
// comes from the whitelist, never from the request.
func (p Params) OrderBy(allowed map[string]string) string {
	dir := " ASC"
	if p.Desc {
		dir = " DESC"
	}
	return allowed[p.Sort] + dir
}

// Limit is the SQL LIMIT.
func (p Params) Limit() int { return PageSize }

// Offset is the SQL OFFSET for the page.
func (p Params) Offset() int { return (p.Page - 1) * PageSize }

// Page is a page of results with what the view needs for links.
type Page struct {
	Params
	Total int
	Base  url.Values // the request's query string, to keep filters in links
	Path  string
}

// Pages is the number of pages.
func (pg Page) Pages() int {
	if pg.Total == 0 {
		return 1
	}
	return (pg.Total + PageSize - 1) / PageSize
}

// URL returns the list URL with the given changes to the query string.
func (pg Page) URL(changes ...string) string {
	v := url.Values{}
	for k, vals := range pg.Base {
		v[k] = append([]string(nil), vals...)
	}
	for i := 0; i+1 < len(changes); i += 2 {
		if changes[i+1] == "" {
			v.Del(changes[i])
		} else {
			v.Set(changes[i], changes[i+1])
		}
	}
	if len(v) == 0 {
		return pg.Path
	}
	return pg.Path + "?" + v.Encode()
}

// SortURL is the link of a column header: ascending first, toggling when the
// column is already the sort key. Paging restarts at 1.
func (pg Page) SortURL(key string) string {
	dir := "asc"
	if pg.Sort == key && !pg.Desc {
		dir = "desc"
	}
	return pg.URL("sort", key, "dir", dir, "page", "")
}

// AriaSort is the aria-sort value of a column header.
func (pg Page) AriaSort(key string) string {
	if pg.Sort != key {
		return "none"
	}
	if pg.Desc {
		return "descending"
	}
	return "ascending"
}

// PageURL links to page n.
func (pg Page) PageURL(n int) string {
	if n <= 1 {
		return pg.URL("page", "")
	}
	return pg.URL("page", strconv.Itoa(n))
}

// From and To are the 1-based row numbers shown on the page.
func (pg Page) From() int {
	if pg.Total == 0 {
		return 0
	}
	return pg.Offset() + 1
}

// To is the last row number shown.
func (pg Page) To() int { return min(pg.Offset()+PageSize, pg.Total) }
