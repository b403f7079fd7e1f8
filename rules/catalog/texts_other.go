package catalog

func init() { add(rulesTexts); add(checkTexts); add(exporterTexts) }

// rulesTexts are the other texts of package rules.
var rulesTexts = map[string]Text{
	"import.unknown": {
		"Problem vid läsning: {text}",
		"Problem while reading: {text}"},
	"open.unknown": {
		"Filen kan inte läsas som arbetsbok. Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och skicka in den igen; hjälper inte det, skicka filen till den som sköter rapportkoll.",
		"The file cannot be read as a workbook. Open it in Excel, save it as an Excel workbook (.xlsx) and submit it again; if that does not help, send the file to whoever maintains rapportkoll."},
	"open.kind.pipe":           {"en namngiven pipe (FIFO)", "a named pipe (FIFO)"},
	"open.kind.device":         {"en enhet, till exempel /dev/zero", "a device, such as /dev/zero"},
	"open.kind.socket":         {"en socket", "a socket"},
	"open.kind.folder":         {"en mapp", "a folder"},
	"open.kind.special":        {"en specialfil", "a special file"},
	"size.decimal_sep":         {",", "."},
	"size.bytes":               {"byte", "bytes"},
	"decimals.none":            {"i heltal", "whole numbers"},
	"decimals.one":             {"med högst 1 decimal", "at most 1 decimal"},
	"decimals.many":            {"med högst {n} decimaler", "at most {n} decimals"},
	"structure.where.workbook": {"Arbetsboken", "The workbook"},
	"structure.where.sheet":    {"Bladet {sheet}", "Sheet {sheet}"},
	"structure.where.cell":     {"Bladet {sheet}, cell {cell}", "Sheet {sheet}, cell {cell}"},
	"structure.after":          {" (efter rad {row})", " (after row {row})"},
	"structure.advice": {
		"Arbetsboken är felaktigt sparad av programmet som skapade den; öppna den i Excel, spara och skicka in den igen.",
		"The workbook was saved incorrectly by the program that made it; open it in Excel, save it and submit it again."},
	"tree.cycle.more": {"… och {n} till", "… and {n} more"},
	"template.overwritten": {
		`Cellen i "{col}" ska räknas ut av mallens formel men har skrivits över med ett tal. Kopiera formeln från cellen ovanför så att värdet räknas ut.`,
		`The cell in "{col}" should be computed by the template's formula but was overwritten with a number. Copy the formula from the cell above so that the value is computed.`},
	"unit.percentage_points": {" procentenheter", " percentage points"},
}

// checkTexts are the texts of package rules/check: batch, period and the
// checks of a source.
var checkTexts = map[string]Text{
	"batch.duplicate": {
		"{dept} har lämnat in {period} även i {others}. Ingen av filerna räknas in i sammanställningen; ta bort den som inte gäller och kör igen.",
		"{dept} also submitted {period} in {others}. Neither file enters the consolidation; remove the one that does not apply and run again."},
	"period.how.given":    {"angiven med --period", "given with --period"},
	"period.how.majority": {"den period flest inlämningar anger", "the period most submissions state"},
	"period.other": {
		`Inlämningen gäller "{period}", men sammanställningen gäller "{want}" ({how}). Den räknas inte in i kommunens totaler. Lämna in rapporten för "{want}", eller sammanställ "{period}" för sig med --period "{period}".`,
		`The submission is for "{period}", but the consolidation is for "{want}" ({how}). It does not enter the municipality totals. Submit the report for "{want}", or consolidate "{period}" on its own with --period "{period}".`},
	"check.internal": {
		"rapportkoll kunde inte kontrollera filen på grund av ett internt fel. Skicka filen till den som sköter rapportkoll.",
		"rapportkoll could not check the file because of an internal error. Send the file to whoever maintains rapportkoll."},
	"check.sheet_too_large": {
		"Bladet har {rows} rader, mer än {limit} data, gränsen för Sammanställning.xlsx: raderna kopieras inte dit och nämnden ingår inte i kommunens totaler. Kontrollen av bladet är fullständig. Dela upp rapporten, eller sammanställ bladet för sig.",
		"The sheet has {rows} rows, more than {limit} of data, the limit of Sammanställning.xlsx: its rows are not copied there and the department is left out of the municipality's totals. The check of the sheet is complete. Split the report, or consolidate the sheet on its own."},
	"check.no_feedback.size": {
		"Arbetsboken är större än {limit} uppackad, gränsen för en återkopplingsarbetsbok: ingen sådan görs; fynden står i återkopplingens textfil och i Sammanställning.xlsx.",
		"The workbook is larger than {limit} unpacked, the limit of a feedback workbook: none is made; the findings are in the feedback text file and in Sammanställning.xlsx."},
	"check.no_feedback.strings": {
		"Arbetsbokens tabell av delade texter är större än {limit}, gränsen för en återkopplingsarbetsbok: ingen sådan görs; fynden står i återkopplingens textfil och i Sammanställning.xlsx. Spara arbetsboken på nytt från Excel (oanvända texter tas då bort) och kör igen.",
		"The workbook's table of shared texts is larger than {limit}, the limit of a feedback workbook: none is made; the findings are in the feedback text file and in Sammanställning.xlsx. Save the workbook again from Excel (which drops unused texts) and run again."},
}

