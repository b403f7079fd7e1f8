package exporter

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/rules"
)

// This file writes the parts the surgery adds to a department's package,
// as excelize writes them (the list of findings as Återkoppling, the
// comments on marked cells and their VML drawings, the document
// properties), straight as XML: no excelize workbook is made, saved and
// read again for them. TestFeedbackGolden holds the result to the
// excelize path's, cell by cell, style by style.

// madeParts are the parts the surgery makes.
type madeParts struct {
	listName string
	list     []byte
	names    []string // the list's defined names (its filter and print titles)
	notes    map[string]sheetNotes
	core     []byte
}

// sheetNotes are the comments of one sheet and their VML drawing.
type sheetNotes struct{ comments, vml []byte }

// listName is the name of the list sheet in a workbook with the sheets
// tabs: Återkoppling, or, when the department has a sheet of that name,
// "Återkoppling (rapportkoll)".
func listName(tabs []string) (string, error) {
	taken := func(name string) bool {
		for _, t := range tabs {
			if strings.EqualFold(t, name) {
				return true
			}
		}
		return false
	}
	name := feedbackSheet
	if taken(name) {
		name = feedbackSheet + " (rapportkoll)"
	}
	if taken(name) {
		return "", unhandled("sheet %q exists", name)
	}
	return name, nil
}

const worksheetHead = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">`

// listXML writes the list sheet name holding c, with the page setup ps,
// and returns it with its defined names.
func listXML(name string, c listContent, ps pageSetup) ([]byte, []string, error) {
	var sink rowSink
	defer sink.close()
	type link struct{ ref, location string }
	var links []link
	maxCol := 0
	for i, row := range c.rows {
		n := i + 1
		if row == nil {
			continue
		}
		sink.beginRow()
		for j, cl := range row {
			col := j + 1
			maxCol = max(maxCol, col)
			switch {
			case cl.isNum:
				sink.number(col, n, cl.style, cl.num)
			case cl.text != "":
				sink.text(col, n, cl.style, cl.text)
			case cl.style != 0:
				sink.styled(col, n, cl.style)
			}
			if cl.link != "" {
				ref, err := excelize.CoordinatesToCellName(col, n)
				if err != nil {
					return nil, nil, unhandled("%v", err)
				}
				links = append(links, link{ref, cl.link})
			}
		}
		height := 0.0
		if h := c.heights[n]; h > 1 {
			height = float64(rowHeight(h))
		}
		sink.endRow(n, height)
	}
	rowsXML, err := sink.reader()
	if err != nil {
		return nil, nil, err
	}
	rows := len(c.rows)
	lastCol, _ := excelize.ColumnNumberToName(len(listWidths))
	var b strings.Builder
	b.Grow(sink.mem.Len() + 4096) // the rows, when held in memory
	b.WriteString(worksheetHead)
	b.WriteString(`<sheetPr filterMode="true"><pageSetUpPr fitToPage="true"></pageSetUpPr></sheetPr>`)
	if ref := usedRef(maxCol, rows); ref != "" {
		b.WriteString(`<dimension ref="` + ref + `"></dimension>`)
	}
	h := strconv.Itoa(c.headerRow)
	b.WriteString(`<sheetViews><sheetView tabSelected="true" workbookViewId="0"><pane activePane="bottomLeft" state="frozen" topLeftCell="A` +
		strconv.Itoa(c.headerRow+1) + `" ySplit="` + h + `"></pane></sheetView></sheetViews>`)
	b.WriteString(`<sheetFormatPr defaultRowHeight="15"></sheetFormatPr><cols>`)
	for i := 0; i < len(listWidths); {
		j := i
		for j+1 < len(listWidths) && listWidths[j+1] == listWidths[i] {
			j++
		}
		b.WriteString(`<col customWidth="true" max="` + strconv.Itoa(j+1) + `" min="` + strconv.Itoa(i+1) + `" width="` +
			strconv.FormatFloat(listWidths[i], 'f', -1, 64) + `"></col>`)
		i = j + 1
	}
	b.WriteString(`</cols><sheetData>`)
	if _, err := io.Copy(&b, rowsXML); err != nil {
		return nil, nil, err
	}
	b.WriteString(`</sheetData>`)
	filter := "$A$" + h + ":$" + lastCol + "$" + strconv.Itoa(max(rows, c.headerRow+1))
	b.WriteString(`<autoFilter ref="` + filter + `"></autoFilter>`)
	if len(c.wide) > 0 {
		b.WriteString(`<mergeCells count="` + strconv.Itoa(len(c.wide)) + `">`)
		for _, row := range c.wide {
			n := strconv.Itoa(row)
			b.WriteString(`<mergeCell ref="A` + n + `:` + lastCol + n + `"></mergeCell>`)
		}
		b.WriteString(`</mergeCells>`)
	}
	if len(links) > 0 {
		b.WriteString(`<hyperlinks>`)
		for _, l := range links {
			b.WriteString(`<hyperlink ref="` + l.ref + `" location="` + escapeXML(l.location) + `"></hyperlink>`)
		}
		b.WriteString(`</hyperlinks>`)
	}
	b.WriteString(`<pageSetup fitToHeight="0" fitToWidth="1" orientation="landscape" paperSize="` + strconv.Itoa(paperA4) + `"></pageSetup>`)
	b.WriteString(`<headerFooter><oddHeader>` + escapeXML("&C"+ps.header) + `</oddHeader><oddFooter>` + escapeXML("&L&A&R"+ps.footer) + `</oddFooter></headerFooter>`)
	b.WriteString(`</worksheet>`)
	sheet := quoteSheet(name)
	names := []string{
		`<definedName hidden="true" localSheetId="0" name="_xlnm._FilterDatabase">` + escapeXML(sheet+"!"+filter) + `</definedName>`,
		`<definedName localSheetId="0" name="` + printTitles + `">` + escapeXML(sheet+"!$"+h+":$"+h) + `</definedName>`,
	}
	return []byte(b.String()), names, nil
}

