package coroconf

import (
	"errors"
	"fmt"
	"math"
	"os"
	"os/user"
	"strconv"

	"github.com/gorosync/gorosync/cmap"
)

// uidgidLookup resolves a user (group=false) or group name to its id. found
// is false for an unknown name; err is any other lookup failure. Tests
// replace it to stay independent of the machine's /etc/passwd.
var uidgidLookup = uidgidOSLookup

func uidgidOSLookup(name string, group bool) (id uint32, found bool, err error) {
	if name == "" {
		return 0, false, nil
	}
	var sid string
	if group {
		g, e := user.LookupGroup(name)
		if e != nil {
			var unknown user.UnknownGroupError
			if errors.As(e, &unknown) {
				return 0, false, nil
			}
			return 0, false, e
		}
		sid = g.Gid
	} else {
		u, e := user.Lookup(name)
		if e != nil {
			var unknown user.UnknownUserError
			if errors.As(e, &unknown) {
				return 0, false, nil
			}
			return 0, false, e
		}
		sid = u.Uid
	}
	n, e := strconv.ParseUint(sid, 10, 32)
	if e != nil {
		return 0, false, e
	}
	return uint32(n), true, nil
}

// uidgidResolve is coroparse's uid_determine / gid_determine: a value that
// strtol reads completely as 0..UINT_MAX is taken as the numeric id,
// anything else is looked up by name. It returns the id or the error text.
func uidgidResolve(value string, group bool) (uint32, string) {
	neg, mag, overflow, end := mapScanDec(value)
	if value != "" && end == len(value) && !overflow && (!neg || mag == 0) && mag <= math.MaxUint32 {
		if mag == math.MaxUint32 {
			// The id travels back as a C int: -1 is corosync's failure
			// marker, reported with its (still empty) error buffer.
			return 0, parseEmptyReason
		}
		return uint32(mag), ""
	}
	id, found, err := uidgidLookup(value, group)
	kind, db, fn := "user", "/etc/passwd", "getpwnam_r"
	if group {
		kind, db, fn = "group", "/etc/group", "getgrnam_r"
	}
	switch {
	case err != nil:
		return 0, fmt.Sprintf("%s(): %s", fn, parseStrerror(err))
	case !found:
		return 0, fmt.Sprintf("The '%s' %s is not found in %s, please read the documentation.", value, kind, db)
	}
	return id, ""
}

// uidgidStore resolves a uid:/gid: item and stores uidgid.config.<kind>.<id>.
func uidgidStore(m *cmap.Map, key, value string) string {
	group := key == "gid"
	id, reason := uidgidResolve(value, group)
	if reason != "" {
		return reason
	}
	m.Set(fmt.Sprintf("uidgid.config.%s.%d", key, id), cmap.U8(1))
	return ""
}

// uidgidItem handles an item of a uidgid {} section of the main file.
func (p *mainParser) uidgidItem(key, value string) string {
	if key != "uid" && key != "gid" {
		return "uidgid: Only uid and gid are allowed items"
	}
	return uidgidStore(p.m, key, value)
}

// uidgidFileParser handles the files of uidgid.d: only uidgid {} sections
// holding uid:/gid: items are allowed.
type uidgidFileParser struct{ m *cmap.Map }

func (u uidgidFileParser) sectionStart(path string, st *parseState) string {
	if path != "uidgid" {
		return "uidgid: Can't add subsection different than uidgid"
	}
	return ""
}

func (u uidgidFileParser) item(path, key, value string, st parseState) string {
	switch path {
	case "uidgid.uid":
		return uidgidStore(u.m, "uid", value)
	case "uidgid.gid":
		return uidgidStore(u.m, "gid", value)
	}
	return "uidgid: Only uid and gid are allowed items"
}

func (u uidgidFileParser) sectionEnd(path string, st parseState) string { return "" }

// uidgidReadDir parses every regular file (after following symlinks) of the
// uidgid.d directory beside the main file, in directory order as readdir()
// returns it. A missing directory or an unreadable file is skipped silently.
func uidgidReadDir(confPath string, m *cmap.Map) error {
	dir := uidgidCDirname(confPath) + "/uidgid.d"
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	ents, err := d.ReadDir(-1) // unsorted: the directory's own order
	if err != nil && len(ents) == 0 {
		return nil
	}
	for _, e := range ents {
		name := dir + "/" + e.Name()
		st, err := os.Stat(name)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		if err := parseRun(name, src, uidgidFileParser{m}); err != nil {
			return err
		}
	}
	return nil
}

// uidgidCDirname is POSIX dirname(3), which differs from filepath.Dir on
// trailing slashes and keeps corosync's "//uidgid.d" for files in "/".
func uidgidCDirname(p string) string {
	i := len(p) - 1
	for i > 0 && p[i] == '/' {
		i--
	}
	for i >= 0 && p[i] != '/' {
		i--
	}
	if i < 0 {
		return "."
	}
	for i > 0 && p[i] == '/' {
		i--
	}
	return p[:i+1]
}
