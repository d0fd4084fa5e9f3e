package cib

import "bytes"

// selfClose rewrites every empty element "<x a="1"></x>" of encoding/xml's
// output as "<x a="1"/>", the way Pacemaker writes a CIB, so a file gocrm
// edits diffs cleanly against one cibadmin, pcs or crmsh wrote. It relies
// on encoding/xml escaping '>' inside attribute values.
func selfClose(in []byte) []byte {
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); {
		c := in[i]
		if c != '<' || i+1 >= len(in) || in[i+1] == '/' || in[i+1] == '?' || in[i+1] == '!' {
			out = append(out, c)
			i++
			continue
		}
		end := bytes.IndexByte(in[i:], '>')
		if end < 0 {
			return append(out, in[i:]...)
		}
		end += i
		tag := in[i : end+1]
		name := tag[1 : len(tag)-1]
		if j := bytes.IndexAny(name, " \t\n"); j >= 0 {
			name = name[:j]
		}
		closing := append(append([]byte("</"), name...), '>')
		if tag[len(tag)-2] != '/' && bytes.HasPrefix(in[end+1:], closing) {
			out = append(out, tag[:len(tag)-1]...)
			out = append(out, '/', '>')
			i = end + 1 + len(closing)
			continue
		}
		out = append(out, tag...)
		i = end + 1
	}
	return out
}
