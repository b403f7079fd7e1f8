package exporter

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"html"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// This file makes a feedback workbook by package surgery: the
// department's package is copied part by part, every part that does not
// change as it is (zip.File.OpenRaw, zip.Writer.CreateRaw: no inflate, no
// deflate), and only what changes is written: the sheets with marked
// cells or a page setup, styles.xml (the fills added), workbook.xml and
// its relationships (Återkoppling first and active), the content types,
// the document properties and the new parts (Återkoppling, comments and
// their VML drawings). The new parts are written as XML
// (surgerymade.go), the styles they need added to the department's
// styles.xml as text (surgerystyles.go), and the package written out
// (surgerywrite.go). Only parts the package's relationships reach, under
// safe names, are carried over.

// pkg is a department's package as the surgery reads it.
type pkg struct {
	files map[string]*zip.File // by name, only safe names
	order []*zip.File          // as in the archive
	keep  map[string]bool      // the reachable parts (see reachable)
	wb    string               // the workbook part
	// sheets in tab order
	sheets []pkgSheet
	cache  map[string][]byte // the parts read, as they are
	// relations are the relationships of the .rels parts read, each
	// relationship's attributes, by .rels part
	relations map[string][]map[string]string
}

// rels returns the relationships of the .rels part name, each as its
// attributes, read once. They are shared (see partMemo): not to be
// changed.
func (p *pkg) rels(name string) ([]map[string]string, error) {
	if rs, ok := p.relations[name]; ok {
		return rs, nil
	}
	data, err := p.read(name)
	if err != nil {
		return nil, err
	}
	rs := relsMemo.get(data, func(data []byte) []map[string]string {
		var rs []map[string]string
		for _, tag := range relTags(string(data)) {
			rs = append(rs, attrs(tag))
		}
		return rs
	})
	if p.relations == nil {
		p.relations = map[string][]map[string]string{}
	}
	p.relations[name] = rs
	return rs, nil
}

type pkgSheet struct {
	name, rid, part string
	// worksheet is false for a chart sheet (or a dialog or macro sheet):
	// no cells to mark, no page setup set, only its selection cleared
	worksheet bool
}

func (p *pkg) read(name string) ([]byte, error) {
	b, err := p.readRaw(name)
	if err == nil && isXMLPart(name) {
		b = xmlSafe(b)
	}
	return b, err
}

// readRaw returns a part's bytes as they are, read once.
func (p *pkg) readRaw(name string) ([]byte, error) {
	if b, ok := p.cache[name]; ok {
		return b, nil
	}
	zf, ok := p.files[name]
	if !ok {
		return nil, unhandled("part %s missing", name)
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, unhandled("part %s: %v", name, err)
	}
	defer rc.Close()
	// sized as the archive says (a part that says less grows as read)
	var buf bytes.Buffer
	buf.Grow(int(min(zf.UncompressedSize64, check.FeedbackBelow)) + bytes.MinRead)
	_, err = buf.ReadFrom(io.LimitReader(rc, check.FeedbackBelow+1))
	b := buf.Bytes()
	if err != nil {
		return nil, unhandled("part %s: %v", name, err)
	}
	if len(b) > check.FeedbackBelow {
		return nil, unhandled("part %s too large", name)
	}
	if p.cache == nil {
		p.cache = map[string][]byte{}
	}
	p.cache[name] = b
	return b, nil
}

// sanitize makes every XML part kept and not changed well-formed (see
// xmlSafe), as cleanPackage does: those that are stay as they are.
func (p *pkg) sanitize(changed map[string][]byte) error {
	for _, zf := range p.order {
		if !p.keep[zf.Name] || changed[zf.Name] != nil || !isXMLPart(zf.Name) {
			continue
		}
		if _, read := p.cache[zf.Name]; !read {
			unsafe, err := hasUnsafeMemo(zf)
			if err != nil {
				return unhandled("part %s: %v", zf.Name, err)
			}
			if !unsafe {
				continue // not held in memory: a large sheet, say
			}
		}
		b, err := p.readRaw(zf.Name)
		if err != nil {
			return err
		}
		if firstUnsafe(b) >= 0 {
			changed[zf.Name] = xmlSafe(b)
		}
	}
	return nil
}

