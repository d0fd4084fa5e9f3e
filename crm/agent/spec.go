package agent

import (
	"fmt"
	"strings"
)

// Resource agent classes.
const (
	ClassOCF     = "ocf"
	ClassLSB     = "lsb"
	ClassSystemd = "systemd"
	ClassService = "service"
)

// Spec names an agent as Pacemaker does: class, provider (OCF only) and
// type, written CLASS:[PROVIDER:]TYPE.
type Spec struct {
	Class    string
	Provider string
	Type     string
}

// String is the CLASS:[PROVIDER:]TYPE form.
func (s Spec) String() string {
	if s.Provider != "" {
		return s.Class + ":" + s.Provider + ":" + s.Type
	}
	return s.Class + ":" + s.Type
}

// ParseSpec parses CLASS:[PROVIDER:]TYPE. A provider is required for ocf
// and refused for the other classes; the type may not contain '/' (it
// becomes a path component) nor be empty.
func ParseSpec(s string) (Spec, error) {
	parts := strings.Split(s, ":")
	var sp Spec
	switch len(parts) {
	case 2:
		sp = Spec{Class: parts[0], Type: parts[1]}
	case 3:
		sp = Spec{Class: parts[0], Provider: parts[1], Type: parts[2]}
	default:
		return Spec{}, fmt.Errorf("agent %q: want CLASS:[PROVIDER:]TYPE", s)
	}
	switch sp.Class {
	case ClassOCF:
		if sp.Provider == "" {
			return Spec{}, fmt.Errorf("agent %q: class ocf needs a provider (ocf:PROVIDER:TYPE)", s)
		}
	case ClassLSB, ClassSystemd, ClassService:
		if len(parts) == 3 {
			return Spec{}, fmt.Errorf("agent %q: class %s takes no provider", s, sp.Class)
		}
	case "":
		return Spec{}, fmt.Errorf("agent %q: empty class", s)
	default:
		return Spec{}, fmt.Errorf("agent %q: unknown class %q (want ocf, lsb, systemd or service)", s, sp.Class)
	}
	if err := checkName("provider", sp.Provider, sp.Class == ClassOCF); err != nil {
		return Spec{}, fmt.Errorf("agent %q: %w", s, err)
	}
	if err := checkName("type", sp.Type, true); err != nil {
		return Spec{}, fmt.Errorf("agent %q: %w", s, err)
	}
	return sp, nil
}

func checkName(what, v string, required bool) error {
	if v == "" {
		if required {
			return fmt.Errorf("empty %s", what)
		}
		return nil
	}
	if v == "." || v == ".." || strings.ContainsAny(v, "/\x00") {
		return fmt.Errorf("%s %q is not a plain file name", what, v)
	}
	for _, r := range v {
		if r <= ' ' || r == 0x7f {
			return fmt.Errorf("%s %q contains a space or control character", what, v)
		}
	}
	return nil
}
