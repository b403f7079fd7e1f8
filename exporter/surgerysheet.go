package exporter

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// This file rewrites one worksheet part of a department's workbook for
// the feedback workbook by package surgery (see surgery.go): only the
// style attribute of the marked cells (a marked cell that has no element
// gets one), the head (tabSelected, the dimension, fitToPage) and, after
// the cell data, the page setup, the header and footer and the comments'
// legacyDrawing. Every other byte stays as the department wrote it.

// errUnhandled is a package the surgery does not handle; the feedback
// workbook is then made by excelize as before (see buildFeedback).
type errUnhandled struct{ why string }

func (e errUnhandled) Error() string { return "package surgery: " + e.why }

func unhandled(format string, a ...any) error { return errUnhandled{fmt.Sprintf(format, a...)} }

// sheetEdit is what changes in one worksheet part.
type sheetEdit struct {
	// marks are the new style of marked cells, by (row, col), given the
	// cell's style as it was.
	marks   map[[2]int]func(old int) (int, error)
	dimRef  string     // the dimension to record, or ""
	page    *pageSetup // the page setup to set, or nil
	drawing string     // the relationship id of the comments' VML drawing, or ""
}

// rewriteSheet applies e to the worksheet XML data.
func rewriteSheet(data []byte, e sheetEdit) ([]byte, error) {
	if m := worksheetTag.FindSubmatch(data); m == nil || len(m[1]) > 0 {
		return nil, unhandled("worksheet element not found or with a namespace prefix")
	}
	out, headOK, _ := patchHead(data, e.dimRef)
	if !headOK {
		return nil, unhandled("worksheet without sheetData")
	}
	start := bytes.Index(out, []byte("<sheetData"))
	if start < 0 {
		return nil, unhandled("worksheet without sheetData")
	}
	tagEnd := bytes.IndexByte(out[start:], '>')
	if tagEnd < 0 {
		return nil, unhandled("sheetData not closed")
	}
	tagEnd += start + 1
	head := out[:start]
	if m := worksheetTag.FindIndex(head); m == nil || bytes.HasSuffix(head[m[0]:m[1]], []byte("/>")) {
		return nil, unhandled("worksheet element not found before sheetData")
	}
	var body, tail []byte
	open := out[start:tagEnd]
	if bytes.HasSuffix(open, []byte("/>")) {
		open = append(slices.Clip(open[:len(open)-2]), '>')
		tail = out[tagEnd:]
	} else {
		end := bytes.Index(out[tagEnd:], []byte("</sheetData>"))
		if end < 0 {
			return nil, unhandled("sheetData not closed")
		}
		body = out[tagEnd : tagEnd+end]
		tail = out[tagEnd+end+len("</sheetData>"):]
	}
	newBody, err := markBody(body, e.marks, colStyles(head))
	if err != nil {
		return nil, err
	}
	if e.page != nil {
		head = fitToPage(head)
	}
	newTail, err := editTail(tail, e)
	if err != nil {
		return nil, err
	}
	// what the surgery writes itself is checked here; the cell data in
	// between, with only s attributes and empty cells added, is checked
	// by the importer, which read it
	shell := slices.Concat(head, open, []byte("</sheetData>"), newTail)
	if err := wellFormed(bytes.Replace(shell, []byte("<worksheet "), []byte(`<worksheet xmlns:r="`+relNS+`" `), 1)); err != nil {
		return nil, unhandled("worksheet: %v", err)
	}
	var b bytes.Buffer
	b.Grow(len(out) + 256)
	b.Write(head)
	b.Write(open)
	b.Write(newBody)
	b.WriteString("</sheetData>")
	b.Write(newTail)
	return b.Bytes(), nil
}

