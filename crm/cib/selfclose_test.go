package cib

import "testing"

func TestSelfClose(t *testing.T) {
	for in, want := range map[string]string{
		`<a><b x="1"></b></a>`:    `<a><b x="1"/></a>`,
		`<a></a>`:                 `<a/>`,
		`<a>t</a>`:                `<a>t</a>`,
		`<a x="&gt;"></a>`:        `<a x="&gt;"/>`,
		`<a><ab></a></ab>`:        `<a><ab></a></ab>`,
		"<a>\n  <b></b>\n</a>":    "<a>\n  <b/>\n</a>",
		`<!-- c --><a y="2"></a>`: `<!-- c --><a y="2"/>`,
		`<a><b/></a>`:             `<a><b/></a>`,
		`<nvpair id="i" name="n" value=""></nvpair>`: `<nvpair id="i" name="n" value=""/>`,
	} {
		if got := string(selfClose([]byte(in))); got != want {
			t.Errorf("selfClose(%q) = %q, want %q", in, got, want)
		}
	}
}
