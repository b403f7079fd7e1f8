// Package xlsx reads the parts of an .xlsx workbook that validation needs,
// streaming worksheet rows straight from the zip archive: every cell comes
// with its type, number-format class and formula flag, and memory stays
// bounded however many rows a sheet has.
//
// excelize's row iterator returns strings only; percent and date detection
// needs each cell's style, and random access would load whole sheets (see
// shared/PITFALLS.md B1). Workbook writing stays with excelize.
package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Limits bound what Open and Rows will inflate, against zip bombs.
type Limits struct {
	// TotalSize is the most uncompressed bytes the whole archive may declare.
	TotalSize int64
	// PartSize is the most bytes read from any one part other than a worksheet
	// (shared strings, styles, workbook).
	PartSize int64
	// Ratio is the highest compression ratio accepted for a large part.
	Ratio int64
	// Sheets is how many sheets of the workbook are read; the rest are
	// counted (Book.SheetCount) but not listed. 0 means DefaultMaxSheets.
	Sheets int
}

// DefaultMaxSheets is the most sheets read of one workbook: the template
// has 12, and excelize and Excel slow down badly with tens of thousands.
const DefaultMaxSheets = 1000

// DefaultLimits are generous for real reports and stop zip bombs early.
var DefaultLimits = Limits{TotalSize: 2 << 30, PartSize: 256 << 20, Ratio: 500, Sheets: DefaultMaxSheets}

func (l Limits) maxSheets() int {
	if l.Sheets <= 0 {
		return DefaultMaxSheets
	}
	return l.Sheets
}

// Sentinel errors; Open wraps them with %w.
var (
	ErrNotZip       = errors.New("not a zip archive")
	ErrNotWorkbook  = errors.New("zip archive is not an xlsx workbook")
	ErrTooLarge     = errors.New("workbook exceeds the unpack size limit")
	ErrCorrupt      = errors.New("workbook part is corrupt")
	ErrSheetMissing = errors.New("sheet not in workbook")
)

// Sheet describes one worksheet of the workbook.
type Sheet struct {
	Name   string
	Hidden bool // state hidden or veryHidden
	part   string
}

// Part is the path of the sheet's XML part inside the archive, such as
// "xl/worksheets/sheet1.xml".
func (s Sheet) Part() string { return s.part }

// Book is an opened workbook. Close releases the file.
type Book struct {
	zr       *zip.Reader
	ra       io.ReaderAt // the archive's bytes, for the part cache (nil: not used)
	closer   io.Closer   // the file, or nil for a workbook in memory
	files    map[string]*zip.File
	lim      Limits
	Sheets   []Sheet
	Date1904 bool
	strings  sharedStrings
	sstPart  string
	unpacked int64 // the uncompressed size of every part
	styles   []FormatClass
	// SheetCount is how many sheets the workbook lists; Sheets holds at
	// most Limits.Sheets of them.
	SheetCount int
	// Duplicates names the parts the archive holds more than once, in
	// archive order; the last copy is the one read, as excelize does.
	Duplicates []string
	// OnFallback, if set, is told when a sheet is read again with
	// encoding/xml because the fast scanner could not read it.
	OnFallback func(sheet string, err error)
	// heads are the hidden columns of the sheets whose head the fast
	// scanner read on its way to their rows, by part (see HiddenColumns)
	headsMu sync.Mutex
	heads   map[string][]ColRange
}

