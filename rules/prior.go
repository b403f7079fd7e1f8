package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

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
// as importer.NameKey) and column key. A label on several rows (two
// "Övrigt") keeps each row, in the order of the sheet, so that this
// year's first "Övrigt" is compared with last year's first.
type PriorSheet struct {
	Columns map[string]bool
	Rows    map[string][]PriorRow
}

// PriorRow is the figures of one row of last year's sheet by column key.
type PriorRow struct {
	Line   int // the row's number in last year's sheet (0: unknown)
	Values map[string]PriorValue
}

// Row returns the n-th (from 0) row labelled key, or nil.
func (ps *PriorSheet) Row(key string, n int) map[string]PriorValue {
	if rows := ps.Rows[key]; n < len(rows) {
		return rows[n].Values
	}
	return nil
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
		ps = &PriorSheet{Columns: map[string]bool{}, Rows: map[string][]PriorRow{}}
		p.Sheets[sheet] = ps
	}
	ps.Columns[column] = true
	key := importer.NameKey(row)
	line := cellLine(v.Cell)
	rows := ps.Rows[key]
	i := 0
	for i < len(rows) && rows[i].Line < line {
		i++
	}
	if i == len(rows) || rows[i].Line != line {
		rows = slices.Insert(rows, i, PriorRow{Line: line, Values: map[string]PriorValue{}})
		ps.Rows[key] = rows
	}
	rows[i].Values[column] = v
}

// cellLine is the row number of an A1 reference ("D12" → 12), 0 when
// there is none.
func cellLine(cell string) int {
	i := strings.IndexFunc(cell, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return 0
	}
	n, err := strconv.Atoi(cell[i:])
	if err != nil {
		return 0
	}
	return n
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

// ColumnKey names a column of a table in a Prior, as the history stores
// it: the spec's header, and for a column found by a year pattern
// (Indikatorer's 2021, 2022), which has none, its name and the year
// ("Utfall 2022"), so that the same year's column is found in last year's
// report.
func ColumnKey(tc importer.TableColumn) string { return columnKey(tc.Spec, tc.Year) }

func columnKey(c *importer.Column, year int) string {
	switch {
	case c.Header != "":
		return c.Header
	case year != 0:
		return c.Name + " " + strconv.Itoa(year)
	}
	return c.Name
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

// PriorPeriod is the same period a year earlier: every year in the text
// one less ("Helår 2023" → "Helår 2022", "Delår april 2023" → "Delår
// april 2022", "Helår2023" → "Helår2022", a split year "2023/24" →
// "2022/23"); "" when the text names no year. A year is a run of exactly
// four digits from 1900 to 2099, not part of a longer number.
func PriorPeriod(period string) string {
	var b strings.Builder
	found, afterYear := false, false
	for i := 0; i < len(period); {
		if period[i] < '0' || period[i] > '9' {
			afterYear = afterYear && period[i] == '/' && i+1 < len(period) && isDigit(period[i+1])
			b.WriteByte(period[i])
			i++
			continue
		}
		j := i
		for j < len(period) && isDigit(period[j]) {
			j++
		}
		run := period[i:j]
		n, _ := strconv.Atoi(run)
		switch {
		case len(run) == 4 && n >= 1900 && n <= 2099:
			b.WriteString(strconv.Itoa(n - 1))
			found, afterYear = true, true
		case afterYear && len(run) == 2: // the second year of "2023/24"
			b.WriteString(fmt.Sprintf("%02d", (n+99)%100))
			afterYear = false
		default:
			b.WriteString(run)
			afterYear = false
		}
		i = j
	}
	if !found {
		return ""
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