var relsMemo partMemo[[]map[string]string]

// openPkg reads the archive data: its entries, what is reachable, the
// workbook and its sheets.
func openPkg(data []byte) (*pkg, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, unhandled("%v", err)
	}
	p := &pkg{files: map[string]*zip.File{}}
	seen := map[string]bool{}
	for _, zf := range zr.File {
		low := strings.ToLower(strings.TrimPrefix(zf.Name, "/"))
		if seen[low] {
			return nil, unhandled("part %q twice", zf.Name)
		}
		seen[low] = true
		if safePartName(zf.Name) {
			p.files[zf.Name] = zf
			p.order = append(p.order, zf)
		}
	}
	if err := p.reach(); err != nil {
		return nil, err
	}
	return p, p.readWorkbook()
}

// reach finds the parts reachable from _rels/.rels (see reachable).
func (p *pkg) reach() error {
	p.keep = map[string]bool{contentTypesPart: true}
	queue := []string{""}
	for len(queue) > 0 {
		source := queue[0]
		queue = queue[1:]
		rels := relsOf(source)
		if source == "" {
			rels = "_rels/.rels"
		}
		if _, ok := p.files[rels]; !ok || p.keep[rels] {
			continue
		}
		rs, err := p.rels(rels)
		if err != nil {
			return err
		}
		p.keep[rels] = true
		for _, a := range rs {
			target, ok := relTarget(source, a)
			if !ok || p.keep[target] || !safePartName(target) {
				continue
			}
			if _, ok := p.files[target]; !ok {
				continue
			}
			if strings.HasSuffix(a["Type"], "/officeDocument") && source == "" {
				p.wb = target
			}
			p.keep[target] = true
			queue = append(queue, target)
		}
	}
	if p.wb == "" {
		return unhandled("no workbook part")
	}
	return nil
}

var (
	sheetTag   = regexp.MustCompile(`<sheet\b[^>]*>`)
	sheetsOpen = regexp.MustCompile(`<sheets\b[^>]*>`)
	rootTag    = regexp.MustCompile(`<(?:([A-Za-z_][\w.-]*):)?(workbook|styleSheet)\b[^>]*>`)
)

func (p *pkg) readWorkbook() error {
	data, err := p.read(p.wb)
	if err != nil {
		return err
	}
	if m := rootTag.FindSubmatch(data); m == nil || len(m[1]) > 0 || bytes.Contains(data, []byte("purl.oclc.org/ooxml")) {
		return unhandled("workbook not in the transitional namespace without prefix")
	}
	rels, err := p.rels(relsOf(p.wb))
	if err != nil {
		return err
	}
	byID, worksheets := map[string]string{}, map[string]bool{}
	for _, a := range rels {
		if t, ok := relTarget(p.wb, a); ok && p.keep[t] {
			byID[a["Id"]] = t
			worksheets[a["Id"]] = strings.HasSuffix(a["Type"], "/worksheet")
		}
	}
	used := map[string]bool{}
	for _, tag := range sheetTag.FindAllString(string(data), -1) {
		a := attrs(tag)
		part := byID[a["r:id"]]
		if part == "" {
			return unhandled("sheet %q without its part", a["name"])
		}
		if used[part] {
			return unhandled("part %s listed as two sheets", part)
		}
		used[part] = true
		p.sheets = append(p.sheets, pkgSheet{name: html.UnescapeString(a["name"]), rid: a["r:id"], part: part, worksheet: worksheets[a["r:id"]]})
	}
	if len(p.sheets) == 0 {
		return unhandled("no sheets")
	}
	return nil
}

// partOfType is the part a relationship of the given type from source
// reaches, or "".
func (p *pkg) partOfType(source, relType string) string {
	rels, ok := p.files[relsOf(source)]
	if source == "" {
		rels, ok = p.files["_rels/.rels"]
	}
	if !ok {
		return ""
	}
	rs, err := p.rels(rels.Name)
	if err != nil {
		return ""
	}
	for _, a := range rs {
		if strings.HasSuffix(a["Type"], relType) {
			if t, ok := relTarget(source, a); ok && p.keep[t] {
				return t
			}
		}
	}
	return ""
}

