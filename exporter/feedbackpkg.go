package exporter

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/importer/xlsx"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// Why a department gets no feedback workbook; writeOneFeedback says so in
// its text and Consolidate lists it in the manifest for the log.
var (
	errChanged       = errors.New("the file changed during the run; run again")
	errTooManySheets = errors.New("the workbook has more sheets than are read")
)

// openChecked opens the department's workbook from the bytes the check
// read: the file is read once more and used only when its SHA-256 is the
// one the check recorded.
func openChecked(r *check.Submission) (*excelize.File, []byte, error) {
	if slices.ContainsFunc(r.Findings, func(fd rules.Finding) bool { return fd.Rule == string(importer.TooManySheets) }) {
		return nil, nil, errTooManySheets
	}
	data, err := readChecked(r)
	if err != nil {
		return nil, nil, err
	}
	f, err := openData(data)
	if err != nil {
		return nil, nil, err
	}
	return f, data, nil
}

// openData opens the checked bytes data with excelize, with the unpack
// limit of a feedback workbook.
func openData(data []byte) (*excelize.File, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true, UnzipSizeLimit: check.FeedbackBelow,
		UnzipXMLSizeLimit: check.FeedbackBelow}) // the XML limit equal to the size limit: no part unzipped to a temporary file
	if err != nil {
		// excelize refuses a part that is not well-formed XML (a control
		// character or invalid UTF-8 in a sheet name, say), which the
		// check read; once more, with every XML part made well-formed
		f2, err2 := openWellFormed(data)
		if err2 != nil {
			return nil, err
		}
		f = f2
	}
	// written as .xlsx: WriteTo gives the workbook part the content type
	// of a workbook without macros
	f.Path = "feedback.xlsx"
	return f, nil
}

// readChecked reads the submitted file again, no more bytes than it had
// when checked, and returns them only when their SHA-256 is the one the
// check recorded.
func readChecked(r *check.Submission) ([]byte, error) {
	file, size, err := importer.OpenInput(r.File, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errChanged, err)
	}
	defer file.Close()
	if size != r.Size {
		return nil, errChanged
	}
	data, err := io.ReadAll(io.LimitReader(file, r.Size+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errChanged, err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != r.SHA256 {
		return nil, fmt.Errorf("%w: SHA-256 %s, checked %s", errChanged, hex.EncodeToString(sum[:]), r.SHA256)
	}
	return data, nil
}

// openWellFormed opens the checked file with every XML part passed
// through xmlSafe, the other parts copied as they are.
func openWellFormed(data []byte) (*excelize.File, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		if err := copyWellFormed(zw, zf); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return excelize.OpenReader(&buf, excelize.Options{RawCellValue: true, UnzipSizeLimit: check.FeedbackBelow, UnzipXMLSizeLimit: check.FeedbackBelow})
}

func copyWellFormed(zw *zip.Writer, zf *zip.File) error {
	if !isXMLPart(zf.Name) {
		w, err := zw.CreateRaw(&zf.FileHeader)
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
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return err
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	_, err = w.Write(xmlSafe(b))
	return err
}

// cleanPackage keeps of the opened package only what a feedback workbook
// may carry back to the department: the parts the package's relationships
// reach from _rels/.rels, under safe names, without the VBA project
// (macros are not carried into an .xlsx); relationships and content types
// pointing elsewhere are dropped. The text of every XML part is made
// well-formed (see xmlSafe), which excelize needs to read it.
func cleanPackage(f *excelize.File) {
	keep := reachable(f)
	f.Pkg.Range(func(k, v any) bool {
		name, _ := k.(string)
		if !keep[name] {
			f.Pkg.Delete(k)
			return true
		}
		if data, ok := v.([]byte); ok && isXMLPart(name) && firstUnsafe(data) >= 0 {
			f.Pkg.Store(k, xmlSafe(data))
		}
		return true
	})
	for name := range keep {
		if strings.HasSuffix(name, ".rels") {
			if data, ok := loadPart(f, name); ok {
				if out := dropRels(name, data, keep); out != nil {
					f.Pkg.Store(name, out)
					f.Relationships.Delete(name) // read again from the part
				}
			}
		}
	}
	if data, ok := loadPart(f, contentTypesPart); ok {
		f.Pkg.Store(contentTypesPart, cleanContentTypes(data, keep))
		f.ContentTypes = nil // read again from the part
	}
}

const contentTypesPart = "[Content_Types].xml"

func loadPart(f *excelize.File, name string) ([]byte, bool) {
	v, ok := f.Pkg.Load(name)
	if !ok {
		return nil, false
	}
	data, ok := v.([]byte)
	return data, ok && len(data) > 0
}

func isXMLPart(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".xml", ".rels", ".vml":
		return true
	}
	return false
}

// safePartName reports whether a zip entry name is a plain relative path
// inside the package: no "..", no absolute or drive path, no empty or
// control-character segment.
func safePartName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.ContainsAny(name, "\\:") || path.Clean(name) != name {
		return false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == ".." || seg == "." || seg == "" {
			return false
		}
	}
	return !strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == utf8.RuneError })
}

// isVBA reports whether a relationship or part is the workbook's macros.
func isVBA(relType, target string) bool {
	return strings.HasSuffix(relType, "/vbaProject") || strings.EqualFold(path.Base(target), "vbaProject.bin")
}

// relTags are the relationships of a .rels part (see findTags).
func relTags(s string) []string {
	spans := findTags(s, "Relationship")
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = s[sp[0]:sp[1]]
	}
	return out
}

