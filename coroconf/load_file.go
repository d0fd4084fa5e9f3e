package coroconf

import (
	"github.com/gorosync/gorosync/cmap"
)

// Load is `corosync -t -c path`: parse the file (and uidgid.d next to it),
// then run every check corosync runs before its totem configuration is
// final. Host-dependent facts come from env.
func Load(path string, env Env) *Result {
	m := cmap.New()
	if err := ParseFile(path, m); err != nil {
		return ParseFailure(err.Error())
	}
	return LoadMap(m, env)
}

// LoadBytes is Load for an in-memory file named name.
func LoadBytes(name string, src []byte, env Env) *Result {
	m := cmap.New()
	if err := ParseBytes(name, src, m); err != nil {
		return ParseFailure(err.Error())
	}
	return LoadMap(m, env)
}
