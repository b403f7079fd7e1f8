package importer

import "strconv"

// MarkerSheet is the very hidden sheet by which a workbook made by
// `rapportkoll template` is recognised. Its first row holds
// "rapportkoll-mall", the spec's name and version; each further row a
// sheet, the first and last rows prepared with formulas, and the names of
// the columns that hold them, separated by "|".
const MarkerSheet = "_rapportkoll"

// TemplateMarker is what a workbook made from the template says about
// itself.
type TemplateMarker struct {
	Spec, Version string
	Formulas      []FormulaRange
}

// FormulaRange is where the template put formulas on one sheet.
type FormulaRange struct {
	Sheet       string
	First, Last int
	Columns     []string
}

// TemplateMarker reads the marker sheet, if the workbook has one.
func (w *Workbook) TemplateMarker() (*TemplateMarker, bool) {
	if _, ok := w.FindSheet(MarkerSheet); !ok {
		return nil, false
	}
	var m TemplateMarker
	for xr, err := range w.book.Rows(MarkerSheet) {
		if err != nil || xr.Num > 1000 {
			break
		}
		v := map[int]string{}
		for _, c := range xr.Cells {
			v[c.Col] = c.Value
		}
		if xr.Num == 1 {
			if v[1] != "rapportkoll-mall" {
				return nil, false
			}
			m.Spec, m.Version = v[2], v[3]
			continue
		}
		first, err1 := strconv.Atoi(v[2])
		last, err2 := strconv.Atoi(v[3])
		if v[1] == "" || err1 != nil || err2 != nil {
			continue
		}
		m.Formulas = append(m.Formulas, FormulaRange{Sheet: v[1], First: first, Last: last, Columns: splitBar(v[4])})
	}
	return &m, m.Spec != ""
}

func splitBar(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '|' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}
