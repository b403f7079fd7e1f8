package rules

import (
	"errors"
	"fmt"
	"io/fs"
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
	importer.SheetAmbiguous: {Error,
		`Arbetsboken har flera blad som motsvarar mallens blad "{col}": {text}. Bara det första lästes. Ta bort eller byt namn på de övriga så att bara ett blad heter "{col}".`,
		`The workbook has several sheets matching the template's sheet "{col}": {text}. Only the first was read. Remove or rename the others so that only one sheet is named "{col}".`},
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
	importer.BooleanNotNumber: {Error,
		`Cellen i kolumnen "{col}" innehåller sanningsvärdet {text} (SANT/FALSKT), inget tal. Skriv ett tal, eller lämna cellen tom.`,
		`The cell in column "{col}" holds the Boolean {text} (TRUE/FALSE), not a number. Enter a number, or leave the cell empty.`},
	importer.UnknownCellType: {Error,
		`Cellen i kolumnen "{col}" har en celltyp som Excel inte känner till och kunde inte läsas (lagrat värde "{text}"). Skriv in värdet på nytt i Excel och spara filen.`,
		`The cell in column "{col}" has a cell type Excel does not define and could not be read (stored value "{text}"). Enter the value again in Excel and save the file.`},
	importer.NumberAsText: {Info,
		`Talet "{text}" är lagrat som text och lästes som tal. Skriv in det som tal så att Excel räknar med det.`,
		`The number "{text}" is stored as text and was read as a number. Enter it as a number so that Excel includes it in sums.`},
	importer.NumberTooLarge: {Error,
		`Talet {text} är orimligt stort för kolumnen "{col}". Belopp anges i tkr; kontrollera enheten och värdet.`,
		`The number {text} is implausibly large for column "{col}". Amounts are in tkr (thousands of SEK); check the unit and the value.`},
	importer.ThousandsComma: {Warning,
		`"{text}" i kolumnen "{col}" lästes som {value}; menade du {expected}? Skriv talet utan tusentalsavgränsare eller med mellanslag ({expected}); i svenska tal är kommat decimaltecken.`,
		`"{text}" in column "{col}" was read as {value}; did you mean {expected}? Write the number without a thousands separator or with spaces ({expected}); in Swedish numbers the comma is the decimal separator.`},
	importer.TooManyDecimals: {Warning,
		`Talet i kolumnen "{col}" lästes som {value}, men kolumnen anges {decimals}. Skriv {expected} eller kontrollera värdet.`,
		`The number in column "{col}" was read as {value}, but the column takes {decimals}. Write {expected} or check the value.`},
	importer.ExcelError: {Error,
		`Cellen innehåller felvärdet {text}. Rätta formeln eller skriv in värdet.`,
		`The cell holds the error value {text}. Fix the formula or enter the value.`},
	importer.BadDate: {Error,
		`"{text}" är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD.`,
		`"{text}" is not a date. Write the date as YYYY-MM-DD.`},
	importer.FormulaNoValue: {Error,
		`Formeln i kolumnen "{col}" saknar sparat värde och kunde inte räknas fram här. Öppna filen i Excel eller LibreOffice, spara den och skicka in den igen.`,
		`The formula in column "{col}" has no saved value and could not be computed here. Open the file in Excel or LibreOffice, save it and submit it again.`},
	importer.FormulaCircular: {Error,
		`Formeln i kolumnen "{col}" hänvisar till sin egen cell, direkt eller via andra celler (en cirkelreferens), och kan inte räknas fram. Ta bort cirkelreferensen, spara filen i Excel och skicka in den igen.`,
		`The formula in column "{col}" refers to its own cell, directly or through other cells (a circular reference), and cannot be computed. Remove the circular reference, save the file in Excel and submit it again.`},
	importer.FormulaRecomputed: {Info,
		`Formeln i kolumnen "{col}" saknade sparat värde; rapportkoll räknade fram {text}. Öppna och spara filen i Excel eller LibreOffice så att värdet sparas i filen.`,
		`The formula in column "{col}" had no saved value; rapportkoll computed {text}. Open and save the file in Excel or LibreOffice so that the value is saved in the file.`},
	importer.TextTooLong: {Warning,
		`Texten i kolumnen "{col}" är för lång ("{text}"). Korta texten.`,
		`The text in column "{col}" is too long ("{text}"). Shorten it.`},
	importer.HiddenRow: {Warning,
		`Raden är dold men innehåller uppgifter, som har lästs. Visa raden och kontrollera att uppgifterna ska vara med.`,
		`The row is hidden but holds data, which was read. Unhide the row and check that the data belongs there.`},
	importer.RowUnnamed: {Error,
		`Raden saknar namn i "{col}" men har värden ({text}). Skriv radens namn i "{col}" eller ta bort värdena; utan namn räknas raden inte med i summorna per rad.`,
		`The row has no name in "{col}" but holds values ({text}). Enter the row's name in "{col}" or remove the values; without a name the row is left out of the totals by row.`},
	importer.HiddenColumn: {Warning,
		`Kolumnen "{col}" är dold men innehåller uppgifter, som har lästs. Visa kolumnen och kontrollera att uppgifterna ska vara med.`,
		`Column "{col}" is hidden but holds data, which was read. Unhide the column and check that the data belongs there.`},
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
	{importer.ErrFileTooLarge,
		"Filen är {size} stor, över gränsen {limit} för en inlämning, och lästes inte. Kontrollera att det är rätt fil (en ifylld mall är normalt under 1 MiB) och spara den på nytt som .xlsx.",
		"The file is {size}, over the limit of {limit} for a submission, and was not read. Check that it is the right file (a filled-in template is normally under 1 MiB) and save it again as .xlsx."},
	{importer.ErrNotRegular,
		"Det här är inte en vanlig fil ({kind}) och lästes inte. Lägg bara sparade .xlsx-filer i mappen och ta bort den här.",
		"This is not a regular file ({kind}) and was not read. Put only saved .xlsx files in the folder and remove this one."},
	{importer.ErrSymlinkLoop,
		"Filen är en symbolisk länk som leder tillbaka till sig själv (en länkslinga) och kan inte läsas. Ersätt länken med själva filen.",
		"The file is a symbolic link that leads back to itself (a link loop) and cannot be read. Replace the link with the file itself."},
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
	if sf, ok := structureFinding(f, err, lang); ok {
		return sf
	}
	for _, m := range openMessages {
		if errors.Is(err, m.err) {
			f.Message = pick(lang, m.sv, m.en)
			openDetails(&f, err, lang)
			return f
		}
	}
	// An error no sentinel names: a message in the user's language, and
	// the cause (in English, for whoever maintains rapportkoll) as Actual.
	f.Message = pick(lang,
		"Filen kan inte läsas som arbetsbok. Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och skicka in den igen; hjälper inte det, skicka filen till den som sköter rapportkoll.",
		"The file cannot be read as a workbook. Open it in Excel, save it as an Excel workbook (.xlsx) and submit it again; if that does not help, send the file to whoever maintains rapportkoll.")
	f.Actual = err.Error()
	return f
}

