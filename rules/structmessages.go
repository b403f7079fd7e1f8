package rules

import (
	"errors"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// The texts of structural faults are the catalogue's "structure."+fault.
// Placeholders: {where} names the sheet (or the part when no sheet is
// known), {part} the archive part, {value} the offending text, {row} the
// row, {after} " (efter rad 17)" when a row was read before, {advice} the
// advice to save the workbook again.

// structureFinding explains a structural fault at the place it was found;
// ok is false when err holds none.
func structureFinding(f Finding, err error, lang Lang) (Finding, bool) {
	var se *importer.StructureError
	if !errors.As(err, &se) {
		return f, false
	}
	key := "structure." + string(se.Fault)
	if !catalog.Has(key) {
		return f, false
	}
	f.Ref.Sheet, f.Ref.Row, f.Ref.Col = se.Sheet, se.Row, se.Col
	where := catalog.Get(lang, "structure.where.workbook")
	switch {
	case se.Sheet != "" && se.Row > 0 && se.Col > 0:
		where = catalog.Fill(lang, "structure.where.cell", "sheet", clip(se.Sheet), "cell", f.Ref.Cell())
	case se.Sheet != "":
		where = catalog.Fill(lang, "structure.where.sheet", "sheet", clip(se.Sheet))
	}
	after := ""
	if se.After > 0 && se.Row == 0 {
		after = catalog.Fill(lang, "structure.after", "row", strconv.Itoa(se.After))
	}
	r := strings.NewReplacer("{where}", where, "{part}", clip(se.Part), "{value}", clip(se.Value),
		"{row}", strconv.Itoa(se.Row), "{after}", after, "{advice}", catalog.Get(lang, "structure.advice"))
	f.Message = r.Replace(catalog.Get(lang, key))
	f.Actual = se.Value
	return f, true
}
