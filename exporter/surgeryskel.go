package exporter

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// skeleton is the small excelize workbook in which the surgery makes what
// excelize is good at: it holds the department's styles.xml (so that the
// fills it adds and the list's styles are numbered as in the department's
// workbook) and document properties, the list of findings, and one empty
// sheet per marked sheet for the comments, whose parts are transplanted.
type skeleton struct {
	f     *excelize.File
	cache map[[2]int]int
	// placeholders are the skeleton's sheets holding each department
	// sheet's comments.
	placeholders map[string]string
	listName     string
}

func newSkeleton(p *pkg, stylesPart string) (*skeleton, error) {
	styles, err := p.read(stylesPart)
	if err != nil {
		return nil, err
	}
	if m := rootTag.FindSubmatch(styles); m == nil || len(m[1]) > 0 {
		return nil, unhandled("styles part not in the namespace without prefix")
	}
	f := excelize.NewFile()
	f.SetZipWriter(storedZip)
	f.Pkg.Store("xl/styles.xml", styles)
	f.Styles = nil // read again from the part
	if core := p.partOfType("", "/core-properties"); core != "" {
		data, err := p.read(core)
		if err != nil {
			f.Close()
			return nil, err
		}
		f.Pkg.Store("docProps/core.xml", data)
	}
	for _, s := range p.sheets {
		if strings.EqualFold(s.name, feedbackSheet) {
			// the list's name then says it is rapportkoll's (listFindings)
			if err := f.SetSheetName("Sheet1", feedbackSheet); err != nil {
				f.Close()
				return nil, unhandled("%v", err)
			}
		}
	}
	return &skeleton{f: f, cache: map[[2]int]int{}, placeholders: map[string]string{}}, nil
}

// fill returns the new style of a cell marked with sev, given its style,
// a copy with the fill of sev made once per (style, severity).
func (sk *skeleton) fill(sev rules.Severity) func(old int) (int, error) {
	return func(old int) (int, error) {
		if id, ok := sk.cache[[2]int{old, int(sev)}]; ok {
			return id, nil
		}
		st, err := sk.f.GetStyle(old)
		if err != nil {
			return 0, unhandled("style %d: %v", old, err)
		}
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fills[sev]}}
		id, err := sk.f.NewStyle(st)
		if err != nil {
			return 0, unhandled("style %d: %v", old, err)
		}
		sk.cache[[2]int{old, int(sev)}] = id
		return id, nil
	}
}

// comments adds the comments of sheet's marked cells on a placeholder.
func (sk *skeleton) comments(sheet string, marks []cellMark, lang rules.Lang) error {
	name := "c" + strconv.Itoa(len(sk.placeholders)+1)
	if _, err := sk.f.NewSheet(name); err != nil {
		return unhandled("%v", err)
	}
	sk.placeholders[sheet] = name
	for _, m := range marks {
		ref, err := excelize.CoordinatesToCellName(m.col, m.row)
		if err != nil {
			return unhandled("%v", err)
		}
		if err := comment(sk.f, name, ref, m.fs, nil, lang); err != nil {
			return unhandled("comment on %s!%s: %v", sheet, ref, err)
		}
	}
	return nil
}

// list adds the list of findings and its page setup, and returns the
// skeleton's package.
func (sk *skeleton) buildList(r *check.Submission, lang rules.Lang, tabs []string, notes []string) (*pkg, error) {
	lines := feedbackLines(r, tabs, lang)
	name, headerRow, err := listFindings(sk.f, r, lines, lang, true, false, notes)
	if err != nil {
		return nil, err
	}
	sk.listName = name
	ps := newPageSetup(r, lang)
	ps.titles[name] = headerRow
	if err := ps.apply(sk.f, name, nil); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := sk.f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return openPkg(buf.Bytes())
}

func (sk *skeleton) part(p *pkg, name string) string {
	for _, s := range p.sheets {
		if s.name == name {
			return s.part
		}
	}
	return ""
}

var (
	siTag       = regexp.MustCompile(`(?s)<si>(.*?)</si>|<si/>`)
	sharedCell  = regexp.MustCompile(`<c\b([^>]*?)\st="s"([^>]*)><v>(\d+)</v></c>`)
	definedFull = regexp.MustCompile(`(?s)<definedName\b[^>]*>.*?</definedName>`)
)

