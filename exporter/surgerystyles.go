package exporter

import (
	"bytes"
	"cmp"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/rules"
)

// styleBook edits a department's styles.xml as text for the surgery: the
// fonts, fills, borders, number formats and cell formats the feedback
// needs are appended to their lists (whose counts are set anew), and a
// marked cell's format is the department's own, copied whole with only
// its fill changed. Everything the department's part holds stays as it
// is, byte for byte. What it does not handle (no list of fonts, fills,
// borders or cell formats, a comment or CDATA section, a prefixed
// namespace) is an errUnhandled: the excelize path makes that workbook.
type styleBook struct {
	data []byte
	// the lists, each its start tag's span, the end of what it holds
	// (where entries are added) and how many entries it has
	numFmts, fonts, fills, borders, cellXfs styleList
	xfs                                     [][]byte // the department's cell formats, as they are
	maxNumFmt                               int      // the largest custom number format id, at least 163
	defaultFont                             string   // the first font's name (comments are written in it)
	added                                   map[string]int
	marked                                  map[[2]int]int // (style, severity) → the marked copy
}

// styleList is one list of styles.xml: numFmts, fonts, fills, borders or
// cellXfs.
type styleList struct {
	tagStart, tagEnd int // the start tag
	insert           int // where an entry is added: before the end tag
	selfClosing      bool
	present          bool
	count            int
	add              []string
}

// prefixedStyle is a list or entry of the lists the styleBook edits,
// written with a namespace prefix: not found by name, so not handled.
var prefixedStyle = regexp.MustCompile(`</?[A-Za-z_][\w.-]*:(?:numFmts?|fonts?|fills?|borders?|cellXfs|xf)[\s/>]`)

// mayBePrefixedStyle is false when data cannot hold what prefixedStyle
// finds: none of its names follows a colon (the pattern, tried at every
// '<' of a styles part, was a twentieth of a feedback workbook's time).
func mayBePrefixedStyle(data []byte) bool {
	for _, name := range []string{":numFmt", ":font", ":fill", ":border", ":cellXfs", ":xf"} {
		if bytes.Contains(data, []byte(name)) {
			return true
		}
	}
	return false
}

func newStyleBook(data []byte) (*styleBook, error) {
	body := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a byte-order mark
	body = bytes.TrimLeft(body, " \t\r\n")
	if bytes.HasPrefix(body, []byte("<?xml")) {
		if end := bytes.Index(body, []byte("?>")); end >= 0 {
			body = body[end+2:]
		}
	}
	if bytes.Contains(body, []byte("<!")) || bytes.Contains(body, []byte("<?")) {
		// text the list scan would take for markup
		return nil, unhandled("styles part with a comment, CDATA, a DTD or a processing instruction")
	}
	if mayBePrefixedStyle(data) && prefixedStyle.Match(data) {
		return nil, unhandled("styles part with a list or entry in a prefixed namespace")
	}
	if m := rootTag.FindSubmatchIndex(data); m == nil || m[2] >= 0 || string(data[m[4]:m[5]]) != "styleSheet" {
		return nil, unhandled("styles part not in the namespace without prefix")
	}
	b := &styleBook{data: data, maxNumFmt: 163, added: map[string]int{}, marked: map[[2]int]int{}}
	var err error
	if b.numFmts, err = findList(data, "numFmts", "numFmt"); err != nil {
		return nil, err
	}
	for _, e := range entries(data, b.numFmts, "numFmt") {
		if id, err := strconv.Atoi(attrOf(startTag(e), "numFmtId")); err == nil {
			b.maxNumFmt = max(b.maxNumFmt, id)
		}
	}
	for _, l := range []struct {
		list       *styleList
		name, item string
	}{{&b.fonts, "fonts", "font"}, {&b.fills, "fills", "fill"}, {&b.borders, "borders", "border"}, {&b.cellXfs, "cellXfs", "xf"}} {
		if *l.list, err = findList(data, l.name, l.item); err != nil {
			return nil, err
		}
		if !l.list.present {
			return nil, unhandled("styles part without %s", l.name)
		}
	}
	// Excel takes fills 0 and 1 as none and gray125 and border 0 as none,
	// whatever the lists hold: when they are short, those come first, so
	// that a style the feedback adds is never the department's default
	for _, f := range []string{`<fill><patternFill patternType="none"></patternFill></fill>`, `<fill><patternFill patternType="gray125"></patternFill></fill>`}[min(b.fills.count, 2):] {
		b.fills.add = append(b.fills.add, f)
	}
	if b.borders.count == 0 {
		b.borders.add = append(b.borders.add, `<border><left></left><right></right><top></top><bottom></bottom><diagonal></diagonal></border>`)
	}
	b.xfs = entries(data, b.cellXfs, "xf")
	fonts := entries(data, b.fonts, "font")
	if len(fonts) == 0 || len(b.xfs) == 0 {
		return nil, unhandled("styles part without fonts or cell formats")
	}
	if i := bytes.Index(fonts[0], []byte("<name ")); i >= 0 {
		end := tagClose(fonts[0], i)
		b.defaultFont = html.UnescapeString(attrOf(fonts[0][i:end+1], "val"))
	}
	if b.defaultFont == "" {
		return nil, unhandled("default font without a name")
	}
	return b, nil
}