// freeName returns pattern (with %d) filled with the first number from 1
// that names no entry of the archive and none of taken.
func (p *pkg) freeName(pattern string, taken map[string]bool) string {
	for i := 1; ; i++ {
		name := fmt.Sprintf(pattern, i)
		if _, ok := p.files[name]; !ok && !taken[name] {
			taken[name] = true
			return name
		}
	}
}

// relPath is the target of a relationship from a part in dir to part.
func relPath(dir, part string) string {
	if dir == "." || dir == "" {
		return part
	}
	up := ""
	for d := dir; ; d = path.Dir(d) {
		if d == "." || d == "" {
			return up + part
		}
		if strings.HasPrefix(part, d+"/") {
			return up + strings.TrimPrefix(part, d+"/")
		}
		up += "../"
	}
}

// surgery returns the feedback workbook of r made from the checked bytes
// data by package surgery, or an errUnhandled saying what it does not
// handle (then the excelize path makes it).
func surgery(data []byte, r *check.Submission, lang rules.Lang, created time.Time) ([]byte, error) {
	p, err := openPkg(data)
	if err != nil {
		return nil, err
	}
	stylesPart := p.partOfType(p.wb, "/styles")
	if stylesPart == "" {
		return nil, unhandled("no styles part")
	}
	stylesXML, err := p.read(stylesPart)
	if err != nil {
		return nil, err
	}
	sb, err := newStyleBook(stylesXML)
	if err != nil {
		return nil, err
	}
	tabs, parts, sizes := make([]string, len(p.sheets)), map[string]string{}, map[string]uint64{}
	for i, s := range p.sheets {
		tabs[i], parts[s.name] = s.name, s.part
	}
	for name, zf := range p.files {
		sizes[name] = zf.UncompressedSize64
	}
	made := &madeParts{notes: map[string]sheetNotes{}}
	if made.listName, err = listName(tabs); err != nil {
		return nil, err
	}
	if p.partOfType("", "/core-properties") != "" {
		made.core = coreXML(feedbackTitle(r, lang, func(s string) string { return s }), created)
	}
	large := largeBySize(r, tabs, parts, sizes)
	wbXML, err := p.read(p.wb)
	if err != nil {
		return nil, err
	}
	pl := &surgeryPlan{p: p, sb: sb, made: made, lang: lang, ps: newPageSetup(r, lang), dims: usedRanges(r),
		own: ownTitles(wbXML), toPrint: map[string]bool{}, changed: map[string][]byte{}, drawings: map[string]string{}}
	if pl.vmlBlock, err = p.freeVMLBlock(); err != nil {
		return nil, err
	}
	var unmarked map[string]int
	pl.marks, unmarked = cellMarks(r.Findings, large)
	for _, sheet := range printableBySize(tabs, parts, sizes, large, markedSheets(r.Findings)) {
		pl.toPrint[sheet] = true
	}
	for i, s := range p.sheets {
		if err := pl.sheet(i, s); err != nil {
			return nil, err
		}
	}
	c := listRows(r, feedbackLines(r, tabs, lang), lang, feedbackNotes(r, unmarked, lang), sb.listStyles())
	if made.list, made.names, err = listXML(made.listName, c, pl.ps); err != nil {
		return nil, err
	}
	return p.write(made, sb.bytes(), pl.changed, pl.drawings, pl.titles, stylesPart)
}

// surgeryPlan is what the surgery changes in the department's sheets.
type surgeryPlan struct {
	p     *pkg
	sb    *styleBook
	made  *madeParts
	lang  rules.Lang
	ps    pageSetup
	dims  map[string]importer.Extent // the used ranges to record (usedRanges)
	own   map[int]bool               // sheets with print titles of their own, by index
	marks map[string][]cellMark      // by sheet
	// toPrint are the sheets whose page setup is set (printableBySize)
	toPrint map[string]bool
	changed map[string][]byte // the parts rewritten
	// vmlBlock is the next id block of VML shapes free (see notesXML)
	vmlBlock int
	drawings map[string]string // the parts of the sheets given comments, by sheet
	titles   []string          // the print titles of the department's sheets
}