// inlineStrings returns a sheet's XML with its shared strings (of sst)
// written inline.
func inlineStrings(sheet, sst []byte) ([]byte, error) {
	var items [][]byte
	for _, m := range siTag.FindAllSubmatch(sst, -1) {
		items = append(items, m[1])
	}
	var bad error
	out := sharedCell.ReplaceAllFunc(sheet, func(c []byte) []byte {
		m := sharedCell.FindSubmatch(c)
		i, err := strconv.Atoi(string(m[3]))
		if err != nil || i >= len(items) {
			bad = unhandled("shared string %s of the list", m[3])
			return c
		}
		item := items[i]
		if len(item) == 0 {
			item = []byte("<t></t>")
		}
		return []byte(`<c` + string(m[1]) + ` t="inlineStr"` + string(m[2]) + `><is>` + string(item) + `</is></c>`)
	})
	return out, bad
}

// listNames are the skeleton's defined names local to the list (its
// filter range and print titles), which is its first sheet.
func listNames(wb []byte) []string {
	var out []string
	for _, dn := range definedFull.FindAll(wb, -1) {
		if attrOf(dn, "localSheetId") == "0" {
			out = append(out, string(dn))
		}
	}
	return out
}

var (
	workbookViewTag = regexp.MustCompile(`<workbookView\b[^>]*>`)
	definedNamesTag = regexp.MustCompile(`<definedNames\b[^>]*>`)
	afterNames      = regexp.MustCompile(`<(?:calcPr|oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|webPublishing|fileRecoveryPr|webPublishObjects|extLst)\b|</workbook>`)
)

// editWorkbook puts the list sheet (name, relationship rid) first and
// active in the workbook XML: the other sheets' local defined names
// shifted one on, names added.
func editWorkbook(wb []byte, name, rid string, names []string) ([]byte, error) {
	s := string(wb)
	maxID := 0
	for _, tag := range sheetTag.FindAllString(s, -1) {
		if n, err := strconv.Atoi(attrOf([]byte(tag), "sheetId")); err == nil {
			maxID = max(maxID, n)
		}
	}
	s = definedNameTag.ReplaceAllStringFunc(s, func(tag string) string {
		if n, err := strconv.Atoi(attrOf([]byte(tag), "localSheetId")); err == nil {
			return setAttr(tag, "localSheetId", strconv.Itoa(n+1))
		}
		return tag
	})
	s = workbookViewTag.ReplaceAllStringFunc(s, func(tag string) string {
		tag = setAttr(tag, "activeTab", "0")
		if attrOf([]byte(tag), "firstSheet") != "" {
			tag = setAttr(tag, "firstSheet", "0")
		}
		return tag
	})
	loc := sheetsOpen.FindStringIndex(s)
	if loc == nil || strings.HasSuffix(s[loc[0]:loc[1]], "/>") {
		return nil, unhandled("workbook without sheets")
	}
	ns := ""
	if root := rootTag.FindString(s); !strings.Contains(root, `xmlns:r="`+relNS+`"`) {
		ns = ` xmlns:r="` + relNS + `"`
	}
	s = s[:loc[1]] + fmt.Sprintf(`<sheet%s name="%s" sheetId="%d" r:id="%s"/>`, ns, escapeXML(name), maxID+1, rid) + s[loc[1]:]
	if len(names) == 0 {
		return []byte(s), nil
	}
	all := strings.Join(names, "")
	if loc := definedNamesTag.FindStringIndex(s); loc != nil {
		if tag := s[loc[0]:loc[1]]; strings.HasSuffix(tag, "/>") {
			return []byte(s[:loc[0]] + tag[:len(tag)-2] + ">" + all + "</definedNames>" + s[loc[1]:]), nil
		}
		return []byte(s[:loc[1]] + all + s[loc[1]:]), nil
	}
	at := afterNames.FindStringIndex(s)
	if at == nil {
		return nil, unhandled("workbook not closed")
	}
	return []byte(s[:at[0]] + "<definedNames>" + all + "</definedNames>" + s[at[0]:]), nil
}

