package server

import (
	"strings"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// texts are the server's own words, in Swedish and English, looked up
// with say (TestTexts checks them as rules/catalog's tests check the
// catalogue); the findings' messages and the words of severities and
// statuses come from rules/catalog.
var texts = map[string]catalog.Text{
	"title":                  {SV: "rapportkoll – kontrollera och lämna in", EN: "rapportkoll – check and submit"},
	"skip":                   {SV: "Hoppa till innehållet", EN: "Skip to content"},
	"lang.other":             {SV: "In English", EN: "På svenska"},
	"login.heading":          {SV: "Logga in", EN: "Log in"},
	"login.intro":            {SV: "Ange åtkomstnyckeln du har fått av ekonomiavdelningen.", EN: "Enter the access key the finance department gave you."},
	"login.key":              {SV: "Åtkomstnyckel", EN: "Access key"},
	"login.button":           {SV: "Logga in", EN: "Log in"},
	"logout.button":          {SV: "Logga ut", EN: "Log out"},
	"login.failed":           {SV: "Nyckeln är okänd eller återkallad. Kontrollera att du har klistrat in hela nyckeln, eller be ekonomiavdelningen om en ny.", EN: "The key is unknown or revoked. Check that you pasted the whole key, or ask the finance department for a new one."},
	"login.ratelimit":        {SV: "För många inloggningar den senaste minuten. Vänta en minut och försök igen.", EN: "Too many logins in the last minute. Wait a minute and try again."},
	"login.full":             {SV: "Servern har för många inloggade just nu. Försök igen om en stund, eller skicka nyckeln som Authorization: Bearer.", EN: "The server has too many logged-in users just now. Try again in a while, or send the key as Authorization: Bearer."},
	"login.needed":           {SV: "Logga in med din åtkomstnyckel först (på startsidan), eller skicka nyckeln som Authorization: Bearer.", EN: "Log in with your access key first (on the start page), or send the key as Authorization: Bearer."},
	"who.department":         {SV: "Inloggad för {name}", EN: "Logged in for {name}"},
	"who.ekonomi":            {SV: "Inloggad som ekonomiavdelningen", EN: "Logged in as the finance department"},
	"who.revisor":            {SV: "Inloggad som revisor (bara läsa)", EN: "Logged in as auditor (read-only)"},
	"upload.heading":         {SV: "Kontrollera en arbetsbok", EN: "Check a workbook"},
	"upload.intro":           {SV: "Välj nämndens ifyllda arbetsbok (.xlsx). Kontrollen sparar ingenting; lämna in när du är nöjd.", EN: "Choose the department's filled-in workbook (.xlsx). The check stores nothing; submit when you are satisfied."},
	"upload.file":            {SV: "Arbetsbok (.xlsx)", EN: "Workbook (.xlsx)"},
	"upload.check":           {SV: "Kontrollera", EN: "Check"},
	"upload.submit":          {SV: "Kontrollera och lämna in", EN: "Check and submit"},
	"nav.period":             {SV: "Periodsida", EN: "Period page"},
	"nav.period.label":       {SV: "Period, till exempel Helår 2023", EN: "Period, for example Helår 2023"},
	"nav.period.go":          {SV: "Visa perioden", EN: "Show the period"},
	"nav.history":            {SV: "Nämndens historik", EN: "The department's history"},
	"nav.start":              {SV: "Till startsidan", EN: "Back to the start page"},
	"result.heading":         {SV: "Resultat för {file}", EN: "Result for {file}"},
	"verdict.accepted":       {SV: "Godkänd", EN: "Accepted"},
	"verdict.warnings":       {SV: "Godkänd med varningar", EN: "Accepted with warnings"},
	"verdict.rejected":       {SV: "Underkänd", EN: "Rejected"},
	"verdict.unread":         {SV: "Underkänd – filen kunde inte läsas", EN: "Rejected – the file could not be read"},
	"counts.heading":         {SV: "Antal fynd per flik", EN: "Findings per sheet"},
	"counts.sheet":           {SV: "Flik", EN: "Sheet"},
	"counts.errors":          {SV: "Fel", EN: "Errors"},
	"counts.warnings":        {SV: "Varningar", EN: "Warnings"},
	"counts.infos":           {SV: "Info", EN: "Info"},
	"counts.total":           {SV: "Totalt", EN: "Total"},
	"counts.workbook":        {SV: "(arbetsboken)", EN: "(the workbook)"},
	"rules.passed":           {SV: "{passed} av {evaluated} kontrollerade regler uppfyllda.", EN: "{passed} of {evaluated} rules checked were met."},
	"findings.heading":       {SV: "Fynd", EN: "Findings"},
	"findings.none":          {SV: "Inga fynd: allt stämmer.", EN: "No findings: everything checks out."},
	"col.sheet":              {SV: "Flik", EN: "Sheet"},
	"col.cell":               {SV: "Cell", EN: "Cell"},
	"col.severity":           {SV: "Allvarlighet", EN: "Severity"},
	"col.message":            {SV: "Meddelande", EN: "Message"},
	"col.expected":           {SV: "Förväntat", EN: "Expected"},
	"col.actual":             {SV: "Angivet", EN: "Actual"},
	"download":               {SV: "Ladda ner återkoppling", EN: "Download feedback"},
	"download.none":          {SV: "Ingen återkopplingsarbetsbok för den här filen: den är för stor eller har för många blad för att märkas. Fynden på resultatsidan gäller ändå; rätta dem i er arbetsbok.", EN: "No feedback workbook for this file: it is too large or has too many sheets to be marked. The findings on the result page hold all the same; correct them in your workbook."},
	"download.gone":          {SV: "Den kontrollerade filen finns inte längre i minnet (den sparas en stund efter kontrollen). Kontrollera filen igen.", EN: "The checked file is no longer in memory (it is kept a while after the check). Check the file again."},
	"submit":                 {SV: "Lämna in", EN: "Submit"},
	"receipt.heading":        {SV: "Kvitto: inlämnad", EN: "Receipt: submitted"},
	"receipt.seq":            {SV: "Inlämning nummer", EN: "Submission number"},
	"receipt.record":         {SV: "Post i historiken", EN: "Record in the history"},
	"receipt.sha":            {SV: "SHA-256 för filen", EN: "SHA-256 of the file"},
	"receipt.chain":          {SV: "Kedjans värde", EN: "Chain value"},
	"receipt.time":           {SV: "Mottagen", EN: "Received"},
	"changes.heading":        {SV: "Ändrat sedan inlämning {seq}", EN: "Changed since submission {seq}"},
	"changes.none":           {SV: "Inga värden eller fynd har ändrats.", EN: "No values or findings have changed."},
	"changes.value":          {SV: "{sheet} {cell}: {from} → {to}", EN: "{sheet} {cell}: {from} → {to}"},
	"changes.fixed":          {SV: "Åtgärdat: {n} fynd", EN: "Fixed: {n} findings"},
	"changes.new":            {SV: "Nya fynd: {n}", EN: "New findings: {n}"},
	"changes.rows":           {SV: "Rader tillagda: {added}, borttagna: {removed}", EN: "Rows added: {added}, removed: {removed}"},
	"period.heading":         {SV: "Period {period}", EN: "Period {period}"},
	"period.open":            {SV: "Perioden är öppen för inlämning.", EN: "The period is open for submissions."},
	"period.closed":          {SV: "Perioden är stängd.", EN: "The period is closed."},
	"period.unknown":         {SV: "Perioden är inte öppnad (rapportkoll period oppna).", EN: "The period has not been opened (rapportkoll period oppna)."},
	"period.department":      {SV: "Nämnd", EN: "Department"},
	"period.seq":             {SV: "Inlämning", EN: "Submission"},
	"period.status":          {SV: "Status", EN: "Status"},
	"period.time":            {SV: "Tid", EN: "Time"},
	"period.link":            {SV: "Fynd", EN: "Findings"},
	"period.missing":         {SV: "saknas", EN: "missing"},
	"period.unlisted":        {SV: "(inte i registret)", EN: "(not in the register)"},
	"period.summary":         {SV: "{done} av {expected} förväntade nämnder har lämnat in.", EN: "{done} of {expected} expected departments have submitted."},
	"history.heading":        {SV: "Historik för {department}", EN: "History of {department}"},
	"history.none":           {SV: "Inga inlämningar ännu.", EN: "No submissions yet."},
	"history.file":           {SV: "Fil", EN: "File"},
	"history.period":         {SV: "Period", EN: "Period"},
	"record.heading":         {SV: "Inlämning {seq} från {department}, {period}", EN: "Submission {seq} from {department}, {period}"},
	"period.open.button":     {SV: "Öppna perioden", EN: "Open the period"},
	"period.close.button":    {SV: "Stäng perioden", EN: "Close the period"},
	"nav.verify":             {SV: "Kontrollera historikens kedja", EN: "Check the history's chain"},
	"verify.heading":         {SV: "Historikens kedja", EN: "The history's chain"},
	"verify.ok":              {SV: "Alla {n} poster stämmer: varje posts hash och kedjan är hela.", EN: "All {n} records check out: every record's hash and the chain are intact."},
	"verify.broken":          {SV: "Historiken stämmer inte: post {id} ({department}, {period}) {reason}. {n} poster kontrollerades. Kontakta den som förvaltar databasen.", EN: "The history does not check out: record {id} ({department}, {period}) {reason}. {n} records were checked. Contact whoever runs the database."},
	"verify.reason.hash":     {SV: "har ändrats efter att den sparades", EN: "was changed after it was stored"},
	"verify.reason.chain":    {SV: "följer inte på posten före i kedjan", EN: "does not follow from the record before it in the chain"},
	"verify.reason.gap":      {SV: "har poster före sig som saknas", EN: "has records before it missing"},
	"verify.reason.order":    {SV: "har fel inlämningsnummer", EN: "has the wrong submission number"},
	"consolidation.heading":  {SV: "Sammanställning {id} för {period}", EN: "Consolidation {id} of {period}"},
	"consolidations.heading": {SV: "Sammanställningar av perioden", EN: "Consolidations of the period"},
	"consolidations.created": {SV: "Gjord", EN: "Made"},
	"consolidations.strict":  {SV: "Strikt (--strict)", EN: "Strict (--strict)"},
	"consolidations.inputs":  {SV: "Filer", EN: "Files"},
	"consolidation.intotals": {SV: "I totalerna", EN: "In the totals"},
	"consolidation.notkept":  {SV: "(inte sparad)", EN: "(not stored)"},
	"error.heading":          {SV: "Det gick inte", EN: "That did not work"},
	"err.nofile":             {SV: "Ingen fil skickades. Välj arbetsboken i fältet Arbetsbok (formulärfältet fil) och försök igen.", EN: "No file was sent. Choose the workbook in the Workbook field (form field fil) and try again."},
	"err.notmultipart":       {SV: "Filen måste skickas som ett formulär (multipart/form-data) med fältet fil.", EN: "The file must be sent as a form (multipart/form-data) with the field fil."},
	"err.toolarge":           {SV: "Filen är för stor: högst {limit} tas emot, för hela begäran (filen och formulärets övriga fält), så filen måste vara något mindre. Kontrollera att det är nämndens arbetsbok; ta bort bilder och extra blad och försök igen.", EN: "The file is too large: at most {limit} is accepted, for the whole request (the file and the form's other fields), so the file must be somewhat smaller. Check that it is the department's workbook; remove pictures and extra sheets and try again."},
	"err.busy":               {SV: "Servern kontrollerar många filer just nu. Vänta en minut och försök igen.", EN: "The server is checking many files just now. Wait a minute and try again."},
	"err.ratelimit":          {SV: "Du har kontrollerat eller laddat ner fler än {n} filer den senaste minuten. Vänta en minut och försök igen.", EN: "You have checked or downloaded more than {n} files in the last minute. Wait a minute and try again."},
	"err.uploadsperkey":      {SV: "Du skickar redan {n} filer samtidigt med den här nyckeln. Vänta tills de är klara och försök igen.", EN: "You are already sending {n} files at once with this key. Wait until they are done and try again."},
	"err.slowbody":           {SV: "Filen kom fram för långsamt och togs inte emot. Försök igen, helst på en snabbare förbindelse.", EN: "The file arrived too slowly and was not accepted. Try again, preferably on a faster connection."},
	"err.treespill":          {SV: "för många namn för webbsidan; kontrollera filen med rapportkoll check", EN: "too many names for the web page; check the file with rapportkoll check"},
	"err.readbody":           {SV: "Filen kom inte fram hela. Försök igen.", EN: "The file did not arrive whole. Try again."},
	"err.forbidden":          {SV: "Din nyckel ger inte tillgång till den här sidan.", EN: "Your key does not give access to this page."},
	"err.onlydept":           {SV: "Bara en nämnds nyckel kan lämna in. Ekonomi och revisorer kan kontrollera men inte lämna in.", EN: "Only a department's key can submit. Finance and auditors can check but not submit."},
	"err.otherdept":          {SV: "Arbetsboken gäller {file_department} (bladet Info), men din nyckel gäller {department}. Lämna in er egen nämnds arbetsbok, eller rätta Nämnd på bladet Info.", EN: "The workbook is for {file_department} (sheet Info), but your key is for {department}. Submit your own department's workbook, or correct Nämnd on the sheet Info."},
	"err.nodept":             {SV: "Arbetsboken anger ingen nämnd på bladet Info. Fyll i Nämnd och försök igen.", EN: "The workbook names no department on the sheet Info. Fill in Nämnd and try again."},
	"err.noperiod":           {SV: "Arbetsboken anger ingen period på bladet Info. Fyll i Period, till exempel Helår 2023, och försök igen.", EN: "The workbook names no period on the sheet Info. Fill in Period, for example Helår 2023, and try again."},
	"err.periodclosed":       {SV: "Perioden {period} är stängd för inlämning. Kontakta ekonomiavdelningen om du behöver lämna in ändå.", EN: "The period {period} is closed for submissions. Contact the finance department if you still need to submit."},
	"err.periodnotopen":      {SV: "Perioden {period} är inte öppen för inlämning (kontrollera Period på bladet Info, cellen {cell}). Kontakta ekonomiavdelningen.", EN: "The period {period} is not open for submissions (check Period on the sheet Info, cell {cell}). Contact the finance department."},
	"err.store":              {SV: "Inlämningen kunde inte sparas just nu (databasen svarade inte). Inget sparades; försök igen om en stund.", EN: "The submission could not be stored just now (the database did not answer). Nothing was stored; try again in a while."},
	"err.crossorigin":        {SV: "Begäran kom från en annan webbplats och vägrades. Använd formuläret på den här sidan.", EN: "The request came from another site and was refused. Use the form on this page."},
	"err.periodname":         {SV: "Periodens namn går inte att använda: ange till exempel Helår 2023 (bokstäver eller siffror, inga styrtecken, högst {max} tecken).", EN: "The period's name cannot be used: give for example Helår 2023 (letters or digits, no control characters, at most {max} characters)."},
	"err.method":             {SV: "Sidan tar inte emot metoden {method}, bara {allow}.", EN: "The page does not take the method {method}, only {allow}."},
	"err.notfound":           {SV: "Sidan finns inte.", EN: "The page does not exist."},
	"err.norecord":           {SV: "Inlämningen finns inte.", EN: "The submission does not exist."},
}

// say returns key's text in lang, with the {name} placeholders of kv filled
// in; an unknown key gives ‹key›.
func say(lang rules.Lang, key string, kv ...string) string {
	t, ok := texts[key]
	if !ok {
		return "‹" + key + "›"
	}
	s := t.In(lang)
	for i := 0; i+1 < len(kv); i += 2 {
		s = strings.ReplaceAll(s, "{"+kv[i]+"}", kv[i+1])
	}
	return s
}