// markBody rewrites the style of the marked cells in the cell data body,
// adding rows and cells that are not there; colStyle is the style of a
// column, which a cell without an element has.
func markBody(body []byte, marks map[[2]int]func(int) (int, error), colStyle func(col int) int) ([]byte, error) {
	if len(marks) == 0 {
		return body, nil
	}
	if bytes.Contains(body, []byte("<!")) || bytes.Contains(body, []byte("<?")) {
		return nil, unhandled("comments, CDATA or instructions in the cell data")
	}
	byRow := map[int][]int{}
	for k := range marks {
		byRow[k[0]] = append(byRow[k[0]], k[1])
	}
	rows := slices.Sorted(mapsKeys(byRow))
	var b bytes.Buffer
	b.Grow(len(body) + 64*len(marks))
	pos, lastRow, lastAt := 0, 0, -1
	for _, row := range rows {
		cols := slices.Sorted(slices.Values(byRow[row]))
		for {
			at := nextTag(body, pos, "row")
			if at < 0 {
				if err := newRow(&b, row, cols, marks, colStyle); err != nil {
					return nil, err
				}
				break
			}
			end := bytes.IndexByte(body[at:], '>')
			if end < 0 {
				return nil, unhandled("row not closed")
			}
			end += at + 1
			tag := body[at:end]
			n, err := strconv.Atoi(attrOf(tag, "r"))
			if err != nil {
				return nil, unhandled("row without its number")
			}
			if at != lastAt && n <= lastRow {
				return nil, unhandled("rows out of order at %d", n)
			}
			lastRow, lastAt = n, at
			if n > row {
				b.Write(body[pos:at])
				pos = at
				if err := newRow(&b, row, cols, marks, colStyle); err != nil {
					return nil, err
				}
				break
			}
			closeAt, rowEnd := end, end
			if !bytes.HasSuffix(tag, []byte("/>")) {
				c := bytes.Index(body[end:], []byte("</row>"))
				if c < 0 {
					return nil, unhandled("row not closed")
				}
				closeAt, rowEnd = end+c, end+c+len("</row>")
			}
			if n < row {
				b.Write(body[pos:rowEnd])
				pos = rowEnd
				continue
			}
			b.Write(body[pos:at])
			rowStyle := -1
			if s, err := strconv.Atoi(attrOf(tag, "s")); err == nil && isTrue(attrOf(tag, "customFormat")) {
				rowStyle = s
			}
			tag = widenSpans(tag, cols)
			if bytes.HasSuffix(tag, []byte("/>")) {
				b.Write(tag[:len(tag)-2])
				b.WriteByte('>')
			} else {
				b.Write(tag)
			}
			if err := markRow(&b, body[end:closeAt], row, cols, marks, func(col int) int {
				if rowStyle >= 0 {
					return rowStyle
				}
				return colStyle(col)
			}); err != nil {
				return nil, err
			}
			b.WriteString("</row>")
			pos = rowEnd
			break
		}
	}
	b.Write(body[pos:])
	return b.Bytes(), nil
}

func isTrue(v string) bool { return v == "1" || v == "true" }

func mapsKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// newRow writes a row holding only the marked cells cols.
func newRow(b *bytes.Buffer, row int, cols []int, marks map[[2]int]func(int) (int, error), colStyle func(int) int) error {
	fmt.Fprintf(b, `<row r="%d">`, row)
	for _, col := range cols {
		if err := newCell(b, row, col, colStyle(col), marks); err != nil {
			return err
		}
	}
	b.WriteString("</row>")
	return nil
}

func newCell(b *bytes.Buffer, row, col, old int, marks map[[2]int]func(int) (int, error)) error {
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return unhandled("cell %d,%d: %v", row, col, err)
	}
	s, err := marks[[2]int{row, col}](old)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, `<c r="%s" s="%d"/>`, ref, s)
	return nil
}

// markRow writes the cells of a row, content, with the marked cols' style
// changed.
func markRow(b *bytes.Buffer, content []byte, row int, cols []int, marks map[[2]int]func(int) (int, error), style func(int) int) error {
	pos, lastCol, lastAt := 0, 0, -1
	for _, col := range cols {
		for {
			at := nextTag(content, pos, "c")
			if at < 0 {
				b.Write(content[pos:])
				pos = len(content)
				if err := newCell(b, row, col, style(col), marks); err != nil {
					return err
				}
				break
			}
			end := bytes.IndexByte(content[at:], '>')
			if end < 0 {
				return unhandled("cell not closed")
			}
			end += at + 1
			tag := content[at:end]
			c, r, err := excelize.CellNameToCoordinates(attrOf(tag, "r"))
			if err != nil || r != row {
				return unhandled("cell without its reference in row %d", row)
			}
			if at != lastAt && c <= lastCol {
				return unhandled("cells out of order in row %d", row)
			}
			lastCol, lastAt = c, at
			if c < col {
				b.Write(content[pos:end])
				pos = end
				continue
			}
			b.Write(content[pos:at])
			pos = at
			if c > col {
				if err := newCell(b, row, col, style(col), marks); err != nil {
					return err
				}
				break
			}
			old, _ := strconv.Atoi(attrOf(tag, "s"))
			s, err := marks[[2]int{row, col}](old)
			if err != nil {
				return err
			}
			b.WriteString(setAttr(string(tag), "s", strconv.Itoa(s)))
			pos = end
			break
		}
	}
	b.Write(content[pos:])
	return nil
}