// exporterTexts are the words of the reports, Sammanställning.xlsx and the
// feedback. The names of files and of rapportkoll's own sheets
// (Sammanställning.xlsx, Översikt, Återkoppling, ...) are names, not
// words: they stay the same in every language, so that a run in English
// writes the same files as one in Swedish.
var exporterTexts = map[string]Text{
	"severity.error":   {"fel", "error"},
	"severity.warning": {"varning", "warning"},
	"severity.info":    {"info", "info"},

	"status.unreadable":             {"oläsbar", "unreadable"},
	"status.rejected":               {"avvisad", "rejected"},
	"status.accepted_with_warnings": {"godkänd med varningar", "accepted with warnings"},
	"status.accepted":               {"godkänd", "accepted"},

	// Counts; Swedish does not inflect these by number (as before).
	"count.errors.one":   {"{n} fel", "{n} error"},
	"count.errors":       {"{n} fel", "{n} errors"},
	"count.warnings.one": {"{n} varningar", "{n} warning"},
	"count.warnings":     {"{n} varningar", "{n} warnings"},
	"count.info":         {"{n} info", "{n} info"},
	"count.rows.one":     {"{n} rader lästa", "{n} row read"},
	"count.rows":         {"{n} rader lästa", "{n} rows read"},

	"count.summed_rows.one": {"{n} rader", "{n} row"},
	"count.summed_rows":     {"{n} rader", "{n} rows"},
	"count.departments.one": {"{n} nämnder", "{n} department"},
	"count.departments":     {"{n} nämnder", "{n} departments"},

	"text.summary": {"{who}: {errors}, {warnings}, {info}; {rows}", "{who}: {errors}, {warnings}, {info}; {rows}"},
	"text.total": {
		"Totalt {n} filer: {accepted} godkända, {warnings} godkända med varningar, {rejected} avvisade, {unreadable} oläsbara.",
		"In all {n} files: {accepted} accepted, {warnings} accepted with warnings, {rejected} rejected, {unreadable} unreadable."},

	"progress.files": {"{done}/{total} filer", "{done}/{total} files"},

	"summary.header": {"Nämnd\tFil\tStatus\tFel\tVarningar", "Department\tFile\tStatus\tErrors\tWarnings"},
	"summary.outputs": {
		"Utdata i {dir}: Sammanställning.xlsx, feedback/, report.json, manifest.json",
		"Output in {dir}: Sammanställning.xlsx, feedback/, report.json, manifest.json"},

	"head.department":        {"Nämnd", "Department"},
	"head.file":              {"Fil", "File"},
	"head.period":            {"Period", "Period"},
	"head.status":            {"Status", "Status"},
	"head.errors":            {"Fel", "Errors"},
	"head.warnings":          {"Varningar", "Warnings"},
	"head.info":              {"Info", "Info"},
	"head.in_totals":         {"Ingår i totaler", "In totals"},
	"head.assessment":        {"Beräknad bedömning", "Computed assessment"},
	"head.source":            {"Källa", "Source"},
	"head.severity":          {"Allvarlighet", "Severity"},
	"head.rule":              {"Regel", "Rule"},
	"head.sheet":             {"Blad", "Sheet"},
	"head.cell":              {"Cell", "Cell"},
	"head.message":           {"Meddelande", "Message"},
	"head.expected":          {"Förväntat", "Expected"},
	"head.actual":            {"Angivet", "Stated"},
	"head.sha256":            {"SHA-256", "SHA-256"},
	"head.size":              {"Storlek (byte)", "Size (bytes)"},
	"head.version":           {"Mallversion", "Template version"},
	"head.rows":              {"Rader {sheet}", "Rows {sheet}"},
	"sources.provenance":     {"Skapad av rapportkoll {version} med mallen {spec}; period {period}; --strict: {strict}.", "Made by rapportkoll {version} with the template {spec}; period {period}; --strict: {strict}."},
	"sources.history":        {"Historikens kedjevärde: {chain} (efter sammanställningens post {record} i {database})", "The history's chain value: {chain} (after the consolidation's record {record} in {database})"},
	"totals.title":           {"Kommunen totalt ({departments})", "Municipality total ({departments})"},
	"totals.source":          {"summa av {rows} från {departments}", "sum of {rows} from {departments}"},
	"totals.row":             {"Totalt", "Total"},
	"in_totals.yes":          {"ja", "yes"},
	"in_totals.no_data":      {"inga uppgifter lästa", "no data read"},
	"word.yes":               {"ja", "yes"},
	"word.no":                {"nej", "no"},
	"in_totals.no":           {"nej – {why}", "no – {why}"},
	"in_totals.unreadable":   {"oläsbar", "unreadable"},
	"in_totals.duplicate":    {"inlämnad två gånger", "submitted twice"},
	"in_totals.other_period": {"annan period", "other period"},
	"in_totals.strict":       {"avvisad (--strict)", "rejected (--strict)"},
	"in_totals.too_large":    {"för stort för sammanställningen: {sheets}", "too large for the consolidation: {sheets}"},

	"feedback.title":           {"Återkoppling: {dept}, {period}", "Feedback: {dept}, {period}"},
	"feedback.title.no_period": {"Återkoppling: {dept}", "Feedback: {dept}"},
	"feedback.file":            {"Fil: {file}", "File: {file}"},
	"feedback.status":          {"Status: {status} – {errors}, {warnings}, {info}.", "Status: {status} – {errors}, {warnings}, {info}."},
	"feedback.status.advice": {
		"Status: {status} – {errors}, {warnings}, {info}. Fel ska rättas; varningar ska kontrolleras.",
		"Status: {status} – {errors}, {warnings}, {info}. Errors must be corrected; warnings must be checked."},
	"feedback.to_fix":   {"Att rätta (fel)", "To correct (errors)"},
	"feedback.to_check": {"Att kontrollera (varningar)", "To check (warnings)"},
	"feedback.notes": {
		"{n} noteringar (avrundningar med mera) kräver ingen åtgärd.",
		"{n} notes (roundings and the like) need no action."},
	"feedback.notes.where": {" Alla står i {workbook}, bladet {sheet}.", " All are in {workbook}, sheet {sheet}."},
	"feedback.clean":       {"Inga fel eller varningar. Tack!", "No errors or warnings. Thank you!"},
	"feedback.place.file":  {"filen", "the file"},
	"feedback.no_workbook": {"Ingen återkopplingsarbetsbok gjordes: {reason}", "No feedback workbook was made: {reason}"},
	"feedback.no_workbook.error": {
		"rapportkoll kunde inte skriva in markeringarna i er arbetsbok ({err}). Fynden står nedan.",
		"rapportkoll could not mark the findings in your workbook ({err}). The findings are listed below."},
	"feedback.no_workbook.changed": {
		"Filen ändrades eller flyttades medan rapportkoll körde, så den kontrollerade filen kunde inte märkas. Kör sammanställningen igen.",
		"The file was changed or moved while rapportkoll ran, so the file checked could not be marked. Run the consolidation again."},
	"feedback.no_workbook.sheets": {
		"Arbetsboken har fler blad än rapportkoll läser. Ta bort de blad som inte hör till mallen; fynden står nedan.",
		"The workbook has more sheets than rapportkoll reads. Remove the sheets that are not part of the template; the findings are listed below."},
	"feedback.unmarked": {
		"Cellerna i bladet {sheet} markeras inte: bladen med fynd har mer än {limit} data, gränsen för markeringar. Bladets {n} fynd står bara i listan nedan, med cell.",
		"The cells of sheet {sheet} are not marked: the sheets with findings hold more than {limit} of data, the limit for marking. The sheet's {n} findings are only in the list below, with their cells."},

	"outdir.more": {" och {n} till", " and {n} more"},
	"outdir.is_input": {
		"utmappen {dir} är eller innehåller det som ska läsas ({paths}). Välj en utmapp utanför inlämningarna, till exempel -o ut.",
		"the output folder {dir} is or holds what is to be read ({paths}). Choose an output folder outside the submissions, for example -o ut."},
	"outdir.foreign": {
		"utmappen {dir} innehåller filer som rapportkoll inte har skrivit eller som har ändrats sedan dess ({paths}). rapportkoll tar aldrig bort sådana filer: välj en ny eller tom utmapp, eller flytta filerna därifrån. Inget ändrades.",
		"the output folder {dir} holds files rapportkoll did not write, or that were changed since ({paths}). rapportkoll never removes such files: choose a new or empty output folder, or move the files out of it. Nothing was changed."},
	"outdir.lock_file": {
		"En av dem är låsfilen för en arbetsbok som är öppen i Excel eller LibreOffice: stäng arbetsboken och kör igen.",
		"One of them is the lock file of a workbook open in Excel or LibreOffice: close the workbook and run again."},
	"outdir.not_dir": {
		"{dir} finns och är ingen mapp. Ange en ny mapp med -o. Inget ändrades.",
		"{dir} exists and is not a folder. Give a new folder with -o. Nothing was changed."},
	"outdir.mount": {
		"utmappen {dir} är en monteringspunkt och kan inte bytas ut i ett svep. Ange en mapp i den, till exempel -o {dir}/ut. Inget ändrades.",
		"the output folder {dir} is a mount point and cannot be replaced at once. Give a folder inside it, for example -o {dir}/ut. Nothing was changed."},
	"outdir.symlink": {
		"utmappen {dir} är en symbolisk länk. Ange mappen den pekar på, eller en ny mapp, med -o. Inget ändrades.",
		"the output folder {dir} is a symbolic link. Give the folder it points to, or a new folder, with -o. Nothing was changed."},
}