// Open opens the workbook at name and reads its structure, shared strings
// and styles. Worksheets are read later, row by row, with Rows.
func Open(name string, lim Limits) (*Book, error) {
	rc, err := zip.OpenReader(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	return newBook(&rc.Reader, nil, rc, lim)
}

// OpenBytes is Open for a workbook already read into memory, which spares
// the many small reads of a file on disk.
func OpenBytes(data []byte, lim Limits) (*Book, error) {
	ra := bytes.NewReader(data)
	zr, err := zip.NewReader(ra, int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	return newBook(zr, ra, nil, lim)
}

// OpenReaderAt is Open for a file the caller has opened (size bytes read
// through r); closer, when not nil, is closed with the book.
func OpenReaderAt(r io.ReaderAt, size int64, closer io.Closer, lim Limits) (*Book, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	return newBook(zr, r, closer, lim)
}

// newBook reads the structure of the workbook zr holds; ra, when not nil,
// reads the archive's bytes, for the part cache (partcache.go).
func newBook(zr *zip.Reader, ra io.ReaderAt, closer io.Closer, lim Limits) (*Book, error) {
	b := &Book{zr: zr, ra: ra, closer: closer, files: map[string]*zip.File{}, lim: lim}
	if err := b.init(); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// Close closes the underlying file.
func (b *Book) Close() error {
	b.strings.release()
	if b.closer == nil {
		return nil
	}
	return b.closer.Close()
}

// SheetSize returns the uncompressed size the archive declares for a
// sheet's part, or 0 when the sheet is unknown.
func (b *Book) SheetSize(sheet string) int64 {
	if f := b.files[b.partOf(sheet)]; f != nil {
		return int64(f.UncompressedSize64)
	}
	return 0
}

// UnpackedSize returns the uncompressed size the archive declares for all
// of its parts.
func (b *Book) UnpackedSize() int64 { return b.unpacked }

// SharedStringsSize returns the uncompressed size the archive declares
// for the shared-string table, or 0 when there is none.
func (b *Book) SharedStringsSize() int64 {
	if f := b.files[b.sstPart]; f != nil && b.sstPart != "" {
		return int64(f.UncompressedSize64)
	}
	return 0
}

func (b *Book) init() error {
	var total uint64
	dups := map[string]bool{}
	for _, f := range b.zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		if _, dup := b.files[name]; dup && !dups[name] {
			dups[name] = true
			b.Duplicates = append(b.Duplicates, name)
		}
		b.files[name] = f
		total += f.UncompressedSize64
		if f.CompressedSize64 > 0 && f.UncompressedSize64 > 1<<20 &&
			f.UncompressedSize64/f.CompressedSize64 > uint64(b.lim.Ratio) {
			return fmt.Errorf("%w: %s packs %d bytes into %d", ErrTooLarge, f.Name, f.UncompressedSize64, f.CompressedSize64)
		}
	}
	b.unpacked = int64(total)
	if total > uint64(b.lim.TotalSize) {
		return fmt.Errorf("%w: %d bytes declared, limit %d", ErrTooLarge, total, b.lim.TotalSize)
	}
	if b.files["[Content_Types].xml"] == nil {
		return ErrNotWorkbook
	}
	wbPath := b.workbookPath()
	if b.files[wbPath] == nil {
		return ErrNotWorkbook
	}
	wb, err := b.memo(memoWorkbook, wbPath, func() (any, error) {
		if err := b.readWorkbook(wbPath); err != nil {
			return nil, err
		}
		return workbookInfo{b.Sheets, b.Date1904, b.SheetCount}, nil
	})
	if err != nil {
		return err
	}
	info := wb.(workbookInfo)
	b.Sheets, b.Date1904, b.SheetCount = slices.Clone(info.sheets), info.date1904, info.count
	if b.SheetCount > b.lim.maxSheets() {
		b.Sheets = b.Sheets[:b.lim.maxSheets()]
	}
	rv, err := b.memo(memoRels, relsPath(wbPath), func() (any, error) { return b.readRels(wbPath) })
	if err != nil {
		return err
	}
	rels := rv.(rels)
	for i := range b.Sheets {
		b.Sheets[i].part = rels[b.Sheets[i].part]
	}
	if p := rels.byType("sharedStrings"); p != "" {
		b.sstPart = p
		if b.strings, err = b.readSharedStrings(p); err != nil {
			return err
		}
	}
	if p := rels.byType("styles"); p != "" {
		st, err := b.memo(memoStyles, p, func() (any, error) { return b.readStyles(p) })
		if err != nil {
			return err
		}
		b.styles = st.([]FormatClass)
	}
	return nil
}

// workbookInfo is what readWorkbook reads.
type workbookInfo struct {
	sheets   []Sheet
	date1904 bool
	count    int
}

// workbookPath finds the main workbook part through the package relationships.
func (b *Book) workbookPath() string {
	p, err := b.memo(memoPackageRels, packageRels, func() (any, error) {
		rs, err := b.relsOf(packageRels)
		if err != nil {
			return nil, err
		}
		for _, r := range rs.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				return strings.TrimPrefix(r.Target, "/"), nil
			}
		}
		return "xl/workbook.xml", nil
	})
	if err != nil {
		return "xl/workbook.xml"
	}
	return p.(string)
}

