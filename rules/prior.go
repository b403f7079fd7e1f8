package rules

import (
	"regexp"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// PriorValue is one figure of last year's report.
type PriorValue struct {
	Num      decimal.Decimal
	Decimals int32  // the decimals its column states
	Cell     string // where it stood in last year's workbook ("D12")
}

// PriorSheet is one sheet of last year's report: which columns it had
// (by column key, see ColumnKey), and its figures by row (the row's label
// as importer.NameKey) and column key.
type PriorSheet struct {
	Columns map[string]bool
	Rows    map[string]map[string]PriorValue
}

// PriorOrigin says where last year's report came from.
type PriorOrigin int

// Where last year's report came from: a workbook given by the caller, a
// consolidation recorded in the history, or a submission in the history.
const (
	PriorFile PriorOrigin = iota
	PriorConsolidation
	PriorSubmission
)

// Prior is last year's report of one department, given by the caller as
// data (read from last year's workbooks, or from the history): the rules
// compare this year's "previous year" figures with it and never open a
// file or a database themselves.
type Prior struct {
	Department, Period string // as last year's report states them
	File               string // last year's file name
	Origin             PriorOrigin
	// Number is the history's consolidation record (PriorConsolidation)
	// or the submission's sequence number (PriorSubmission).
	Number int64
	Sheets map[string]*PriorSheet // by spec sheet name
}

// Set records one figure of last year's report.
func (p *Prior) Set(sheet, row, column string, v PriorValue) {
	if p.Sheets == nil {
		p.Sheets = map[string]*PriorSheet{}
	}
	ps := p.Sheets[sheet]
	if ps == nil {
		ps = &PriorSheet{Columns: map[string]bool{}, Rows: map[string]map[string]PriorValue{}}
		p.Sheets[sheet] = ps
	}
	ps.Columns[column] = true
	key := importer.NameKey(row)
	if ps.Rows[key] == nil {
		ps.Rows[key] = map[string]PriorValue{}
	}
	ps.Rows[key][column] = v
}

// HasColumn records that last year's sheet had the column, with or
// without figures in it.
func (p *Prior) HasColumn(sheet, column string) {
	p.Set(sheet, "", column, PriorValue{})
	delete(p.Sheets[sheet].Rows, "")
}

// Describe names last year's report in messages: its file and period,
// and where in the history it was found.
func (p *Prior) Describe(lang Lang) string {
	key := "prior.source.file"
	switch p.Origin {
	case PriorConsolidation:
		key = "prior.source.consolidation"
	case PriorSubmission:
		key = "prior.source.submission"
	}
	return catalog.Fill(lang, key, "file", p.File, "period", p.Period, "n", strconv.FormatInt(p.Number, 10))
}

// ColumnKey names a column of a table in a Prior: the spec's column name,
// and for a column found by a year pattern (Indikatorer's 2021, 2022) the
// name and the year ("Utfall 2022"), so that the same year's column is
// found in last year's report.
func ColumnKey(tc importer.TableColumn) string {
	if tc.Year != 0 {
		return tc.Spec.Name + " " + strconv.Itoa(tc.Year)
	}
	return tc.Spec.Name
}

// Priors are last year's reports of several departments, by department
// and period (compared as importer.NameKey). The zero value is empty;
// a nil *Priors holds nothing.
type Priors struct {
	m map[string]*Prior
}

func priorKey(department, period string) string {
	return importer.NameKey(department) + "\x00" + importer.NameKey(period)
}

// Add records p, and returns the report it replaces for the same
// department and period, if any.
func (ps *Priors) Add(p *Prior) (replaced *Prior) {
	if ps.m == nil {
		ps.m = map[string]*Prior{}
	}
	k := priorKey(p.Department, p.Period)
	replaced = ps.m[k]
	ps.m[k] = p
	return replaced
}

// Get returns the report of the department for exactly that period, or nil.
func (ps *Priors) Get(department, period string) *Prior {
	if ps == nil {
		return nil
	}
	return ps.m[priorKey(department, period)]
}

// Len is how many reports ps holds.
func (ps *Priors) Len() int {
	if ps == nil {
		return 0
	}
	return len(ps.m)
}

// For returns last year's report for a department's report of period:
// the report of PriorPeriod(period), or nil.
func (ps *Priors) For(department, period string) *Prior {
	prev := PriorPeriod(period)
	if department == "" || prev == "" {
		return nil
	}
	return ps.Get(department, prev)
}

var periodYear = regexp.MustCompile(`\b(19|20)\d\d\b`)

// PriorPeriod is the same period a year earlier: every year in the text
// one less ("Helår 2023" → "Helår 2022", "Delår april 2023" → "Delår
// april 2022"); "" when the text names no year.
func PriorPeriod(period string) string {
	if !periodYear.MatchString(period) {
		return ""
	}
	return periodYear.ReplaceAllStringFunc(period, func(y string) string {
		n, _ := strconv.Atoi(y)
		return strconv.Itoa(n - 1)
	})
}
