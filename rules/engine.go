package rules

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/expr"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// Evaluate runs every rule of the spec over the tables of one submission
// held in memory (by spec sheet name; a missing sheet's rules are skipped,
// its absence being an import finding already): it feeds each table's rows
// to a Session. It returns the findings and, for every rule, how often it
// was evaluated and how often it failed, and the computed assessment of
// every target measured against an outcome.
func Evaluate(s *spec.Spec, tables map[string]*importer.Table, opt SessionOptions) (Findings, []Check, Assessments) {
	ss := NewSession(s, opt)
	for _, sh := range ReadOrder(s) {
		t := tables[sh.Name]
		if t == nil {
			continue
		}
		run := ss.Begin(sh, t, nil)
		for _, r := range t.Rows {
			run.feed(r)
		}
		run.End()
	}
	return ss.Finish()
}

// Assessments are computed target results: spec sheet → row → the
// assessment the rule's met or not_met text gives ("Uppnått").
type Assessments map[string]map[int]string

func (e *evaluator) assessments() Assessments {
	out := Assessments{}
	for _, t := range e.targets {
		if out[t.sheet] == nil {
			out[t.sheet] = map[int]string{}
		}
		word := t.notMet
		if t.met {
			word = t.metWord
		}
		out[t.sheet][t.row.Num] = word
	}
	return out
}

// kindDef is a rule kind as rules runs it: how it evaluates a rule on a
// table, and the message keys of its findings (each in sv and en).
type kindDef struct {
	run      func(ruleCtx) runner
	messages []string
}

// kinds maps a rule kind to its evaluation. Each kind fills it, with
// registerKind, from the init of the file that holds its run function.
var kinds = map[string]kindDef{}

// registerKind declares a rule kind to spec (what it needs of the spec)
// and to the evaluator (how it runs, which messages it uses).
func registerKind(info spec.KindInfo, run func(ruleCtx) runner, messages ...string) {
	spec.RegisterKind(info)
	kinds[info.Name] = kindDef{run: run, messages: messages}
}

type evaluator struct {
	spec     *spec.Spec
	lang     Lang
	tables   map[string]*importer.Table
	findings Findings
	checks   map[string]*Check
	order    []string
	year     int                  // the report year, from Info!Period
	targets  []targetResult       // outcomes against targets, for rating rules
	file     string               // the submission's file name
	texts    map[string]string    // expressions rendered for messages
	shown    map[string]int       // findings kept per rule and sheet
	hidden   map[string]int       // findings left out per rule and sheet
	labels   map[*string][]string // normalized label lists, by their first element
	// priors are last year's reports; department and period are this
	// report's, from its identity sheet (read first).
	priors             *Priors
	department, period string
}

// prior returns last year's report of this submission's department, or nil.
func (e *evaluator) prior() *Prior { return e.priors.For(e.department, e.period) }

// maxPerRule is how many findings of one rule on one sheet are listed; the
// rest are counted in one line, so a broken sheet of a million rows gives a
// readable report.
const maxPerRule = 50

// ruleCtx is one rule being evaluated on one table.
type ruleCtx struct {
	e     *evaluator
	sheet *spec.Sheet
	t     *importer.Table
	r     *spec.Rule
	// fetch returns rows of t by number, read again when t did not keep
	// them (a large sheet evaluated as it streamed past).
	fetch func(nums map[int]bool) map[int]importer.Row
	// spillAfter is how many names a tree keeps in memory before it moves
	// them to a temporary file; 0 keeps them all (a sheet kept whole).
	spillAfter int
	// maxParents is how many distinct parents a tree follows; 0 means
	// DefaultTreeParents.
	maxParents int
	// spill gives a tree its temporary storage for names (nil: none).
	spill func() (SpillFile, error)
	// check is the rule's entry in e.checks, when Begin made the context
	// (nil: looked up there); totals says whether the sheet has
	// total_row rules, when known. Both are asked on every row.
	check  *Check
	totals totalsKnown
}

// totalsKnown says whether a sheet has total_row rules.
type totalsKnown uint8

