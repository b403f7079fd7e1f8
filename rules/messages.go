package rules

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
)

// Lang is the language of messages to users.
type Lang string

// Supported languages; Swedish is the default.
const (
	Swedish Lang = "sv"
	English Lang = "en"
)

// ParseLang accepts "sv" and "en".
func ParseLang(s string) (Lang, error) {
	switch Lang(strings.ToLower(s)) {
	case Swedish, "":
		return Swedish, nil
	case English:
		return English, nil
	}
	return "", fmt.Errorf("okänt språk %q (sv eller en)", s)
}

// message is a message in both languages; {col}, {text}, {count} and
// {sheet} are replaced by the finding's details.
type message struct {
	sev    Severity
	sv, en string
}

var importMessages = map[importer.Code]message{
	importer.SheetMissing: {Error,
		`Bladet "{text}" saknas. Lägg till bladet från mallen och kontrollera stavningen av bladnamnet.`,
		`Sheet "{text}" is missing. Add the sheet from the template and check the spelling of the sheet name.`},
	importer.SheetHidden: {Warning,
		`Bladet är dolt. Visa bladet (högerklicka på en bladflik och välj Ta fram) och kontrollera innehållet.`,
		`The sheet is hidden. Unhide it (right-click a sheet tab, Unhide) and check its contents.`},
	importer.HeaderNotFound: {Error,
		`Hittar ingen rubrikrad med kolumnerna {text} bland de första 20 raderna. Kopiera rubrikraden från mallen.`,
		`No header row with the columns {text} in the first 20 rows. Copy the header row from the template.`},
	importer.ColumnMissing: {Error,
		`Kolumnen "{col}" saknas i rubrikraden. Lägg till den med rubriken exakt som i mallen.`,
		`Column "{col}" is missing from the header row. Add it with the header exactly as in the template.`},
	importer.LabelMissing: {Error,
		`Uppgiften "{col}" saknas (etikett i kolumn A, värde i kolumn B). Lägg till raden som i mallen.`,
		`The entry "{col}" is missing (label in column A, value in column B). Add the row as in the template.`},
	importer.ColumnDuplicate: {Warning,
		`Rubriken "{col}" finns i flera kolumner; bara den första läses. Ta bort eller döp om dubbletten.`,
		`The header "{col}" appears in several columns; only the first is read. Remove or rename the duplicate.`},
	importer.NotANumber: {Error,
		`"{text}" i kolumnen "{col}" är inget tal. Skriv ett tal, till exempel -1 234 eller 61,7, eller lämna cellen tom.`,
		`"{text}" in column "{col}" is not a number. Enter a number such as -1 234 or 61,7, or leave the cell empty.`},
	importer.NumberAsText: {Info,
		`Talet "{text}" är lagrat som text och lästes som tal. Skriv in det som tal så att Excel räknar med det.`,
		`The number "{text}" is stored as text and was read as a number. Enter it as a number so that Excel includes it in sums.`},
	importer.NumberTooLarge: {Error,
		`Talet {text} är orimligt stort för kolumnen "{col}". Belopp anges i tkr; kontrollera enheten och värdet.`,
		`The number {text} is implausibly large for column "{col}". Amounts are in tkr (thousands of SEK); check the unit and the value.`},
	importer.ExcelError: {Error,
		`Cellen innehåller felvärdet {text}. Rätta formeln eller skriv in värdet.`,
		`The cell holds the error value {text}. Fix the formula or enter the value.`},
	importer.BadDate: {Error,
		`"{text}" är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD.`,
		`"{text}" is not a date. Write the date as YYYY-MM-DD.`},
	importer.FormulaNoValue: {Error,
		`Formeln i kolumnen "{col}" saknar sparat värde. Öppna filen i Excel eller LibreOffice, spara den och skicka in den igen.`,
		`The formula in column "{col}" has no saved value. Open the file in Excel or LibreOffice, save it and submit it again.`},
	importer.FormulaRecomputed: {Info,
		`Formeln i kolumnen "{col}" saknade sparat värde; rapportkoll räknade fram {text}. Öppna och spara filen i Excel eller LibreOffice så att värdet sparas i filen.`,
		`The formula in column "{col}" had no saved value; rapportkoll computed {text}. Open and save the file in Excel or LibreOffice so that the value is saved in the file.`},
	importer.TextTooLong: {Warning,
		`Texten i kolumnen "{col}" är för lång ("{text}"). Korta texten.`,
		`The text in column "{col}" is too long ("{text}"). Shorten it.`},
	importer.HiddenRow: {Warning,
		`Raden är dold men innehåller uppgifter, som har lästs. Visa raden och kontrollera att uppgifterna ska vara med.`,
		`The row is hidden but holds data, which was read. Unhide the row and check that the data belongs there.`},
	importer.NotTemplate: {Error,
		`Arbetsboken innehåller inget av mallens blad (den har: {text}). Kontrollera att det är rätt fil och fyll i mallen för perioden.`,
		`The workbook holds none of the template's sheets (it has: {text}). Check that this is the right file and fill in the period's template.`},
	importer.TooManySheets: {Warning,
		`Arbetsboken har {text} blad, fler än de {limit} som rapportkoll läser; bladen efter det {limit}:e lästes inte. Ta bort de blad som inte hör till mallen och skicka in filen igen.`,
		`The workbook has {text} sheets, more than the {limit} that rapportkoll reads; the sheets after the {limit}th were not read. Remove the sheets that are not part of the template and submit the file again.`},
	importer.DuplicatePart: {Error,
		`Filen innehåller {count} delar mer än en gång ({text}), så det är osäkert vilka värden Excel visar; rapportkoll läste den sista kopian. Öppna filen i Excel, spara den som en ny Excel-arbetsbok (.xlsx) och skicka in den igen.`,
		`The file holds {count} parts more than once ({text}), so it is uncertain which values Excel shows; rapportkoll read the last copy. Open the file in Excel, save it as a new Excel workbook (.xlsx) and submit it again.`},
	importer.MoreProblems: {Info,
		`Ytterligare {count} fynd av samma slag ({text}) på bladet visas inte. Rätta de visade och kör kontrollen igen.`,
		`{count} more findings of the same kind ({text}) on this sheet are not shown. Fix those shown and run the check again.`},
}

