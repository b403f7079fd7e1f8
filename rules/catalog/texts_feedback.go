package catalog

// Texts of a department's feedback (exporter/feedback*.go): what to do per
// severity, the notes' list in the text, and the page header and footer of
// the printed feedback workbook.
func init() { add(feedbackTexts) }

var feedbackTexts = map[string]Text{
	"feedback.advice.error": {
		`Fel ({n}) ska rättas: rapporten godkänns inte förrän de är rättade.`,
		`Errors ({n}) must be corrected: the report is not accepted until they are.`},
	"feedback.advice.warning": {
		`Varningar ({n}) ska kontrolleras: rätta värdet, eller låt det stå om det stämmer.`,
		`Warnings ({n}) must be checked: correct the value, or leave it if it is right.`},
	"feedback.advice.info": {
		`Noteringar ({n}) påverkar inte godkännandet. Gör det som en notering ber om (till exempel att skriva in tal som tal); övriga, som avrundningsdifferenser, kräver ingen åtgärd.`,
		`Notes ({n}) do not affect acceptance. Do what a note asks (for example, enter numbers as numbers); the others, such as rounding differences, need no action.`},
	"feedback.notes.title": {`Noteringar (info)`, `Notes (info)`},
	"feedback.changes": {
		`Sedan förra inlämningen (nr {since}): {fixed} fynd åtgärdade, {new} nya fynd, {figures} värden ändrade, {added} rader tillagda, {removed} borttagna.`,
		`Since the previous submission (no. {since}): {fixed} findings fixed, {new} new findings, {figures} figures changed, {added} rows added, {removed} removed.`},
	"feedback.changes.same": {
		`Samma fil som förra inlämningen (nr {since}): inget har ändrats.`,
		`The same file as the previous submission (no. {since}): nothing changed.`},
	"feedback.changes.fixed":  {`  Åtgärdat: {line}`, `  Fixed: {line}`},
	"feedback.changes.new":    {`  Nytt: {line}`, `  New: {line}`},
	"feedback.changes.figure": {`  Ändrat: {line}`, `  Changed: {line}`},
	"feedback.changes.more":   {`  … och {n} till.`, `  … and {n} more.`},
	"feedback.notes.more": {
		`… och {n} noteringar till.`,
		`… and {n} more notes.`},
	"feedback.list.where": {
		`Alla fynd står i {workbook}, bladet {sheet}, med länkar till cellerna, som är markerade.`,
		`Every finding is in {workbook}, sheet {sheet}, with links to the cells, which are marked.`},
	"feedback.list.where.file": {
		`Fynden står också i {workbook}, bladet {sheet}.`,
		`The findings are also in {workbook}, sheet {sheet}.`},
	"feedback.print.header":           {`Återkoppling – {dept} – {period}`, `Feedback – {dept} – {period}`},
	"feedback.print.header.no_period": {`Återkoppling – {dept}`, `Feedback – {dept}`},
	"feedback.print.footer":           {`Sida &P av &N`, `Page &P of &N`},
}
