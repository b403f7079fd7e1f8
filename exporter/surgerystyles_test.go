package exporter

import (
	"errors"
	"regexp"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/rules"
)

const stylesNS = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`

var styleBookCases = []string{
	stylesNS + `<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"><alignment horizontal="left"/></xf></cellXfs></styleSheet>`,
	stylesNS + `<numFmts count="1"><numFmt numFmtId="170" formatCode="0.0"/></numFmts><fonts count="2"><font><name val="Arial &amp; Co"/></font><font><b/></font></fonts><fills count="1"><fill/></fills><borders count="0"/><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf fontId="1" fillId='0' applyFill='0'/></cellXfs><dxfs count="1"><dxf><font><b/></font><fill><patternFill/></fill></dxf></dxfs></styleSheet>`,
	stylesNS + `<numFmts/><fonts><font><name val="X"/></font></fonts><fills/><borders/><cellXfs><xf/></cellXfs></styleSheet>`,
	// a '>' in a value, an end tag with a space before its '>'
	stylesNS + `<numFmts count="2"><numFmt numFmtId="164" formatCode="[>100]0"/><numFmt numFmtId="165" formatCode="0.0"/></numFmts><fonts><font><name val="A>B"/></font></fonts><fills count="2"><fill/><fill/></fills><borders><border/></borders><cellXfs><xf numFmtId="164"><alignment/></xf ><xf numFmtId="165"/></cellXfs></styleSheet>`,
	// a byte-order mark and the XML declaration
	"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n" + stylesNS + `<fonts><font><name val="X"/></font></fonts><fills count="2"><fill/><fill/></fills><borders><border/></borders><cellXfs><xf/></cellXfs></styleSheet>`,
	// short lists of fills and borders
	stylesNS + `<fonts><font><name val="X"/></font></fonts><fills count="0"/><borders count="0"/><cellXfs><xf/></cellXfs></styleSheet>`,
}

// unhandledStyles are styles parts the styleBook leaves to the excelize
// path: what it cannot count the entries of.
var unhandledStyles = []string{
	stylesNS + `<numFmts count="1"><x:numFmt xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" numFmtId="164" formatCode="0.0"/></numFmts><fonts><font><name val="X"/></font></fonts><fills/><borders/><cellXfs><xf/></cellXfs></styleSheet>`,
	stylesNS + `<fonts><font><name val="X"/></font></fonts><fills/><borders/><cellXfs><xf/><foo/></cellXfs></styleSheet>`,
	stylesNS + `<fonts><font><name val="X"/></font></fonts><fills/><fills/><borders/><cellXfs><xf/></cellXfs></styleSheet>`,
	stylesNS + `<fonts><font><name val="X"/></font></fonts><!-- c --><fills/><borders/><cellXfs><xf/></cellXfs></styleSheet>`,
	stylesNS + `<?pi <fonts ?><fonts><font><name val="X"/></font></fonts><fills/><borders/><cellXfs><xf/></cellXfs></styleSheet>`,
	stylesNS + `<fonts><font><sz val="9"/></font></fonts><fills/><borders/><cellXfs><xf/></cellXfs></styleSheet>`,
}

func TestStyleBookUnhandled(t *testing.T) {
	for _, in := range unhandledStyles {
		var u errUnhandled
		if _, err := newStyleBook([]byte(in)); !errors.As(err, &u) {
			t.Errorf("newStyleBook(%q) = %v, want errUnhandled", in, err)
		}
	}
}