// commentSize is the size of a comment's box in pixels, and the default
// width and height of a column and a row in pixels, as excelize anchors
// a comment on a sheet of default sizes.
const (
	commentWidth, commentHeight = 360, 180
	defaultColPixels            = 64
	defaultRowPixels            = 20
)

// shapesPerBlock is how many shapes one of a VML drawing's id blocks
// (o:idmap) numbers: block b holds the shapes b*1024+1 to b*1024+1023.
const shapesPerBlock = 1023

// vmlBlocks is how many id blocks the drawing of n comments takes.
func vmlBlocks(n int) int { return max(1, (n+shapesPerBlock-1)/shapesPerBlock) }

// notesXML writes the comments on the marked cells of one sheet and their
// VML drawing, whose shapes are numbered in the id blocks from block on
// (vmlBlocks of them); font is the workbook's default font, in which the
// findings are written.
func notesXML(marks []cellMark, block int, font string, lang rules.Lang) (sheetNotes, error) {
	var c, v strings.Builder
	c.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>rapportkoll</author></authors><commentList>`)
	blocks := make([]string, vmlBlocks(len(marks)))
	for i := range blocks {
		blocks[i] = strconv.Itoa(block + i)
	}
	id := strings.Join(blocks, ",")
	v.WriteString(`<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:mv="http://macVmlSchemaUri">` +
		`<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="` + id + `"></o:idmap></o:shapelayout>` +
		`<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m0,0l0,21600,21600,21600,21600,0xe"><v:stroke joinstyle="miter"></v:stroke><v:path gradientshapeok="t" o:connecttype="rect"></v:path></v:shapetype>`)
	for i, m := range marks {
		ref, err := excelize.CoordinatesToCellName(m.col, m.row)
		if err != nil {
			return sheetNotes{}, unhandled("%v", err)
		}
		lines := make([]string, 0, len(m.fs))
		for _, fd := range m.fs {
			lines = append(lines, severityWord(fd.Severity, lang)+": "+fd.Message)
		}
		const head = "rapportkoll:\n"
		text := cutUTF16(strings.Join(lines, "\n\n"), maxCellChars-len(head)) // as excelize cuts a comment
		c.WriteString(`<comment ref="` + ref + `" authorId="0"><text><r><rPr><family val="2"></family><b val="1"></b><color></color></rPr><t xml:space="preserve">` +
			escapeXML(head) + `</t></r><r><rPr><rFont val="` + escapeXML(font) + `"></rFont><family val="2"></family><color indexed="81"></color><sz val="9"></sz></rPr><t xml:space="preserve">` +
			escapeXML(text) + `</t></r></text></comment>`)
		col, row := m.col-1, m.row-1
		anchor := strconv.Itoa(col) + ", 23, " + strconv.Itoa(row) + ", 0, " + strconv.Itoa(col+commentWidth/defaultColPixels) + ", " +
			strconv.Itoa(commentWidth%defaultColPixels) + ", " + strconv.Itoa(row+commentHeight/defaultRowPixels) + ", " + strconv.Itoa(commentHeight%defaultRowPixels)
		shape := (block+i/shapesPerBlock)*1024 + i%shapesPerBlock + 1
		v.WriteString(`<v:shape id="_x0000_s` + strconv.Itoa(shape) + `" type="#_x0000_t202" style="position:absolute;73.5pt;width:108pt;height:59.25pt;z-index:1;visibility:hidden" fillcolor="#FBF6D6" strokecolor="#EDEAA1">` +
			`<v:fill angle="-180" color2="#FBFE82" type="gradient"><o:fill v:ext="view" type="gradientUnscaled"></o:fill></v:fill><v:shadow on="t" color="black" obscured="t"></v:shadow><v:path o:connecttype="none"></v:path>` +
			`<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells></x:MoveWithCells><x:SizeWithCells></x:SizeWithCells>` +
			`<x:Anchor>` + anchor + `</x:Anchor><x:AutoFill>True</x:AutoFill><x:Row>` + strconv.Itoa(row) + `</x:Row><x:Column>` + strconv.Itoa(col) + `</x:Column></x:ClientData></v:shape>`)
	}
	c.WriteString(`</commentList></comments>`)
	v.WriteString(`</xml>`)
	return sheetNotes{comments: []byte(c.String()), vml: []byte(v.String())}, nil
}

// coreXML is the document properties part: the title, made by
// rapportkoll, at the run's date (see setDocProps).
func coreXML(title string, at time.Time) []byte {
	t := fixedTime
	if !at.IsZero() {
		t = at.UTC()
	}
	when := escapeXML(t.Format(time.RFC3339))
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<coreProperties xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + escapeXML(title) + `</dc:title><dc:creator>rapportkoll</dc:creator><lastModifiedBy>rapportkoll</lastModifiedBy><dc:language>sv-SE</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + when + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + when + `</dcterms:modified></coreProperties>`)
}
