package importer

import (
	"sort"
)

// TableColumn is a layout column found in a sheet.
type TableColumn struct {
	Spec   *Column
	Header string // the header text as written
	Col    int    // 1-based sheet column
	Year   int    // the year a pattern captured, or 0
}

// Row is one data row; Values line up with Table.Columns.
type Row struct {
	Num    int
	Values []Value
}

// Table is a sheet read according to its layout.
type Table struct {
	File      string
	Sheet     string // the name as written in the workbook
	Layout    *SheetLayout
	HeaderRow int // 0 for key-value sheets
	Columns   []TableColumn
	Rows      []Row
	// Skipped counts heading rows (a label and no values) left out.
	Skipped int
	// Headings are the first maxHeadings of those rows: a row of the
	// template whose label is there but whose figures are not yet filled
	// in is one of them, not a missing row.
	Headings []Row

	duplicates []TableColumn
	keyPos     int            // 1 + the position in Columns of the label column, 0 if none
	hidden     []bool         // by position in Columns: the sheet hides the column; cleared once reported
	recent     []recentNumber // by sheet column - 1: the last number read there (storedNumber)
}

// Index returns the position in Columns of the first column named name, or -1.
func (t *Table) Index(name string) int {
	for i, c := range t.Columns {
		if c.Spec.Name == name {
			return i
		}
	}
	return -1
}

// Indexes returns the positions of all columns named name, for repeated
// (year) columns, in sheet order.
func (t *Table) Indexes(name string) []int {
	var out []int
	for i, c := range t.Columns {
		if c.Spec.Name == name {
			out = append(out, i)
		}
	}
	return out
}

// Ref returns where a value of the table came from.
func (t *Table) Ref(v Value) Ref {
	return Ref{File: t.File, Sheet: t.Sheet, Row: int(v.Row), Col: int(v.Col)}
}

// Value returns the value of column name in row r, or an empty Value when
// the column is absent.
func (t *Table) Value(r Row, name string) Value {
	if i := t.Index(name); i >= 0 {
		return r.Values[i]
	}
	return Value{Row: int32(r.Num)}
}

// resolveHeader tries a row as the header row: when it holds every required
// column, the table's columns are set and true is returned.
func (t *Table) resolveHeader(rowNum int, texts map[int]string) bool {
	if len(t.missingRequired(texts)) > 0 {
		return false
	}
	cols := make([]int, 0, len(texts))
	for c := range texts {
		cols = append(cols, c)
	}
	sort.Ints(cols)
	t.HeaderRow = rowNum
	norm := make(map[int]string, len(cols))
	for _, c := range cols {
		norm[c] = Normalize(texts[c])
	}
	for i := range t.Layout.Columns {
		spec := &t.Layout.Columns[i]
		seen := false
		for _, c := range cols {
			ok, year := spec.matchNormalized(norm[c])
			if !ok {
				continue
			}
			tc := TableColumn{Spec: spec, Header: texts[c], Col: c, Year: year}
			if seen && !spec.Repeat {
				t.duplicates = append(t.duplicates, tc)
				continue
			}
			seen = true
			t.Columns = append(t.Columns, tc)
		}
	}
	return true
}

// missingRequired lists the headers of required columns not in texts.
func (t *Table) missingRequired(texts map[int]string) []string {
	missing := []string{}
	norm := make([]string, 0, len(texts))
	for _, s := range texts {
		norm = append(norm, Normalize(s))
	}
	for i := range t.Layout.Columns {
		spec := &t.Layout.Columns[i]
		if !spec.Required {
			continue
		}
		found := false
		for _, s := range norm {
			if ok, _ := spec.matchNormalized(s); ok {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, spec.label())
		}
	}
	return missing
}

// label is how a column is named to users.
func (c *Column) label() string {
	if c.Header != "" {
		return c.Header
	}
	return c.Name
}