// write writes the feedback workbook: the parts of p kept, those in
// changed as changed, the others copied raw; the list and comments from
// the skeleton's package sp.
func (p *pkg) write(sk *skeleton, sp *pkg, changed map[string][]byte, drawings map[string]string, titles []string, stylesPart string) ([]byte, error) {
	taken := map[string]bool{}
	dir := path0(p.wb)
	listPart := p.freeName(join(dir, "worksheets/sheet%d.xml"), taken)
	listXML, err := sp.read(sk.part(sp, sk.listName))
	if err != nil {
		return nil, err
	}
	if _, ok := sp.files[relsOf(sk.part(sp, sk.listName))]; ok {
		return nil, unhandled("the list has relationships")
	}
	if _, ok := sp.files["xl/sharedStrings.xml"]; ok {
		sst, err := sp.read("xl/sharedStrings.xml")
		if err != nil {
			return nil, err
		}
		if listXML, err = inlineStrings(listXML, sst); err != nil {
			return nil, err
		}
	}
	added := map[string][]byte{listPart: listXML}
	types := []string{override(listPart, "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")}
	more, err := p.transplantComments(sk, sp, drawings, taken, changed, added)
	if err != nil {
		return nil, err
	}
	types = append(types, more...)
	if err := p.addRels(p.wb, relationship("rIdRk0", relNS+"/worksheet", relPath(dir, listPart)), changed, added); err != nil {
		return nil, err
	}
	wbXML, err := p.read(p.wb)
	if err != nil {
		return nil, err
	}
	skWB, err := sp.read(sp.wb)
	if err != nil {
		return nil, err
	}
	if changed[p.wb], err = editWorkbook(wbXML, sk.listName, "rIdRk0", append(listNames(skWB), titles...)); err != nil {
		return nil, err
	}
	if changed[stylesPart], err = sp.read("xl/styles.xml"); err != nil {
		return nil, err
	}
	if core := p.partOfType("", "/core-properties"); core != "" {
		if changed[core], err = sp.read("docProps/core.xml"); err != nil {
			return nil, err
		}
	}
	if err := p.dropRels(changed); err != nil {
		return nil, err
	}
	if err := p.sanitize(changed); err != nil {
		return nil, err
	}
	if changed[contentTypesPart], err = p.contentTypes(types, added); err != nil {
		return nil, err
	}
	made := map[string]bool{listPart: true, stylesPart: true}
	for name := range added {
		if !strings.HasSuffix(name, ".rels") {
			made[name] = true // the list, comments and drawings
		}
	}
	if core := p.partOfType("", "/core-properties"); core != "" {
		made[core] = true
	}
	return p.zip(changed, added, made)
}

func path0(part string) string {
	d, _ := splitDir(part)
	return d
}

func splitDir(part string) (string, string) {
	i := strings.LastIndex(part, "/")
	if i < 0 {
		return "", part
	}
	return part[:i], part[i+1:]
}

