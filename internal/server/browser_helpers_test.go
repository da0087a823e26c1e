package server_test

// Helpers for the browser tests (browser_test.go): one headless Chromium for
// the whole package, started on first use and stopped in TestMain; each test
// gets a fresh tab in its own browser context (own cookies), an axe-core check
// and a collector for console errors.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/baken-nl/baken/internal/seed"
	"github.com/baken-nl/baken/web/static"
)

// browserTimeout bounds each browser test, so a hang fails instead of blocking.
const browserTimeout = 30 * time.Second

var browser struct {
	once        sync.Once
	ctx         context.Context // chromedp context that owns the browser process
	cancel      context.CancelFunc
	allocCancel context.CancelFunc
	dataDir     string
	output      lockedBuffer // Chromium's stdout and stderr, for start-up errors
	err         error
}

func TestMain(m *testing.M) {
	code := m.Run()
	stopBrowser()
	os.Exit(code)
}

// chromiumPath finds Chromium: the Debian package's /usr/bin/chromium, else
// a chromium or chrome in PATH.
func chromiumPath() string {
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func startBrowser(execPath string) {
	dir, err := os.MkdirTemp("", "baken-chromium-")
	if err != nil {
		browser.err = err
		return
	}
	browser.dataDir = dir
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests may run as root (containers, CI)
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// The theme scrolls smoothly (.utrecht-root); a click computed during
		// a smooth scroll can land on the element next to its target.
		chromedp.Flag("force-prefers-reduced-motion", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 1024),
		chromedp.CombinedOutput(&browser.output),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	browser.ctx, browser.cancel, browser.allocCancel = ctx, cancel, allocCancel

	// The first Do starts the browser and binds it to ctx, so it must not carry
	// a deadline; bound the start-up from outside instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err = <-started:
	case <-time.After(browserTimeout):
		err = errors.New("timed out after " + browserTimeout.String())
	}
	if err != nil {
		browser.err = fmt.Errorf("start %s: %w\n%s", execPath, err, browser.output.String())
		stopBrowser()
	}
}

func stopBrowser() {
	if browser.cancel != nil {
		ctx, cancel := context.WithTimeout(browser.ctx, 10*time.Second)
		_ = chromedp.Cancel(ctx) // closes the browser gracefully
		cancel()
		browser.cancel()
		browser.allocCancel()
		browser.cancel = nil
	}
	if browser.dataDir != "" {
		os.RemoveAll(browser.dataDir)
		browser.dataDir = ""
	}
}

// newTab returns a chromedp context for a new tab of the shared browser, in a
// browser context of its own (like an incognito window: no cookies shared
// with other tests). The tab closes when the test ends or after browserTimeout.
func newTab(t *testing.T) context.Context {
	t.Helper()
	return newTabWithin(t, browserTimeout)
}

// newTabWithin is newTab for a test that walks many pages: the tab closes
// after timeout instead.
func newTabWithin(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium not found (looked for /usr/bin/chromium and chromium in PATH): run scripts/setup.sh")
		}
		t.Skip("Chromium not found: run scripts/setup.sh to run the browser tests")
	}
	browser.once.Do(func() { startBrowser(path) })
	if browser.err != nil {
		t.Fatalf("browser: %v", browser.err)
	}
	deadline, cancelDeadline := context.WithTimeout(browser.ctx, timeout)
	ctx, cancel := chromedp.NewContext(deadline, chromedp.WithNewBrowserContext())
	t.Cleanup(func() { cancel(); cancelDeadline() })
	return ctx
}

// do runs the actions and fails the test on an error, naming the step.
func do(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// run runs one action and returns its value, failing the test on an error.
func run[T any](t *testing.T, ctx context.Context, step string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	return v
}

// clickAndLoad clicks the element and waits until the page it leads to has
// loaded (the click submits a form or follows a link).
func clickAndLoad[S chromedp.Selectable](t *testing.T, ctx context.Context, step string, sel S, opts ...chromedp.QueryOption) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(sel, opts...))); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// expectPath checks the path of the tab's current URL.
func expectPath(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	loc := run(t, ctx, "location", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("location %q: %v", loc, err)
	}
	if u.Path != want {
		t.Fatalf("at %s, want path %s", loc, want)
	}
}

