package agent

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseMetadata(t *testing.T) {
	b, err := os.ReadFile("testdata/sample-metadata.xml")
	if err != nil {
		t.Fatal(err)
	}
	md, err := ParseMetadata(b)
	if err != nil {
		t.Fatal(err)
	}
	if md.Name != "Sample" || md.Version != "1.1" || len(md.Parameters) != 4 {
		t.Fatalf("parsed %+v", md)
	}
	ip, _ := md.Param("ip")
	if !ip.IsRequired() || !ip.IsUnique() || ip.Content.HasDefault {
		t.Errorf("ip = %+v", ip)
	}
	lbl, _ := md.Param("label")
	if !lbl.Content.HasDefault || lbl.Content.Default != "" {
		t.Errorf("label default = %+v, want present and empty", lbl.Content)
	}
	if got := md.ActionTimeout("start"); got != 20*time.Second {
		t.Errorf("start timeout %v", got)
	}
	if got := md.ActionTimeout("nope"); got != 0 {
		t.Errorf("unknown action timeout %v", got)
	}
	d := md.Defaults(map[string]string{"ip": "10.0.0.1", "count": "3"})
	want := map[string]string{"ip": "10.0.0.1", "count": "3", "label": "", "flag": "false"}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("Defaults = %v, want %v", d, want)
	}

	problems, unknown := md.Check(map[string]string{"count": "x", "flag": "maybe", "bogus": "1"})
	wantP := []string{"required parameter ip is not set", `parameter count="x" is not an integer`, `parameter flag="maybe" is not a boolean`}
	if !reflect.DeepEqual(problems, wantP) || !reflect.DeepEqual(unknown, []string{"bogus"}) {
		t.Errorf("Check = %q, %q", problems, unknown)
	}
	if p, u := md.Check(map[string]string{"ip": "1.2.3.4", "count": "5", "flag": "yes"}); len(p)+len(u) != 0 {
		t.Errorf("valid params: %q %q", p, u)
	}
}

func TestParseMetadataErrors(t *testing.T) {
	cases := map[string]string{
		"<resource-agent name='x'><parameters>":                                                                "meta-data:1:",
		"<resource-agent name='x'>\n<parameters><parameter/></parameters></resource-agent>":                    "has no name",
		"<resource-agent><parameters><parameter name='a'/><parameter name='a'/></parameters></resource-agent>": "listed twice",
		"<other/>": "meta-data: expected element type <resource-agent>",
	}
	for in, want := range cases {
		if _, err := ParseMetadata([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseMetadata(%q) error %v, want %q", in, err, want)
		}
	}
}

func FuzzParseMetadata(f *testing.F) {
	if b, err := os.ReadFile("testdata/sample-metadata.xml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("<resource-agent name='x'/>"))
	f.Add([]byte("<resource-agent><parameters><parameter name='a'><content type='integer' default='1'/></parameter></parameters></resource-agent>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		md, err := ParseMetadata(b)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, p := range md.Parameters {
			if p.Name == "" || seen[p.Name] {
				t.Fatalf("accepted parameter %q twice or unnamed", p.Name)
			}
			seen[p.Name] = true
		}
		md.Check(md.Defaults(nil))
	})
}
