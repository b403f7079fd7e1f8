package catalog

// Messages of reading problems, files that cannot be opened, structural
// faults and rule findings. Placeholders: {col} the column, {text} the
// text read, {actual} the stated value, {expected} the computed one, and
// per key the ones named in its text.
func init() { add(messages) }

var messages = map[string]Text{

	// Reading problems (importer.Code).
	"import.bad_date": {
		`"{text}" är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD.`,
		`"{text}" is not a date. Write the date as YYYY-MM-DD.`},
	"import.boolean": {
		`Cellen i kolumnen "{col}" innehåller sanningsvärdet {text} (SANT/FALSKT), inget tal. Skriv ett tal, eller lämna cellen tom.`,
		`The cell in column "{col}" holds the Boolean {text} (TRUE/FALSE), not a number. Enter a number, or leave the cell empty.`},
	"import.column_duplicate": {
		`Rubriken "{col}" finns i flera kolumner; bara den första läses. Ta bort eller döp om dubbletten.`,
		`The header "{col}" appears in several columns; only the first is read. Remove or rename the duplicate.`},
	"import.column_missing": {
		`Kolumnen "{col}" saknas i rubrikraden. Lägg till den med rubriken exakt som i mallen.`,
		`Column "{col}" is missing from the header row. Add it with the header exactly as in the template.`},
	"import.duplicate_part": {
		`Filen innehåller {count} delar mer än en gång ({text}), så det är osäkert vilka värden Excel visar; rapportkoll läste den sista kopian. Öppna filen i Excel, spara den som en ny Excel-arbetsbok (.xlsx) och skicka in den igen.`,
		`The file holds {count} parts more than once ({text}), so it is uncertain which values Excel shows; rapportkoll read the last copy. Open the file in Excel, save it as a new Excel workbook (.xlsx) and submit it again.`},
	"import.excel_error": {
		`Cellen innehåller felvärdet {text}. Rätta formeln eller skriv in värdet.`,
		`The cell holds the error value {text}. Fix the formula or enter the value.`},
	"import.formula_circular": {
		`Formeln i kolumnen "{col}" hänvisar till sin egen cell, direkt eller via andra celler (en cirkelreferens), och kan inte räknas fram. Ta bort cirkelreferensen, spara filen i Excel och skicka in den igen.`,
		`The formula in column "{col}" refers to its own cell, directly or through other cells (a circular reference), and cannot be computed. Remove the circular reference, save the file in Excel and submit it again.`},
	"import.formula_no_value": {
		`Formeln i kolumnen "{col}" saknar sparat värde och kunde inte räknas fram här. Öppna filen i Excel eller LibreOffice, spara den och skicka in den igen.`,
		`The formula in column "{col}" has no saved value and could not be computed here. Open the file in Excel or LibreOffice, save it and submit it again.`},
	"import.formula_recomputed": {
		`Formeln i kolumnen "{col}" saknade sparat värde; rapportkoll räknade fram {text}. Öppna och spara filen i Excel eller LibreOffice så att värdet sparas i filen.`,
		`The formula in column "{col}" had no saved value; rapportkoll computed {text}. Open and save the file in Excel or LibreOffice so that the value is saved in the file.`},
	"import.header_not_found": {
		`Hittar ingen rubrikrad med kolumnerna {text} bland de första 20 raderna. Kopiera rubrikraden från mallen.`,
		`No header row with the columns {text} in the first 20 rows. Copy the header row from the template.`},
	"import.hidden_column": {
		`Kolumnen "{col}" är dold men innehåller uppgifter, som har lästs. Visa kolumnen och kontrollera att uppgifterna ska vara med.`,
		`Column "{col}" is hidden but holds data, which was read. Unhide the column and check that the data belongs there.`},
	"import.hidden_row": {
		`Raden är dold men innehåller uppgifter, som har lästs. Visa raden och kontrollera att uppgifterna ska vara med.`,
		`The row is hidden but holds data, which was read. Unhide the row and check that the data belongs there.`},
	"import.label_missing": {
		`Uppgiften "{col}" saknas (etikett i kolumn A, värde i kolumn B). Lägg till raden som i mallen.`,
		`The entry "{col}" is missing (label in column A, value in column B). Add the row as in the template.`},
	"import.more_problems": {
		`Ytterligare {count} fynd av samma slag ({text}) på bladet visas inte. Rätta de visade och kör kontrollen igen.`,
		`{count} more findings of the same kind ({text}) on this sheet are not shown. Fix those shown and run the check again.`},
	"import.not_a_number": {
		`"{text}" i kolumnen "{col}" är inget tal. Skriv ett tal, till exempel -1 234 eller 61,7, eller lämna cellen tom.`,
		`"{text}" in column "{col}" is not a number. Enter a number such as -1 234 or 61,7, or leave the cell empty.`},
	"import.not_template": {
		`Arbetsboken innehåller inget av mallens blad (den har: {text}). Kontrollera att det är rätt fil och fyll i mallen för perioden.`,
		`The workbook holds none of the template's sheets (it has: {text}). Check that this is the right file and fill in the period's template.`},
	"import.number_as_text": {
		`Talet "{text}" är lagrat som text och lästes som tal. Skriv in det som tal så att Excel räknar med det.`,
		`The number "{text}" is stored as text and was read as a number. Enter it as a number so that Excel includes it in sums.`},
	"import.number_too_large": {
		`Talet {text} är orimligt stort för kolumnen "{col}". Belopp anges i tkr; kontrollera enheten och värdet.`,
		`The number {text} is implausibly large for column "{col}". Amounts are in tkr (thousands of SEK); check the unit and the value.`},
	"import.row_unnamed": {
		`Raden saknar namn i "{col}" men har värden ({text}). Skriv radens namn i "{col}" eller ta bort värdena; utan namn räknas raden inte med i summorna per rad.`,
		`The row has no name in "{col}" but holds values ({text}). Enter the row's name in "{col}" or remove the values; without a name the row is left out of the totals by row.`},
	"import.sheet_ambiguous": {
		`Arbetsboken har flera blad som motsvarar mallens blad "{col}": {text}. Bara det första lästes. Ta bort eller byt namn på de övriga så att bara ett blad heter "{col}".`,
		`The workbook has several sheets matching the template's sheet "{col}": {text}. Only the first was read. Remove or rename the others so that only one sheet is named "{col}".`},
	"import.sheet_hidden": {
		`Bladet är dolt. Visa bladet (högerklicka på en bladflik och välj Ta fram) och kontrollera innehållet.`,
		`The sheet is hidden. Unhide it (right-click a sheet tab, Unhide) and check its contents.`},
	"import.sheet_missing": {
		`Bladet "{text}" saknas. Lägg till bladet från mallen och kontrollera stavningen av bladnamnet.`,
		`Sheet "{text}" is missing. Add the sheet from the template and check the spelling of the sheet name.`},
	"import.text_too_long": {
		`Texten i kolumnen "{col}" är för lång ("{text}"). Korta texten.`,
		`The text in column "{col}" is too long ("{text}"). Shorten it.`},
	"import.thousands_separator": {
		`"{text}" i kolumnen "{col}" lästes som {value}; menade du {expected}? Skriv talet utan tusentalsavgränsare eller med mellanslag ({expected}); i svenska tal är kommat decimaltecken.`,
		`"{text}" in column "{col}" was read as {value}; did you mean {expected}? Write the number without a thousands separator or with spaces ({expected}); in Swedish numbers the comma is the decimal separator.`},
	"import.too_many_decimals": {
		`Talet i kolumnen "{col}" lästes som {value}, men kolumnen anges {decimals}. Skriv {expected} eller kontrollera värdet.`,
		`The number in column "{col}" was read as {value}, but the column takes {decimals}. Write {expected} or check the value.`},
	"import.too_many_sheets": {
		`Arbetsboken har {text} blad, fler än de {limit} som rapportkoll läser; bladen efter det {limit}:e lästes inte. Ta bort de blad som inte hör till mallen och skicka in filen igen.`,
		`The workbook has {text} sheets, more than the {limit} that rapportkoll reads; the sheets after the {limit}th were not read. Remove the sheets that are not part of the template and submit the file again.`},
	"import.unknown_cell_type": {
		`Cellen i kolumnen "{col}" har en celltyp som Excel inte känner till och kunde inte läsas (lagrat värde "{text}"). Skriv in värdet på nytt i Excel och spara filen.`,
		`The cell in column "{col}" has a cell type Excel does not define and could not be read (stored value "{text}"). Enter the value again in Excel and save the file.`},

	// Files that cannot be opened.
	"open.empty_file": {
		`Filen är tom. Spara arbetsboken på nytt i Excel som .xlsx och skicka in den igen.`,
		`The file is empty. Save the workbook again in Excel as .xlsx and resubmit it.`},
	"open.legacy_xls": {
		`Filen är en äldre Excel-arbetsbok (.xls, Excel 97–2003). Öppna den i Excel och välj Spara som → Excel-arbetsbok (.xlsx).`,
		`The file is a legacy Excel workbook (.xls, Excel 97-2003). Open it in Excel and choose Save As → Excel Workbook (.xlsx).`},
	"open.encrypted": {
		`Arbetsboken är lösenordsskyddad och kan inte läsas. Ta bort lösenordet (Arkiv → Info → Skydda arbetsbok) och spara som .xlsx.`,
		`The workbook is password-protected and cannot be read. Remove the password (File → Info → Protect Workbook) and save as .xlsx.`},
	"open.ods": {
		`Filen är ett OpenDocument-kalkylark (.ods). Spara den som Excel-arbetsbok (.xlsx).`,
		`The file is an OpenDocument spreadsheet (.ods). Save it as an Excel workbook (.xlsx).`},
	"open.xlsb": {
		`Filen är en binär Excel-arbetsbok (.xlsb). Spara den som Excel-arbetsbok (.xlsx).`,
		`The file is an Excel binary workbook (.xlsb). Save it as an Excel workbook (.xlsx).`},
	"open.text_file": {
		`Filen är en textfil (CSV eller HTML) med filändelsen .xlsx, ingen arbetsbok. Fyll i mallen i Excel och spara som Excel-arbetsbok (.xlsx).`,
		`The file is a text file (CSV or HTML) named .xlsx, not a workbook. Fill in the template in Excel and save it as an Excel workbook (.xlsx).`},
	"open.pdf": {
		`Filen är ett PDF-dokument. Skicka in den ifyllda mallen som Excel-arbetsbok (.xlsx).`,
		`The file is a PDF document. Submit the filled-in template as an Excel workbook (.xlsx).`},
	"open.too_large": {
		`Arbetsboken packas upp till mer än tillåten storlek och lästes inte (skydd mot zip-bomber). Kontrollera filen och kontakta ekonomiavdelningen.`,
		`The workbook unpacks beyond the size limit and was not read (zip bomb protection). Check the file and contact the finance department.`},
	"open.corrupt": {
		`Arbetsboken är skadad eller ofullständig, kanske avbruten vid kopiering. Öppna den i Excel, spara den och skicka in den igen.`,
		`The workbook is damaged or incomplete, perhaps cut off while copying. Open it in Excel, save it and submit it again.`},
	"open.not_xlsx": {
		`Filen är ingen Excel-arbetsbok (.xlsx). Fyll i mallen och spara som Excel-arbetsbok (.xlsx).`,
		`The file is not an Excel workbook (.xlsx). Fill in the template and save it as an Excel workbook (.xlsx).`},
	"open.file_too_large": {
		`Filen är {size} stor, över gränsen {limit} för en inlämning, och lästes inte. Kontrollera att det är rätt fil (en ifylld mall är normalt under 1 MiB) och spara den på nytt som .xlsx.`,
		`The file is {size}, over the limit of {limit} for a submission, and was not read. Check that it is the right file (a filled-in template is normally under 1 MiB) and save it again as .xlsx.`},
	"open.not_regular": {
		`Det här är inte en vanlig fil ({kind}) och lästes inte. Lägg bara sparade .xlsx-filer i mappen och ta bort den här.`,
		`This is not a regular file ({kind}) and was not read. Put only saved .xlsx files in the folder and remove this one.`},
	"open.symlink_loop": {
		`Filen är en symbolisk länk som leder tillbaka till sig själv (en länkslinga) och kan inte läsas. Ersätt länken med själva filen.`,
		`The file is a symbolic link that leads back to itself (a link loop) and cannot be read. Replace the link with the file itself.`},
	"open.no_file": {
		`Filen finns inte. Kontrollera sökvägen och filnamnet.`,
		`The file does not exist. Check the path and the file name.`},
	"open.file_access": {
		`Filen kan inte läsas. Kontrollera att den finns och att du har behörighet att läsa den.`,
		`The file cannot be read. Check that it exists and that you may read it.`},

	// Structural faults of a workbook (importer.Fault).
	"structure.cell_order": {
		`{where}: cellen "{value}" finns två gånger på rad {row} eller står efter en cell längre till höger; varje cell ska lagras en gång, från vänster till höger. {advice}`,
		`{where}: the cell "{value}" appears twice in row {row} or after a cell further right; each cell must be stored once, from left to right. {advice}`},
	"structure.cell_ref": {
		`{where}: cellreferensen "{value}" på rad {row} är ogiltig (en cell anges med kolumn A till XFD och rad 1 till 1 048 576, som "C6"). {advice}`,
		`{where}: the cell reference "{value}" in row {row} is invalid (a cell is given by a column A to XFD and a row 1 to 1,048,576, as "C6"). {advice}`},
	"structure.cell_row": {
		`{where}: cellen "{value}" står på rad {row}; en cells referens ska ha samma radnummer som raden den står på. {advice}`,
		`{where}: the cell "{value}" stands in row {row}; a cell's reference must carry the number of the row it stands in. {advice}`},
	"structure.char": {
		`{where}: delen {part} innehåller ett tecken som XML inte tillåter ({value}){after}: ett styrtecken eller en byte som inte är giltig UTF-8. Excel kallar en sådan fil skadad. {advice}`,
		`{where}: the part {part} holds a character that XML does not allow ({value}){after}: a control character or a byte that is not valid UTF-8. Excel calls such a file corrupt. {advice}`},
	"structure.damaged": {
		`{where}: delen {part} går inte att packa upp{after}; filen är skadad, kanske vid kopiering. Öppna originalet i Excel, spara och skicka in det igen.`,
		`{where}: the part {part} cannot be unpacked{after}; the file is damaged, perhaps while copying. Open the original in Excel, save it and submit it again.`},
	"structure.part_missing": {
		`{where}: delen {part} saknas i filen, fast arbetsboken hänvisar till den. {advice}`,
		`{where}: the part {part} is missing from the file, though the workbook refers to it. {advice}`},
	"structure.row_number": {
		`{where}: radnummer "{value}" är ogiltigt{after} (rader numreras 1 till 1 048 576). {advice}`,
		`{where}: row number "{value}" is invalid{after} (rows are numbered 1 to 1,048,576). {advice}`},
	"structure.row_order": {
		`{where}: radnummer "{value}" står i fel ordning{after}; varje rad ska lagras en gång, i stigande ordning. {advice}`,
		`{where}: row number "{value}" is out of order{after}; each row must be stored once, in ascending order. {advice}`},
	"structure.shared_string": {
		`{where}: cellen hänvisar till text nummer {value} i filens textlista, som inte har så många texter. {advice}`,
		`{where}: the cell refers to text number {value} of the file's list of texts, which has not that many. {advice}`},
	"structure.sheet_link": {
		`{where}: arbetsboken säger inte var bladets innehåll finns (relationen saknas i xl/_rels/workbook.xml.rels). {advice}`,
		`{where}: the workbook does not say where the sheet's contents are (the relationship is missing from xl/_rels/workbook.xml.rels). {advice}`},
	"structure.string_index": {
		`{where}: cellen ska hänvisa till en text i filens textlista med dess nummer, men "{value}" är inget sådant nummer (ett heltal från 0 och uppåt). {advice}`,
		`{where}: the cell should refer to a text of the file's list of texts by its number, but "{value}" is no such number (a whole number from 0 up). {advice}`},
	"structure.truncated": {
		`{where}: delen {part} tar slut mitt i{after}; filen är ofullständig, kanske avbruten vid kopiering eller sparande. Öppna originalet i Excel, spara och skicka in det igen.`,
		`{where}: the part {part} ends in the middle{after}; the file is incomplete, perhaps cut off while copying or saving. Open the original in Excel, save it and submit it again.`},
	"structure.xml": {
		`{where}: delen {part} är inte korrekt XML{after}. {advice}`,
		`{where}: the part {part} is not well-formed XML{after}. {advice}`},
	"structure.zip_encrypted": {
		`{where}: delen {part} är krypterad i zip-arkivet, vilket Excel aldrig gör; filen har packats med lösenord efteråt. Skicka in arbetsboken som Excel sparade den, utan lösenord.`,
		`{where}: the part {part} is encrypted inside the zip archive, which Excel never does; the file was zipped with a password afterwards. Submit the workbook as Excel saved it, without a password.`},

	// Rule findings.
	"rule.compare": {
		`Villkoret {expr} är inte uppfyllt ({values}). Kontrollera värdena.`,
		`The condition {expr} does not hold ({values}). Check the values.`},
	"rule.cross_sheet": {
		`"{col}" för "{row}" är {actual}, men totalraden på bladet {sheet} ({other}) anger {expected}. Beloppen ska vara lika.`,
		`"{col}" of "{row}" is {actual}, but the total row of sheet {sheet} ({other}) states {expected}. The amounts must agree.`},
	"rule.enum": {
		`"{actual}" är inget tillåtet värde i "{col}".{suggest} Tillåtna värden: {values}.`,
		`"{actual}" is not an allowed value of "{col}".{suggest} Allowed values: {values}.`},
	"rule.enum.suggest": {
		` Menade du "{value}"?`,
		` Did you mean "{value}"?`},
	"rule.exists_in": {
		`"{actual}" finns inte bland nämndmålen på bladet {sheet}. Skriv målet exakt som där.`,
		`"{actual}" is not among the goals on sheet {sheet}. Write the goal exactly as there.`},
	"rule.format.email": {
		`"{actual}" är ingen giltig e-postadress. Skriv adressen som namn@exempel.se.`,
		`"{actual}" is not a valid e-mail address. Write it as name@example.com.`},
	"rule.format.pattern": {
		`"{actual}" har fel form för "{col}". Skriv det som i mallen (till exempel "Helår 2023" eller "Delår april 2023").`,
		`"{actual}" is not in the form "{col}" takes. Write it as in the template (for example "Helår 2023" or "Delår april 2023").`},
	"rule.formula": {
		`"{col}" ska vara {expr} = {expected}, men cellen anger {actual}.`,
		`"{col}" should be {expr} = {expected}, but the cell states {actual}.`},
	"rule.formula.zero_divisor": {
		`"{col}" kan inte beräknas när nämnaren är 0 ({expr}). Lämna cellen tom eller skriv -.`,
		`"{col}" cannot be computed when the divisor is 0 ({expr}). Leave the cell empty or write -.`},
	"rule.range.max": {
		`"{col}" är {actual} men får inte vara större än {max}.`,
		`"{col}" is {actual} but may not be greater than {max}.`},
	"rule.range.min": {
		`"{col}" är {actual} men får inte vara mindre än {min}. Kontrollera tecknet och beloppet.`,
		`"{col}" is {actual} but may not be less than {min}. Check the sign and the amount.`},
	"rule.rating": {
		`Nämndmålet bedöms "{rating}", men indikatorn "{indicator}" når inte sitt mål ({outcome} mot {target}). Kontrollera bedömningen.`,
		`The goal is rated "{rating}", but the indicator "{indicator}" does not meet its target ({outcome} against {target}). Check the rating.`},
	"rule.required": {
		`Uppgift saknas i "{col}". Fyll i cellen.`,
		`"{col}" is missing. Fill in the cell.`},
	"rule.required_rows": {
		`Raden "{label}" saknas. Lägg till den som i mallen.`,
		`The row "{label}" is missing. Add it as in the template.`},
	"rule.required_rows.empty": {
		`Raden "{label}" är inte ifylld. Fyll i beloppen på raden.`,
		`The row "{label}" is not filled in. Fill in its figures.`},
	"rule.rounding": {
		`Avrundningsdifferens {diff} i "{col}": beräknat {expected}, angivet {actual}. Godtas.`,
		`Rounding difference of {diff} in "{col}": computed {expected}, stated {actual}. Accepted.`},
	"rule.spec_version": {
		`Arbetsboken är gjord på mallversion {actual}, men den som gäller är {expected}. Fyll i den aktuella mallen.`,
		`The workbook uses template version {actual}, but the current one is {expected}. Fill in the current template.`},
	"rule.summary": {
		`Sammanfattningen anger {actual} för "{key}", men detaljbladen ger {expected}.`,
		`The summary states {actual} for "{key}", but the detail sheets give {expected}.`},
	"rule.target.assessment_met": {
		`Bedömningen "{actual}" stämmer inte: utfallet {outcome} ({year}) når målet {target}. Bedömningen ska vara "{expected}".`,
		`The assessment "{actual}" does not hold: the outcome {outcome} ({year}) meets the target {target}. It should be "{expected}".`},
	"rule.target.assessment_not_met": {
		`Bedömningen "{actual}" stämmer inte: utfallet {outcome} ({year}) når inte målet {target}. Bedömningen ska vara "{expected}".`,
		`The assessment "{actual}" does not hold: the outcome {outcome} ({year}) does not meet the target {target}. It should be "{expected}".`},
	"rule.target.bare": {
		`Målet "{actual}" saknar jämförelsetecken och tolkas som "minst {value}" (≥). Skriv ≥ eller ≤ så att målet blir entydigt.`,
		`The target "{actual}" has no comparison sign and is read as "at least {value}" (≥). Write ≥ or ≤ to make it unambiguous.`},
	"rule.target.parse": {
		`"{actual}" är inget mål som går att läsa. Skriv till exempel ≤38, >73,5 eller ≥975 per år.`,
		`"{actual}" is not a target that can be read. Write for example ≤38, >73,5 or ≥975 per år.`},
	"rule.target.previous_year": {
		`Utfall för {year} saknas; målet jämförs mot {used} års utfall ({actual}).`,
		`There is no outcome for {year}; the target is compared with the {used} outcome ({actual}).`},
	"rule.total_row": {
		`Summaraden anger {actual} i "{col}", men raderna ovan summerar till {expected}.`,
		`The total row states {actual} in "{col}", but the rows above add up to {expected}.`},
	"rule.total_row.recompute": {
		`"{col}" på summaraden ska räknas från summorna ({expr}) och bli {expected}, men cellen anger {actual}.`,
		`"{col}" on the total row should be computed from the totals ({expr}), giving {expected}, but the cell states {actual}.`},
	"rule.tree.cycle": {
		`Raderna bildar en cirkel genom "{col}": {path}. En rad kan inte ingå i sig själv; rätta "{col}".`,
		`The rows form a cycle through "{col}": {path}. A row cannot belong to itself; correct "{col}".`},
	"rule.tree.duplicate": {
		`Namnet "{actual}" finns redan på rad {row}, så "Ingår i" kan inte peka ut raden. Ge raderna olika namn.`,
		`The name "{actual}" already appears in row {row}, so "Ingår i" cannot point at it. Give the rows different names.`},
	"rule.tree.incomplete": {
		`Kontrollen av trädet i "{col}" kunde inte slutföras: en tillfällig fil kunde inte skrivas eller läsas (orsaken står i fyndets värde). Frigör utrymme i mappen för tillfälliga filer och kör igen.`,
		`The check of the tree in "{col}" could not be completed: a temporary file could not be written or read (the finding's value gives the cause). Free space in the temporary folder and run again.`},
	"rule.tree.limit": {
		`Fler än {max} olika rader anges i "{col}" som överordnade. Bara de första {max} kontrollerades; {n} rader som ingår i någon av de övriga kontrollerades inte (summor, okända namn och cirklar). Dela upp bladet, eller kontrollera de raderna själv.`,
		`More than {max} different rows are named as parents in "{col}". Only the first {max} were checked; {n} rows that belong to one of the others were not (sums, unknown names and cycles). Split the sheet, or check those rows yourself.`},
	"rule.tree.no_root": {
		`Bladet saknar totalrad: varje rad har ett "{col}". Lämna "{col}" tomt på totalraden.`,
		`The sheet has no total row: every row has "{col}" filled in. Leave "{col}" empty on the total row.`},
	"rule.tree.parent": {
		`"{actual}" i "{col}" finns inte som rad i bladet. Skriv namnet exakt som på den överordnade raden, eller lämna cellen tom på totalraden.`,
		`"{actual}" in "{col}" is not a row of the sheet. Write the name exactly as on the parent row, or leave the cell empty on the total row.`},
	"rule.tree.roots": {
		`"{col}" är tomt, så raden är en totalrad, men bladet ska ha exakt en och har {n}; totalraden är "{root}" på rad {row}. Ange vilken rad den här raden ingår i.`,
		`"{col}" is empty, which makes the row a total row, but the sheet needs exactly one and has {n}; the total row is "{root}" in row {row}. Say which row this row belongs to.`},
	"rule.tree.sum": {
		`"{col}" anger {actual}, men de {n} rader som ingår summerar till {expected}. Rätta summan eller raderna under.`,
		`"{col}" states {actual}, but the {n} rows that belong to it add up to {expected}. Correct the total or the rows below.`},
	"rule.unique": {
		`"{actual}" finns redan på rad {row}. Varje rad ska ha ett eget namn i "{col}".`,
		`"{actual}" already appears in row {row}. Each row needs its own name in "{col}".`},
}