// nextTag is where the next start tag <name (not a longer name) begins in
// b from pos, or -1.
func nextTag(b []byte, pos int, name string) int {
	for {
		i := bytes.Index(b[pos:], []byte("<"+name))
		if i < 0 {
			return -1
		}
		i += pos
		if j := i + 1 + len(name); j < len(b) && (b[j] == ' ' || b[j] == '>' || b[j] == '/' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r') {
			return i
		}
		pos = i + 1
	}
}

// attrOf is the value of the attribute name in a start tag ("" if none).
func attrOf(tag []byte, name string) string {
	q, end := attrAt(tag, name)
	if q < 0 {
		return ""
	}
	return string(tag[q+1 : end-1])
}

// attrAt finds the attribute name="value" (or 'value') of a start tag:
// q is where its value's opening quote is, end is after its closing
// quote; both -1 when there is none. The attributes are read in turn,
// each value skipped whole, so that text in another attribute's value
// (xml:lang=" s='0'") is never taken for an attribute; in a well-formed
// tag it finds what encoding/xml finds (FuzzTagScan). A per-cell regular
// expression was a tenth of the feedback workbooks' time, and took such
// text for an attribute.
func attrAt[T ~string | ~[]byte](tag T, name string) (q, end int) {
	q, end = -1, -1
	eachAttr(tag, isNameByte, true, func(n string, vq, vend int) bool {
		if n != name {
			return true
		}
		q, end = vq, vend
		return false
	})
	return q, end
}

// isNameByte is a byte of an XML name as the surgery reads them: ASCII
// letters, digits, '_', '-', '.', ':' and every byte of a character
// beyond ASCII.
func isNameByte(c byte) bool {
	return isWord(c) || c == '-' || c == '.' || c == ':' || c >= 0x80
}

// setAttr returns the start tag with the attribute set to value.
func setAttr(tag, name, value string) string {
	if q, end := attrAt(tag, name); q >= 0 {
		return tag[:q] + `"` + value + `"` + tag[end:]
	}
	at := len(tag) - 1
	if strings.HasSuffix(tag, "/>") {
		at--
	}
	return tag[:at] + " " + name + `="` + value + `"` + tag[at:]
}

var colTag = regexp.MustCompile(`<col\b[^>]*>`)

// colStyles returns the style of a column by the <col> elements of the
// head (0 when none).
func colStyles(head []byte) func(int) int {
	type span struct{ min, max, style int }
	var spans []span
	for _, tag := range colTag.FindAll(head, -1) {
		lo, err1 := strconv.Atoi(attrOf(tag, "min"))
		hi, err2 := strconv.Atoi(attrOf(tag, "max"))
		st, err3 := strconv.Atoi(attrOf(tag, "style"))
		if err1 == nil && err2 == nil && err3 == nil {
			spans = append(spans, span{lo, hi, st})
		}
	}
	return func(col int) int {
		for _, s := range spans {
			if col >= s.min && col <= s.max {
				return s.style
			}
		}
		return 0
	}
}

var pageSetUpPrTag = regexp.MustCompile(`<pageSetUpPr\b[^>]*>`)

// fitToPage sets fitToPage in the head's sheetPr, adding what is missing.
func fitToPage(head []byte) []byte {
	h := string(head)
	loc := sheetPrTag.FindStringIndex(h)
	if loc == nil {
		ws := worksheetTag.FindStringIndex(h)
		return []byte(h[:ws[1]] + `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` + h[ws[1]:])
	}
	tag := h[loc[0]:loc[1]]
	if strings.HasSuffix(tag, "/>") {
		return []byte(h[:loc[0]] + tag[:len(tag)-2] + `><pageSetUpPr fitToPage="1"/></sheetPr>` + h[loc[1]:])
	}
	end := strings.Index(h[loc[1]:], "</sheetPr>")
	if end < 0 {
		return head
	}
	end += loc[1]
	inner := h[loc[1]:end]
	if p := pageSetUpPrTag.FindStringIndex(inner); p != nil {
		inner = inner[:p[0]] + setAttr(inner[p[0]:p[1]], "fitToPage", "1") + inner[p[1]:]
	} else {
		inner += `<pageSetUpPr fitToPage="1"/>`
	}
	return []byte(h[:loc[1]] + inner + h[end:])
}

// tailOrder is the order of a worksheet's elements after sheetData.
var tailOrder = []string{"sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
	"dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
	"hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
	"customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF",
	"drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"}

type tailElem struct {
	name       string
	start, end int
	order      int
}

