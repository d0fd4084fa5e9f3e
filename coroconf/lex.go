package coroconf

import (
	"bytes"
	"strings"
)

// lexBufSize is corosync's line buffer (char line[512] read with fgets): a
// chunk holds at most 511 bytes, so a line may carry 510 characters plus its
// newline.
const lexBufSize = 512

// lexReader hands out the file chunk by chunk exactly as fgets(line, 512, fp)
// would, including glibc's end-of-file flag: the flag is raised only when a
// read ran out of input before filling the buffer or finding '\n'.
type lexReader struct {
	src  []byte
	pos  int
	eof  bool // feof(fp)
	line int  // chunks read so far (corosync's line_no)
}

// lexKind classifies one cleaned line.
type lexKind int

const (
	lexSkip    lexKind = iota // blank or comment line
	lexSection                // "name {"
	lexItem                   // "key: value"
	lexClose                  // contains '}' and neither '{' nor ':'
	lexJunk                   // anything else
)

// lexLine is one classified line.
type lexLine struct {
	kind  lexKind
	name  string // section name or item key, trimmed as corosync trims it
	value string // item value, or the text after '{' for a section
	text  string // the whole cleaned line
}

// next returns the next cleaned line (newline, one CR and trailing blanks
// removed, cut at the first NUL as C string functions see it). ok is false at
// end of input; tooLong reports corosync's "Line too long".
func (r *lexReader) next() (text string, ok, tooLong bool) {
	if r.eof || r.pos >= len(r.src) {
		r.eof = true
		return "", false, false
	}
	rest := r.src[r.pos:]
	n := len(rest)
	if n > lexBufSize-1 {
		n = lexBufSize - 1
	}
	if i := bytes.IndexByte(rest[:n], '\n'); i >= 0 {
		n = i + 1
	} else if n < lexBufSize-1 {
		// Ran out of input before the buffer was full: fgets hit EOF.
		r.eof = true
	}
	chunk := rest[:n]
	r.pos += n
	r.line++

	// Everything after an embedded NUL is invisible to strlen().
	if i := bytes.IndexByte(chunk, 0); i >= 0 {
		chunk = chunk[:i]
	}
	if len(chunk) > 0 {
		if chunk[len(chunk)-1] != '\n' && !r.eof {
			return "", true, true
		}
		if chunk[len(chunk)-1] == '\n' {
			chunk = chunk[:len(chunk)-1]
		}
		if len(chunk) > 0 && chunk[len(chunk)-1] == '\r' {
			chunk = chunk[:len(chunk)-1]
		}
	}
	chunk = bytes.TrimRight(chunk, " \t")
	return string(chunk), true, false
}

// lexIsBlank reports spaces and tabs, the only characters corosync trims.
func lexIsBlank(c byte) bool { return c == ' ' || c == '\t' }

// lexTrim mirrors coroparse's remove_whitespace: drop leading blanks, then
// trailing blanks (and, for names, trailing ':' and '{'), but never shorten
// the remaining text below one character.
func lexTrim(s string, nameChars bool) string {
	i := 0
	for i < len(s) && lexIsBlank(s[i]) {
		i++
	}
	s = s[i:]
	if s == "" {
		return s
	}
	end := len(s) - 1
	for end > 0 {
		c := s[end]
		if lexIsBlank(c) || (nameChars && (c == ':' || c == '{')) {
			end--
			continue
		}
		break
	}
	return s[:end+1]
}

// lexSplitAt finds sep and returns the text before the cut and the text after
// it. Like coroparse, the cut is placed on the character just before the
// first non-blank following sep, so "k: v" cuts the blank (leaving "k:" whose
// colon lexTrim drops) while "k:v" cuts the colon itself.
func lexSplitAt(s string, sep byte) (before, after string, found bool) {
	i := strings.IndexByte(s, sep)
	if i < 0 {
		return "", "", false
	}
	j := i + 1
	for j < len(s) && lexIsBlank(s[j]) {
		j++
	}
	return s[:j-1], s[j:], true
}

// lexClassify turns a cleaned line into a lexLine, in corosync's order of
// tests: comment/blank, '{' anywhere, ':' anywhere, '}' anywhere.
func lexClassify(text string) lexLine {
	l := lexLine{text: text}
	ignore := true
	for i := 0; i < len(text); i++ {
		if !lexIsBlank(text[i]) {
			ignore = text[i] == '#'
			break
		}
	}
	if ignore {
		l.kind = lexSkip
		return l
	}
	if before, after, ok := lexSplitAt(text, '{'); ok {
		l.kind = lexSection
		l.name = lexTrim(before, true)
		l.value = lexTrim(after, false)
		return l
	}
	if before, after, ok := lexSplitAt(text, ':'); ok {
		l.kind = lexItem
		l.name = lexTrim(before, true)
		l.value = lexTrim(after, false)
		return l
	}
	if strings.IndexByte(text, '}') >= 0 {
		l.kind = lexClose
		l.value = lexTrim(text, false)
		return l
	}
	l.kind = lexJunk
	return l
}
