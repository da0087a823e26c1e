// Command baken-load is a small, bounded load generator for the heavy pages of
// a running Baken: it logs in as one user and requests the given pages with a
// fixed number of workers, then prints latency percentiles per page.
//
//	go run ./cmd/baken-load -url http://localhost:8080 -email ciso@voorbeeld.nl -n 500 -c 8
//
// It refuses non-loopback targets unless -allow-remote is given: load a
// production portal only with its owner's consent.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

func main() {
	base := flag.String("url", "http://localhost:8080", "base URL of the portal")
	email := flag.String("email", "ciso@voorbeeld.nl", "account to log in with")
	password := flag.String("password", "welkom-bij-baken", "password (demo default)")
	org := flag.String("org", "", "organisation id to choose when the account has several (default: the first offered)")
	paths := flag.String("paths", "/,/bio,/bio/gap,/plan,/processen,/applicaties,/audittrail", "comma-separated pages")
	n := flag.Int("n", 300, "requests per page")
	c := flag.Int("c", 4, "concurrent workers")
	allowRemote := flag.Bool("allow-remote", false, "allow a target that is not on this machine")
	flag.Parse()
	if err := run(*base, *email, *password, *org, strings.Split(*paths, ","), *n, *c, *allowRemote); err != nil {
		fmt.Fprintln(os.Stderr, "baken-load:", err)
		os.Exit(1)
	}
}

func run(base, email, password, org string, paths []string, n, workers int, allowRemote bool) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if !allowRemote {
		ips, err := net.LookupIP(u.Hostname())
		if err != nil || len(ips) == 0 || !ips[0].IsLoopback() {
			return fmt.Errorf("%s is not a loopback address; pass -allow-remote to load it anyway", u.Hostname())
		}
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(base+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("login failed: status %d", resp.StatusCode)
	}
	if resp.Header.Get("Location") == "/organisatie" {
		if org == "" {
			return fmt.Errorf("%s has several organisations: pass -org ID", email)
		}
		r, err := client.PostForm(base+"/organisatie", url.Values{"organisation_id": {org}})
		if err != nil {
			return err
		}
		r.Body.Close()
	}
	fmt.Printf("%-16s %6s %8s %8s %8s %8s %6s\n", "page", "n", "p50", "p95", "p99", "max", "errors")
	for _, p := range paths {
		durations, failures := hammer(client, base+p, n, workers)
		sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
		q := func(f float64) time.Duration {
			if len(durations) == 0 {
				return 0
			}
			return durations[int(f*float64(len(durations)-1))]
		}
		fmt.Printf("%-16s %6d %8s %8s %8s %8s %6d\n", p, len(durations), q(0.5).Round(time.Microsecond*10), q(0.95).Round(time.Microsecond*10),
			q(0.99).Round(time.Microsecond*10), q(1).Round(time.Microsecond*10), failures)
	}
	return nil
}

func hammer(client *http.Client, target string, n, workers int) ([]time.Duration, int) {
	var (
		mu        sync.Mutex
		durations []time.Duration
		failures  int
		wg        sync.WaitGroup
	)
	jobs := make(chan struct{})
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				start := time.Now()
				resp, err := client.Get(target)
				ok := err == nil && resp.StatusCode == http.StatusOK
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				d := time.Since(start)
				mu.Lock()
				if ok {
					durations = append(durations, d)
				} else {
					failures++
				}
				mu.Unlock()
			}
		}()
	}
	for range n {
		jobs <- struct{}{}
	}
	close(jobs)
	wg.Wait()
	return durations, failures
}
