package xlsx

import (
	"archive/zip"
	"compress/flate"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
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
	FaultCellRef      Fault = "cell_ref"      // <c r="XFE14">: no such column
	FaultSharedString Fault = "shared_string" // t="s" with an index outside the shared strings
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

// zipCrypto reports whether an archive entry is encrypted (general-purpose
// flag bit 0), which Excel never writes.
func zipCrypto(f *zip.File) bool { return f.Flags&0x1 != 0 }