const (
	totalsUnknown totalsKnown = iota
	totalsNone
	totalsSome
)

// sheetTotals says whether sh has total_row rules.
func sheetTotals(sh *spec.Sheet) totalsKnown {
	for k := range sh.Rules {
		if sh.Rules[k].NamesTotalRows() {
			return totalsSome
		}
	}
	return totalsNone
}

func (rc ruleCtx) evaluated() {
	if rc.check != nil {
		rc.check.Evaluated++
		return
	}
	rc.e.checks[rc.r.ID].Evaluated++
}

func (rc ruleCtx) severity() Severity {
	switch rc.r.Severity {
	case "warning":
		return Warning
	case "info":
		return Info
	}
	return Error
}

// args are the placeholders of a message.
type args map[string]string

// fail records a failed evaluation at ref with the rule's severity.
func (rc ruleCtx) fail(ref importer.Ref, key string, a args, expected, actual string) {
	rc.e.checks[rc.r.ID].Failed++
	rc.add(rc.severity(), ref, key, a, expected, actual)
}

// failHidden counts n further failures that the finding limit leaves
// out of the list.
func (rc ruleCtx) failHidden(n int) { rc.failHiddenOf("", n) }

// failHiddenOf is failHidden for the findings of message key, which has
// a limit of its own (ownLimit).
func (rc ruleCtx) failHiddenOf(key string, n int) {
	if n == 0 {
		return
	}
	rc.e.checks[rc.r.ID].Failed += n
	rc.e.hidden[rc.r.ID+"\x00"+rc.t.Sheet+"\x00"+ownLimit[key]] += n
}

// ownLimit names the message keys whose findings are limited apart from
// the rest of their rule's, so that one kind of mistake in a tree (many
// unknown parents) cannot hide another (a second root, a cycle).
var ownLimit = map[string]string{"tree.roots": "tree.roots", "tree.no_root": "tree.no_root",
	"tree.cycle": "tree.cycle", "tree.limit": "tree.limit", "tree.incomplete": "tree.incomplete"}

// note records an info finding that is not a failure (a rounding
// difference, a reading of the rule worth knowing).
func (rc ruleCtx) note(ref importer.Ref, key string, a args, expected, actual string) {
	rc.add(Info, ref, key, a, expected, actual)
}

func (rc ruleCtx) add(sev Severity, ref importer.Ref, key string, a args, expected, actual string) {
	ref.File = baseName(ref.File)
	limit := rc.r.ID + "\x00" + ref.Sheet + "\x00" + ownLimit[key]
	if rc.e.shown[limit] >= maxPerRule {
		rc.e.hidden[limit]++
		return // counted, and no message made
	}
	rc.e.shown[limit]++
	if a == nil {
		a = args{}
	}
	a["expected"], a["actual"] = rc.num(expected), rc.num(actual)
	if _, ok := a["col"]; !ok {
		a["col"] = rc.r.Column
	}
	msg := ruleMessage(key, rc.e.lang)
	if m := rc.r.Message[string(rc.e.lang)]; m != "" && key == rc.r.Kind {
		msg = m
	}
	rc.e.findings = append(rc.e.findings, Finding{
		Severity: sev, Rule: rc.r.ID, Ref: ref, Expected: expected, Actual: actual,
		Message: catalog.ReplaceFunc(msg, func(name string) (string, bool) {
			v, ok := a[name]
			return clip(v), ok // the whole value stays in Actual
		}),
	})
}

// exprText renders a declared expression for messages, once.
func (e *evaluator) exprText(src string) string {
	if e.texts == nil {
		e.texts = map[string]string{}
	}
	t, ok := e.texts[src]
	if !ok {
		t = exprText(src)
		e.texts[src] = t
	}
	return t
}

