package catalog

// Texts of grouped findings (rules.Findings.Grouped): a rule's repeated finding on one
// sheet shown as one line. A key "group.<rule id>" is that rule's own text,
// with {n} the number of cells and {cells} their ranges; a rule without one
// gets "group.generic", which quotes the first cell's message.
func init() { add(groupTexts) }

var groupTexts = map[string]Text{
	"group.generic": {
		`{n} fynd av samma slag i {cells}. Det första, {cell}: {message}`,
		`{n} findings of the same kind in {cells}. The first, {cell}: {message}`},
	"group.more": {
		`och {n} celler till`,
		`and {n} more cells`},
	"group.import.number_as_text": {
		`{n} tal lagrade som text i {cells}; de lästes som tal. Skriv in dem som tal så att Excel räknar med dem.`,
		`{n} numbers stored as text in {cells}; they were read as numbers. Enter them as numbers so that Excel includes them in sums.`},
	"group.import.not_a_number": {
		`{n} celler i {cells} innehåller text som inte är tal. Skriv tal, till exempel -1 234 eller 61,7, eller lämna cellerna tomma.`,
		`{n} cells in {cells} hold text that is not a number. Enter numbers such as -1 234 or 61,7, or leave the cells empty.`},
	"group.import.excel_error": {
		`{n} celler i {cells} innehåller felvärden (#DIV/0!, #REF! eller liknande). Rätta formlerna eller skriv in värdena.`,
		`{n} cells in {cells} hold error values (#DIV/0!, #REF! or the like). Fix the formulas or enter the values.`},
	"group.import.formula_no_value": {
		`{n} formler i {cells} saknar sparat värde och kunde inte räknas fram här. Öppna filen i Excel eller LibreOffice, spara den och skicka in den igen.`,
		`{n} formulas in {cells} have no saved value and could not be computed here. Open the file in Excel or LibreOffice, save it and submit it again.`},
	"group.import.formula_recomputed": {
		`{n} formler i {cells} saknade sparat värde; rapportkoll räknade fram dem. Öppna och spara filen i Excel eller LibreOffice så att värdena sparas i filen.`,
		`{n} formulas in {cells} had no saved value; rapportkoll computed them. Open and save the file in Excel or LibreOffice so that the values are saved in the file.`},
	"group.import.boolean": {
		`{n} celler i {cells} innehåller sanningsvärden (SANT/FALSKT), inga tal. Skriv tal, eller lämna cellerna tomma.`,
		`{n} cells in {cells} hold Booleans (TRUE/FALSE), not numbers. Enter numbers, or leave the cells empty.`},
}