// browserLogin logs in through the login form and, when the app asks, picks
// the organisation by clicking its button; it reports whether it was asked.
// check, when not nil, runs on the login page and the organisation choice.
// It ends on the home page.
func browserLogin(t *testing.T, ctx context.Context, a *app, email, org string, check func(page string)) (choseOrg bool) {
	t.Helper()
	do(t, ctx, "open login page",
		chromedp.Navigate(a.ts.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
	)
	if check != nil {
		check("inlogpagina (/login)")
	}
	do(t, ctx, "fill in login form",
		chromedp.SendKeys(chromedp.ID("f-email"), email),
		chromedp.SendKeys(chromedp.ID("f-password"), seed.DemoPassword),
	)
	clickAndLoad(t, ctx, "submit login form", chromedp.CSS(`form[action="/login"] button[type="submit"]`))
	loc := run(t, ctx, "location after login", chromedp.Location())
	if u, err := url.Parse(loc); err == nil && u.Path == "/organisatie" {
		choseOrg = true
		do(t, ctx, "organisation choice", chromedp.WaitVisible(chromedp.CSS("ul.org-choice button")))
		if check != nil {
			check("organisatiekeuze (/organisatie)")
		}
		button := fmt.Sprintf(`//ul[@class="org-choice"]//button[contains(normalize-space(.), %q)]`, org)
		clickAndLoad(t, ctx, "choose "+org, chromedp.Search(button))
	}
	do(t, ctx, "home page after login", chromedp.WaitVisible(chromedp.CSS("main#main h1")))
	expectPath(t, ctx, "/")
	return choseOrg
}

// ---- axe-core ----

type axeNode struct {
	Target  []string `json:"target"`
	HTML    string   `json:"html"`
	Summary string   `json:"summary"`
}

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeResult struct {
	Version    string         `json:"version"`
	Passes     int            `json:"passes"`
	Violations []axeViolation `json:"violations"`
}

// axeSource is the vendored axe-core, the same bytes the app serves at
// /static/vendor/axe.min.js.
var axeSource = sync.OnceValues(func() (string, error) {
	b, err := static.FS.ReadFile("vendor/axe.min.js")
	return string(b), err
})

const axeRun = `(async () => {
	const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
	const target = t => Array.isArray(t) ? t.join(' >>> ') : String(t);
	return {
		version: axe.version,
		passes: r.passes.length,
		violations: r.violations.map(v => ({
			id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target.map(target), html: n.html, summary: n.failureSummary || ''})),
		})),
	};
})()`

// checkAxe runs axe-core (WCAG 2.1 A and AA rules) on the current page and
// fails the test on every violation with impact serious or critical; minor and
// moderate ones are logged. The page's CSP allows no inline script, so axe is
// injected through the DevTools protocol (Runtime.evaluate), which the CSP
// does not govern.
func checkAxe(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatalf("read axe-core: %v", err)
	}
	loaded := run(t, ctx, "axe on "+name+": inject", chromedp.Evaluate[bool](
		`typeof window.axe === 'object'`))
	if !loaded {
		do(t, ctx, "axe on "+name+": inject", chromedp.Evaluate[chromedp.Void](src))
		if !run(t, ctx, "axe on "+name+": inject", chromedp.Evaluate[bool](`typeof window.axe === 'object' && typeof axe.run === 'function'`)) {
			t.Fatalf("axe on %s: axe-core did not load in the page", name)
		}
	}
	res := run(t, ctx, "axe on "+name, chromedp.Evaluate[axeResult](axeRun, chromedp.EvalAwaitPromise))
	if res.Passes == 0 {
		t.Fatalf("axe on %s: no rule passed, the page is probably empty", name)
	}
	var report strings.Builder
	for _, v := range res.Violations {
		var b strings.Builder
		fmt.Fprintf(&b, "  [%s] %s: %s (%s)\n", v.Impact, v.ID, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "      %s\n        %s\n", strings.Join(n.Target, ", "), n.HTML)
			if n.Summary != "" {
				fmt.Fprintf(&b, "        %s\n", strings.ReplaceAll(n.Summary, "\n", "\n        "))
			}
		}
		if v.Impact == "serious" || v.Impact == "critical" {
			report.WriteString(b.String())
		} else {
			t.Logf("axe %s on %s (not failing, impact %s):\n%s", res.Version, name, v.Impact, b.String())
		}
	}
	if report.Len() > 0 {
		t.Errorf("axe-core %s found serious/critical WCAG 2.1 AA violations on %s:\n%s", res.Version, name, report.String())
	}
}

// ---- console ----

// consoleLog collects the errors the page reports on the console: uncaught
// exceptions, console.error calls and browser log errors such as CSP
// violations and failed requests.
type consoleLog struct {
	mu   sync.Mutex
	msgs []consoleError
}

type consoleError struct {
	exception bool
	text      string
}

func watchConsole(t *testing.T, ctx context.Context) *consoleLog {
	t.Helper()
	c := &consoleLog{}
	ctx, stop := context.WithCancel(ctx) // ends the subscription
	messages := chromedp.Console(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
				continue
			}
			c.mu.Lock()
			c.msgs = append(c.msgs, consoleError{m.IsException(), fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1)})
			c.mu.Unlock()
		}
	}()
	t.Cleanup(func() { stop(); <-done })
	return c
}

// check fails the test on uncaught JavaScript exceptions and logs the other
// console errors (such as a CSP report or a 404) without failing. Messages
// matching one of expected are skipped.
func (c *consoleLog) check(t *testing.T, expected ...string) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	seen := map[string]bool{}
next:
	for _, m := range c.msgs {
		for _, e := range expected {
			if strings.Contains(m.text, e) {
				continue next
			}
		}
		switch {
		case m.exception:
			t.Errorf("browser console: uncaught %s", m.text)
		case !seen[m.text]:
			seen[m.text] = true
			t.Logf("browser console (not failing): %s", m.text)
		}
	}
}

// lockedBuffer is a bytes.Buffer safe for the browser's output goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