// sheet plans and makes the changes of the i-th sheet, s.
func (pl *surgeryPlan) sheet(i int, s pkgSheet) error {
	p := pl.p
	if !s.worksheet {
		if p.selected(s.part) {
			xml, err := p.read(s.part)
			if err != nil {
				return err
			}
			pl.changed[s.part] = tabSelectedAttr.ReplaceAll(xml, []byte(`tabSelected="0"`))
		}
		return nil
	}
	e := sheetEdit{marks: map[[2]int]func(int) (int, error){}}
	marks := pl.marks[s.name]
	for _, m := range marks {
		if sev := m.worst(); fills[sev] != "" {
			e.marks[[2]int{m.row, m.col}] = pl.sb.fill(sev)
		}
	}
	if pl.toPrint[s.name] {
		e.page = &pl.ps
		if row := pl.ps.titles[s.name]; row > 0 && !pl.own[i] {
			pl.titles = append(pl.titles, fmt.Sprintf(`<definedName name="%s" localSheetId="%d">%s!$%d:$%d</definedName>`,
				printTitles, i+1, escapeXML(quoteSheet(s.name)), row, row))
		}
	}
	if len(marks) > 0 {
		if p.partOfType(s.part, "/comments") != "" || p.partOfType(s.part, "/vmlDrawing") != "" {
			return unhandled("sheet %q has comments already", s.name)
		}
		notes, err := notesXML(marks, pl.vmlBlock, pl.sb.defaultFont, pl.lang)
		if err != nil {
			return err
		}
		pl.vmlBlock += vmlBlocks(len(marks))
		pl.made.notes[s.name] = notes
		e.drawing = "rIdRk1"
		pl.drawings[s.name] = s.part
	}
	if len(e.marks) == 0 && e.page == nil && e.drawing == "" && !p.selected(s.part) {
		return nil // copied raw
	}
	xml, err := p.read(s.part)
	if err != nil {
		return err
	}
	if e.page != nil || len(marks) > 0 {
		ext, ok := pl.dims[s.name]
		if !ok {
			// a sheet the check did not read: its range from its XML, as
			// patchSheets finds it
			ext, ok = scanExtent(xml)
		}
		if ok {
			e.dimRef = usedRef(ext.Cols, ext.Rows)
		}
	}
	pl.changed[s.part], err = rewriteSheet(xml, e)
	return err
}

// freeVMLBlock is the first id block of VML shapes that none of the
// package's drawings uses (2 when there are none, as excelize numbers
// them): the comments' drawings are numbered from it.
func (p *pkg) freeVMLBlock() (int, error) {
	free := 2
	for _, zf := range p.order {
		if !p.keep[zf.Name] || !strings.HasSuffix(strings.ToLower(zf.Name), ".vml") {
			continue
		}
		data, err := p.read(zf.Name)
		if err != nil {
			return 0, err
		}
		for _, m := range idmapData.FindAllSubmatch(data, -1) {
			for _, n := range strings.Split(string(m[1]), ",") {
				if b, err := strconv.Atoi(strings.TrimSpace(n)); err == nil && b >= free && b < 1<<20 {
					free = b + 1
				}
			}
		}
	}
	return free, nil
}

var idmapData = regexp.MustCompile(`<o:idmap\b[^>]*\sdata\s*=\s*["']([^"']*)["']`)

// selected reports whether a sheet's view is selected, by its head.
func (p *pkg) selected(part string) bool {
	zf, ok := p.files[part]
	if !ok {
		return false
	}
	rc, err := zf.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
	if end := headEnd(b); end >= 0 {
		b = b[:end]
	}
	return tabSelectedAttr.Match(b)
}

var definedNameTag = regexp.MustCompile(`<definedName\b[^>]*>`)

// ownTitles reports, by sheet index, the sheets with print titles of
// their own.
func ownTitles(wb []byte) map[int]bool {
	out := map[int]bool{}
	for _, tag := range definedNameTag.FindAll(wb, -1) {
		if attrOf(tag, "name") == printTitles {
			if i, err := strconv.Atoi(attrOf(tag, "localSheetId")); err == nil {
				out[i] = true
			}
		}
	}
	return out
}

// cellMark is one marked cell and its findings.
type cellMark struct {
	row, col int
	fs       rules.Findings
}

func (m cellMark) worst() rules.Severity {
	return slices.MinFunc(m.fs, func(a, b rules.Finding) int { return int(a.Severity) - int(b.Severity) }).Severity
}

