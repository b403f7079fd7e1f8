package importer

import "github.com/rapportkoll/rapportkoll/importer/xlsx"

// keyValueRows bounds how far a key-value sheet such as Info is read.
const keyValueRows = 200

// scanKeyValue reads a sheet of labels in column A and values in column B
// into a table with one row; each value keeps its own cell reference.
func (w *Workbook) scanKeyValue(t *Table, sh xlsx.Sheet, fn func(*Table, Row)) (*Table, error) {
	for i := range t.Layout.Columns {
		t.Columns = append(t.Columns, TableColumn{Spec: &t.Layout.Columns[i], Header: t.Layout.Columns[i].label(), Col: 2})
	}
	row := Row{Values: make([]Value, len(t.Columns))}
	found := make([]bool, len(t.Columns))
	var ext Extent
	whole := true
	for xr, err := range w.book.Rows(sh.Name) {
		if err != nil {
			return nil, sheetError(err)
		}
		if xr.Num > keyValueRows {
			whole = false
			break
		}
		ext.add(xr)
		var label, value *xlsx.Cell
		for i := range xr.Cells {
			switch xr.Cells[i].Col {
			case 1:
				label = &xr.Cells[i]
			case 2:
				value = &xr.Cells[i]
			}
		}
		if label == nil {
			continue
		}
		for i, tc := range t.Columns {
			if found[i] {
				continue
			}
			if ok, _ := tc.Spec.matchHeader(label.Value); !ok {
				continue
			}
			found[i] = true
			v := Value{Row: int32(xr.Num), Col: 2}
			if value != nil {
				v = w.convertCell(t, tc, value, v)
			}
			row.Values[i] = v
			if row.Num == 0 {
				row.Num = xr.Num
			}
		}
	}
	if whole {
		w.setExtent(sh.Name, ext)
	}
	for i, tc := range t.Columns {
		if tc.Spec.Required {
			w.check(LabelMissing)
		}
		if !found[i] && tc.Spec.Required {
			w.report(Problem{Ref: Ref{File: w.File, Sheet: t.Sheet}, Code: LabelMissing, Column: tc.Header})
		}
	}
	fn(t, row)
	return t, nil
}
