package exporter

import (
	"encoding/xml"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The patterns findTags and attrs follow, kept as the reference they are
// held to.
var (
	relTagRE   = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?Relationship\b[^>]*?(?:/>|>\s*</(?:[A-Za-z_][\w.-]*:)?Relationship>)`)
	overrideRE = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?Override\b[^>]*?(?:/>|>\s*</(?:[A-Za-z_][\w.-]*:)?Override>)`)
	attrRE     = regexp.MustCompile(`\s([A-Za-z:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')`)
)

func attrsRE(tag string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRE.FindAllStringSubmatch(tag, -1) {
		out[m[1]] = m[2] + m[3]
	}
	return out
}

func spansRE(re *regexp.Regexp, s string) [][2]int {
	var out [][2]int
	for _, m := range re.FindAllStringIndex(s, -1) {
		out = append(out, [2]int{m[0], m[1]})
	}
	return out
}

// sameAsPatterns fails when findTags, replaceTags or attrs differ from
// the patterns on s.
func sameAsPatterns(t *testing.T, s string) {
	t.Helper()
	for local, re := range map[string]*regexp.Regexp{"Relationship": relTagRE, "Override": overrideRE} {
		if got, want := findTags(s, local), spansRE(re, s); !slices.Equal(got, want) {
			t.Fatalf("findTags(%q, %s) = %v, the pattern finds %v", s, local, got, want)
		}
		mark := func(tag string) string { return "[" + tag + "]" }
		if got, want := replaceTags(s, local, mark), re.ReplaceAllStringFunc(s, mark); got != want {
			t.Fatalf("replaceTags(%q, %s) = %q, want %q", s, local, got, want)
		}
	}
	if got, want := attrs(s), attrsRE(s); !maps.Equal(got, want) {
		t.Fatalf("attrs(%q) = %v, the pattern finds %v", s, got, want)
	}
	for _, name := range attrNames {
		q, end := attrAt(s, name)
		if bq, bend := attrAt([]byte(s), name); bq != q || bend != end {
			t.Fatalf("attrAt of bytes %q, %s = %d, %d; of the string %d, %d", s, name, bq, bend, q, end)
		}
		if q >= 0 && (end <= q || end > len(s) || s[q] != s[end-1]) {
			t.Fatalf("attrAt(%q, %s) = %d, %d: not a quoted value", s, name, q, end)
		}
		want, ok := xmlAttr(s, name)
		if !ok {
			continue // not a well-formed start tag
		}
		switch {
		case q < 0 && want != nil:
			t.Fatalf("attrAt(%q, %s) finds nothing; encoding/xml finds %q", s, name, *want)
		case q >= 0 && want == nil:
			t.Fatalf("attrAt(%q, %s) finds %q; encoding/xml nothing", s, name, s[q:end])
		case q >= 0 && !strings.Contains(s[q:end], "&") && s[q+1:end-1] != *want:
			t.Fatalf("attrAt(%q, %s) finds %q; encoding/xml %q", s, name, s[q+1:end-1], *want)
		}
	}
}

// xmlAttr is the value encoding/xml reads of the attribute name (a
// prefix and local name, "xml:lang", or a name without one) when s is a
// well-formed start tag; nil when it has no such attribute.
func xmlAttr(s, name string) (*string, bool) {
	if !strings.HasPrefix(s, "<") {
		return nil, false
	}
	elem := s[1:]
	if i := strings.IndexAny(elem, " \t\r\n/>"); i >= 0 {
		elem = elem[:i]
	}
	doc := s + "</" + elem + ">"
	if strings.HasSuffix(s, "/>") {
		doc = s
	}
	d := xml.NewDecoder(strings.NewReader(doc))
	tok, err := d.RawToken()
	if err != nil {
		return nil, false
	}
	st, ok := tok.(xml.StartElement)
	if !ok || strings.ContainsAny(st.Name.Local, "/>") {
		return nil, false
	}
	if tok, err := d.RawToken(); err != nil {
		return nil, false
	} else if _, ok := tok.(xml.EndElement); !ok { // s is more than one start tag
		return nil, false
	}
	if _, err := d.RawToken(); err != io.EOF {
		return nil, false
	}
	var found *string
	for _, a := range st.Attr {
		n := a.Name.Local
		if a.Name.Space != "" {
			n = a.Name.Space + ":" + n
		}
		if n == name && found == nil {
			v := a.Value
			found = &v
		}
	}
	return found, true
}

// attrNames are the attributes the surgery reads and sets with attrAt.
var attrNames = []string{"r", "s", "Id", "min", "max", "style", "fitToPage", "a", "c:d"}

var tagScanCases = []string{
	``,
	`<Relationship Id="rId1" Type="t" Target="worksheets/sheet1.xml"/>`,
	`<Relationships xmlns="x"><Relationship Id="rId1" Target="a"></Relationship><Relationship Id='rId2' Target='b' /></Relationships>`,
	`<r:Relationship Id="a"/><x.y-z:Relationship Id="b">  </x.y-z:Relationship><Relationship Id="c"></r:Relationship>`,
	`<Relationship Id="a"><Relationship Id="b"/>`,
	`<RelationshipX Id="a"/><Relationship.x:Relationship Id="b"/><Relationship:Relationship/>`,
	`<Relationship Id="a>b"/><Relationship Id="c"`,
	`<Relationship/><Relationship>`,
	`<Override PartName="/xl/workbook.xml" ContentType="c"/><o:Override PartName = '/a' ></o:Override>`,
	` a="1" b='2' c:d = "3" e="unclosed f="4" a="5"`,
	"\tId=\"x\"\nType=\"y\" =\"z\" _a=\"w\" Id=\"again\"",
	`<Relationship Id="a" Target="x" TargetMode="External"></ Relationship>`,
	`<c t="a r='x'" r="A1" s="3"/>`,
	`<c r ="B2"s="1" s = '2'><v>1</v></c>`,
	"<c\tr=\"C3\" rr=\"x\" s=\"unclosed r=\"D4\"",
	` r=`, ` r="`, ` r='1'`, ` s`, ` min="1" max="3" style="5"`,
	`<c xml:lang=" s='0'" r="F19" s="1"><v>1</v></c>`,
	`<c x14ac:dyDescent=" r=&quot;A1&quot;" r="B2" s="3"/>`,
	`<c r="A1" s="2" spans="1:3" t="s">`,
}

func TestTagScan(t *testing.T) {
	for _, s := range tagScanCases {
		sameAsPatterns(t, s)
	}
}

// FuzzTagScan holds findTags, replaceTags and attrs to the patterns.
func FuzzTagScan(f *testing.F) {
	for _, s := range tagScanCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sameAsPatterns(t, s)
	})
}

// TestAttrAtSkipsValues: text inside another attribute's value is never
// taken for an attribute (the regular expression attrAt replaced took it,
// and setAttr then wrote a tag that was not well-formed).
func TestAttrAtSkipsValues(t *testing.T) {
	tag := `<c xml:lang=" s='0'" r="F19" s="1">`
	if q, end := attrAt(tag, "s"); q < 0 || tag[q:end] != `"1"` {
		t.Errorf("attrAt(%q, s) = %d, %d; want the value \"1\"", tag, q, end)
	}
	if got, want := setAttr(tag, "s", "4"), `<c xml:lang=" s='0'" r="F19" s="4">`; got != want {
		t.Errorf("setAttr = %s, want %s", got, want)
	}
}
