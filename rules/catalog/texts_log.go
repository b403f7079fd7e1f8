package catalog

// Texts of the operator's log (cmd/rapportkoll, stderr) and of the lines
// around the findings in the terminal: a log line's message is a key
// "log.<what>", its field names keys "log.field.<name>", so that with
// --lang en the whole line is English, in the console and the JSON format.
func init() { add(logTexts); add(terminalTexts) }

var logTexts = map[string]Text{
	"log.checked":             {"kontrollerad", "checked"},
	"log.fallback":            {"bladet lästes med encoding/xml i stället för den snabba läsaren", "the sheet was read with encoding/xml instead of the fast reader"},
	"log.same_file":           {"samma fil angiven två gånger; den läses en gång", "the same file given twice; it is read once"},
	"log.skip_hidden":         {"hoppar över låsfil eller dold fil", "skipping a lock file or hidden file"},
	"log.skip_other":          {"hoppades över: ingen Excel-arbetsbok", "skipped: not an Excel workbook"},
	"log.period":              {"sammanställer en period; inlämningar av andra perioder räknas inte in i totalerna", "consolidating one period; submissions of other periods do not enter the totals"},
	"log.period.given":        {"angiven med --period", "given with --period"},
	"log.period.most":         {"flest inlämningar anger den", "most submissions state it"},
	"log.writing":             {"skriver sammanställning, återkoppling och rapporter", "writing the consolidation, feedback and reports"},
	"log.no_feedback":         {"ingen återkopplingsarbetsbok gjordes, bara texten, som säger varför", "no feedback workbook was made, only the text, which says why"},
	"log.written":             {"sammanställning skriven", "consolidation written"},
	"log.stored":              {"sparad i historiken", "stored in the history"},
	"log.changes_failed":      {"ändringarna sedan förra inlämningen kunde inte läsas ur historiken; se rapportkoll historik diff", "the changes since the previous submission could not be read from the history; see rapportkoll historik diff"},
	"log.stored_run":          {"sammanställningen sparad i historiken", "the consolidation stored in the history"},
	"log.db_error":            {"databasfel", "database error"},
	"log.template":            {"mall skriven", "template written"},
	"log.done":                {"klar på {duration}", "done in {duration}"},
	"log.field.file":          {"fil", "file"},
	"log.field.same_as":       {"samma_som", "same_as"},
	"log.field.department":    {"nämnd", "department"},
	"log.field.period":        {"period", "period"},
	"log.field.status":        {"status", "status"},
	"log.field.rows":          {"rader", "rows"},
	"log.field.findings":      {"fynd", "findings"},
	"log.field.took":          {"tid", "took"},
	"log.field.sheet":         {"blad", "sheet"},
	"log.field.submissions":   {"inlämningar", "submissions"},
	"log.field.chosen":        {"vald", "chosen"},
	"log.field.other_periods": {"andra_perioder", "other_periods"},
	"log.field.out_dir":       {"utmapp", "out_dir"},
	"log.field.files":         {"filer", "files"},
	"log.field.reason":        {"orsak", "reason"},
	"log.field.record":        {"post", "record"},
	"log.field.submission":    {"inlämning", "submission"},
	"log.field.chain":         {"kedja", "chain"},
	"log.field.database":      {"databas", "database"},
	"log.field.template":      {"mall", "template"},
	"log.field.reports":       {"rapporter", "reports"},
	"log.field.key":           {"nyckel", "key"},
	"log.field.role":          {"roll", "role"},
	"log.field.departments":   {"nämnder", "departments"},
	"log.field.open":          {"öppen", "open"},
	"log.field.address":       {"adress", "address"},
	"log.key_created":         {"nyckel skapad", "key created"},
	"log.key_revoked":         {"nyckel återkallad", "key revoked"},
	"log.period_departments":  {"periodens nämnder ändrade", "the period's departments changed"},
	"log.period_changed":      {"period ändrad", "period changed"},
	"log.serving":             {"webbsidan är igång", "the web page is up"},
	"log.served":              {"webbsidan avslutad", "the web page stopped"},
	"log.field.consolidation": {"sammanställning", "consolidation"},
	"log.prior.unusable":      {"föregående års fil kunde inte läsas eller anger inte nämnd och period; den jämförs inte med", "a file of last year could not be read or states no department and period; it is not compared with"},
	"log.prior.replaced":      {"två av föregående års filer gäller samma nämnd och period; den senare (i namnordning) används", "two of last year's files are for the same department and period; the later (in name order) is used"},
	"log.prior.read":          {"föregående års rapporter lästa", "last year's reports read"},
	"log.prior.db_error":      {"föregående års rapport kunde inte läsas ur historiken; den jämförs inte med", "last year's report could not be read from the history; it is not compared with"},
	"log.prior.from_db":       {"föregående års rapport hämtad ur historiken", "last year's report taken from the history"},
}

// terminalTexts are the lines of check's and consolidate's terminal
// output around the findings.
var terminalTexts = map[string]Text{
	"text.grouped": {
		"{lines} rader visar {findings} fynd; --alla-celler visar alla.",
		"{lines} lines show {findings} findings; --all-cells shows them all."},
	"sources.created": {
		"Körningens datum: {date} (SOURCE_DATE_EPOCH)",
		"Date of the run: {date} (SOURCE_DATE_EPOCH)"},
	"summary.total.one": {"1 fil: {status}.", "1 file: {status}."},
	"sources.prior.file": {
		"Föregående år jämfört med: {file} (SHA-256 {sha256}), {department}, {period} (--foregaende)",
		"Last year compared with: {file} (SHA-256 {sha256}), {department}, {period} (--foregaende)"},
	"sources.prior.submission": {
		"Föregående år jämfört med: historikens post {record}, {department}, {period} (senaste godkända inlämningen)",
		"Last year compared with: the history's record {record}, {department}, {period} (the latest accepted submission)"},
	"sources.prior.consolidation": {
		"Föregående år jämfört med: historikens post {record}, {department}, {period} (i sammanställning {consolidation})",
		"Last year compared with: the history's record {record}, {department}, {period} (in consolidation {consolidation})"},
}
