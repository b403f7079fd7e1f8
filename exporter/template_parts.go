package exporter

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/expr"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// numFmt is the number format of a column type with d decimals.
func numFmt(c *importer.Column, d int32) string {
	dec := ""
	if d > 0 {
		dec = "." + strings.Repeat("0", int(d))
	}
	switch c.Type {
	case importer.TypeAmount, importer.TypeNumber:
		return "#,##0" + dec + ";-#,##0" + dec
	case importer.TypePercent:
		return "0" + dec + "%"
	case importer.TypeDate:
		return "yyyy-mm-dd"
	}
	return "@"
}

// cellStyle returns the style of an input cell (unlocked) or of a computed
// or fixed cell (locked, grey), per number format with d decimals, made
// once. Text wraps, so that a long name stays readable in its column.
func (t *template) cellStyle(c *importer.Column, d int32, locked bool) (int, error) {
	format := numFmt(c, d)
	key := format + strconv.FormatBool(locked)
	if id, ok := t.input[key]; ok {
		return id, nil
	}
	st := &excelize.Style{CustomNumFmt: &format, Protection: &excelize.Protection{Locked: locked},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: format == "@"}}
	if locked {
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	}
	id, err := t.f.NewStyle(st)
	t.input[key] = id
	return id, err
}

// inputRow prepares one row: fixed text where the spec gives it, formulas
// in derived columns, unlocked input cells elsewhere. A template row the
// spec gives row_decimals shows its figures with those decimals.
func (t *template) inputRow(sh *spec.Sheet, cols []layoutCol, r int, fixed map[string]string, formulas map[string]string) error {
	sheet := sh.Name
	rowDecimals, hasDecimals := int32(0), false
	if label := fixed[sh.Key]; label != "" {
		for k, d := range sh.RowDecimals {
			if importer.Normalize(k) == importer.Normalize(label) {
				rowDecimals, hasDecimals = d, true
			}
		}
	}
	for _, c := range cols {
		ref := c.letter + strconv.Itoa(r)
		d := c.spec.Decimals
		if hasDecimals && c.spec.Type.Numeric() {
			d = rowDecimals
		}
		var err error
		var style int
		switch text, isFixed := fixed[c.spec.Name]; {
		case isFixed:
			if style, err = t.cellStyle(c.spec, d, true); err == nil {
				err = t.f.SetCellStr(sheet, ref, text)
			}
		case formulas[c.letter] != "":
			if style, err = t.cellStyle(c.spec, d, true); err == nil {
				err = t.f.SetCellFormula(sheet, ref, strings.ReplaceAll(formulas[c.letter], "{r}", strconv.Itoa(r)))
			}
		default:
			style, err = t.cellStyle(c.spec, d, false)
		}
		if err == nil {
			err = t.f.SetCellStyle(sheet, ref, ref, style)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// formulas translates the sheet's formula rules into Excel formulas per
// column letter, with {r} for the row. A formula stays empty until its
// operands are filled in, and shows nothing instead of an error (a budget
// of 0). Rules using what Excel cannot express here are left out.
func (t *template) formulas(sh *spec.Sheet, cols []layoutCol) map[string]string {
	byName := map[string]layoutCol{}
	for _, c := range cols {
		if c.spec.Pattern == "" {
			byName[c.spec.Name] = c
		}
	}
	out := map[string]string{}
	for i := range sh.Rules {
		r := &sh.Rules[i]
		target, ok := byName[r.Column]
		if !r.IsFormula() || !ok || r.When != "" {
			continue
		}
		n, err := expr.Parse(r.Expr)
		if err != nil {
			continue
		}
		var refs []string
		body, ok := excelExpr(n, byName, &refs)
		if !ok {
			continue
		}
		d := target.spec.Decimals
		if r.Decimals != nil {
			d = *r.Decimals
		}
		value := fmt.Sprintf("ROUND(%s,%d)", body, d)
		if target.spec.Type == importer.TypePercent {
			value += "/100" // a percent cell holds the fraction
		}
		// empty until every operand is a number
		out[target.letter] = fmt.Sprintf(`IF(COUNT(%s)<%d,"",IFERROR(%s,""))`, strings.Join(unique(refs), ","), len(unique(refs)), value)
	}
	return out
}

// unique drops repeated references, keeping the first of each.
func unique(refs []string) []string {
	var out []string
	for _, r := range refs {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// excelExpr writes an expression as an Excel formula over the row's cells.
func excelExpr(n expr.Node, cols map[string]layoutCol, refs *[]string) (string, bool) {
	switch n := n.(type) {
	case expr.Num:
		return n.Value.String(), true
	case expr.Str:
		return `"` + strings.ReplaceAll(n.Value, `"`, `""`) + `"`, true
	case expr.Col:
		c, ok := cols[n.Name]
		if !ok {
			return "", false
		}
		ref := c.letter + "{r}"
		*refs = append(*refs, ref)
		if c.spec.Type == importer.TypePercent {
			return "(" + ref + "*100)", true
		}
		return ref, true
	case expr.Unary:
		x, ok := excelExpr(n.X, cols, refs)
		if n.Op == "not" {
			return "NOT(" + x + ")", ok
		}
		return "-(" + x + ")", ok
	case expr.Binary:
		x, okx := excelExpr(n.X, cols, refs)
		y, oky := excelExpr(n.Y, cols, refs)
		switch n.Op {
		case "and", "or":
			return strings.ToUpper(n.Op) + "(" + x + "," + y + ")", okx && oky
		case "!=":
			return "(" + x + "<>" + y + ")", okx && oky
		}
		return "(" + x + n.Op + y + ")", okx && oky
	case expr.Call:
		if n.Func != "abs" || len(n.Args) != 1 {
			return "", false
		}
		x, ok := excelExpr(n.Args[0], cols, refs)
		return "ABS(" + x + ")", ok
	}
	return "", false
}

// validations adds the input checks of a table sheet's input rows, column
// by column (validation); computed columns have none.
func (t *template) validations(sh *spec.Sheet, cols []layoutCol, formulas map[string]string, first, last int) error {
	for _, c := range cols {
		if formulas[c.letter] != "" {
			continue
		}
		sqref := fmt.Sprintf("%s%d:%s%d", c.letter, first, c.letter, last)
		if err := t.validation(sh, c.spec, c.header, sqref); err != nil {
			return err
		}
	}
	return nil
}

// validation adds a column's input check to the cells of sqref:
//   - enum values and the short lists of format patterns (Period) as a
//     dropdown from the hidden Listor sheet;
//   - list_from columns: the named sheet's column;
//   - the parent column (Ingår i): the names in the sheet's own key column;
//   - numbers: any decimal, with a note on what to write.
//
// Only enum values are enforced; elsewhere Excel warns and lets the
// department keep what it typed (the check says what is wrong).
func (t *template) validation(sh *spec.Sheet, c *importer.Column, header, sqref string) error {
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(sqref)
	title := truncateRunes(header, 32)
	switch {
	case c.Type == importer.TypeEnum:
		dv.SetSqrefDropList(t.listOf(c.Values))
		dv.SetError(excelize.DataValidationErrorStyleStop, title, "Välj ett värde i listan.")
	case c.ListFrom != "":
		dv.SetSqrefDropList(t.rangeOf(c.ListFrom, c.Name))
		dv.SetError(excelize.DataValidationErrorStyleWarning, title, "Välj ett värde i listan.")
	case sh.Parent != "" && importer.Normalize(c.Name) == importer.Normalize(sh.Parent) && sh.Key != "":
		dv.SetSqrefDropList(t.rangeOf(sh.Name, sh.Key))
		dv.SetError(excelize.DataValidationErrorStyleWarning, title,
			"Skriv namnet på en rad i kolumnen "+sh.Key+" på det här bladet, exakt som det står där.")
	case t.choices(c) != nil:
		dv.SetSqrefDropList(t.listOf(t.choices(c)))
		dv.SetError(excelize.DataValidationErrorStyleWarning, title, "Välj ett värde i listan.")
	case c.Type.Numeric():
		if err := dv.SetRange("-999999999999", "999999999999", excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		dv.SetInput(title, numberHint(c))
		dv.SetError(excelize.DataValidationErrorStyleWarning, title,
			"Skriv ett tal, till exempel -56174 eller 3,5. Ett streck (-) eller en tom cell betyder att värde saknas.")
	default:
		return nil
	}
	return t.f.AddDataValidation(sh.Name, dv)
}

// numberHint is the input note of a numeric column.
func numberHint(c *importer.Column) string {
	switch c.Type {
	case importer.TypeAmount:
		return "Belopp i tkr. Kostnader anges med minustecken."
	case importer.TypePercent:
		return "Procent: skriv 3 % (eller 3%)."
	}
	if c.Decimals == 0 {
		return "Ett heltal."
	}
	return "Ett tal."
}

// truncateRunes cuts s to at most n characters (a validation's title may
// have 32).
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// listOf writes values into a new column of the Listor sheet and returns
// its range (lists longer than 255 characters do not fit inline).
func (t *template) listOf(values []string) string {
	t.lists = append(t.lists, values)
	col, _ := excelize.ColumnNumberToName(len(t.lists))
	return fmt.Sprintf("Listor!$%s$1:$%s$%d", col, col, len(values))
}

// rangeOf is the input range of a column of another sheet.
func (t *template) rangeOf(sheet, column string) string {
	sh := t.spec.Sheet(sheet)
	if sh == nil {
		return ""
	}
	for _, c := range t.columns(sh) {
		if importer.Normalize(c.spec.Name) == importer.Normalize(column) {
			first, last := inputBlock(sh)
			return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", strings.ReplaceAll(sh.Name, "'", "''"), c.letter, first, c.letter, last)
		}
	}
	return ""
}

// keyValueSheet writes labels in column A and input cells in column B;
// on the identity sheet the department, period and template version (the
// spec's Identity) are filled in when known.
func (t *template) keyValueSheet(sh *spec.Sheet) error {
	w := newSheetWriter(t.f, sh.Name)
	label := textCell("", t.st.bold)
	prefill := map[string]string{}
	if id := t.spec.Identity; t.spec.IsIdentity(sh) {
		prefill = map[string]string{importer.Normalize(id.Department): t.opt.Department,
			importer.Normalize(id.Period): t.opt.Period, importer.Normalize(id.TemplateVersion): t.spec.Version}
	}
	width := float64(dateWidth)
	for i := range sh.Columns {
		c := &sh.Columns[i]
		label.text = t.headers(c)[0]
		w.next(label)
		ref := "B" + strconv.Itoa(w.row)
		locked := t.spec.IsIdentity(sh) && importer.Normalize(c.Name) == importer.Normalize(t.spec.Identity.TemplateVersion)
		style, err := t.cellStyle(c, c.Decimals, locked)
		if err != nil {
			return err
		}
		if v := prefill[importer.Normalize(c.Name)]; v != "" {
			if err := t.f.SetCellStr(sh.Name, ref, v); err != nil {
				return err
			}
		}
		if err := t.f.SetCellStyle(sh.Name, ref, ref, style); err != nil {
			return err
		}
		if !locked {
			if err := t.validation(sh, c, label.text, ref); err != nil {
				return err
			}
		}
		width = max(width, t.width(sh, layoutCol{spec: c, header: "", letter: "B"}))
	}
	if err := w.finish(0, 0); err != nil {
		return err
	}
	if err := setDimension(t.f, sh.Name, 2, w.row); err != nil { // the values in B too
		return err
	}
	if err := t.f.SetColWidth(sh.Name, "B", "B", width); err != nil {
		return err
	}
	labels, err := t.f.GetColWidth(sh.Name, "A")
	if err != nil {
		return err
	}
	if err := t.pageSetup(sh.Name, labels+width, 0); err != nil {
		return err
	}
	return t.protect(sh.Name, false)
}

// hidden writes the dropdown lists on a hidden sheet and the marker sheet,
// very hidden.
func (t *template) hidden() error {
	if len(t.lists) > 0 {
		if _, err := t.f.NewSheet("Listor"); err != nil {
			return err
		}
		for k, values := range t.lists {
			col, _ := excelize.ColumnNumberToName(k + 1)
			for i, v := range values {
				if err := t.f.SetCellStr("Listor", col+strconv.Itoa(i+1), v); err != nil {
					return err
				}
			}
		}
		if err := t.f.SetSheetVisible("Listor", false); err != nil {
			return err
		}
	}
	if _, err := t.f.NewSheet(importer.MarkerSheet); err != nil {
		return err
	}
	for i, row := range t.marker {
		if err := t.f.SetSheetRow(importer.MarkerSheet, "A"+strconv.Itoa(i+1), &row); err != nil {
			return err
		}
		if err := t.followRows(i+1, row); err != nil {
			return err
		}
	}
	if err := t.f.SetSheetVisible(importer.MarkerSheet, false, true); err != nil {
		return err
	}
	t.f.SetActiveSheet(0)
	return nil
}

// followRows makes a marker row's first and last row numbers formulas,
// ROW('Drift'!$A$52), keeping the numbers as their values: when rows are
// inserted in the sheet, Excel and LibreOffice move the reference and
// save the new number, so the marker still covers the rows with formulas.
func (t *template) followRows(r int, row []any) error {
	if len(row) < 3 {
		return nil
	}
	sheet, ok := row[0].(string)
	if !ok {
		return nil
	}
	for k, col := range []string{"B", "C"} {
		n, ok := row[1+k].(int)
		if !ok {
			continue
		}
		ref := col + strconv.Itoa(r)
		formula := fmt.Sprintf("ROW('%s'!$A$%d)", strings.ReplaceAll(sheet, "'", "''"), n)
		if err := t.f.SetCellFormula(importer.MarkerSheet, ref, formula); err != nil {
			return err
		}
	}
	return nil
}
