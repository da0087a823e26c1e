// Package pgdev runs a private PostgreSQL cluster from the machine's own
// PostgreSQL binaries. `baken dev` and the tests use it when no database URL is
// configured, so a fresh machine needs nothing but the postgresql packages.
//
// The cluster listens only on a Unix socket inside its own directory, so it
// never competes for a TCP port with a server the machine already runs.
package pgdev

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// socketPort only names the socket file (.s.PGSQL.<port>); no TCP port is opened.
const socketPort = 5432

// Cluster is a private PostgreSQL cluster rooted at Dir.
type Cluster struct {
	Dir     string // root: Dir/data holds the cluster, Dir/sock the socket
	binDir  string
	runAs   string // system user that runs the server when we are root
	started bool   // true when this process started the server
}

// ErrNoBinaries means PostgreSQL is not installed on this machine.
var ErrNoBinaries = errors.New("no PostgreSQL server binaries found (looked at `pg_config --bindir` and /usr/lib/postgresql/*/bin); run scripts/setup.sh or `apt-get install postgresql`")

// Ensure initialises the cluster at dir when needed and starts it when it is
// not running. Concurrent callers (parallel test binaries) are serialised by a
// lock file.
func Ensure(ctx context.Context, dir string) (*Cluster, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", abs, err)
	}
	lock, err := os.OpenFile(filepath.Join(abs, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return nil, fmt.Errorf("lock %s: %w", abs, err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN) //nolint:errcheck // closing the file releases the lock too

	bin, err := findBinDir()
	if err != nil {
		return nil, err
	}
	c := &Cluster{Dir: abs, binDir: bin}
	if os.Geteuid() == 0 {
		// initdb and postgres refuse to run as root.
		c.runAs = "postgres"
	}
	if err := c.init(ctx); err != nil {
		return nil, err
	}
	if c.running(ctx) {
		return c, nil
	}
	if err := c.start(ctx); err != nil {
		return nil, err
	}
	c.started = true
	return c, nil
}

// URL returns a connection URL for database name on this cluster, as the
// superuser postgres.
func (c *Cluster) URL(name string) string { return c.URLAs("postgres", name) }

// URLAs returns a connection URL for database name as user (trust auth: no
// password on the private socket).
func (c *Cluster) URLAs(user, name string) string {
	q := url.Values{}
	q.Set("host", c.sockDir())
	q.Set("port", strconv.Itoa(socketPort))
	q.Set("user", user)
	q.Set("sslmode", "disable")
	return "postgres:///" + name + "?" + q.Encode()
}

// StartedHere reports whether Ensure started the server (rather than finding
// it running), so the caller knows whether to stop it again.
func (c *Cluster) StartedHere() bool { return c.started }

// Stop shuts the server down (fast mode: running sessions are ended).
func (c *Cluster) Stop(ctx context.Context) error {
	out, err := c.cmd(ctx, "pg_ctl", "stop", "-D", c.dataDir(), "-m", "fast", "-w").CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

func (c *Cluster) dataDir() string { return filepath.Join(c.Dir, "data") }
func (c *Cluster) sockDir() string { return filepath.Join(c.Dir, "sock") }
func (c *Cluster) logFile() string { return filepath.Join(c.Dir, "postgres.log") }

func (c *Cluster) init(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(c.dataDir(), "PG_VERSION")); err == nil {
		return nil
	}
	for _, d := range []string{c.dataDir(), c.sockDir()} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
		if err := c.chown(d); err != nil {
			return err
		}
	}
	if err := c.chown(c.Dir); err != nil {
		return err
	}
	out, err := c.cmd(ctx, "initdb", "-D", c.dataDir(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync").CombinedOutput()
	if err != nil {
		return fmt.Errorf("initdb: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

func (c *Cluster) running(ctx context.Context) bool {
	return c.cmd(ctx, "pg_ctl", "status", "-D", c.dataDir()).Run() == nil
}

func (c *Cluster) start(ctx context.Context) error {
	opts := fmt.Sprintf("-c listen_addresses='' -k %s -p %d -c fsync=off -c full_page_writes=off -c max_connections=200", c.sockDir(), socketPort)
	// A stale pid file from a killed server would block the start.
	_ = os.Remove(filepath.Join(c.dataDir(), "postmaster.pid"))
	out, err := c.cmd(ctx, "pg_ctl", "start", "-D", c.dataDir(), "-l", c.logFile(), "-w", "-t", "60", "-o", opts).CombinedOutput()
	if err != nil {
		tail, _ := os.ReadFile(c.logFile())
		return fmt.Errorf("pg_ctl start: %w: %s\n%s", err, strings.TrimSpace(string(out)), lastLines(string(tail), 10))
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(filepath.Join(c.sockDir(), fmt.Sprintf(".s.PGSQL.%d", socketPort))); err == nil {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("postgres started but its socket did not appear")
}

func (c *Cluster) cmd(ctx context.Context, name string, args ...string) *exec.Cmd {
	path := filepath.Join(c.binDir, name)
	if c.runAs != "" {
		return exec.CommandContext(ctx, "runuser", append([]string{"-u", c.runAs, "--", path}, args...)...)
	}
	return exec.CommandContext(ctx, path, args...)
}

func (c *Cluster) chown(path string) error {
	if c.runAs == "" {
		return nil
	}
	u, err := user.Lookup(c.runAs)
	if err != nil {
		return fmt.Errorf("look up system user %s (installed with the postgresql package): %w", c.runAs, err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(path, uid, gid)
}

func findBinDir() (string, error) {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dir := strings.TrimSpace(string(out))
		if fileExists(filepath.Join(dir, "initdb")) {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if fileExists(filepath.Join(d, "initdb")) {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