// findList finds the list name (with entries item) in data.
func findList(data []byte, name, item string) (styleList, error) {
	var l styleList
	at := indexTag(data, name, 0)
	if at < 0 {
		return l, nil
	}
	if indexTag(data, name, at+1) >= 0 {
		return l, unhandled("styles part with %s twice", name)
	}
	end := tagClose(data, at)
	if end < 0 {
		return l, unhandled("styles part: %s not closed", name)
	}
	l.present, l.tagStart, l.tagEnd = true, at, end+1
	if data[l.tagEnd-2] == '/' {
		l.selfClosing, l.insert = true, l.tagEnd
		return l, nil
	}
	close := bytes.Index(data[l.tagEnd:], []byte("</"+name+">"))
	if close < 0 {
		return l, unhandled("styles part: %s not closed", name)
	}
	l.insert = l.tagEnd + close
	es := entries(data, l, item)
	// the entries found must be all the list holds, apart from white
	// space: else an id counted here is not the one Excel counts
	rest := data[l.tagEnd:l.insert]
	for _, e := range es {
		i := bytes.Index(rest, e)
		if i < 0 || len(bytes.TrimSpace(rest[:i])) > 0 {
			return l, unhandled("styles part: %s holds what is not a <%s>", name, item)
		}
		rest = rest[i+len(e):]
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		return l, unhandled("styles part: %s holds what is not a <%s>", name, item)
	}
	l.count = len(es)
	return l, nil
}

// indexTag is the index of the first start tag <name (followed by a space,
// '>' or '/') in data from from, or -1.
func indexTag(data []byte, name string, from int) int {
	open := []byte("<" + name)
	for from < len(data) {
		i := bytes.Index(data[from:], open)
		if i < 0 {
			return -1
		}
		i += from
		if j := i + len(open); j < len(data) && (data[j] == ' ' || data[j] == '>' || data[j] == '/' || data[j] == '\t' || data[j] == '\n' || data[j] == '\r') {
			return i
		}
		from = i + 1
	}
	return -1
}

// entries are the elements item of the list l, each whole.
func entries(data []byte, l styleList, item string) [][]byte {
	if !l.present || l.selfClosing {
		return nil
	}
	in := data[l.tagEnd:l.insert]
	var out [][]byte
	for at := 0; ; {
		i := indexTag(in, item, at)
		if i < 0 {
			return out
		}
		gt := tagClose(in, i)
		if gt < 0 {
			return out
		}
		end := gt + 1
		if in[end-2] != '/' {
			c := closeTag(in, end, item)
			if c < 0 {
				return out
			}
			end = c
		}
		out = append(out, in[i:end])
		at = end
	}
}

