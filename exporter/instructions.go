package exporter

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer"
)

// instructions writes the first sheet: how to fill in the template,
// generated from the spec.
func (t *template) instructions() error {
	const sheet = "Instruktioner"
	w := newSheetWriter(t.f, sheet)
	wrap, err := t.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	line := func(s string, style int) {
		if style == t.st.text {
			style = wrap
		}
		w.next(cell{text: s, style: style, span: true})
	}
	line("Instruktioner – "+t.spec.Name+", mallversion "+t.spec.Version, t.st.title)
	w.skip()
	for _, s := range []string{
		"Fyll i de vita cellerna på varje blad. Grå celler är rubriker, fasta rader eller räknas ut av mallen: skriv inte över dem.",
		"Ändra inte bladnamn, rubriker eller mallversion. Rader får läggas till; ordningen mellan raderna är fri.",
		"Belopp anges i tkr (tusentals kronor) som heltal. Kostnader anges med minustecken, till exempel -56 174.",
		"Procent skrivs i procentceller som 3 % (cellen visar 3 %). Ett streck (-) eller en tom cell betyder att värde saknas.",
		"Mål skrivs med jämförelsetecken och tal: ≤38, >73,5, ≥975 per år, <7,8 %. Ett tal utan tecken läses som \"minst\".",
		"\"Ingår i\" bygger hierarkin: skriv på varje rad namnet på den rad den ingår i, exakt som det står där. Totalraden lämnar \"Ingår i\" tom. Varje överordnad rad ska vara summan av raderna som ingår i den.",
		"En rad vars namn börjar med Summa eller Totalt räknas som summan av raderna ovanför.",
		"Spara som Excel-arbetsbok (.xlsx) och skicka in filen till ekonomiavdelningen.",
	} {
		line(s, t.st.text)
	}
	for _, sh := range t.spec.Sheets {
		w.skip()
		title := sh.Name
		if !sh.Required {
			title += " (frivilligt blad)"
		}
		line(title, t.st.bold)
		if sh.Purpose != "" {
			line(sh.Purpose, t.st.text)
		}
		var required, optional []string
		for i := range sh.Columns {
			c := &sh.Columns[i]
			for _, h := range t.headers(c) {
				if c.Required {
					required = append(required, h)
				} else {
					optional = append(optional, h)
				}
			}
		}
		what := "Kolumner"
		if sh.Layout == importer.LayoutKeyValue {
			what = "Uppgifter (etikett i kolumn A, värde i kolumn B)"
		}
		line(what+" som måste finnas: "+strings.Join(required, ", ")+".", t.st.text)
		if len(optional) > 0 {
			line("Övriga: "+strings.Join(optional, ", ")+".", t.st.text)
		}
		for i := range sh.Columns {
			if c := &sh.Columns[i]; c.Type == importer.TypeEnum {
				line("Tillåtna värden i "+c.Header+": "+strings.Join(c.Values, ", ")+" (välj i listan).", t.st.text)
			}
		}
	}
	if err := w.finish(0, 0); err != nil {
		return err
	}
	if err := t.f.SetColWidth(sheet, "A", "A", 100); err != nil {
		return err
	}
	return t.protect(sheet)
}
