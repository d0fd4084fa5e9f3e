package cib

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
)

// Parse reads a CIB document. name is used in error messages (a file name,
// or "" for none); syntax errors carry the line number.
func Parse(name string, data []byte) (*CIB, error) {
	if name == "" {
		name = "cib"
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	var root *xml.StartElement
	for root == nil {
		tok, err := d.Token()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: no <cib> element", name)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			t = t.Copy()
			root = &t
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				line, _ := d.InputPos()
				return nil, fmt.Errorf("%s:%d: text before the root element", name, line)
			}
		}
	}
	if root.Name.Local != "cib" {
		line, _ := d.InputPos()
		return nil, fmt.Errorf("%s:%d: root element is <%s>, want <cib>", name, line, root.Name.Local)
	}
	c := new(CIB)
	if err := d.DecodeElement(c, root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) == 0 {
				continue
			}
		case xml.Comment, xml.ProcInst:
			continue
		}
		line, _ := d.InputPos()
		return nil, fmt.Errorf("%s:%d: content after </cib>", name, line)
	}
	return c, nil
}

// ReadFile parses the CIB stored in path.
func ReadFile(path string) (*CIB, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Marshal writes the CIB as indented XML (two spaces, no XML declaration,
// final newline, empty elements self-closed), the way cibadmin stores it.
func (c *CIB) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return selfClose(buf.Bytes()), nil
}

// WriteFile writes the CIB to path atomically: a temporary file in the same
// directory, synced, then renamed over path.
func (c *CIB) WriteFile(path string, perm os.FileMode) error {
	data, err := c.Marshal()
	if err != nil {
		return err
	}
	dir := "."
	if i := lastSlash(path); i >= 0 {
		dir = path[:i+1]
	}
	f, err := os.CreateTemp(dir, ".cib-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp, perm)
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		return errors.Join(werr, os.Remove(tmp))
	}
	return nil
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}