// tailElems lists the elements of a worksheet after its cell data, and
// where </worksheet> starts.
func tailElems(tail []byte) ([]tailElem, int, error) {
	d := xml.NewDecoder(bytes.NewReader(tail))
	var out []tailElem
	depth, start := 0, 0
	for {
		off := int(d.InputOffset())
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil, 0, unhandled("worksheet not closed")
		}
		if err != nil {
			return nil, 0, unhandled("worksheet tail: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				start = off
			}
			depth++
		case xml.EndElement:
			if depth == 0 {
				return out, off, nil
			}
			depth--
			if depth == 0 {
				name := t.Name.Local
				order := slices.Index(tailOrder, name)
				switch {
				case t.Name.Space == "mc" && name == "AlternateContent":
					order = slices.Index(tailOrder, "oleObjects")
				case t.Name.Space != "" || order < 0:
					return nil, 0, unhandled("worksheet element %s:%s", t.Name.Space, name)
				}
				out = append(out, tailElem{name, start, int(d.InputOffset()), order})
			}
		}
	}
}

// editTail sets the page setup and header and footer and adds the
// comments' drawing in the part of a worksheet after its cell data.
func editTail(tail []byte, e sheetEdit) ([]byte, error) {
	if e.page == nil && e.drawing == "" {
		return tail, nil
	}
	elems, closeAt, err := tailElems(tail)
	if err != nil {
		return nil, err
	}
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	find := func(name string) (tailElem, bool) {
		for _, el := range elems {
			if el.name == name {
				return el, true
			}
		}
		return tailElem{}, false
	}
	insertAt := func(name string) int {
		o := slices.Index(tailOrder, name)
		for _, el := range elems {
			if el.order > o {
				return el.start
			}
		}
		return closeAt
	}
	put := func(name, text string) {
		if el, ok := find(name); ok {
			edits = append(edits, edit{el.start, el.end, text})
		} else {
			at := insertAt(name)
			edits = append(edits, edit{at, at, text})
		}
	}
	if e.page != nil {
		tag := `<pageSetup/>`
		if el, ok := find("pageSetup"); ok {
			tag = string(tail[el.start:el.end])
			if !strings.HasSuffix(tag, "/>") {
				// <pageSetup ...></pageSetup>, as excelize writes it
				open, rest, _ := strings.Cut(tag, ">")
				if strings.TrimSpace(strings.TrimSuffix(rest, "</pageSetup>")) != "" {
					return nil, unhandled("pageSetup with content")
				}
				tag = open + "/>"
			}
		}
		if n, err := strconv.Atoi(attrOf([]byte(tag), "paperSize")); err != nil || n == 0 {
			tag = setAttr(tag, "paperSize", strconv.Itoa(paperA4))
		}
		tag = setAttr(setAttr(setAttr(tag, "orientation", "landscape"), "fitToWidth", "1"), "fitToHeight", "0")
		put("pageSetup", tag)
		put("headerFooter", "<headerFooter><oddHeader>"+escapeXML("&C"+e.page.header)+"</oddHeader><oddFooter>"+
			escapeXML("&L&A&R"+e.page.footer)+"</oddFooter></headerFooter>")
	}
	if e.drawing != "" {
		if _, ok := find("legacyDrawing"); ok {
			return nil, unhandled("a legacyDrawing already")
		}
		put("legacyDrawing", `<legacyDrawing xmlns:r="`+relNS+`" r:id="`+e.drawing+`"/>`)
	}
	// inserts at one place stay in the order made (tailOrder's)
	slices.SortStableFunc(edits, func(a, b edit) int { return a.start - b.start })
	var b bytes.Buffer
	pos := 0
	for _, ed := range edits {
		b.Write(tail[pos:ed.start])
		b.WriteString(ed.text)
		pos = ed.end
	}
	b.Write(tail[pos:])
	return b.Bytes(), nil
}

const relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

func escapeXML(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// widenSpans returns a row's start tag with its spans (a hint of its
// first and last column) widened to the columns cols, when it has one.
func widenSpans(tag []byte, cols []int) []byte {
	lo, hi, ok := strings.Cut(attrOf(tag, "spans"), ":")
	a, err1 := strconv.Atoi(lo)
	z, err2 := strconv.Atoi(hi)
	if !ok || err1 != nil || err2 != nil || strings.Contains(hi, " ") {
		return tag
	}
	a, z = min(a, cols[0]), max(z, cols[len(cols)-1])
	return []byte(setAttr(string(tag), "spans", strconv.Itoa(a)+":"+strconv.Itoa(z)))
}
