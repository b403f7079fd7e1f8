package rules

import (
	"sync"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/expr"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// runner is one rule evaluated on one sheet. row sees every data row as it
// is read; finish runs after the sheet's last row, or after every sheet has
// been read when late is set (the rule reads other sheets).
type runner struct {
	row    func(importer.Row)
	finish func()
	late   bool
}

// perRow is a rule that looks at one row at a time.
func perRow(fn func(importer.Row)) runner { return runner{row: fn} }

// afterAll is a rule that needs other sheets complete: it runs once every
// sheet has been read.
func afterAll(fn func()) runner { return runner{finish: fn, late: true} }

// Session evaluates the rules of one submission while its sheets are fed
// to it, so that a sheet's rows need not be kept: rules that look at one
// row at a time see each row as it comes, rules over a whole sheet (trees,
// totals) keep running sums, and only rules that read other sheets wait
// for the end. A Session is fed by one goroutine at a time.
type Session struct {
	e    *evaluator
	late []func()
	// spillAfter is how many names a tree of a streamed sheet keeps in
	// memory (0: all).
	spillAfter int
	// maxParents is how many distinct parents a tree follows (0: the
	// default).
	maxParents int
	spill      func() (SpillFile, error)
}

// SessionOptions tune a Session.
type SessionOptions struct {
	Lang Lang
	// TreeNamesInMemory is how many names a tree rule of a streamed sheet
	// keeps in memory before it moves them to a SpillFile; 0 means
	// DefaultTreeNamesInMemory, a negative value keeps them all in memory.
	TreeNamesInMemory int
	// TreeParents is how many distinct parents a tree rule follows before
	// it reports the tree as not fully checked; 0 means DefaultTreeParents.
	TreeParents int
	// Spill gives a tree of a streamed sheet its temporary storage for
	// names; nil (or an error) keeps the names in memory.
	Spill func() (SpillFile, error)
	// Priors are last year's reports, given as data by the caller, for the
	// rules that compare a report with last year's; nil holds none (those
	// rules then say, once each, that there was nothing to compare with).
	Priors *Priors
}

func (o SessionOptions) treeNamesInMemory() int {
	switch {
	case o.TreeNamesInMemory == 0:
		return DefaultTreeNamesInMemory
	case o.TreeNamesInMemory < 0:
		return 0
	}
	return o.TreeNamesInMemory
}

// NewSession starts the evaluation of one submission.
func NewSession(s *spec.Spec, opt SessionOptions) *Session {
	n := 0
	for i := range s.Sheets {
		n += len(s.Sheets[i].Rules)
	}
	e := &evaluator{spec: s, lang: opt.Lang, tables: map[string]*importer.Table{}, checks: make(map[string]*Check, n),
		order: make([]string, 0, n), shown: map[string]int{}, hidden: map[string]int{}, priors: opt.Priors}
	checks := make([]Check, 0, n) // one allocation for the rules' counts
	for i := range s.Sheets {
		for j := range s.Sheets[i].Rules {
			id := s.Sheets[i].Rules[j].ID
			checks = append(checks, Check{Rule: id})
			e.checks[id] = &checks[len(checks)-1]
			e.order = append(e.order, id)
		}
	}
	return &Session{e: e, spillAfter: opt.treeNamesInMemory(), maxParents: opt.TreeParents, spill: opt.Spill}
}

// ReadOrder is the order sheets are read and fed to a Session in:
// key-value sheets (Info, which gives the report year) first, then the
// spec's order.
func ReadOrder(s *spec.Spec) []*spec.Sheet {
	var first, rest []*spec.Sheet
	for i := range s.Sheets {
		if s.Sheets[i].Layout == importer.LayoutKeyValue {
			first = append(first, &s.Sheets[i])
		} else {
			rest = append(rest, &s.Sheets[i])
		}
	}
	return append(first, rest...)
}

// FetchFunc reads again the rows with the given numbers of a sheet whose
// rows were not kept.
type FetchFunc func(nums map[int]bool) map[int]importer.Row

// SheetRun is one sheet being evaluated as its rows arrive.
type SheetRun struct {
	ss      *Session
	sh      *spec.Sheet
	t       *importer.Table
	runners []runner
	roots   int
	// fetch reads rows of a streamed sheet again; nil when its rows are
	// kept in t.Rows (by row, or by the caller of feed).
	fetch FetchFunc
}

// Begin starts a sheet whose header has been read (t has its columns).
// With fetch nil every row given to Row is kept in t.Rows; otherwise only
// the sheet's first two roots are (for root() and cross_sheet), and fetch
// reads other rows again when needed.
func (ss *Session) Begin(sh *spec.Sheet, t *importer.Table, fetch FetchFunc) *SheetRun {
	if ss.e.file == "" {
		ss.e.file = baseName(t.File)
	}
	ss.e.tables[sh.Name] = t
	sr := &SheetRun{ss: ss, sh: sh, t: t, fetch: fetch}
	spillAfter := 0
	if fetch != nil {
		spillAfter = ss.spillAfter
	}
	totals := sheetTotals(sh)
	for j := range sh.Rules {
		r := &sh.Rules[j]
		if kind, ok := kinds[r.Kind]; ok {
			sr.runners = append(sr.runners, kind.run(ruleCtx{e: ss.e, sheet: sh, t: t, r: r, fetch: sr.fetchRows, spillAfter: spillAfter,
				maxParents: ss.maxParents, spill: ss.spill, check: ss.e.checks[r.ID], totals: totals}))
		}
	}
	return sr
}

// feed evaluates one row.
func (sr *SheetRun) feed(r importer.Row) {
	for _, ru := range sr.runners {
		if ru.row != nil {
			ru.row(r)
		}
	}
}

// Row evaluates one row and keeps it as the sheet's retention says.
func (sr *SheetRun) Row(r importer.Row) {
	sr.feed(r)
	switch {
	case sr.fetch == nil:
		sr.t.Rows = append(sr.t.Rows, r)
	case sr.roots < 2 && sr.t.Value(r, sr.sh.Parent).Kind == importer.Empty:
		sr.roots++
		sr.t.Rows = append(sr.t.Rows, r)
	}
}

// End finishes the sheet's rules, or leaves them for Finish.
func (sr *SheetRun) End() {
	for _, ru := range sr.runners {
		switch {
		case ru.finish == nil:
		case ru.late:
			sr.ss.late = append(sr.ss.late, ru.finish)
		default:
			ru.finish()
		}
	}
	if s := sr.ss.e.spec; s.IsIdentity(sr.sh) && len(sr.t.Rows) > 0 {
		sr.ss.e.year = YearOf(sr.t.Value(sr.t.Rows[0], s.Identity.Period).Text)
		sr.ss.e.department = sr.t.Value(sr.t.Rows[0], s.Identity.Department).Text
		sr.ss.e.period = sr.t.Value(sr.t.Rows[0], s.Identity.Period).Text
	}
}

// fetchRows returns the rows with the given numbers: from t.Rows when the
// sheet's rows were kept, else read again.
func (sr *SheetRun) fetchRows(nums map[int]bool) map[int]importer.Row {
	if sr.fetch == nil {
		out := map[int]importer.Row{}
		for _, r := range sr.t.Rows {
			if nums[r.Num] {
				out[r.Num] = r
			}
		}
		return out
	}
	return sr.fetch(nums)
}

// Finish runs the rules that waited for every sheet and returns the
// findings, every rule's check counts and the computed assessments.
func (ss *Session) Finish() (Findings, []Check, Assessments) {
	for _, fn := range ss.late {
		fn()
	}
	e := ss.e
	e.flushHidden()
	checks := make([]Check, 0, len(e.order))
	for _, id := range e.order {
		checks = append(checks, *e.checks[id])
	}
	return e.findings, checks, e.assessments()
}

// KeptSheets lists the sheets whose rows rules of other sheets read in
// full (exists_in, rating_vs_targets, and count, sum and sum_leaves in
// expressions): those rows must be kept. Other sheets can be evaluated as
// they stream past, keeping only their roots (for root() and cross_sheet).
func KeptSheets(s *spec.Spec) map[string]bool {
	if m, ok := keptCache.Load(s); ok {
		return m.(map[string]bool)
	}
	m := findKeptSheets(s)
	keptCache.Store(s, m)
	return m
}

// keptCache holds KeptSheets by spec: a batch checks every file with one.
var keptCache sync.Map

func findKeptSheets(s *spec.Spec) map[string]bool {
	out := map[string]bool{}
	mark := func(name string) {
		if sh := s.Sheet(name); sh != nil {
			out[sh.Name] = true
		}
	}
	for i := range s.Sheets {
		for _, r := range s.Sheets[i].Rules {
			if k := spec.Kind(r.Kind); k != nil && k.Keeps != nil {
				for _, name := range k.Keeps(&s.Sheets[i], &r) {
					mark(name)
				}
			}
			srcs := []string{r.Expr, r.When}
			for _, it := range r.Items {
				srcs = append(srcs, it.Expr)
			}
			for _, src := range srcs {
				n, err := expr.Parse(src)
				if src == "" || err != nil {
					continue
				}
				for _, c := range expr.Calls(n) {
					if c.Func == "root" || len(c.Args) == 0 {
						continue
					}
					if a, ok := c.Args[0].(expr.Str); ok {
						mark(a.Value)
					} else if a, ok := c.Args[0].(expr.Name); ok {
						mark(a.Name)
					}
				}
			}
		}
	}
	return out
}
