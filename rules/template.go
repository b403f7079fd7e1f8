package rules

import (
	"slices"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// OverwrittenRule is the rule of a template formula overwritten with a
// typed number.
const OverwrittenRule = "template.formula_overwritten"

// CheckTemplate warns, in a workbook made from the template, about cells
// where the template put a formula and the department typed a number:
// the figure is no longer computed and may drift from its operands.
func CheckTemplate(m *importer.TemplateMarker, tables map[string]*importer.Table, lang Lang) (Findings, Check) {
	var fs Findings
	check := Check{Rule: OverwrittenRule}
	for _, fr := range m.Formulas {
		var t *importer.Table
		for name, tb := range tables {
			if tb != nil && importer.Normalize(name) == importer.Normalize(fr.Sheet) {
				t = tb
			}
		}
		if t == nil {
			continue
		}
		for i, col := range t.Columns {
			if !slices.Contains(fr.Columns, col.Spec.Name) {
				continue
			}
			for _, r := range t.Rows {
				if r.Num < fr.First || r.Num > fr.Last {
					continue
				}
				check.Evaluated++
				if v := r.Values[i]; v.Kind == importer.Number && !v.Formula {
					check.Failed++
					ref := t.Ref(v)
					ref.File = baseName(ref.File)
					fs = append(fs, Finding{Severity: Warning, Rule: OverwrittenRule, Ref: ref, Actual: v.Num.String(),
						Message: catalog.Fill(lang, "template.overwritten", "col", col.Spec.Name)})
				}
			}
		}
	}
	return fs, check
}
