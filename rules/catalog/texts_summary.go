package catalog

func init() { add(summaryTexts) }

// summaryTexts are the texts of Sammanställning.xlsx's marks, totals
// statements, Översikt's summary and charts, and its printed headers.
var summaryTexts = map[string]Text{
	// a mark on a cell: the finding and where it is in the department's workbook
	"mark.comment":          {"{severity}: {message} ({file}: {sheet}!{cell})", "{severity}: {message} ({file}: {sheet}!{cell})"},
	"mark.severity.error":   {"Fel", "Error"},
	"mark.severity.warning": {"Varning", "Warning"},
	"mark.uncommented": {
		"{n} markerade celler har ingen kommentar: bara de första {max} markeringarna får en. Fynden står alla i listan ovan.",
		"{n} marked cells have no comment: only the first {max} marks get one. Every finding is in the list above."},

	// which submissions the totals cover
	"totals.default": {
		"Totalerna omfattar alla läsbara inlämningar för perioden, även avvisade: deras fel är markerade i cellerna (röda fel, gula varningar). Med --strict räknas bara godkända inlämningar. En inlämning utan uppgifter, inlämnad två gånger eller för en annan period räknas aldrig.",
		"The totals cover every readable submission for the period, rejected ones included: their errors are marked in the cells (red errors, yellow warnings). With --strict only accepted submissions count. A submission without data, submitted twice or for another period never counts."},
	"totals.default.strict": {
		"Totalerna omfattar bara godkända inlämningar (--strict). Avvisade inlämningar står på sina rader med felen markerade men räknas inte. En inlämning utan uppgifter, inlämnad två gånger eller för en annan period räknas aldrig.",
		"The totals cover accepted submissions only (--strict). Rejected submissions are listed on their rows with their errors marked but do not count. A submission without data, submitted twice or for another period never counts."},
	"totals.covers":        {"Totalen omfattar: {departments}.", "The total covers: {departments}."},
	"totals.covers.none":   {"Totalen omfattar ingen nämnd.", "The total covers no department."},
	"totals.left_out":      {"Utelämnade: {list}.", "Left out: {list}."},
	"totals.not_on_sheet":  {"inga rader på bladet", "no rows on this sheet"},
	"totals.reason.strict": {"avvisad, --strict", "rejected, --strict"},
	"totals.with_errors":   {"{departments} ingår trots fel; se de markerade cellerna.", "{departments} included despite errors; see the marked cells."},
	"totals.only_in":       {"bara hos {departments}", "only from {departments}"},
	"totals.several_rows":  {"summa av flera rader hos {departments}", "sum of several rows from {departments}"},
	"totals.mark.flagged": {
		"Summan innehåller värden som är markerade med fel eller varning: {cells}.",
		"The sum includes values marked with an error or a warning: {cells}."},
	"totals.mark.missing": {
		"Summan saknar värden som inte kunde läsas: {cells}. Rätta dem i nämndens arbetsbok och sammanställ igen.",
		"The sum lacks values that could not be read: {cells}. Correct them in the department's workbook and consolidate again."},
	"in_totals.yes_errors": {
		"ja, trots fel (--strict utesluter)",
		"yes, despite errors (--strict leaves it out)"},

	// Översikt
	"overview.total":         {"Kommunen totalt", "Municipality total"},
	"overview.total.covers":  {"{n} nämnder i totalen", "{n} departments in the total"},
	"overview.total.no_root": {"utan en rad för hela nämnden i {sheet}, så inte i denna summa: {departments}", "without one row for the whole department in {sheet}, so not in this sum: {departments}"},
	"overview.chart.budget":  {"Budget och utfall per nämnd (tkr)", "Budget and outcome per department (tkr)"},
	"overview.chart.deviate": {"Avvikelse per nämnd (tkr)", "Deviation per department (tkr)"},

	// printed header and footer
	"print.header": {"Sammanställning {spec}", "Sammanställning {spec}"}, // the name of the file, in English too
	"print.footer": {"Sida &P av &N", "Page &P of &N"},
}