// openDetails fills in what kind of file, or what size, was refused.
func openDetails(f *Finding, err error, lang Lang) {
	var kind *importer.KindError
	var size *importer.SizeError
	switch {
	case errors.As(err, &kind):
		f.Message = strings.ReplaceAll(f.Message, "{kind}", kindWord(kind.Mode, lang))
	case errors.As(err, &size):
		f.Message = strings.NewReplacer("{size}", byteSize(size.Size, lang), "{limit}", byteSize(size.Limit, lang)).Replace(f.Message)
		f.Expected = "≤ " + fmt.Sprint(size.Limit)
		f.Actual = fmt.Sprint(size.Size)
	}
}

// kindWord names what a file that is not a regular file is.
func kindWord(m fs.FileMode, lang Lang) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return pick(lang, "en namngiven pipe (FIFO)", "a named pipe (FIFO)")
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return pick(lang, "en enhet, till exempel /dev/zero", "a device, such as /dev/zero")
	case m&fs.ModeSocket != 0:
		return pick(lang, "en socket", "a socket")
	case m.IsDir():
		return pick(lang, "en mapp", "a folder")
	}
	return pick(lang, "en specialfil", "a special file")
}

// byteSize writes a size for people: "10,0 GiB (10737418240 byte)".
func byteSize(n int64, lang Lang) string {
	unit, div := "KiB", int64(1<<10)
	switch {
	case n >= 1<<30:
		unit, div = "GiB", 1<<30
	case n >= 1<<20:
		unit, div = "MiB", 1<<20
	}
	tenths := n * 10 / div // exact integer arithmetic, rounded down
	sep := pick(lang, ",", ".")
	return fmt.Sprintf("%d%s%d %s (%d %s)", tenths/10, sep, tenths%10, unit, n, pick(lang, "byte", "bytes"))
}

