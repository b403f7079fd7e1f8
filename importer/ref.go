package importer

import "strconv"

// Ref says where a value came from, like token.Position.
type Ref struct {
	File  string // as the user gave it
	Sheet string // as named in the workbook
	Row   int    // 1-based; 0 means the whole sheet
	Col   int    // 1-based; 0 means the whole row
}

// IsValid reports whether the reference names at least a sheet.
func (r Ref) IsValid() bool { return r.Sheet != "" }

// Cell returns the A1 reference ("D17"), "17" for a whole row, or "" for a
// whole sheet.
func (r Ref) Cell() string {
	switch {
	case r.Row <= 0:
		return ""
	case r.Col <= 0:
		return strconv.Itoa(r.Row)
	}
	return ColumnName(r.Col) + strconv.Itoa(r.Row)
}

// String gives "file: Sheet!D17".
func (r Ref) String() string {
	s := r.File
	if r.Sheet != "" {
		s += ": " + r.Sheet
		if c := r.Cell(); c != "" {
			s += "!" + c
		}
	}
	return s
}

// Less orders references by file, sheet, row and column, numerically.
func (r Ref) Less(o Ref) bool {
	if r.File != o.File {
		return r.File < o.File
	}
	if r.Sheet != o.Sheet {
		return r.Sheet < o.Sheet
	}
	if r.Row != o.Row {
		return r.Row < o.Row
	}
	return r.Col < o.Col
}

// ColumnName turns a 1-based column number into letters (28 gives "AB").
func ColumnName(col int) string {
	if col <= 0 {
		return ""
	}
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}
