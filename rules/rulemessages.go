package rules

// ruleMessages are the messages of rule findings by key, in Swedish and
// English. Placeholders: {col} the column, {actual} the stated value,
// {expected} the computed one, and per key the ones named in its text.
var ruleMessages = map[string][2]string{
	"required": {
		`Uppgift saknas i "{col}". Fyll i cellen.`,
		`"{col}" is missing. Fill in the cell.`},
	"enum": {
		`"{actual}" är inget tillåtet värde i "{col}".{suggest} Tillåtna värden: {values}.`,
		`"{actual}" is not an allowed value of "{col}".{suggest} Allowed values: {values}.`},
	"enum.suggest": {
		` Menade du "{value}"?`,
		` Did you mean "{value}"?`},
	"format.email": {
		`"{actual}" är ingen giltig e-postadress. Skriv adressen som namn@exempel.se.`,
		`"{actual}" is not a valid e-mail address. Write it as name@example.com.`},
	"format.pattern": {
		`"{actual}" har fel form för "{col}". Skriv det som i mallen (till exempel "Helår 2023" eller "Delår april 2023").`,
		`"{actual}" is not in the form "{col}" takes. Write it as in the template (for example "Helår 2023" or "Delår april 2023").`},
	"range.min": {
		`"{col}" är {actual} men får inte vara mindre än {min}. Kontrollera tecknet och beloppet.`,
		`"{col}" is {actual} but may not be less than {min}. Check the sign and the amount.`},
	"range.max": {
		`"{col}" är {actual} men får inte vara större än {max}.`,
		`"{col}" is {actual} but may not be greater than {max}.`},
	"unique": {
		`"{actual}" finns redan på rad {row}. Varje rad ska ha ett eget namn i "{col}".`,
		`"{actual}" already appears in row {row}. Each row needs its own name in "{col}".`},
	"spec_version": {
		`Arbetsboken är gjord på mallversion {actual}, men den som gäller är {expected}. Fyll i den aktuella mallen.`,
		`The workbook uses template version {actual}, but the current one is {expected}. Fill in the current template.`},
	"exists_in": {
		`"{actual}" finns inte bland nämndmålen på bladet {sheet}. Skriv målet exakt som där.`,
		`"{actual}" is not among the goals on sheet {sheet}. Write the goal exactly as there.`},
	"required_rows": {
		`Raden "{label}" saknas. Lägg till den som i mallen.`,
		`The row "{label}" is missing. Add it as in the template.`},
	"rounding": {
		`Avrundningsdifferens {diff} i "{col}": beräknat {expected}, angivet {actual}. Godtas.`,
		`Rounding difference of {diff} in "{col}": computed {expected}, stated {actual}. Accepted.`},
	"tree.sum": {
		`"{col}" anger {actual}, men de {n} rader som ingår summerar till {expected}. Rätta summan eller raderna under.`,
		`"{col}" states {actual}, but the {n} rows that belong to it add up to {expected}. Correct the total or the rows below.`},
	"tree.parent": {
		`"{actual}" i "{col}" finns inte som rad i bladet. Skriv namnet exakt som på den överordnade raden, eller lämna cellen tom på totalraden.`,
		`"{actual}" in "{col}" is not a row of the sheet. Write the name exactly as on the parent row, or leave the cell empty on the total row.`},
	"tree.duplicate": {
		`Namnet "{actual}" finns redan på rad {row}, så "Ingår i" kan inte peka ut raden. Ge raderna olika namn.`,
		`The name "{actual}" already appears in row {row}, so "Ingår i" cannot point at it. Give the rows different names.`},
	"tree.cycle": {
		`Raderna bildar en cirkel genom "{col}": {path}. En rad kan inte ingå i sig själv; rätta "{col}".`,
		`The rows form a cycle through "{col}": {path}. A row cannot belong to itself; correct "{col}".`},
	"tree.incomplete": {
		`Kontrollen av trädet i "{col}" kunde inte slutföras: en tillfällig fil kunde inte skrivas eller läsas (orsaken står i fyndets värde). Frigör utrymme i mappen för tillfälliga filer och kör igen.`,
		`The check of the tree in "{col}" could not be completed: a temporary file could not be written or read (the finding's value gives the cause). Free space in the temporary folder and run again.`},
	"tree.roots": {
		`"{col}" är tomt, så raden är en totalrad, men bladet ska ha exakt en och har {n}; totalraden är "{root}" på rad {row}. Ange vilken rad den här raden ingår i.`,
		`"{col}" is empty, which makes the row a total row, but the sheet needs exactly one and has {n}; the total row is "{root}" in row {row}. Say which row this row belongs to.`},
	"tree.no_root": {
		`Bladet saknar totalrad: varje rad har ett "{col}". Lämna "{col}" tomt på totalraden.`,
		`The sheet has no total row: every row has "{col}" filled in. Leave "{col}" empty on the total row.`},
	"tree.limit": {
		`Fler än {max} olika rader anges i "{col}" som överordnade. Bara de första {max} kontrollerades; {n} rader som ingår i någon av de övriga kontrollerades inte (summor, okända namn och cirklar). Dela upp bladet, eller kontrollera de raderna själv.`,
		`More than {max} different rows are named as parents in "{col}". Only the first {max} were checked; {n} rows that belong to one of the others were not (sums, unknown names and cycles). Split the sheet, or check those rows yourself.`},
	"total_row": {
		`Summaraden anger {actual} i "{col}", men raderna ovan summerar till {expected}.`,
		`The total row states {actual} in "{col}", but the rows above add up to {expected}.`},
	"total_row.recompute": {
		`"{col}" på summaraden ska räknas från summorna ({expr}) och bli {expected}, men cellen anger {actual}.`,
		`"{col}" on the total row should be computed from the totals ({expr}), giving {expected}, but the cell states {actual}.`},
	"formula": {
		`"{col}" ska vara {expr} = {expected}, men cellen anger {actual}.`,
		`"{col}" should be {expr} = {expected}, but the cell states {actual}.`},
	"formula.zero_divisor": {
		`"{col}" kan inte beräknas när nämnaren är 0 ({expr}). Lämna cellen tom eller skriv -.`,
		`"{col}" cannot be computed when the divisor is 0 ({expr}). Leave the cell empty or write -.`},
	"compare": {
		`Villkoret {expr} är inte uppfyllt ({values}). Kontrollera värdena.`,
		`The condition {expr} does not hold ({values}). Check the values.`},
	"cross_sheet": {
		`"{col}" för "{row}" är {actual}, men totalraden på bladet {sheet} ({other}) anger {expected}. Beloppen ska vara lika.`,
		`"{col}" of "{row}" is {actual}, but the total row of sheet {sheet} ({other}) states {expected}. The amounts must agree.`},
	"summary": {
		`Sammanfattningen anger {actual} för "{key}", men detaljbladen ger {expected}.`,
		`The summary states {actual} for "{key}", but the detail sheets give {expected}.`},
	"target.parse": {
		`"{actual}" är inget mål som går att läsa. Skriv till exempel ≤38, >73,5 eller ≥975 per år.`,
		`"{actual}" is not a target that can be read. Write for example ≤38, >73,5 or ≥975 per år.`},
	"target.bare": {
		`Målet "{actual}" saknar jämförelsetecken och tolkas som "minst {value}" (≥). Skriv ≥ eller ≤ så att målet blir entydigt.`,
		`The target "{actual}" has no comparison sign and is read as "at least {value}" (≥). Write ≥ or ≤ to make it unambiguous.`},
	"target.previous_year": {
		`Utfall för {year} saknas; målet jämförs mot {used} års utfall ({actual}).`,
		`There is no outcome for {year}; the target is compared with the {used} outcome ({actual}).`},
	"target.assessment_not_met": {
		`Bedömningen "{actual}" stämmer inte: utfallet {outcome} ({year}) når inte målet {target}. Bedömningen ska vara "{expected}".`,
		`The assessment "{actual}" does not hold: the outcome {outcome} ({year}) does not meet the target {target}. It should be "{expected}".`},
	"target.assessment_met": {
		`Bedömningen "{actual}" stämmer inte: utfallet {outcome} ({year}) når målet {target}. Bedömningen ska vara "{expected}".`,
		`The assessment "{actual}" does not hold: the outcome {outcome} ({year}) meets the target {target}. It should be "{expected}".`},
	"rating": {
		`Nämndmålet bedöms "{rating}", men indikatorn "{indicator}" når inte sitt mål ({outcome} mot {target}). Kontrollera bedömningen.`,
		`The goal is rated "{rating}", but the indicator "{indicator}" does not meet its target ({outcome} against {target}). Check the rating.`},
}

// ruleMessage returns the message for key in lang.
func ruleMessage(key string, lang Lang) string {
	m, ok := ruleMessages[key]
	if !ok {
		return key
	}
	if lang == English {
		return m[1]
	}
	return m[0]
}
