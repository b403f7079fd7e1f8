package xlsx

import (
	"archive/zip"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Fault names what is structurally wrong with a workbook part.
type Fault string

// Structural faults, each with its own message to the user in rules.
const (
	FaultPartMissing  Fault = "part_missing"  // a part the workbook refers to is not in the archive
	FaultSheetLink    Fault = "sheet_link"    // a sheet's relationship id names no part
	FaultZipEncrypted Fault = "zip_encrypted" // an archive entry is encrypted (ZipCrypto)
	FaultDamaged      Fault = "damaged"       // an entry cannot be unpacked or fails its checksum
	FaultTruncated    Fault = "truncated"     // a part ends in the middle of its XML
	FaultXML          Fault = "xml"           // a part is not well-formed XML
	FaultRowNumber    Fault = "row_number"    // <row r="0">, r="abc", r beyond 1048576
	FaultCellRef      Fault = "cell_ref"      // <c r="XFE14">, r="C0", r="C-3": no such cell
	FaultCellRow      Fault = "cell_row"      // <c r="C5"> inside <row r="3">
	FaultCellOrder    Fault = "cell_order"    // a cell at or before the one before it in its row (two C3)
	FaultRowOrder     Fault = "row_order"     // <row r="2"> after row 4 or a second row 4
	FaultSharedString Fault = "shared_string" // t="s" with an index outside the shared strings
	FaultStringIndex  Fault = "string_index"  // t="s" with an index that is no whole number ("66.5", "-1")
	FaultChar         Fault = "char"          // a character XML does not allow (ESC, U+FFFE) or a byte that is not UTF-8
)

// StructureError is a structural fault in a workbook, with where it is as
// far as it is known. It wraps ErrCorrupt and the underlying error.
type StructureError struct {
	Fault Fault
	Part  string // the archive part, "xl/worksheets/sheet5.xml"
	Sheet string // the worksheet, when the part is one
	Row   int    // the row being read, 0 when unknown
	Col   int    // the column, 0 when unknown
	After int    // the last row read before the fault, 0 when none
	Value string // the offending text as stored: "0", "XFE14", "99999"
	Err   error  // the underlying error, for the operator's log
}

func (e *StructureError) Error() string {
	var b strings.Builder
	b.WriteString("workbook structure: ")
	b.WriteString(string(e.Fault))
	if e.Sheet != "" {
		b.WriteString(": sheet " + e.Sheet)
	}
	if e.Part != "" {
		b.WriteString(": part " + e.Part)
	}
	if e.Row > 0 {
		b.WriteString(": row " + strconv.Itoa(e.Row))
	}
	if e.Col > 0 {
		b.WriteString(": column " + strconv.Itoa(e.Col))
	}
	if e.After > 0 {
		b.WriteString(": after row " + strconv.Itoa(e.After))
	}
	if e.Value != "" {
		b.WriteString(": value " + strconv.Quote(e.Value))
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap gives ErrCorrupt and the underlying error.
func (e *StructureError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrCorrupt}
	}
	return []error{ErrCorrupt, e.Err}
}

// faultOf classifies an error met while reading a part: a *StructureError
// is kept, a decompression error is damage, an early end is truncation,
// and anything else is malformed XML.
func faultOf(err error, part string) *StructureError {
	var se *StructureError
	if errors.As(err, &se) {
		if se.Part == "" {
			se.Part = part
		}
		return se
	}
	var ce flate.CorruptInputError
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		if c, ok := strings.CutPrefix(syn.Msg, "illegal character code "); ok {
			return &StructureError{Fault: FaultChar, Part: part, Value: c, Err: err}
		}
		if syn.Msg == "invalid UTF-8" {
			return &StructureError{Fault: FaultChar, Part: part, Value: "UTF-8", Err: err}
		}
	}
	switch {
	case errors.As(err, &ce), errors.Is(err, zip.ErrChecksum), errors.Is(err, zip.ErrAlgorithm), errors.Is(err, zip.ErrFormat):
		return &StructureError{Fault: FaultDamaged, Part: part, Err: err}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &syn) && syn.Msg == "unexpected EOF":
		return &StructureError{Fault: FaultTruncated, Part: part, Err: err}
	}
	return &StructureError{Fault: FaultXML, Part: part, Err: err}
}

// atRow records the row of a fault found in one of its cells.
func atRow(err error, row int) error {
	var se *StructureError
	if errors.As(err, &se) && se.Row == 0 {
		se.Row = row
	}
	return err
}

// atCol records the column of a fault found in a cell's contents.
func atCol(err error, col int) error {
	var se *StructureError
	if errors.As(err, &se) && se.Col == 0 {
		se.Col = col
	}
	return err
}

// BadChar is badChar, for writers that must make XML well-formed (the
// feedback workbook) by the same rule the reader refuses it by.
func BadChar(b []byte) int { return badChar(b) }

// badChar returns the index of the first character of b that XML 1.0 does
// not allow (a control character other than tab, line feed and carriage
// return, a surrogate, U+FFFE, U+FFFF) or of a byte that is not UTF-8; -1
// when there is none. encoding/xml refuses the same characters.
func badChar(b []byte) int {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || !validXMLChar(r) {
			return i
		}
		i += size
	}
	return -1
}

// charFault is the fault of the character at the start of b, named as
// encoding/xml names it ("U+001B"), or "UTF-8" for a byte that is not.
func charFault(b []byte) *StructureError {
	r, size := utf8.DecodeRune(b)
	if r == utf8.RuneError && size <= 1 {
		return &StructureError{Fault: FaultChar, Value: "UTF-8"}
	}
	return &StructureError{Fault: FaultChar, Value: fmt.Sprintf("%U", r)}
}

// zipCrypto reports whether an archive entry is encrypted (general-purpose
// flag bit 0), which Excel never writes.
func zipCrypto(f *zip.File) bool { return f.Flags&0x1 != 0 }
