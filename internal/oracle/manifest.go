package oracle

import (
	"bufio"
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
)

// Manifest files in a config directory such as testdata/conf.
const (
	ManifestFile = "boxes.tsv" // which box each config needs
	HostsFile    = "hosts"     // the boxes' /etc/hosts
	AuthkeyFile  = "authkey"   // the key given to boxes that ask for one
)

// Entry is one line of boxes.tsv:
//
//	FILE <TAB> ADDRS <TAB> HOSTNAME [<TAB> AUTHKEY]
//
// ADDRS is a comma-separated list of prefixes for d0 ("-" for none),
// HOSTNAME "-" means DefaultHostname, AUTHKEY is "yes" or "no" (default).
// Blank lines and lines starting with '#' are ignored.
type Entry struct {
	File     string
	Addrs    []netip.Prefix
	Hostname string
	Authkey  bool
	Line     int
}

// LoadManifest reads dir/boxes.tsv.
func LoadManifest(dir string) ([]Entry, error) {
	path := filepath.Join(dir, ManifestFile)
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var es []Entry
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		e, err := parseEntry(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if prev, dup := seen[e.File]; dup {
			return nil, fmt.Errorf("%s:%d: %s already listed on line %d", path, n, e.File, prev)
		}
		e.Line, seen[e.File] = n, n
		es = append(es, e)
	}
	return es, sc.Err()
}

func parseEntry(line string) (Entry, error) {
	f := strings.Split(line, "\t")
	if len(f) < 3 || len(f) > 4 {
		return Entry{}, fmt.Errorf("want 3 or 4 tab-separated fields, got %d", len(f))
	}
	e := Entry{File: f[0], Hostname: f[2]}
	if e.File == "" || filepath.Base(e.File) != e.File {
		return Entry{}, fmt.Errorf("bad file name %q", e.File)
	}
	if f[1] != "-" {
		for _, s := range strings.Split(f[1], ",") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return Entry{}, fmt.Errorf("address %q: %w", s, err)
			}
			e.Addrs = append(e.Addrs, p)
		}
	}
	if e.Hostname == "-" {
		e.Hostname = ""
	}
	if len(f) == 4 {
		switch f[3] {
		case "yes":
			e.Authkey = true
		case "no":
		default:
			return Entry{}, fmt.Errorf("authkey field %q: want yes or no", f[3])
		}
	}
	return e, nil
}

// Box reads the entry's config (and the directory's hosts file and, if
// asked for, its authkey) from dir and returns its box.
func (e Entry) Box(dir string) (Box, error) {
	conf, err := os.ReadFile(filepath.Join(dir, e.File))
	if err != nil {
		return Box{}, err
	}
	b := Box{Conf: conf, Addrs: e.Addrs, Hostname: e.Hostname}
	if hosts, err := os.ReadFile(filepath.Join(dir, HostsFile)); err == nil {
		b.Hosts = string(hosts)
	} else if !os.IsNotExist(err) {
		return Box{}, err
	}
	if e.Authkey {
		if b.Authkey, err = os.ReadFile(filepath.Join(dir, AuthkeyFile)); err != nil {
			return Box{}, err
		}
	}
	return b, nil
}