// packageRels is the package's relationships part.
const packageRels = "_rels/.rels"

// relsPath is the relationships part of part.
func relsPath(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type rels map[string]string

func (r rels) byType(suffix string) string { return r["type:"+suffix] }

func (b *Book) readRels(part string) (rels, error) {
	dir, _ := path.Split(part)
	rs, err := b.relsOf(relsPath(part))
	if err != nil {
		return nil, err
	}
	out := rels{}
	for _, r := range rs.Rels {
		target := r.Target
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Join(dir, target)
		}
		out[r.ID] = target
		out["type:"+path.Base(r.Type)] = target
	}
	return out, nil
}

// relsOf reads a relationships part, with the fast scanner or else
// encoding/xml.
func (b *Book) relsOf(part string) (xmlRels, error) {
	var rs xmlRels
	err := b.scanPart(part, func(t tag) error {
		if string(t.name) != "Relationship" || t.close {
			return nil
		}
		var r struct{ ID, Type, Target string }
		for _, a := range []struct {
			name string
			to   *string
		}{{"Id", &r.ID}, {"Type", &r.Type}, {"Target", &r.Target}} {
			v, _ := attr(t.attrs, a.name)
			text, err := unescapeXML(v)
			if err != nil {
				return err
			}
			*a.to = string(text)
		}
		rs.Rels = append(rs.Rels, struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		}{r.ID, r.Type, r.Target})
		return nil
	})
	if err == nil {
		return rs, nil
	}
	rs = xmlRels{}
	return rs, b.decodePart(part, &rs)
}

// scanPart runs fn on every tag of a small part with the fast scanner.
func (b *Book) scanPart(part string, fn func(tag) error) error {
	rc, _, err := b.open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	s := newPooledScanner(b, &limitedReader{r: rc, n: b.lim.PartSize})
	defer s.release()
	for {
		t, err := s.nextTag(false)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
	}
}

func (b *Book) readWorkbook(part string) error {
	var sheets []Sheet
	date1904, count := false, 0
	err := b.scanPart(part, func(t tag) error {
		switch string(t.name) {
		case "workbookPr":
			v, _ := attr(t.attrs, "date1904")
			date1904 = string(v) == "1" || string(v) == "true"
		case "sheet":
			if t.close {
				return nil
			}
			if count++; count > b.lim.maxSheets() {
				return nil // counted, not read
			}
			var sh Sheet
			name, _ := attr(t.attrs, "name")
			text, err := unescapeXML(name)
			if err != nil {
				return err
			}
			state, _ := attr(t.attrs, "state")
			id, _ := attr(t.attrs, "id")
			sh.Name, sh.part = string(text), string(id)
			sh.Hidden = string(state) == "hidden" || string(state) == "veryHidden"
			sheets = append(sheets, sh)
		}
		return nil
	})
	if err == nil {
		b.Sheets, b.Date1904, b.SheetCount = sheets, date1904, count
		return nil
	}
	return b.decodeWorkbook(part)
}