// ProblemFinding turns a reading problem into a finding.
func ProblemFinding(p importer.Problem, lang Lang) Finding {
	m, ok := importMessages[p.Code]
	if !ok {
		m = message{Error, "Problem vid läsning: {text}", "Problem while reading: {text}"}
	}
	// A value from the workbook is quoted shortened; the whole stays in Actual.
	r := strings.NewReplacer("{col}", clip(p.Column), "{text}", clip(p.Text), "{count}", fmt.Sprint(p.Count),
		"{limit}", fmt.Sprint(p.Limit),
		"{value}", withUnit(p.Value, p.Unit, lang), "{expected}", withUnit(p.Expected, "", Swedish),
		"{decimals}", decimalsText(p.Decimals, lang))
	f := Finding{Severity: m.sev, Rule: string(p.Code), Ref: p.Ref, Message: r.Replace(pick(lang, m.sv, m.en))}
	if p.Code != importer.MoreProblems && p.Code != importer.HeaderNotFound && p.Code != importer.RowUnnamed {
		f.Actual = p.Text
	}
	if p.Expected != "" {
		f.Actual, f.Expected = p.Value, p.Expected
	}
	if p.Code == importer.TooManySheets {
		f.Expected = fmt.Sprint(p.Limit)
	}
	return f
}

// clipRunes is how many characters of a value from the workbook a message
// quotes (enough for a list of the template's sheet names); the full value
// stays in the finding's Actual.
const clipRunes = 120

// clip shortens a value from the workbook for quoting in a message: at most
// clipRunes characters, the rest shown as "…".
func clip(s string) string {
	if len(s) <= clipRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == clipRunes {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// withUnit renders a plain decimal for a message, with its unit; text
// that is not a plain decimal is left as it is. A suggestion is written
// the Swedish way in both languages, as the user should type it.
func withUnit(plain, unit string, lang Lang) string {
	if plain == "" {
		return ""
	}
	s := plain
	if d, err := parseDec(plain); err == nil {
		s = numText(d, lang)
	}
	switch unit {
	case "":
		return s
	case "%":
		return s + " %"
	}
	return s + " " + unit
}

// decimalsText says how many decimals a column takes.
func decimalsText(n int32, lang Lang) string {
	switch {
	case n == 0:
		return pick(lang, "i heltal", "whole numbers")
	case n == 1:
		return pick(lang, "med högst 1 decimal", "at most 1 decimal")
	}
	return pick(lang, fmt.Sprintf("med högst %d decimaler", n), fmt.Sprintf("at most %d decimals", n))
}

func pick(lang Lang, sv, en string) string {
	if lang == English {
		return en
	}
	return sv
}
