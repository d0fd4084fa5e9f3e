package oracle

import (
	"bufio"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
)

// CorpusEntry is one file of the real-world corpus under
// ../shared/reference/confs, as its README's results table describes it.
type CorpusEntry struct {
	File  string         // relative to the corpus dir, e.g. real/r06-....conf
	Addrs []netip.Prefix // d0 addresses of its box
	// NoKeyVariant: the corpus also recorded a run without the authkey
	// (FILE.t-nokey-expected exists).
	NoKeyVariant bool
}

// CorpusEntries reads the "Files, sources and results" table of dir's
// README.md (column 1 the file, column 8 its d0 addresses) and keeps the
// files that exist. The error satisfies os.IsNotExist when the corpus is
// absent.
func CorpusEntries(dir string) ([]CorpusEntry, error) {
	f, err := os.Open(filepath.Join(dir, "README.md"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []CorpusEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		cols := strings.Split(sc.Text(), " | ")
		if len(cols) < 10 || !strings.HasPrefix(cols[0], "| `") {
			continue
		}
		e := CorpusEntry{File: strings.Trim(cols[0], "| `")}
		if !strings.HasPrefix(cols[7], "(none") {
			for _, s := range strings.Split(cols[7], ",") {
				p, err := netip.ParsePrefix(strings.TrimSpace(s))
				if err != nil {
					return nil, fmt.Errorf("%s/README.md:%d: %w", dir, n, err)
				}
				e.Addrs = append(e.Addrs, p)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, e.File)); err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, e.File+".t-nokey-expected")); err == nil {
			e.NoKeyVariant = true
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s/README.md: no corpus files listed", dir)
	}
	return out, nil
}

// Box is the corpus's oracle box for e: its addresses, the corpus hosts
// file and, with withKey, the corpus authkey.
func (e CorpusEntry) Box(dir string, withKey bool) (Box, error) {
	conf, err := os.ReadFile(filepath.Join(dir, e.File))
	if err != nil {
		return Box{}, err
	}
	hosts, err := os.ReadFile(filepath.Join(dir, "oracle/hosts"))
	if err != nil {
		return Box{}, err
	}
	b := Box{Conf: conf, Addrs: e.Addrs, Hosts: string(hosts)}
	if withKey {
		if b.Authkey, err = os.ReadFile(filepath.Join(dir, "oracle/authkey")); err != nil {
			return Box{}, err
		}
	}
	return b, nil
}
