package exporter

import (
	"bytes"
	"regexp"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer"
)

// A feedback workbook is the department's own workbook with a sheet put in
// front. excelize parses a worksheet the first time a call touches it and
// serializes every parsed sheet again when it saves; MoveSheet and
// SetActiveSheet touch them all, and setting a dimension parses the sheet.
// For a thousand workbooks that was a third of a consolidation. So the
// sheets are edited in their XML before excelize reads any of them: the
// head of each sheet (what comes before its cell data) gets its dimension
// set and tabSelected cleared, and sheets no finding marks are then written
// back exactly as edited, never parsed. Where that is not possible (a
// sheet whose part is not known, or without a dimension element), the
// excelize calls do the work as before.

var (
	tabSelectedAttr = regexp.MustCompile(`\btabSelected\s*=\s*(?:"(?:1|true)"|'(?:1|true)')`)
	dimensionTag    = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*>`)
	refAttr         = regexp.MustCompile(`\sref\s*=\s*(?:"[^"]*"|'[^']*')`)
)

// headEnd returns where a worksheet's cell data starts (its sheetData
// element, with or without a namespace prefix), or -1.
func headEnd(xml []byte) int {
	for i := 0; ; {
		j := bytes.Index(xml[i:], []byte("sheetData"))
		if j < 0 {
			return -1
		}
		j += i
		if j > 0 && (xml[j-1] == '<' || xml[j-1] == ':') {
			return j
		}
		i = j + len("sheetData")
	}
}

// patchHead returns a worksheet's XML with tabSelected cleared on its
// views and, unless ref is empty, its dimension set to ref. headOK is false
// when the sheet has no cell data to find its head by (then out is nil);
// dimOK is false when ref was asked for but there is no dimension element
// with a ref to change.
func patchHead(xml []byte, ref string) (out []byte, headOK, dimOK bool) {
	end := headEnd(xml)
	if end < 0 {
		return nil, false, false
	}
	head := xml[:end]
	if ref != "" {
		if loc := dimensionTag.FindIndex(head); loc != nil {
			tag := head[loc[0]:loc[1]]
			if r := refAttr.FindIndex(tag); r != nil {
				var b bytes.Buffer
				b.Grow(len(head) + len(ref))
				b.Write(head[:loc[0]])
				b.Write(tag[:r[0]])
				b.WriteString(` ref="` + ref + `"`)
				b.Write(tag[r[1]:])
				b.Write(head[loc[1]:])
				head, dimOK = b.Bytes(), true
			}
		}
	}
	if ref != "" && !dimOK && dimensionTag.FindIndex(head) == nil {
		head, dimOK = insertDimension(head, ref)
	}
	if bytes.Contains(head, []byte("tabSelected")) { // the pattern has no literal start to scan for
		head = tabSelectedAttr.ReplaceAll(head, []byte(`tabSelected="0"`))
	}
	out = make([]byte, 0, len(head)+len(xml)-end)
	out = append(append(out, head...), xml[end:]...)
	return out, true, dimOK
}