// flushHidden adds one info finding per rule and sheet whose findings
// were cut off, saying how many were left out.
func (e *evaluator) flushHidden() {
	for _, key := range slices.Sorted(maps.Keys(e.hidden)) {
		id, rest, _ := strings.Cut(key, "\x00")
		sheet, _, _ := strings.Cut(rest, "\x00")
		msg := strings.NewReplacer("{count}", strconv.Itoa(e.hidden[key]), "{text}", id).
			Replace(tr(e.lang, string(importer.MoreProblems)))
		e.findings = append(e.findings, Finding{Severity: Info, Rule: id, Message: msg,
			Ref: importer.Ref{File: e.file, Sheet: sheet}})
	}
}

// num renders a plain decimal string for a message in the user's language;
// other text is left alone.
func (rc ruleCtx) num(s string) string {
	if d, err := parseDec(s); err == nil {
		return numText(d, rc.e.lang)
	}
	return s
}

// ref returns where a value of the rule's table came from.
func (rc ruleCtx) ref(v importer.Value) importer.Ref { return rc.t.Ref(v) }

// rowRef is a whole row of the rule's table.
func (rc ruleCtx) rowRef(row int) importer.Ref {
	return importer.Ref{File: rc.t.File, Sheet: rc.t.Sheet, Row: row}
}

// sheetRef is the rule's sheet.
func (rc ruleCtx) sheetRef() importer.Ref { return importer.Ref{File: rc.t.File, Sheet: rc.t.Sheet} }

// parse returns a declared expression's tree; the spec loader has checked it.
// It is parsed once for every session (parseRule), not once per workbook.
func (e *evaluator) parse(src string) expr.Node {
	n, err := parseRule(src)
	if err != nil {
		return nil
	}
	return n
}

// when reports whether the rule applies to row r.
func (rc ruleCtx) when(r importer.Row) bool {
	if rc.r.When == "" {
		return true
	}
	n := rc.e.parse(rc.r.When)
	if n == nil {
		return false
	}
	v, err := evalCtx{env: rowEnv{t: rc.t, r: r}, spec: rc.e.spec.Version}.eval(n)
	return err == nil && v.kind == vBool && v.b
}

// key returns the row's label (its key column), normalized.
func (rc ruleCtx) key(r importer.Row) string {
	return importer.Normalize(rc.t.Value(r, rc.sheet.Key).Text)
}

var yearRE = regexp.MustCompile(`\b(19|20)\d\d\b`)

// YearOf finds a year in text such as "Helår 2023" or "2023.1"; 0 if none.
func YearOf(s string) int {
	y, _ := strconv.Atoi(yearRE.FindString(s))
	return y
}

// isTotal reports whether row r is a total row of the rule's sheet: its
// key starts with a label of one of the sheet's total_row rules.
func (rc ruleCtx) isTotal(r importer.Row) bool {
	return rc.totalFor(r, "")
}

// totalFor reports whether row r is a total row of a total_row rule that
// recomputes column col ("" for any total_row rule).
func (rc ruleCtx) totalFor(r importer.Row, col string) bool {
	if rc.totals == totalsNone {
		return false
	}
	var key string
	keyed := false
	for k := range rc.sheet.Rules {
		t := &rc.sheet.Rules[k]
		if !t.NamesTotalRows() || col != "" && !slices.Contains(t.Recompute, col) {
			continue
		}
		if !keyed {
			key, keyed = rc.key(r), true
		}
		for _, p := range rc.e.normalized(t.Labels) {
			if strings.HasPrefix(key, p) {
				return true
			}
		}
	}
	return false
}

// normalized returns labels normalized, computed once per rule.
func (e *evaluator) normalized(labels []string) []string {
	if len(labels) == 0 {
		return nil
	}
	if e.labels == nil {
		e.labels = map[*string][]string{}
	}
	n, ok := e.labels[&labels[0]]
	if !ok {
		for _, l := range labels {
			n = append(n, importer.Normalize(l))
		}
		e.labels[&labels[0]] = n
	}
	return n
}

// recomputed reports whether a total_row rule takes care of column col in
// row r: formula rules leave those cells to it.
func (rc ruleCtx) recomputed(r importer.Row, col string) bool { return rc.totalFor(r, col) }
