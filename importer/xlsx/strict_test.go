package xlsx

import (
	"errors"
	"strings"
	"testing"
)

// sheetOf wraps rows in a worksheet.
func sheetOf(rows string) string {
	return `<worksheet><sheetData>` + rows + `</sheetData></worksheet>`
}

// TestFaultsInBothReaders: every structural fault of a sheet is found, at
// the same place, by the fast scanner and by encoding/xml alike.
func TestFaultsInBothReaders(t *testing.T) {
	tests := []struct {
		name     string
		rows     string
		fault    Fault
		row, col int
		value    string
	}{
		{"cell row 0", `<row r="3"><c r="C0"><v>1</v></c></row>`, FaultCellRef, 3, 3, "C0"},
		{"cell row negative", `<row r="3"><c r="C-3"><v>1</v></c></row>`, FaultCellRef, 3, 3, "C-3"},
		{"cell row missing", `<row r="3"><c r="C"><v>1</v></c></row>`, FaultCellRef, 3, 3, "C"},
		{"cell row too large", `<row r="3"><c r="C1048577"><v>1</v></c></row>`, FaultCellRef, 3, 3, "C1048577"},
		{"cell row with a sign", `<row r="3"><c r="C+3"><v>1</v></c></row>`, FaultCellRef, 3, 3, "C+3"},
		{"cell with a dollar", `<row r="3"><c r="$C$3"><v>1</v></c></row>`, FaultCellRef, 3, 0, "$C$3"},
		{"cell of another row", `<row r="3"><c r="C5"><v>1</v></c></row>`, FaultCellRow, 3, 3, "C5"},
		{"cell of another row, row without r", `<row r="2"/><row><c r="C2"><v>1</v></c></row>`, FaultCellRow, 3, 3, "C2"},
		{"cell twice", `<row r="3"><c r="C3"><v>1</v></c><c r="C3"><v>2</v></c></row>`, FaultCellOrder, 3, 3, "C3"},
		{"cell twice, lower case", `<row r="3"><c r="C3"><v>1</v></c><c r="c3"><v>2</v></c></row>`, FaultCellOrder, 3, 3, "c3"},
		{"cell before the one before it", `<row r="3"><c r="D3"><v>1</v></c><c r="B3"><v>2</v></c></row>`, FaultCellOrder, 3, 2, "B3"},
		{"cell after one without r", `<row r="3"><c r="B3"/><c><v>1</v></c><c r="C3"><v>2</v></c></row>`, FaultCellOrder, 3, 3, "C3"},
		{"row before the one before it", `<row r="4"><c r="A4"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>`, FaultRowOrder, 0, 0, "2"},
		{"row twice", `<row r="4"/><row r="4"/>`, FaultRowOrder, 0, 0, "4"},
		{"row before one without r", `<row r="4"/><row/><row r="5"/>`, FaultRowOrder, 0, 0, "5"},
		{"row number with a sign", `<row r="+4"/>`, FaultRowNumber, 0, 0, "+4"},
		{"string index with a point", `<row r="1"><c r="A1" t="s"><v>1.5</v></c></row>`, FaultStringIndex, 1, 1, "1.5"},
		{"string index negative", `<row r="1"><c r="A1" t="s"><v>-1</v></c></row>`, FaultStringIndex, 1, 1, "-1"},
		{"string index hexadecimal", `<row r="1"><c r="A1" t="s"><v>0x1</v></c></row>`, FaultStringIndex, 1, 1, "0x1"},
		{"string index with exponent", `<row r="1"><c r="A1" t="s"><v>1e0</v></c></row>`, FaultStringIndex, 1, 1, "1e0"},
		{"string index text", `<row r="1"><c r="A1" t="s"><v>ett</v></c></row>`, FaultStringIndex, 1, 1, "ett"},
		{"string index out of range", `<row r="1"><c r="A1" t="s"><v>2</v></c></row>`, FaultSharedString, 1, 1, "2"},
		{"string index huge", `<row r="1"><c r="A1" t="s"><v>99999999999999999999</v></c></row>`, FaultSharedString, 1, 1, "99999999999999999999"},
		{"ESC in a value", "<row r=\"2\"><c r=\"B2\"><v>1\x1b</v></c></row>", FaultChar, 2, 2, "U+001B"},
		{"ESC in an inline string", "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>a\x1b</t></is></c></row>", FaultChar, 2, 2, "U+001B"},
		{"NUL in a rich text run", "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><r><t>a</t></r><r><t>\x00</t></r></is></c></row>", FaultChar, 2, 2, "U+0000"},
		{"character reference to ESC", `<row r="2"><c r="B2" t="inlineStr"><is><t>a&#x1B;</t></is></c></row>`, FaultChar, 2, 2, "U+001B"},
		{"U+FFFF in a value", "<row r=\"2\"><c r=\"B2\" t=\"str\"><v>a\uffff</v></c></row>", FaultChar, 2, 2, "U+FFFF"},
		{"ESC in a formula", "<row r=\"2\"><c r=\"B2\"><f>A1\x1b</f><v>1</v></c></row>", FaultChar, 2, 2, "U+001B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, fe, se := readBoth(t, testBook(), []byte(sheetOf(tt.rows)))
			for _, r := range []struct {
				reader string
				err    error
			}{{"fast scanner", fe}, {"encoding/xml", se}} {
				var got *StructureError
				if !errors.As(r.err, &got) {
					t.Errorf("%s: error %v, want a %s fault", r.reader, r.err, tt.fault)
					continue
				}
				if got.Fault != tt.fault || got.Row != tt.row || got.Col != tt.col || got.Value != tt.value {
					t.Errorf("%s: fault %s row %d col %d value %q, want %s row %d col %d value %q",
						r.reader, got.Fault, got.Row, got.Col, got.Value, tt.fault, tt.row, tt.col, tt.value)
				}
			}
		})
	}
}