var (
	worksheetTag = regexp.MustCompile(`<(?:([A-Za-z_][\w.-]*):)?worksheet\b[^>]*>`)
	sheetPrTag   = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?sheetPr\b[^>]*>`)
)

// insertDimension adds a dimension element to a worksheet's head that has
// none, where the schema puts it: after sheetPr, else first. ok is false
// when the head's shape is not recognised (then it is returned as it was).
func insertDimension(head []byte, ref string) ([]byte, bool) {
	ws := worksheetTag.FindSubmatchIndex(head)
	if ws == nil || bytes.HasSuffix(head[ws[0]:ws[1]], []byte("/>")) {
		return head, false
	}
	at := ws[1]
	prefix := ""
	if ws[2] >= 0 {
		prefix = string(head[ws[2]:ws[3]]) + ":"
	}
	if pr := sheetPrTag.FindIndex(head[at:]); pr != nil {
		at += pr[1]
		if !bytes.HasSuffix(head[at-2:at], []byte("/>")) {
			end := bytes.Index(head[at:], []byte("</"+prefix+"sheetPr>"))
			if end < 0 {
				return head, false
			}
			at += end + len("</"+prefix+"sheetPr>")
		}
	}
	out := make([]byte, 0, len(head)+len(ref)+24)
	out = append(out, head[:at]...)
	out = append(out, "<"+prefix+`dimension ref="`+ref+`"/>`...)
	return append(out, head[at:]...), true
}

// putFirst moves the last sheet of f to the front, the way MoveSheet does
// but without parsing every sheet, and moves the sheet-local defined names
// (print areas, filter ranges), which refer to sheets by position and
// which MoveSheet leaves behind.
func putFirst(f *excelize.File) {
	wb := f.WorkBook
	sheets := wb.Sheets.Sheet
	if len(sheets) < 2 {
		return
	}
	last := sheets[len(sheets)-1]
	copy(sheets[1:], sheets[:len(sheets)-1])
	sheets[0] = last
	if wb.DefinedNames == nil {
		return
	}
	for i := range wb.DefinedNames.DefinedName {
		if id := wb.DefinedNames.DefinedName[i].LocalSheetID; id != nil && *id < len(sheets)-1 {
			moved := *id + 1
			wb.DefinedNames.DefinedName[i].LocalSheetID = &moved
		}
	}
}

// activateFirst makes the first sheet the active and only selected one.
// cleared says that no other sheet is selected any more (patchHead ran on
// all of them); then only the book view and the first sheet change.
// Otherwise SetActiveSheet does it, reading every sheet, unless keep says
// that a sheet too large to read is selected: then that sheet stays the
// active one.
func activateFirst(f *excelize.File, cleared, keep bool) error {
	views := f.WorkBook.BookViews
	if keep {
		if views != nil && len(views.WorkBookView) > 0 {
			views.WorkBookView[0].ActiveTab++ // the sheet put first moved it one on
		}
		return nil
	}
	if cleared && (views == nil || len(views.WorkBookView) == 0) {
		// no book view: the first sheet is the active one
		return f.GroupSheets([]string{f.GetSheetList()[0]})
	}
	if !cleared || views == nil || len(views.WorkBookView) == 0 {
		f.SetActiveSheet(0) // reads every sheet; makes a book view if none
		views = f.WorkBook.BookViews
	}
	if views != nil && len(views.WorkBookView) > 0 {
		views.WorkBookView[0].ActiveTab = 0
		views.WorkBookView[0].FirstSheet = 0 // the first tab shown in the tab bar
	}
	if !cleared {
		return nil
	}
	return f.GroupSheets([]string{f.GetSheetList()[0]})
}

var cellTag = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?c(?:\s[^>]*)?>`)

// scanExtent returns the used range of a worksheet from its XML: the last
// row and column of a cell element with content (a self-closing <c/> holds
// only a style). ok is false when a cell has no reference to go by.
func scanExtent(xml []byte) (ext importer.Extent, ok bool) {
	end := headEnd(xml)
	if end < 0 {
		return ext, false
	}
	for _, loc := range cellTag.FindAllIndex(xml[end:], -1) {
		tag := xml[end+loc[0] : end+loc[1]]
		if bytes.HasSuffix(tag, []byte("/>")) {
			continue
		}
		m := cellRef.FindSubmatch(tag)
		if m == nil {
			return importer.Extent{}, false
		}
		col, row, err := excelize.CellNameToCoordinates(string(m[1]))
		if err != nil {
			return importer.Extent{}, false
		}
		ext.Cols, ext.Rows = max(ext.Cols, col), max(ext.Rows, row)
	}
	return ext, true
}

var cellRef = regexp.MustCompile(`\sr\s*=\s*["']([A-Za-z]{1,3}[0-9]{1,7})["']`)