// TestStyleBook: the styles the feedback adds read back by excelize as
// made, the department's formats unchanged, a marked copy of each with
// only the fill changed, the counts right.
func TestStyleBook(t *testing.T) {
	for i, in := range styleBookCases {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			b, err := newStyleBook([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			st := b.listStyles()
			num, _ := st.number("#,##0.0;-#,##0.0")
			marked := map[int]int{}
			for old := range b.xfs {
				marked[old], _ = b.fill(rules.Error)(old)
			}
			out := b.bytes()
			if err := wellFormedRef(out); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			f := excelize.NewFile()
			defer f.Close()
			f.Pkg.Store("xl/styles.xml", out)
			f.Styles = nil
			get := func(id int) *excelize.Style {
				s, err := f.GetStyle(id)
				if err != nil {
					t.Fatalf("GetStyle(%d): %v\n%s", id, err, out)
				}
				return s
			}
			if s := get(st.header); s.Font == nil || !s.Font.Bold || len(s.Fill.Color) == 0 || s.Fill.Color[0] != "D9E1F2" || len(s.Border) != 1 || s.Alignment == nil || !s.Alignment.WrapText {
				t.Errorf("header style %+v", s)
			}
			if s := get(st.title); s.Font == nil || !s.Font.Bold || s.Font.Size != 14 {
				t.Errorf("title style %+v", s)
			}
			if s := get(num); s.CustomNumFmt == nil || *s.CustomNumFmt != "#,##0.0;-#,##0.0" {
				t.Errorf("number style %+v", s)
			}
			for old, id := range marked {
				was, now := get(old), get(id)
				if len(now.Fill.Color) == 0 || now.Fill.Color[0] != fills[rules.Error] {
					t.Errorf("marked copy of %d has fill %+v", old, now.Fill)
				}
				was.Fill, now.Fill = excelize.Fill{}, excelize.Fill{}
				if jsonOf(t, was) != jsonOf(t, now) {
					t.Errorf("marked copy of %d = %s, want %s but its fill", old, jsonOf(t, now), jsonOf(t, was))
				}
			}
			if s := get(0); s.Fill.Type != "" && s.Fill.Pattern != 0 || len(s.Border) > 0 {
				t.Errorf("style 0 has a fill or border of the feedback's: %+v", s)
			}
			ids := map[string]bool{}
			for _, m := range regexp.MustCompile(`numFmtId="(\d+)" formatCode`).FindAllStringSubmatch(string(out), -1) {
				if ids[m[1]] {
					t.Errorf("numFmtId %s twice", m[1])
				}
				ids[m[1]] = true
			}
			for _, l := range []string{"fonts", "fills", "borders", "cellXfs", "numFmts"} {
				sl, err := findList(out, l, map[string]string{"fonts": "font", "fills": "fill", "borders": "border", "cellXfs": "xf", "numFmts": "numFmt"}[l])
				if err != nil || !sl.present {
					continue
				}
				if got := attrOf(out[sl.tagStart:sl.tagEnd], "count"); got != strconv.Itoa(sl.count) {
					t.Errorf("%s count=%q, holds %d", l, got, sl.count)
				}
			}
		})
	}
}

// FuzzStyleBook: whatever styles part it accepts, well-formed, stays
// well-formed with the feedback's styles added.
func FuzzStyleBook(f *testing.F) {
	for _, s := range styleBookCases {
		f.Add(s)
	}
	// a '>' in a value of the root's start tag, where the numFmts list
	// went in (found by this fuzz target)
	f.Add(`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadshes>etml/2006/main"><fonts><font><name val="X"/></font></fonts><fills count="0"/><borders count="0"/><cellXfs><xf/></cellXfs></styleSheet>`)
	f.Fuzz(func(t *testing.T, in string) {
		if wellFormedRef([]byte(in)) != nil {
			return
		}
		b, err := newStyleBook([]byte(in))
		if err != nil {
			return // made by the excelize path instead
		}
		b.listStyles().number("0.0")
		for old := range len(b.xfs) + 1 {
			b.fill(rules.Warning)(old)
		}
		out := b.bytes()
		if wellFormedRef(out) != nil {
			t.Fatalf("%q became %q, not well-formed", in, out)
		}
		// read again, it holds the entries added after the department's
		again, err := newStyleBook(out)
		if err != nil {
			t.Fatalf("%q became %q: %v", in, out, err)
		}
		for _, l := range [][2]styleList{{b.fonts, again.fonts}, {b.fills, again.fills}, {b.borders, again.borders}, {b.cellXfs, again.cellXfs}} {
			if want := l[0].count + len(l[0].add); l[1].count != want {
				t.Fatalf("%q became %q: a list of %d entries, want %d", in, out, l[1].count, want)
			}
		}
	})
}