// cellMarks groups the findings on cells by sheet and cell, in the order
// of the findings, except on the sheets in large, whose findings it
// counts by sheet instead (as markCells does).
func cellMarks(fs rules.Findings, large map[string]bool) (map[string][]cellMark, map[string]int) {
	out := map[string][]cellMark{}
	at := map[string]map[[2]int]int{}
	unmarked := map[string]int{}
	for _, fd := range fs {
		if fd.Ref.Sheet == "" || fd.Ref.Row == 0 || fd.Ref.Col == 0 {
			continue
		}
		if large[fd.Ref.Sheet] {
			unmarked[fd.Ref.Sheet]++
			continue
		}
		if at[fd.Ref.Sheet] == nil {
			at[fd.Ref.Sheet] = map[[2]int]int{}
		}
		k := [2]int{fd.Ref.Row, fd.Ref.Col}
		i, ok := at[fd.Ref.Sheet][k]
		if !ok {
			i = len(out[fd.Ref.Sheet])
			at[fd.Ref.Sheet][k] = i
			out[fd.Ref.Sheet] = append(out[fd.Ref.Sheet], cellMark{row: k[0], col: k[1]})
		}
		out[fd.Ref.Sheet][i].fs = append(out[fd.Ref.Sheet][i].fs, fd)
	}
	return out, unmarked
}

// hasUnsafe reports whether a part holds a character xmlSafe changes,
// reading it in pieces.
// unsafeMemo remembers hasUnsafe's answers by the parts' compressed bytes
// with the header fields reading them checks (method, flags, checksum,
// sizes): the same bytes so described inflate to the same part, or fail
// the same way, and the parts workbooks of one template share (its
// theme, say) are then inflated once, not once a department.
var unsafeMemo partMemo[unsafeAnswer]

type unsafeAnswer struct {
	unsafe bool
	err    error
}

// hasUnsafeMemo is hasUnsafe, remembered in unsafeMemo. The compressed
// bytes are hashed as they are read, never held.
func hasUnsafeMemo(zf *zip.File) (bool, error) {
	raw, err := zf.OpenRaw()
	if err != nil {
		return false, err
	}
	h := sha256.New()
	var fields [2 + 2 + 4 + 8 + 8]byte
	binary.LittleEndian.PutUint16(fields[0:], zf.Method)
	binary.LittleEndian.PutUint16(fields[2:], zf.Flags)
	binary.LittleEndian.PutUint32(fields[4:], zf.CRC32)
	binary.LittleEndian.PutUint64(fields[8:], zf.CompressedSize64)
	binary.LittleEndian.PutUint64(fields[16:], zf.UncompressedSize64)
	h.Write(fields[:])
	pooled := copyBuffers.Get().(*[]byte)
	_, err = io.CopyBuffer(h, io.LimitReader(raw, check.FeedbackBelow+1), *pooled)
	copyBuffers.Put(pooled)
	if err != nil {
		return false, err
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	a := unsafeMemo.getKey(key, func() unsafeAnswer {
		u, err := hasUnsafe(zf)
		return unsafeAnswer{u, err}
	})
	return a.unsafe, a.err
}

func hasUnsafe(zf *zip.File) (bool, error) {
	rc, err := zf.Open()
	if err != nil {
		return false, err
	}
	defer rc.Close()
	in := io.LimitReader(rc, check.FeedbackBelow+1)
	pooled := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(pooled)
	buf := *pooled
	carry, total := 0, 0 // carry: the bytes of a character cut at the end of a piece
	for {
		n, err := io.ReadFull(in, buf[carry:])
		if total += n; total > check.FeedbackBelow {
			return false, errors.New("too large")
		}
		end := carry + n
		if end == 0 {
			return false, nil
		}
		last := end
		if err == nil { // more to come: keep a cut character for the next piece
			for i := end - 1; i >= 0 && i >= end-utf8.UTFMax; i-- {
				if utf8.RuneStart(buf[i]) {
					if !utf8.FullRune(buf[i:end]) {
						last = i
					}
					break
				}
			}
		}
		if firstUnsafe(buf[:last]) >= 0 {
			return true, nil
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		carry = copy(buf, buf[last:end])
	}
}
