package catalog

// Texts of the comparison with last year's report (the previous_year
// rule kind and rules.Prior), in one block of their own.
func init() { add(priorTexts) }

var priorTexts = map[string]Text{
	"rule.previous_year": {
		`"{col}" för "{row}" är {actual}, men föregående års rapport ({prior}) anger {expected} i "{other}" ({cell}); skillnad {diff}. Har siffran räknats om, förklara det i rapportens kommentar; annars rätta den.`,
		`"{col}" of "{row}" is {actual}, but last year's report ({prior}) states {expected} in "{other}" ({cell}); a difference of {diff}. If the figure was restated, explain it in the report's comments; otherwise correct it.`},
	"rule.previous_year.rounding": {
		`Avrundningsdifferens {diff} i "{col}" för "{row}": föregående års rapport ({prior}) anger {expected} i "{other}" ({cell}), angivet {actual}. Godtas.`,
		`Rounding difference of {diff} in "{col}" of "{row}": last year's report ({prior}) states {expected} in "{other}" ({cell}), stated {actual}. Accepted.`},
	"rule.previous_year.missing": {
		`"{col}" för "{row}" kunde inte jämföras med föregående år: föregående års rapport ({prior}) har ingen rad "{row}" med ett värde i "{other}". Är raden ny eller har den bytt namn, står det i mallens regel (renamed); annars stäm av siffran själv.`,
		`"{col}" of "{row}" could not be compared with last year: last year's report ({prior}) has no row "{row}" with a value in "{other}". If the row is new or was renamed, the template's rule says so (renamed); otherwise check the figure yourself.`},
	"rule.previous_year.none": {
		`"{col}" jämfördes inte med föregående år: det finns ingen rapport från {dept} för {period} att jämföra med. Ingen åtgärd behövs: jämförs när föregående års rapport ges (--foregaende eller --db).`,
		`"{col}" was not compared with last year: there is no report of {dept} for {period} to compare with. No action needed: compared once last year's report is given (--foregaende or --db).`},
	"rule.previous_year.no_sheet": {
		`"{col}" jämfördes inte med föregående år: föregående års rapport ({prior}) saknar bladet eller dess rader.`,
		`"{col}" was not compared with last year: last year's report ({prior}) lacks the sheet or its rows.`},
	"rule.previous_year.unknown": {
		`"{col}" jämfördes inte med föregående år: rapporten anger inte nämnd och period med årtal, så föregående års rapport kan inte hittas. Fyll i nämnd och period på bladet med rapportens uppgifter.`,
		`"{col}" was not compared with last year: the report does not state its department and a period with a year, so last year's report cannot be found. Fill in the department and period on the sheet with the report's details.`},
	"prior.source.file": {
		"{file}, {period}",
		"{file}, {period}"},
	"prior.source.consolidation": {
		"{file}, {period}, i historikens sammanställning {n}",
		"{file}, {period}, in the history's consolidation {n}"},
	"prior.source.submission": {
		"{file}, {period}, inlämning {n} i historiken",
		"{file}, {period}, submission {n} in the history"},
}