// relsSource is the part whose relationships a .rels part holds
// ("xl/_rels/workbook.xml.rels" → "xl/workbook.xml"; "_rels/.rels" → "").
func relsSource(rels string) string {
	dir, file := path.Split(rels)
	return strings.TrimSuffix(path.Dir(strings.TrimSuffix(dir, "/"))+"/", "./") + strings.TrimSuffix(file, ".rels")
}

// relsOf is the .rels part of a part ("" for the package).
func relsOf(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

// relTarget resolves an internal relationship's target against its
// source part; ok is false for external targets and the VBA project.
func relTarget(source string, a map[string]string) (string, bool) {
	if strings.EqualFold(a["TargetMode"], "External") || isVBA(a["Type"], a["Target"]) {
		return "", false
	}
	t := a["Target"]
	if i := strings.IndexAny(t, "#?"); i >= 0 {
		t = t[:i]
	}
	if t == "" {
		return "", false
	}
	if strings.HasPrefix(t, "/") {
		return path.Clean(t[1:]), true
	}
	return path.Join(path.Dir(source), t), true
}

// reachable returns the parts reachable from _rels/.rels, each .rels part
// with them, that have safe names; [Content_Types].xml always.
func reachable(f *excelize.File) map[string]bool {
	keep := map[string]bool{contentTypesPart: true}
	queue := []string{""}
	for len(queue) > 0 {
		source := queue[0]
		queue = queue[1:]
		rels := relsOf(source)
		if source == "" {
			rels = "_rels/.rels"
		}
		data, ok := loadPart(f, rels)
		if !ok || keep[rels] {
			continue
		}
		keep[rels] = true
		for _, tag := range relTags(string(data)) {
			target, ok := relTarget(source, attrs(tag))
			// a part not in Pkg may be a large sheet excelize unpacked to
			// a temporary file; it is kept under its safe name
			if !ok || keep[target] || !safePartName(target) {
				continue
			}
			keep[target] = true
			queue = append(queue, target)
		}
	}
	return keep
}

// dropRels returns a .rels part without the relationships to parts not
// kept (and to the VBA project), or nil when it needs no change.
func dropRels(rels string, data []byte, keep map[string]bool) []byte {
	source := relsSource(rels)
	if rels == "_rels/.rels" {
		source = ""
	}
	changed := false
	out := replaceTags(string(data), "Relationship", func(tag string) string {
		a := attrs(tag)
		if strings.EqualFold(a["TargetMode"], "External") {
			return tag
		}
		if target, ok := relTarget(source, a); ok && keep[target] {
			return tag
		}
		changed = true
		return ""
	})
	if !changed {
		return nil
	}
	return []byte(out)
}

// cleanContentTypes drops the overrides of parts not kept and names the
// workbook part as one without macros.
func cleanContentTypes(data []byte, keep map[string]bool) []byte {
	out := replaceTags(string(data), "Override", func(tag string) string {
		if name := strings.TrimPrefix(attrs(tag)["PartName"], "/"); keep[name] {
			return tag
		}
		return ""
	})
	out = strings.NewReplacer(
		"application/vnd.ms-excel.sheet.macroEnabled.main+xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
		"application/vnd.ms-excel.template.macroEnabled.main+xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
	).Replace(out)
	return []byte(out)
}

// xmlSafe returns b with invalid UTF-8 replaced by U+FFFD and the
// characters XML 1.0 forbids (control characters other than tab, line
// feed and carriage return; U+FFFE, U+FFFF) dropped, or b itself when it
// has none. A department's file written by a careless program can hold
// them in cells; excelize refuses to read such a part.
func xmlSafe(b []byte) []byte {
	i := firstUnsafe(b)
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:i]...)
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 || c == '\t' || c == '\n' || c == '\r' {
				out = append(out, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			out = utf8.AppendRune(out, utf8.RuneError)
		case r == 0xFFFE || r == 0xFFFF:
		default:
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}

// firstUnsafe is where xmlSafe must change b, or -1: the first character
// the reader refuses too (xlsx.BadChar).
func firstUnsafe(b []byte) int { return xlsx.BadChar(b) }

// sheetParts completes parts, the worksheet parts the check named, with
// those of the sheets it did not list (beyond its limit of sheets), read
// once from the workbook's relationships, so that no sheet is looked up
// through excelize by name. A nil parts stays nil.
func sheetParts(f *excelize.File, parts map[string]string) map[string]string {
	if parts == nil || f.WorkBook == nil || len(parts) >= len(f.WorkBook.Sheets.Sheet) {
		return parts
	}
	wb := "xl/workbook.xml"
	if data, ok := loadPart(f, "_rels/.rels"); ok {
		for _, tag := range relTags(string(data)) {
			if a := attrs(tag); strings.HasSuffix(a["Type"], "/officeDocument") {
				if t, ok := relTarget("", a); ok {
					wb = t
				}
			}
		}
	}
	byID := map[string]string{}
	if data, ok := loadPart(f, relsOf(wb)); ok {
		for _, tag := range relTags(string(data)) {
			a := attrs(tag)
			if t, ok := relTarget(wb, a); ok {
				byID[a["Id"]] = t
			}
		}
	}
	out := maps.Clone(parts)
	for _, sh := range f.WorkBook.Sheets.Sheet {
		if _, ok := out[sh.Name]; !ok && byID[sh.ID] != "" {
			out[sh.Name] = byID[sh.ID]
		}
	}
	return out
}