// TestInvalidUTF8InBothReaders: a byte that is not UTF-8 inside a cell is
// a character fault for both readers (encoding/xml cannot name it).
func TestInvalidUTF8InBothReaders(t *testing.T) {
	for _, rows := range []string{
		"<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>a\xffb</t></is></c></row>",
		"<row r=\"2\"><c r=\"B2\" t=\"str\"><v>\xc3</v></c></row>",
	} {
		_, _, fe, se := readBoth(t, testBook(), []byte(sheetOf(rows)))
		for _, err := range []error{fe, se} {
			var got *StructureError
			if !errors.As(err, &got) || got.Fault != FaultChar || got.Row != 2 || got.Col != 2 {
				t.Errorf("%q: error %v, want a char fault at B2", rows, err)
			}
		}
	}
}

// TestReadLikeExcel: what Excel, LibreOffice and excelize read, both
// readers read the same way.
func TestReadLikeExcel(t *testing.T) {
	tests := []struct {
		name string
		rows string
		want string
	}{
		{"lower-case reference", `<row r="3"><c r="c3"><v>5</v></c><c r="ab3"><v>6</v></c></row>`, "3/3 hfalse t0 f0 false true \"5\"\n3/28 hfalse t0 f0 false true \"6\""},
		{"empty shared-string value", `<row r="1"><c r="A1" t="s"><v></v></c><c r="B1" t="s"><v> </v></c><c r="C1" t="s"><v>1</v></c></row>`, "1/3 hfalse t1 f0 false true \"två\""},
		{"row of height 0", `<row r="1" ht="0" customHeight="1"><c r="A1"><v>1</v></c></row><row r="2" ht="0.0"><c r="A2"><v>2</v></c></row><row r="3" ht="15"><c r="A3"><v>3</v></c></row>`, "1/1 htrue t0 f0 false true \"1\"\n2/1 htrue t0 f0 false true \"2\"\n3/1 hfalse t0 f0 false true \"3\""},
		{"tab and line ends in text", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\tb\nc</t></is></c></row>", "1/1 hfalse t1 f0 false true \"a\\tb\\nc\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fast, std, fe, se := readBoth(t, testBook(), []byte(sheetOf(tt.rows)))
			if fe != nil || se != nil {
				t.Fatalf("errors: fast %v, encoding/xml %v", fe, se)
			}
			if got := strings.Join(fast, "\n"); got != tt.want {
				t.Errorf("fast scanner:\n%s\nwant\n%s", got, tt.want)
			}
			if got := strings.Join(std, "\n"); got != tt.want {
				t.Errorf("encoding/xml:\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
