package configure

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// idSet is every id in use in the configuration section, plus the ids a
// command has booked but not yet inserted.
type idSet map[string]bool

// collectIDs scans the marshalled configuration, so ids inside elements
// gocrm keeps verbatim (resource sets, rules, templates) count too.
func collectIDs(c *cib.CIB) idSet {
	ids := idSet{}
	data, err := xml.Marshal(&c.Configuration)
	if err != nil {
		return ids
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return ids
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Local == "id" && a.Name.Space == "" {
					ids[a.Value] = true
				}
			}
		}
	}
}

// pcsUnique books base, or base-1, base-2, ... (pcs find_unique_id).
func (ids idSet) pcsUnique(base string) string {
	id := base
	for n := 1; ids[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	ids[id] = true
	return id
}

// crmshUnique books base, or base-0, base-1, ... (crmsh idmgmt).
func (ids idSet) crmshUnique(base string) string {
	id := base
	for n := 0; ids[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	ids[id] = true
	return id
}

// sanitizeID drops the characters an XML id cannot hold, as pcs does when
// it derives ids from names and values: the first character must be a
// letter or underscore, the rest letters, digits, '_', '.', '-'.
func sanitizeID(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i == 0 && !idFirst(r) {
			continue
		}
		if i > 0 && !idRest(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func idFirst(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f && isLetterish(r)
}

func idRest(r rune) bool {
	return idFirst(r) || r >= '0' && r <= '9' || r == '.' || r == '-'
}

// isLetterish accepts non-ASCII letters; XML names allow most of them.
func isLetterish(r rune) bool { return r > 0x7f }

// checkPCSID validates a user-chosen id the way pcs reports it.
func checkPCSID(id, what string) error {
	if id == "" {
		return errorf("%s cannot be empty", what)
	}
	for i, r := range id {
		if i == 0 && !idFirst(r) {
			return errorf("invalid %s '%s', '%c' is not a valid first character for a %s", what, id, r, what)
		}
		if i > 0 && !idRest(r) {
			return errorf("invalid %s '%s', '%c' is not a valid character for a %s", what, id, r, what)
		}
	}
	return nil
}

// checkCRMID validates an object id in crmsh syntax.
func checkCRMID(id string) error {
	if id == "" {
		return errorf("missing identifier")
	}
	for i, r := range id {
		if i == 0 && !idFirst(r) || i > 0 && !idRest(r) {
			return errorf("%s: invalid identifier", id)
		}
	}
	return nil
}
