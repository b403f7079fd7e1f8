package exporter

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

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
// changed as changed, the others copied raw; the list, the comments and
// the document properties made, styles the department's styles with
// those the feedback adds.
func (p *pkg) write(made *madeParts, styles []byte, changed map[string][]byte, drawings map[string]string, titles []string, stylesPart string) ([]byte, error) {
	taken := map[string]bool{}
	dir := path0(p.wb)
	listPart := p.freeName(join(dir, "worksheets/sheet%d.xml"), taken)
	added := map[string][]byte{listPart: made.list}
	types := []string{override(listPart, "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")}
	more, err := p.transplantComments(made, drawings, taken, changed, added)
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
	if changed[p.wb], err = editWorkbook(wbXML, made.listName, "rIdRk0", append(slices.Clip(made.names), titles...)); err != nil {
		return nil, err
	}
	changed[stylesPart] = styles
	mine := map[string]bool{listPart: true}
	if core := p.partOfType("", "/core-properties"); core != "" && made.core != nil {
		changed[core] = made.core
		mine[core] = true
	}
	for name := range added {
		if !strings.HasSuffix(name, ".rels") {
			mine[name] = true // the comments and drawings
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
	return p.zip(changed, added, mine)
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

// transplantComments adds the comments made for each sheet in drawings,
// with their VML drawings, as new parts, and the relationships to them;
// it returns their content types.
func (p *pkg) transplantComments(made *madeParts, drawings map[string]string, taken map[string]bool, changed, added map[string][]byte) ([]string, error) {
	dir := path0(p.wb)
	var types []string
	for _, s := range p.sheets {
		part, ok := drawings[s.name]
		if !ok {
			continue
		}
		notes, ok := made.notes[s.name]
		if !ok {
			return nil, unhandled("the comments of %q not made", s.name)
		}
		newC, newV := p.freeName(join(dir, "comments%d.xml"), taken), p.freeName(join(dir, "drawings/vmlDrawing%d.vml"), taken)
		added[newC], added[newV] = notes.comments, notes.vml
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
	for _, tag := range relTags(string(data)) {
		if id := attrs(tag)["Id"]; strings.HasPrefix(id, "rIdRk") {
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
// surgerymade.go writes whole with every text escaped; the check is for
// the parts the department wrote and the surgery edited.
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
	size := 0 // about the size of the output: the input's and what is written anew
	for _, zf := range p.order {
		size += int(zf.CompressedSize64) + len(zf.Name) + 64
	}
	for _, m := range []map[string][]byte{changed, added} {
		for _, data := range m {
			size += len(data) / 4
		}
	}
	buf.Grow(size)
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
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	_, err = io.CopyBuffer(w, rc, *buf)
	return err
}

// copyBuffers are the buffers parts are copied and scanned through, 64 KiB
// each: a consolidation copies some ten parts of a thousand workbooks.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

func sortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// wellFormed reports whether data is well-formed XML: a part the surgery
// writes never is not, whatever the department's part was. The answer is
// remembered by the part's bytes (see partMemo).
func wellFormed(data []byte) error {
	return wellFormedMemo.get(data, func(data []byte) error {
		// RawToken checks all that Token does but the nesting, which the
		// stack checks, without resolving namespaces
		d := xml.NewDecoder(bytes.NewReader(data))
		d.Strict = true
		var open []xml.Name
		for {
			tok, err := d.RawToken()
			if err == io.EOF {
				if len(open) > 0 {
					return fmt.Errorf("element <%s> not closed", open[len(open)-1].Local)
				}
				return nil
			}
			if err != nil {
				return err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				open = append(open, t.Name)
			case xml.EndElement:
				if len(open) == 0 || open[len(open)-1] != t.Name {
					return fmt.Errorf("unexpected end element </%s>", t.Name.Local)
				}
				open = open[:len(open)-1]
			}
		}
	})
}

var wellFormedMemo partMemo[error]

// partMemo remembers what a function of a part's bytes alone gave, by the
// bytes' SHA-256: departments fill in the same template, so the parts the
// surgery reads and writes (styles, workbook, relationships, content
// types) are mostly the same from one workbook to the next. It holds at
// most memoParts answers, and starts afresh when full.
type partMemo[T any] struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]T
}

const memoParts = 256

func (c *partMemo[T]) get(data []byte, f func([]byte) T) T {
	return c.getKey(sha256.Sum256(data), func() T { return f(data) })
}

// getKey is get of what key names, made by f when not remembered.
func (c *partMemo[T]) getKey(key [sha256.Size]byte, f func() T) T {
	c.mu.Lock()
	v, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = f()
	c.mu.Lock()
	if c.m == nil || len(c.m) >= memoParts {
		c.m = map[[sha256.Size]byte]T{}
	}
	c.m[key] = v
	c.mu.Unlock()
	return v
}