// decodeWorkbook reads the workbook part with encoding/xml.
func (b *Book) decodeWorkbook(part string) error {
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			State string     `xml:"state,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := b.decodePart(part, &wb); err != nil {
		return err
	}
	b.Date1904 = wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
	b.Sheets = nil
	for _, s := range wb.Sheets {
		sh := Sheet{Name: s.Name, Hidden: s.State == "hidden" || s.State == "veryHidden"}
		for _, a := range s.Attrs {
			if a.Name.Local == "id" {
				sh.part = a.Value
			}
		}
		b.Sheets = append(b.Sheets, sh)
	}
	b.SheetCount = len(b.Sheets)
	return nil
}

func (b *Book) open(part string) (io.ReadCloser, *zip.File, error) {
	f := b.files[part]
	if f == nil {
		return nil, nil, &StructureError{Fault: FaultPartMissing, Part: part}
	}
	if zipCrypto(f) {
		return nil, nil, &StructureError{Fault: FaultZipEncrypted, Part: part}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, &StructureError{Fault: FaultDamaged, Part: part, Err: err}
	}
	return rc, f, nil
}

// decodePart unmarshals a small part, bounded by Limits.PartSize.
func (b *Book) decodePart(part string, v any) error {
	rc, _, err := b.open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	lr := &limitedReader{r: rc, n: b.lim.PartSize}
	if err := xml.NewDecoder(lr).Decode(v); err != nil {
		if lr.exceeded {
			return fmt.Errorf("%w: %s larger than %d bytes", ErrTooLarge, part, b.lim.PartSize)
		}
		return faultOf(err, part)
	}
	// The rest of the part, so that the archive's checksum is verified.
	if _, err := io.Copy(io.Discard, lr); err != nil {
		if lr.exceeded {
			return fmt.Errorf("%w: %s larger than %d bytes", ErrTooLarge, part, b.lim.PartSize)
		}
		return faultOf(err, part)
	}
	return nil
}

// limitedReader fails once more than n bytes have been read, unlike
// io.LimitReader, which ends silently.
type limitedReader struct {
	r        io.Reader
	n        int64
	exceeded bool
}

var errLimit = errors.New("size limit exceeded")

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		l.exceeded = true
		return 0, errLimit
	}
	if int64(len(p)) > l.n {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		l.exceeded = true
		return n, errLimit
	}
	return n, err
}

func (b *Book) readSharedStrings(part string) (sharedStrings, error) {
	if out, err := b.scanSharedStrings(part); err == nil {
		return out, nil
	}
	return b.decodeSharedStrings(part)
}

// scanSharedStrings reads the shared strings with the fast scanner.
func (b *Book) scanSharedStrings(part string) (sharedStrings, error) {
	rc, f, err := b.open(part)
	if err != nil {
		return sharedStrings{}, err
	}
	defer rc.Close()
	lr := &limitedReader{r: rc, n: b.lim.PartSize}
	sc := newPooledScanner(b, lr)
	defer sc.release()
	out, err := sc.sharedStrings(int64(min(f.UncompressedSize64, uint64(b.lim.PartSize))))
	if lr.exceeded {
		out.release()
		return sharedStrings{}, fmt.Errorf("%w: %s larger than %d bytes", ErrTooLarge, part, b.lim.PartSize)
	}
	return out, err
}

// decodeSharedStrings reads the shared strings with encoding/xml.
func (b *Book) decodeSharedStrings(part string) (sharedStrings, error) {
	rc, f, err := b.open(part)
	if err != nil {
		return sharedStrings{}, err
	}
	defer rc.Close()
	out := newSharedStrings(int64(min(f.UncompressedSize64, uint64(b.lim.PartSize))))
	if err := b.decodeSharedStringsInto(&out, rc, part); err != nil {
		out.release()
		return sharedStrings{}, err
	}
	return out, nil
}

func (b *Book) decodeSharedStringsInto(out *sharedStrings, rc io.Reader, part string) error {
	lr := &limitedReader{r: rc, n: b.lim.PartSize}
	d := xml.NewDecoder(lr)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if lr.exceeded {
				return fmt.Errorf("%w: %s larger than %d bytes", ErrTooLarge, part, b.lim.PartSize)
			}
			return faultOf(err, part)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			s, err := readRichText(d, se.Name)
			if err != nil {
				return faultOf(err, part)
			}
			out.add([]byte(s))
		}
	}
}

// readRichText collects the text of <t> elements up to the end of the
// element named end (an <si> or <is>), leaving out phonetic runs (<rPh>).
func readRichText(d *xml.Decoder, end xml.Name) (string, error) {
	var sb strings.Builder
	inT, skip := false, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "rPh", "phoneticPr":
				skip++
			case "t":
				inT = skip == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "rPh", "phoneticPr":
				skip--
			case "t":
				inT = false
			}
			if t.Name == end {
				return unescapeOOXML(sb.String()), nil
			}
		case xml.CharData:
			if inT {
				sb.Write(t)
			}
		}
	}
}

// unescapeOOXML decodes the _xHHHH_ escapes that OOXML uses for characters
// XML cannot carry.
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				sb.WriteRune(rune(v))
				i += 7
				continue
			}
		}
		sb.WriteByte(s[i])
		i++
	}
	return sb.String()
}
