package agent

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Metadata is an agent's OCF meta-data document (the subset gocrm uses).
type Metadata struct {
	XMLName    xml.Name         `xml:"resource-agent"`
	Name       string           `xml:"name,attr"`
	Version    string           `xml:"version"`
	LongDesc   string           `xml:"longdesc"`
	ShortDesc  string           `xml:"shortdesc"`
	Parameters []ParamSpec      `xml:"parameters>parameter"`
	Actions    []ActionSpec     `xml:"actions>action"`
	Special    *SpecialMetadata `xml:"special"`
}

// SpecialMetadata is Pacemaker's <special tag="..."/> marker.
type SpecialMetadata struct {
	Tag string `xml:"tag,attr"`
}

// ParamSpec describes one parameter.
type ParamSpec struct {
	Name      string      `xml:"name,attr"`
	Unique    string      `xml:"unique,attr"`
	Required  string      `xml:"required,attr"`
	ShortDesc string      `xml:"shortdesc"`
	LongDesc  string      `xml:"longdesc"`
	Content   ContentSpec `xml:"content"`
}

// ContentSpec is a parameter's type and default.
type ContentSpec struct {
	Type    string `xml:"type,attr"`
	Default string `xml:"default,attr"`
	// HasDefault distinguishes default="" from no default.
	HasDefault bool `xml:"-"`
}

// ActionSpec is one <action> line: advice on timeouts and intervals.
type ActionSpec struct {
	Name     string `xml:"name,attr"`
	Timeout  string `xml:"timeout,attr"`
	Interval string `xml:"interval,attr"`
	Depth    string `xml:"depth,attr"`
	Role     string `xml:"role,attr"`
}

// IsRequired and IsUnique read the OCF booleans ("1"/"true"/"yes").
func (p ParamSpec) IsRequired() bool { return ocfTrue(p.Required) }

// IsUnique reports the unique flag.
func (p ParamSpec) IsUnique() bool { return ocfTrue(p.Unique) }

func ocfTrue(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "on", "y":
		return true
	}
	return false
}

// UnmarshalXML records whether the default attribute was present.
func (c *ContentSpec) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "type":
			c.Type = a.Value
		case "default":
			c.Default, c.HasDefault = a.Value, true
		}
	}
	return d.Skip()
}

// ParseMetadata decodes a meta-data document; errors name the line.
func ParseMetadata(b []byte) (*Metadata, error) {
	var md Metadata
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	if err := d.Decode(&md); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("meta-data:%d: %s", se.Line, se.Msg)
		}
		return nil, fmt.Errorf("meta-data: %w", err)
	}
	seen := map[string]bool{}
	for i, p := range md.Parameters {
		if p.Name == "" {
			return nil, fmt.Errorf("meta-data: parameter %d has no name", i+1)
		}
		if seen[p.Name] {
			return nil, fmt.Errorf("meta-data: parameter %q listed twice", p.Name)
		}
		seen[p.Name] = true
	}
	return &md, nil
}

// Param returns the spec of parameter name.
func (md *Metadata) Param(name string) (ParamSpec, bool) {
	for _, p := range md.Parameters {
		if p.Name == name {
			return p, true
		}
	}
	return ParamSpec{}, false
}

// ActionTimeout is the advised timeout of action, or 0.
func (md *Metadata) ActionTimeout(action string) time.Duration {
	for _, a := range md.Actions {
		if a.Name == action {
			if d, err := ParseInterval(a.Timeout); err == nil {
				return d
			}
		}
	}
	return 0
}

// Defaults returns params completed with the meta-data defaults (a new map).
func (md *Metadata) Defaults(params map[string]string) map[string]string {
	out := make(map[string]string, len(params)+len(md.Parameters))
	for _, p := range md.Parameters {
		if p.Content.HasDefault {
			out[p.Name] = p.Content.Default
		}
	}
	for k, v := range params {
		out[k] = v
	}
	return out
}

// Check validates params against the meta-data: required parameters
// present and non-empty, integers and booleans well formed. Parameters the
// meta-data does not know are reported separately (Pacemaker passes them
// on; pcs warns), as are the problems, in a stable order.
func (md *Metadata) Check(params map[string]string) (problems, unknown []string) {
	for _, p := range md.Parameters {
		v, set := params[p.Name]
		if !set || v == "" {
			if p.IsRequired() {
				problems = append(problems, fmt.Sprintf("required parameter %s is not set", p.Name))
			}
			continue
		}
		switch strings.ToLower(p.Content.Type) {
		case "integer":
			if _, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err != nil {
				problems = append(problems, fmt.Sprintf("parameter %s=%q is not an integer", p.Name, v))
			}
		case "boolean":
			if !isOCFBool(v) {
				problems = append(problems, fmt.Sprintf("parameter %s=%q is not a boolean", p.Name, v))
			}
		}
	}
	for k := range params {
		if _, ok := md.Param(k); !ok {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	return problems, unknown
}

func isOCFBool(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "0", "true", "false", "yes", "no", "on", "off", "y", "n":
		return true
	}
	return false
}

// ParseInterval reads a Pacemaker duration: a bare number is seconds, or
// a number with ms, s, sec, m, min, h, hr suffix.
func ParseInterval(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, fmt.Errorf("duration %q: no number", s)
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil || n > 1<<31 {
		return 0, fmt.Errorf("duration %q: number out of range", s)
	}
	unit := strings.ToLower(strings.TrimSpace(s[i:]))
	var mul time.Duration
	switch unit {
	case "ms", "msec":
		mul = time.Millisecond
	case "", "s", "sec":
		mul = time.Second
	case "m", "min":
		mul = time.Minute
	case "h", "hr":
		mul = time.Hour
	default:
		return 0, fmt.Errorf("duration %q: unknown unit %q", s, unit)
	}
	return time.Duration(n) * mul, nil
}