// closeTag is the index after the first end tag </name> (white space
// allowed before its '>') in data from from, or -1.
func closeTag(data []byte, from int, name string) int {
	open := []byte("</" + name)
	for {
		i := bytes.Index(data[from:], open)
		if i < 0 {
			return -1
		}
		j := from + i + len(open)
		for j < len(data) && (data[j] == ' ' || data[j] == '\t' || data[j] == '\n' || data[j] == '\r') {
			j++
		}
		if j < len(data) && data[j] == '>' {
			return j + 1
		}
		from += i + 1
	}
}

// startTag is the start tag of an element.
func startTag(e []byte) []byte {
	if i := tagClose(e, 0); i >= 0 {
		return e[:i+1]
	}
	return e
}

// tagClose is the index of the '>' that ends the tag starting at
// data[at], skipping quoted attribute values (where '>' may stand
// unescaped), or -1.
func tagClose(data []byte, at int) int {
	var quote byte
	for i := at; i < len(data); i++ {
		switch c := data[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return -1
}

// entry adds the XML of an entry to a list once and returns its index.
func (b *styleBook) entry(l *styleList, xml string) int {
	key := strconv.Itoa(l.tagStart) + xml
	if id, ok := b.added[key]; ok {
		return id
	}
	id := l.count + len(l.add)
	l.add = append(l.add, xml)
	b.added[key] = id
	return id
}

// font, fill and border add the list's entries as excelize writes them.
func (b *styleBook) font(bold bool, size int) int {
	x := "<font>"
	if bold {
		x += `<b val="1"></b>`
	}
	if size > 0 {
		x += `<sz val="` + strconv.Itoa(size) + `"></sz>`
	}
	return b.entry(&b.fonts, x+`<color></color><family val="2"></family></font>`)
}

func (b *styleBook) solidFill(rgb string) int {
	return b.entry(&b.fills, `<fill><patternFill patternType="solid"><fgColor rgb="FF`+rgb+`"></fgColor></patternFill></fill>`)
}

func (b *styleBook) bottomBorder(rgb string) int {
	return b.entry(&b.borders, `<border><bottom style="thin"><color rgb="FF`+rgb+`"></color></bottom></border>`)
}

// numFmt adds a custom number format and returns its id.
func (b *styleBook) numFmt(code string) int {
	key := "numFmt" + code
	if id, ok := b.added[key]; ok {
		return id
	}
	b.maxNumFmt++
	id := b.maxNumFmt
	b.numFmts.add = append(b.numFmts.add, `<numFmt numFmtId="`+strconv.Itoa(id)+`" formatCode="`+escapeXML(code)+`"></numFmt>`)
	b.added[key] = id
	return id
}

// xf describes a cell format of the list.
type xf struct {
	numFmt, font, fill, border int
	vertical, horizontal       string
	wrap                       bool
	indent                     int
}

// cellXf adds a cell format and returns its style id.
func (b *styleBook) cellXf(x xf) int {
	aligned := x.vertical != "" || x.horizontal != "" || x.wrap || x.indent > 0
	var s strings.Builder
	s.WriteString(`<xf numFmtId="` + strconv.Itoa(x.numFmt) + `" fontId="` + strconv.Itoa(x.font) + `" fillId="` + strconv.Itoa(x.fill) +
		`" borderId="` + strconv.Itoa(x.border) + `" xfId="0"`)
	for _, a := range []struct {
		on   bool
		name string
	}{{x.numFmt != 0, "applyNumberFormat"}, {x.font != 0, "applyFont"}, {x.fill != 0, "applyFill"}, {x.border != 0, "applyBorder"}, {aligned, "applyAlignment"}} {
		if a.on {
			s.WriteString(` ` + a.name + `="1"`)
		}
	}
	if !aligned {
		s.WriteString(`></xf>`)
		return b.entry(&b.cellXfs, s.String())
	}
	s.WriteString(`><alignment`)
	if x.horizontal != "" {
		s.WriteString(` horizontal="` + x.horizontal + `"`)
	}
	if x.indent > 0 {
		s.WriteString(` indent="` + strconv.Itoa(x.indent) + `"`)
	}
	if x.vertical != "" {
		s.WriteString(` vertical="` + x.vertical + `"`)
	}
	if x.wrap {
		s.WriteString(` wrapText="1"`)
	}
	s.WriteString(`></alignment></xf>`)
	return b.entry(&b.cellXfs, s.String())
}

// listStyles returns the styles of the list of findings.
func (b *styleBook) listStyles() *listStyles {
	top := func(fill int) int { return b.cellXf(xf{fill: fill, vertical: "top"}) }
	s := &listStyles{
		title:    b.cellXf(xf{font: b.font(true, 14)}),
		header:   b.cellXf(xf{font: b.font(true, 0), fill: b.solidFill("D9E1F2"), border: b.bottomBorder("808080"), vertical: "top", wrap: true}),
		text:     top(0),
		numbers:  map[string]int{},
		severity: map[rules.Severity]int{},
	}
	s.wrap = b.cellXf(xf{vertical: "top", wrap: true})
	s.severity[rules.Info] = s.text
	for _, sev := range []rules.Severity{rules.Error, rules.Warning} {
		s.severity[sev] = top(b.solidFill(fills[sev]))
	}
	s.number = func(format string) (int, error) {
		return b.cellXf(xf{numFmt: b.numFmt(format), vertical: "top", horizontal: "right", indent: 1}), nil
	}
	return s
}

// fill returns the style of a cell marked with sev, given its style: the
// department's cell format with the fill of sev, made once per (style,
// severity).
func (b *styleBook) fill(sev rules.Severity) func(old int) (int, error) {
	return func(old int) (int, error) {
		if id, ok := b.marked[[2]int{old, int(sev)}]; ok {
			return id, nil
		}
		if old < 0 || old >= len(b.xfs) {
			old = 0 // as Excel reads a style beyond the list
		}
		e := string(b.xfs[old])
		tag := string(startTag(b.xfs[old]))
		newTag := setAttr(setAttr(tag, "fillId", strconv.Itoa(b.solidFill(fills[sev]))), "applyFill", "1")
		id := b.entry(&b.cellXfs, newTag+e[len(tag):])
		b.marked[[2]int{old, int(sev)}] = id
		return id, nil
	}
}

// bytes returns the part with the entries added and the counts set.
func (b *styleBook) bytes() []byte {
	type edit struct {
		at, end int
		text    string
	}
	var edits []edit
	lists := []*styleList{&b.numFmts, &b.fonts, &b.fills, &b.borders, &b.cellXfs}
	for _, l := range lists {
		if len(l.add) == 0 || !l.present {
			continue
		}
		n := strconv.Itoa(l.count + len(l.add))
		if l.selfClosing {
			tag := string(b.data[l.tagStart : l.tagEnd-2])
			edits = append(edits, edit{l.tagStart, l.tagEnd, setAttr(tag+">", "count", n) + strings.Join(l.add, "") + "</" + tagName(tag) + ">"})
			continue
		}
		edits = append(edits, edit{l.tagStart, l.tagEnd, setAttr(string(b.data[l.tagStart:l.tagEnd]), "count", n)},
			edit{l.insert, l.insert, strings.Join(l.add, "")})
	}
	if !b.numFmts.present && len(b.numFmts.add) > 0 {
		// numFmts is the first list of a styleSheet
		root := rootTag.FindIndex(b.data)
		at := tagClose(b.data, root[0]) + 1 // after the '>' that ends it, not one in a quoted value
		edits = append(edits, edit{at, at, `<numFmts count="` + strconv.Itoa(len(b.numFmts.add)) + `">` + strings.Join(b.numFmts.add, "") + `</numFmts>`})
	}
	slices.SortStableFunc(edits, func(x, y edit) int { return cmp.Or(x.at-y.at, x.end-y.end) }) // an insertion before a tag that starts where it is
	var out bytes.Buffer
	out.Grow(len(b.data) + 4096)
	pos := 0
	for _, e := range edits {
		out.Write(b.data[pos:e.at])
		out.WriteString(e.text)
		pos = e.end
	}
	out.Write(b.data[pos:])
	return out.Bytes()
}

// tagName is the name of the element a start tag opens.
func tagName(tag string) string {
	name := strings.TrimPrefix(tag, "<")
	if i := strings.IndexAny(name, " \t\r\n/>"); i >= 0 {
		name = name[:i]
	}
	return name
}
