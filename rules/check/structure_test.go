package check_test

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// part is one entry of a zip archive, kept in order.
type part struct {
	name   string
	data   []byte
	flags  uint16
	method uint16 // with raw: stored as is under this method
	raw    bool
}

// unzipParts reads a workbook's parts in archive order.
func unzipParts(t *testing.T, b []byte) []part {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []part
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, part{name: f.Name, data: data})
	}
	return out
}

// zipParts writes parts back into an archive; a part with flags set is
// stored with those general-purpose flags (bit 0: encrypted).
func zipParts(t *testing.T, parts []part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		var w io.Writer
		var err error
		switch {
		case p.raw && p.method != zip.Store:
			w, err = zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: p.method, CRC32: crc32.ChecksumIEEE(p.data),
				CompressedSize64: uint64(len(p.data)), UncompressedSize64: uint64(len(p.data))})
		case p.raw:
			w, err = zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Store})
		default:
			w, err = zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Flags: p.flags})
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sheetPart returns the archive path of the named sheet, read from the
// workbook and its relationships.
func sheetPart(t *testing.T, parts []part, sheet string) string {
	t.Helper()
	var wb, rels string
	for _, p := range parts {
		switch p.name {
		case "xl/workbook.xml":
			wb = string(p.data)
		case "xl/_rels/workbook.xml.rels":
			rels = string(p.data)
		}
	}
	m := regexp.MustCompile(`<sheet [^>]*name="` + regexp.QuoteMeta(sheet) + `"[^>]*r:id="([^"]+)"`).FindStringSubmatch(wb)
	if m == nil {
		t.Fatalf("sheet %s not in workbook.xml", sheet)
	}
	r := regexp.MustCompile(`<Relationship [^>]*Id="` + m[1] + `"[^>]*Target="([^"]+)"`).FindStringSubmatch(rels)
	if r == nil {
		r = regexp.MustCompile(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="` + m[1] + `"`).FindStringSubmatch(rels)
	}
	if r == nil {
		t.Fatalf("relationship %s not found", m[1])
	}
	return "xl/" + strings.TrimPrefix(r[1], "/xl/")
}

// edit changes one part of a workbook's archive.
type edit func(t *testing.T, parts []part) []part

// replaceIn replaces the first old by new in the named sheet's part (or in
// the part of that path when sheet contains a slash).
func replaceIn(sheet, old, new string) edit {
	return func(t *testing.T, parts []part) []part {
		name := sheet
		if !strings.Contains(sheet, "/") {
			name = sheetPart(t, parts, sheet)
		}
		for i := range parts {
			if parts[i].name == name {
				if !bytes.Contains(parts[i].data, []byte(old)) {
					t.Fatalf("%s does not contain %q", name, old)
				}
				parts[i].data = bytes.Replace(parts[i].data, []byte(old), []byte(new), 1)
				return parts
			}
		}
		t.Fatalf("no part %s", name)
		return nil
	}
}

// dropPart removes a part (a sheet's, when name has no slash).
func dropPart(name string) edit {
	return func(t *testing.T, parts []part) []part {
		if !strings.Contains(name, "/") {
			name = sheetPart(t, parts, name)
		}
		out := parts[:0]
		for _, p := range parts {
			if p.name != name {
				out = append(out, p)
			}
		}
		return out
	}
}

// flagPart sets general-purpose flags on a part (bit 0: ZipCrypto).
func flagPart(sheet string, flags uint16) edit {
	return func(t *testing.T, parts []part) []part {
		name := sheetPart(t, parts, sheet)
		for i := range parts {
			if parts[i].name == name {
				parts[i].flags = flags
			}
		}
		return parts
	}
}

// cutAfter ends a sheet's part right after the first marker.
func cutAfter(sheet, marker string) edit {
	return func(t *testing.T, parts []part) []part {
		name := sheetPart(t, parts, sheet)
		for i := range parts {
			if parts[i].name == name {
				j := bytes.Index(parts[i].data, []byte(marker))
				parts[i].data = parts[i].data[:j+len(marker)]
			}
		}
		return parts
	}
}

// cutPart keeps the first half of a part.
func cutPart(sheet string) edit {
	return func(t *testing.T, parts []part) []part {
		name := sheetPart(t, parts, sheet)
		for i := range parts {
			if parts[i].name == name {
				parts[i].data = parts[i].data[:len(parts[i].data)/2]
			}
		}
		return parts
	}
}

// rawPart stores a part uncompressed with the given method, so that its
// bytes can be spoiled in the archive (method 99 is unknown to every
// reader).
func rawPart(sheet string, method uint16) edit {
	return func(t *testing.T, parts []part) []part {
		name := sheetPart(t, parts, sheet)
		for i := range parts {
			if parts[i].name == name {
				parts[i].method, parts[i].raw = method, true
			}
		}
		return parts
	}
}

// spoil flips the bytes of old in the archive itself, after zipping.
type spoil struct{ old, new string }

// structureCases are workbooks with one structural fault each, and where
// the finding must say it is.
var structureCases = []struct {
	name        string
	edit        edit
	spoil       *spoil
	sheet, cell string // the finding's place
	mention     string // the message must name this (a part, a value)
}{
	{"row zero", replaceIn("Drift", `<row r="6">`, `<row r="0">`), nil, "Drift", "", `"0"`},
	{"row number text", replaceIn("Drift", `<row r="6">`, `<row r="sex">`), nil, "Drift", "", `"sex"`},
	{"row number too large", replaceIn("Drift", `<row r="6">`, `<row r="1048577">`), nil, "Drift", "", `"1048577"`},
	{"row zero in Info", replaceIn("Info", `<row r="2">`, `<row r="0">`), nil, "Info", "", `"0"`},
	{"cell reference beyond XFD", replaceIn("Drift", `r="C6"`, `r="XFE6"`), nil, "Drift", "6", `"XFE6"`},
	{"cell reference without column", replaceIn("Drift", `r="C6"`, `r="16"`), nil, "Drift", "6", `"16"`},
	{"shared string out of range", replaceIn("Drift", `<c r="A6" t="s"><v>165</v>`, `<c r="A6" t="s"><v>99999</v>`), nil, "Drift", "A6", "99999"},
	{"cell reference row 0", replaceIn("Drift", `r="C6"`, `r="C0"`), nil, "Drift", "C6", `"C0"`},
	{"cell reference row negative", replaceIn("Drift", `r="C6"`, `r="C-3"`), nil, "Drift", "C6", `"C-3"`},
	{"cell reference without row", replaceIn("Drift", `r="C6"`, `r="C"`), nil, "Drift", "C6", `"C"`},
	{"cell reference of another row", replaceIn("Drift", `r="C6"`, `r="C5"`), nil, "Drift", "C6", `"C5"`},
	{"cell twice in a row", replaceIn("Drift", `<c r="D6">`, `<c r="C6"><v>1</v></c><c r="D6">`), nil, "Drift", "C6", `"C6"`},
	{"cell before the one before it", replaceIn("Drift", `<c r="D6">`, `<c r="B6"><v>1</v></c><c r="D6">`), nil, "Drift", "B6", `"B6"`},
	{"row before the one before it", replaceIn("Drift", `<row r="7">`, `<row r="2">`), nil, "Drift", "", `"2"`},
	{"row twice", replaceIn("Drift", `<row r="7">`, `<row r="6">`), nil, "Drift", "", `"6"`},
	{"shared string index with a point", replaceIn("Drift", `<c r="A6" t="s"><v>165</v>`, `<c r="A6" t="s"><v>66.5</v>`), nil, "Drift", "A6", `"66.5"`},
	{"shared string index negative", replaceIn("Drift", `<c r="A6" t="s"><v>165</v>`, `<c r="A6" t="s"><v>-1</v>`), nil, "Drift", "A6", `"-1"`},
	{"shared string index hexadecimal", replaceIn("Drift", `<c r="A6" t="s"><v>165</v>`, `<c r="A6" t="s"><v>0x42</v>`), nil, "Drift", "A6", `"0x42"`},
	{"shared string index with exponent", replaceIn("Drift", `<c r="A6" t="s"><v>165</v>`, `<c r="A6" t="s"><v>6.6e1</v>`), nil, "Drift", "A6", `"6.6e1"`},
	{"control character in a shared string", replaceIn("xl/sharedStrings.xml", `<t>Kommunstyrelsen</t>`, "<t>Kommun\x1bstyrelsen</t>"), nil, "", "", "U+001B"},
	{"invalid UTF-8 in a shared string", replaceIn("xl/sharedStrings.xml", `<t>Kommunstyrelsen</t>`, "<t>Kommun\xffstyrelsen</t>"), nil, "", "", "xl/sharedStrings.xml"},
	{"U+FFFE in a shared string", replaceIn("xl/sharedStrings.xml", `<t>Kommunstyrelsen</t>`, "<t>Kommun\uFFFEstyrelsen</t>"), nil, "", "", "U+FFFE"},
	{"control character in an inline string", replaceIn("Drift", `<c r="A6" t="s"><v>165</v>`, "<c r=\"A6\" t=\"inlineStr\"><is><t>Ledning\x01</t></is>"), nil, "Drift", "A6", "U+0001"},
	{"control character reference in an inline string", replaceIn("Drift", `<c r="A6" t="s"><v>165</v>`, "<c r=\"A6\" t=\"inlineStr\"><is><t>Ledning&#27;</t></is>"), nil, "Drift", "A6", "U+001B"},
	{"control character in a number", replaceIn("Drift", `<v>-34208</v>`, "<v>-34208\x1b</v>"), nil, "Drift", "C6", "U+001B"},
	{"invalid UTF-8 in an inline string", replaceIn("Drift", `<c r="A6" t="s"><v>165</v>`, "<c r=\"A6\" t=\"inlineStr\"><is><t>Ledning\xc3</t></is>"), nil, "Drift", "A6", "xl/worksheets/sheet5.xml"},
	{"control character between cells", replaceIn("Drift", `<c r="D6">`, "\x1b<c r=\"D6\">"), nil, "Drift", "", "U+001B"},
	{"control character in a sheet name", replaceIn("xl/workbook.xml", `name="Personal"`, "name=\"Pers\x1bonal\""), nil, "", "", "xl/workbook.xml"},
	{"entity not defined", replaceIn("Drift", `<c r="A6" t="s"><v>165</v>`, `<c r="A6" t="inlineStr"><is><t>&x;</t></is>`), nil, "Drift", "", "xl/worksheets/sheet5.xml"},
	{"sheet part missing", dropPart("Drift"), nil, "Drift", "", "xl/worksheets/sheet5.xml"},
	{"shared strings missing", dropPart("xl/sharedStrings.xml"), nil, "", "", "xl/sharedStrings.xml"},
	{"styles missing", dropPart("xl/styles.xml"), nil, "", "", "xl/styles.xml"},
	{"workbook relationships missing", dropPart("xl/_rels/workbook.xml.rels"), nil, "", "", "xl/_rels/workbook.xml.rels"},
	{"sheet relationship missing", replaceIn("xl/workbook.xml", `r:id="rId8"`, `r:id="rId99"`), nil, "Drift", "", "xl/_rels/workbook.xml.rels"},
	{"ZipCrypto flag", flagPart("Drift", 1), nil, "Drift", "", "xl/worksheets/sheet5.xml"},
	{"unknown compression method", rawPart("Drift", 99), nil, "Drift", "", "xl/worksheets/sheet5.xml"},
	{"checksum wrong", rawPart("Drift", zip.Store), &spoil{`<v>-34208</v>`, `<v>-34209</v>`}, "Drift", "", "xl/worksheets/sheet5.xml"},
	{"sheet cut off", cutPart("Drift"), nil, "Drift", "", "xl/worksheets/sheet5.xml"},
	{"sheet cut off between rows", cutAfter("Drift", `</row>`), nil, "Drift", "", "xl/worksheets/sheet5.xml"},
	{"sheet XML broken", replaceIn("Drift", `</row>`, `</rox>`), nil, "Drift", "", "xl/worksheets/sheet5.xml"},
	{"workbook XML broken", replaceIn("xl/workbook.xml", `<sheets>`, `<sheets`), nil, "", "", "xl/workbook.xml"},
	{"shared strings XML broken", replaceIn("xl/sharedStrings.xml", `<si>`, `<si<`), nil, "", "", "xl/sharedStrings.xml"},
	{"styles XML broken", replaceIn("xl/styles.xml", `<cellXfs`, `<cellXfs<`), nil, "", "", "xl/styles.xml"},
	{"relationships XML broken", replaceIn("xl/_rels/workbook.xml.rels", `<Relationship `, `<Relationship <`), nil, "", "", "xl/_rels/workbook.xml.rels"},
}

// english matches words of the readers' English error texts.
var english = regexp.MustCompile(`(?i)\b(the|sheet|workbook|part|row|number|bad|missing|corrupt|range|reference|index|error|cannot|not|of|file|unexpected|syntax|checksum|zip:|xml:)\b`)

// TestStructureFaults builds a workbook with one structural fault per case
// and requires an unreadable finding that names the sheet, cell and part
// where it is known, in Swedish with no English in it, and in English.
func TestStructureFaults(t *testing.T) {
	var buf bytes.Buffer
	if err := fixtures.Kommunstyrelsen().Write(&buf); err != nil {
		t.Fatal(err)
	}
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tt := range structureCases {
		t.Run(tt.name, func(t *testing.T) {
			data := zipParts(t, tt.edit(t, unzipParts(t, buf.Bytes())))
			if tt.spoil != nil {
				if !bytes.Contains(data, []byte(tt.spoil.old)) {
					t.Fatalf("archive does not hold %q", tt.spoil.old)
				}
				data = bytes.Replace(data, []byte(tt.spoil.old), []byte(tt.spoil.new), 1)
			}
			file := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".xlsx")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, lang := range []rules.Lang{rules.Swedish, rules.English} {
				res := check.File(s, file, check.Options{Lang: lang})
				if res.Status != rules.Unreadable {
					t.Fatalf("status = %s, want unreadable; findings %v", res.Status, res.Findings)
				}
				var f *rules.Finding
				for i := range res.Findings {
					if res.Findings[i].Rule == "import.unreadable" {
						f = &res.Findings[i]
					}
				}
				if f == nil {
					t.Fatalf("no import.unreadable finding in %v", res.Findings)
				}
				if f.Ref.Sheet != tt.sheet || f.Ref.Cell() != tt.cell {
					t.Errorf("%s: place = %q!%q, want %q!%q", lang, f.Ref.Sheet, f.Ref.Cell(), tt.sheet, tt.cell)
				}
				if !strings.Contains(f.Message, tt.mention) {
					t.Errorf("%s: message %q does not name %s", lang, f.Message, tt.mention)
				}
				if tt.sheet != "" && !strings.Contains(f.Message, tt.sheet) {
					t.Errorf("%s: message %q does not name the sheet %s", lang, f.Message, tt.sheet)
				}
				if strings.Contains(f.Message, "kanske avbruten vid kopiering. Öppna den i Excel") {
					t.Errorf("%s: the generic damaged-file message: %q", lang, f.Message)
				}
				if lang == rules.Swedish {
					// Part names are English by nature; the rest must not be.
					words := strings.Fields(f.Message)
					for i, w := range words {
						if strings.Contains(w, "/") || strings.Contains(w, ".xml") {
							words[i] = ""
						}
					}
					if m := english.FindString(strings.Join(words, " ")); m != "" {
						t.Errorf("Swedish message has English %q: %s", m, f.Message)
					}
				} else if strings.Contains(f.Message, "Bladet") || strings.Contains(f.Message, "Arbetsboken") {
					t.Errorf("English message has Swedish: %s", f.Message)
				}
			}
		})
	}
}