func join(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

func override(part, contentType string) string {
	return `<Override PartName="/` + escapeXML(part) + `" ContentType="` + contentType + `"/>`
}

func relationship(id, typ, target string) string {
	return `<Relationship Id="` + id + `" Type="` + typ + `" Target="` + escapeXML(target) + `"/>`
}

// transplantComments adds the comments the skeleton sp holds for each
// sheet in drawings, with their VML drawings, as new parts, and the
// relationships to them; it returns their content types.
func (p *pkg) transplantComments(sk *skeleton, sp *pkg, drawings map[string]string, taken map[string]bool, changed, added map[string][]byte) ([]string, error) {
	dir := path0(p.wb)
	var types []string
	for _, s := range p.sheets {
		part, ok := drawings[s.name]
		if !ok {
			continue
		}
		ph := sk.part(sp, sk.placeholders[s.name])
		cPart, vPart := sp.partOfType(ph, "/comments"), sp.partOfType(ph, "/vmlDrawing")
		if cPart == "" || vPart == "" {
			return nil, unhandled("the comments of %q not made", s.name)
		}
		newC, newV := p.freeName(join(dir, "comments%d.xml"), taken), p.freeName(join(dir, "drawings/vmlDrawing%d.vml"), taken)
		var err error
		if added[newC], err = sp.read(cPart); err != nil {
			return nil, err
		}
		if added[newV], err = sp.read(vPart); err != nil {
			return nil, err
		}
		types = append(types, override(newC, "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"))
		rels := relationship("rIdRk1", relNS+"/vmlDrawing", relPath(path0(part), newV)) +
			relationship("rIdRk2", relNS+"/comments", relPath(path0(part), newC))
		if err := p.addRels(part, rels, changed, added); err != nil {
			return nil, err
		}
	}
	if len(drawings) > 0 {
		types = append(types, vmlDefault)
	}
	return types, nil
}

const vmlDefault = `<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>`

// contentTypes returns the package's content types without the parts not
// kept (see cleanContentTypes) and with types added; the default of .vml
// only when there is none.
func (p *pkg) contentTypes(types []string, added map[string][]byte) ([]byte, error) {
	ct, err := p.read(contentTypesPart)
	if err != nil {
		return nil, err
	}
	keep := maps.Clone(p.keep)
	for k := range added {
		keep[k] = true
	}
	out := string(cleanContentTypes(ct, keep))
	if vmlType.MatchString(out) {
		types = slices.DeleteFunc(types, func(t string) bool { return t == vmlDefault })
	}
	end := strings.LastIndex(out, "</Types>")
	if end < 0 {
		return nil, unhandled("content types not closed")
	}
	return []byte(out[:end] + strings.Join(types, "") + out[end:]), nil
}

var vmlType = regexp.MustCompile(`(?i)<Default\b[^>]*Extension\s*=\s*["']vml["']`)

// addRels adds relationships to a part's .rels part (made when missing).
func (p *pkg) addRels(part, rels string, changed, added map[string][]byte) error {
	name := relsOf(part)
	if _, ok := p.files[name]; !ok || !p.keep[name] {
		added[name] = []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`)
		return nil
	}
	data, err := p.read(name)
	if err != nil {
		return err
	}
	if out := dropRels(name, data, p.keep); out != nil {
		data = out
	}
	for _, tag := range relTag.FindAll(data, -1) {
		if id := attrs(string(tag))["Id"]; strings.HasPrefix(id, "rIdRk") {
			return unhandled("relationship id %s in %s", id, name)
		}
	}
	end := bytes.LastIndex(data, []byte("</Relationships>"))
	if end < 0 {
		return unhandled("%s not closed", name)
	}
	changed[name] = []byte(string(data[:end]) + rels + string(data[end:]))
	return nil
}

// dropRels drops, from the .rels parts kept and not changed, the
// relationships to parts not kept (see cleanPackage).
func (p *pkg) dropRels(changed map[string][]byte) error {
	for name := range p.keep {
		if !strings.HasSuffix(name, ".rels") || changed[name] != nil {
			continue
		}
		data, err := p.read(name)
		if err != nil {
			return err
		}
		if out := dropRels(name, data, p.keep); out != nil {
			changed[name] = out
		}
	}
	return nil
}

// zip writes the package: the kept parts in the archive's order, changed
// ones deflated, the others copied raw, then the added parts by name.
// Every part written is checked to be well-formed except the sheets
// (checked as rewritten, see rewriteSheet) and the parts in made, which
// excelize marshalled in the skeleton and are well-formed as it writes
// them; the check is for the parts edited as text.
func (p *pkg) zip(changed, added map[string][]byte, made map[string]bool) ([]byte, error) {
	skip := maps.Clone(made)
	for _, s := range p.sheets {
		skip[s.part] = true
	}
	for _, m := range []map[string][]byte{changed, added} {
		for name, data := range m {
			if !isXMLPart(name) || skip[name] {
				continue
			}
			if err := wellFormed(data); err != nil {
				return nil, unhandled("%s: %v", name, err)
			}
		}
	}
	var buf bytes.Buffer
	zw, ok := fastZip(&buf).(*zip.Writer)
	if !ok {
		return nil, unhandled("zip writer")
	}
	for _, zf := range p.order {
		if !p.keep[zf.Name] {
			continue
		}
		if data, ok := changed[zf.Name]; ok {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
			if err != nil {
				return nil, err
			}
			if _, err := w.Write(data); err != nil {
				return nil, err
			}
			continue
		}
		if err := copyRaw(zw, zf); err != nil {
			return nil, err
		}
	}
	for _, name := range sortedKeys(added) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(added[name]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func copyRaw(zw *zip.Writer, zf *zip.File) error {
	h := zf.FileHeader
	w, err := zw.CreateRaw(&h)
	if err != nil {
		return err
	}
	rc, err := zf.OpenRaw()
	if err != nil {
		return err
	}
	_, err = io.Copy(w, rc)
	return err
}

func sortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// wellFormed reports whether data is well-formed XML: a part the surgery
// writes never is not, whatever the department's part was.
func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
