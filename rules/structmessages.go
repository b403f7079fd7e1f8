package rules

import (
	"errors"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
)

// resave is the advice for a workbook its program saved wrongly.
var resave = [2]string{
	"Arbetsboken är felaktigt sparad av programmet som skapade den; öppna den i Excel, spara och skicka in den igen.",
	"The workbook was saved incorrectly by the program that made it; open it in Excel, save it and submit it again.",
}

// structureMessages explain each structural fault, in Swedish and English.
// Placeholders: {where} names the sheet (or the part when no sheet is
// known), {part} the archive part, {value} the offending text, {row} the
// row, {after} " (efter rad 17)" when a row was read before, {advice} resave.
var structureMessages = map[importer.Fault][2]string{
	importer.FaultPartMissing: {
		"{where}: delen {part} saknas i filen, fast arbetsboken hänvisar till den. {advice}",
		"{where}: the part {part} is missing from the file, though the workbook refers to it. {advice}"},
	importer.FaultSheetLink: {
		"{where}: arbetsboken säger inte var bladets innehåll finns (relationen saknas i xl/_rels/workbook.xml.rels). {advice}",
		"{where}: the workbook does not say where the sheet's contents are (the relationship is missing from xl/_rels/workbook.xml.rels). {advice}"},
	importer.FaultZipEncrypted: {
		"{where}: delen {part} är krypterad i zip-arkivet, vilket Excel aldrig gör; filen har packats med lösenord efteråt. Skicka in arbetsboken som Excel sparade den, utan lösenord.",
		"{where}: the part {part} is encrypted inside the zip archive, which Excel never does; the file was zipped with a password afterwards. Submit the workbook as Excel saved it, without a password."},
	importer.FaultDamaged: {
		"{where}: delen {part} går inte att packa upp{after}; filen är skadad, kanske vid kopiering. Öppna originalet i Excel, spara och skicka in det igen.",
		"{where}: the part {part} cannot be unpacked{after}; the file is damaged, perhaps while copying. Open the original in Excel, save it and submit it again."},
	importer.FaultTruncated: {
		"{where}: delen {part} tar slut mitt i{after}; filen är ofullständig, kanske avbruten vid kopiering eller sparande. Öppna originalet i Excel, spara och skicka in det igen.",
		"{where}: the part {part} ends in the middle{after}; the file is incomplete, perhaps cut off while copying or saving. Open the original in Excel, save it and submit it again."},
	importer.FaultXML: {
		"{where}: delen {part} är inte korrekt XML{after}. {advice}",
		"{where}: the part {part} is not well-formed XML{after}. {advice}"},
	importer.FaultRowNumber: {
		`{where}: radnummer "{value}" är ogiltigt{after} (rader numreras 1 till 1 048 576). {advice}`,
		`{where}: row number "{value}" is invalid{after} (rows are numbered 1 to 1,048,576). {advice}`},
	importer.FaultCellRef: {
		`{where}: cellreferensen "{value}" på rad {row} är ogiltig (en cell anges med kolumn A till XFD och rad 1 till 1 048 576, som "C6"). {advice}`,
		`{where}: the cell reference "{value}" in row {row} is invalid (a cell is given by a column A to XFD and a row 1 to 1,048,576, as "C6"). {advice}`},
	importer.FaultCellRow: {
		`{where}: cellen "{value}" står på rad {row}; en cells referens ska ha samma radnummer som raden den står på. {advice}`,
		`{where}: the cell "{value}" stands in row {row}; a cell's reference must carry the number of the row it stands in. {advice}`},
	importer.FaultCellOrder: {
		`{where}: cellen "{value}" finns två gånger på rad {row} eller står efter en cell längre till höger; varje cell ska lagras en gång, från vänster till höger. {advice}`,
		`{where}: the cell "{value}" appears twice in row {row} or after a cell further right; each cell must be stored once, from left to right. {advice}`},
	importer.FaultRowOrder: {
		`{where}: radnummer "{value}" står i fel ordning{after}; varje rad ska lagras en gång, i stigande ordning. {advice}`,
		`{where}: row number "{value}" is out of order{after}; each row must be stored once, in ascending order. {advice}`},
	importer.FaultSharedString: {
		`{where}: cellen hänvisar till text nummer {value} i filens textlista, som inte har så många texter. {advice}`,
		`{where}: the cell refers to text number {value} of the file's list of texts, which has not that many. {advice}`},
	importer.FaultStringIndex: {
		`{where}: cellen ska hänvisa till en text i filens textlista med dess nummer, men "{value}" är inget sådant nummer (ett heltal från 0 och uppåt). {advice}`,
		`{where}: the cell should refer to a text of the file's list of texts by its number, but "{value}" is no such number (a whole number from 0 up). {advice}`},
	importer.FaultChar: {
		`{where}: delen {part} innehåller ett tecken som XML inte tillåter ({value}){after}: ett styrtecken eller en byte som inte är giltig UTF-8. Excel kallar en sådan fil skadad. {advice}`,
		`{where}: the part {part} holds a character that XML does not allow ({value}){after}: a control character or a byte that is not valid UTF-8. Excel calls such a file corrupt. {advice}`},
}

// structureFinding explains a structural fault at the place it was found;
// ok is false when err holds none.
func structureFinding(f Finding, err error, lang Lang) (Finding, bool) {
	var se *importer.StructureError
	if !errors.As(err, &se) {
		return f, false
	}
	m, ok := structureMessages[se.Fault]
	if !ok {
		return f, false
	}
	f.Ref.Sheet, f.Ref.Row, f.Ref.Col = se.Sheet, se.Row, se.Col
	where := pick(lang, "Arbetsboken", "The workbook")
	switch {
	case se.Sheet != "" && se.Row > 0 && se.Col > 0:
		where = pick(lang, "Bladet ", "Sheet ") + clip(se.Sheet) + ", " + pick(lang, "cell ", "cell ") + f.Ref.Cell()
	case se.Sheet != "":
		where = pick(lang, "Bladet ", "Sheet ") + clip(se.Sheet)
	}
	after := ""
	if se.After > 0 && se.Row == 0 {
		after = pick(lang, " (efter rad ", " (after row ") + strconv.Itoa(se.After) + ")"
	}
	r := strings.NewReplacer("{where}", where, "{part}", clip(se.Part), "{value}", clip(se.Value),
		"{row}", strconv.Itoa(se.Row), "{after}", after, "{advice}", pick(lang, resave[0], resave[1]))
	f.Message = r.Replace(pick(lang, m[0], m[1]))
	f.Actual = se.Value
	return f, true
}
