package exporter

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/spec"
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
	heights := map[int]float64{}
	line := func(s string, style int) {
		if style == t.st.text {
			style = wrap
		}
		w.next(cell{text: s, style: style, span: true})
		if n := wrappedLines(s); n > 1 {
			heights[w.row] = float64(n) * lineHeight
		}
	}
	line("Instruktioner – "+t.spec.Name+", mallversion "+t.spec.Version, t.st.title)
	w.skip()
	for _, s := range []string{
		"Fyll i de vita cellerna på varje blad. Blå celler är rubriker, grå celler fasta rader eller värden som mallen räknar ut: skriv inte över dem.",
		"Ändra inte bladnamn, rubriker eller mallversion. Ordningen mellan raderna är fri och tomma rader får stå kvar. Behövs fler rader än mallen har får rader infogas (högerklicka på ett radnummer och välj Infoga) på de blad där det står att det går. Rader kan inte tas bort: töm dem i stället.",
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
		if sh.Layout != importer.LayoutKeyValue {
			line(t.rowsText(&sh), t.st.text)
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
	if err := t.f.SetColWidth(sheet, "A", "A", instructionsWidth); err != nil {
		return err
	}
	for r, h := range heights {
		if err := t.f.SetRowHeight(sheet, r, h); err != nil {
			return err
		}
	}
	if err := t.pageSetup(sheet, instructionsWidth, 0); err != nil {
		return err
	}
	return t.protect(sheet, false)
}

// The instructions are one column of wrapped text: its width in
// characters, how many characters a line holds (fewer than the width:
// letters vary), and the height of one line in points.
const (
	instructionsWidth = 64
	lineChars         = 70
	lineHeight        = 15
)

// wrappedLines is how many lines s takes in the instructions' column,
// wrapped at spaces.
func wrappedLines(s string) int {
	n, used := 1, 0
	for _, word := range strings.Fields(s) {
		l := utf8.RuneCountInString(word)
		switch {
		case used == 0:
			used = l
		case used+1+l <= lineChars:
			used += 1 + l
		default:
			n, used = n+1, l
		}
	}
	return n
}

// rowsText says how many rows a table sheet prepares and whether rows
// may be inserted, as its protection allows.
func (t *template) rowsText(sh *spec.Sheet) string {
	first, last := inputBlock(sh)
	n := last - first + 1 - len(sh.TemplateRows)
	fixed := ""
	if len(sh.TemplateRows) > 0 {
		fixed = fmt.Sprintf("%d förifyllda rader och ", len(sh.TemplateRows))
		if len(sh.TemplateRows) == 1 {
			fixed = "1 förifylld rad och "
		}
	}
	if !sh.InsertRows {
		return fmt.Sprintf("Bladet har %s%d tomma rader. Raderna är fasta: infoga inga rader, lämna överblivna rader tomma.", fixed, n)
	}
	text := fmt.Sprintf("Bladet har %s%d tomma rader. Behövs fler får rader infogas, ovanför den sista raden (rad %d).", fixed, n, last)
	if len(t.formulas(sh, t.columns(sh))) > 0 {
		text += " På en infogad rad räknar mallen inte ut de grå kolumnerna; lämna dem tomma."
	}
	return text
}