// openMessages explain why a file could not be opened, by sentinel error.
var openMessages = []struct {
	err    error
	sv, en string
}{
	{importer.ErrEmptyFile,
		"Filen är tom. Spara arbetsboken på nytt i Excel som .xlsx och skicka in den igen.",
		"The file is empty. Save the workbook again in Excel as .xlsx and resubmit it."},
	{importer.ErrLegacyXLS,
		"Filen är en äldre Excel-arbetsbok (.xls, Excel 97–2003). Öppna den i Excel och välj Spara som → Excel-arbetsbok (.xlsx).",
		"The file is a legacy Excel workbook (.xls, Excel 97-2003). Open it in Excel and choose Save As → Excel Workbook (.xlsx)."},
	{importer.ErrEncrypted,
		"Arbetsboken är lösenordsskyddad och kan inte läsas. Ta bort lösenordet (Arkiv → Info → Skydda arbetsbok) och spara som .xlsx.",
		"The workbook is password-protected and cannot be read. Remove the password (File → Info → Protect Workbook) and save as .xlsx."},
	{importer.ErrODS,
		"Filen är ett OpenDocument-kalkylark (.ods). Spara den som Excel-arbetsbok (.xlsx).",
		"The file is an OpenDocument spreadsheet (.ods). Save it as an Excel workbook (.xlsx)."},
	{importer.ErrXLSB,
		"Filen är en binär Excel-arbetsbok (.xlsb). Spara den som Excel-arbetsbok (.xlsx).",
		"The file is an Excel binary workbook (.xlsb). Save it as an Excel workbook (.xlsx)."},
	{importer.ErrTextFile,
		"Filen är en textfil (CSV eller HTML) med filändelsen .xlsx, ingen arbetsbok. Fyll i mallen i Excel och spara som Excel-arbetsbok (.xlsx).",
		"The file is a text file (CSV or HTML) named .xlsx, not a workbook. Fill in the template in Excel and save it as an Excel workbook (.xlsx)."},
	{importer.ErrPDF,
		"Filen är ett PDF-dokument. Skicka in den ifyllda mallen som Excel-arbetsbok (.xlsx).",
		"The file is a PDF document. Submit the filled-in template as an Excel workbook (.xlsx)."},
	{importer.ErrTooLarge,
		"Arbetsboken packas upp till mer än tillåten storlek och lästes inte (skydd mot zip-bomber). Kontrollera filen och kontakta ekonomiavdelningen.",
		"The workbook unpacks beyond the size limit and was not read (zip bomb protection). Check the file and contact the finance department."},
	{importer.ErrCorrupt,
		"Arbetsboken är skadad eller ofullständig, kanske avbruten vid kopiering. Öppna den i Excel, spara den och skicka in den igen.",
		"The workbook is damaged or incomplete, perhaps cut off while copying. Open it in Excel, save it and submit it again."},
	{importer.ErrNotXLSX,
		"Filen är ingen Excel-arbetsbok (.xlsx). Fyll i mallen och spara som Excel-arbetsbok (.xlsx).",
		"The file is not an Excel workbook (.xlsx). Fill in the template and save it as an Excel workbook (.xlsx)."},
	{importer.ErrNoFile,
		"Filen finns inte. Kontrollera sökvägen och filnamnet.",
		"The file does not exist. Check the path and the file name."},
	{importer.ErrFileAccess,
		"Filen kan inte läsas. Kontrollera att den finns och att du har behörighet att läsa den.",
		"The file cannot be read. Check that it exists and that you may read it."},
}

// OpenFailure turns an error from importer.Open into a finding.
func OpenFailure(file string, err error, lang Lang) Finding {
	f := Finding{Severity: Error, Rule: string(importer.WorkbookUnusable), Ref: importer.Ref{File: file}}
	for _, m := range openMessages {
		if errors.Is(err, m.err) {
			f.Message = pick(lang, m.sv, m.en)
			return f
		}
	}
	f.Message = pick(lang, "Filen kan inte läsas: ", "The file cannot be read: ") + err.Error()
	return f
}

// ProblemFinding turns a reading problem into a finding.
func ProblemFinding(p importer.Problem, lang Lang) Finding {
	m, ok := importMessages[p.Code]
	if !ok {
		m = message{Error, "Problem vid läsning: {text}", "Problem while reading: {text}"}
	}
	r := strings.NewReplacer("{col}", p.Column, "{text}", p.Text, "{count}", fmt.Sprint(p.Count), "{limit}", fmt.Sprint(p.Limit))
	f := Finding{Severity: m.sev, Rule: string(p.Code), Ref: p.Ref, Message: r.Replace(pick(lang, m.sv, m.en))}
	if p.Code != importer.MoreProblems && p.Code != importer.HeaderNotFound {
		f.Actual = p.Text
	}
	if p.Code == importer.TooManySheets {
		f.Expected = fmt.Sprint(p.Limit)
	}
	return f
}

func pick(lang Lang, sv, en string) string {
	if lang == English {
		return en
	}
	return sv
}
