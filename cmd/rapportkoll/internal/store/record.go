package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/exporter/appendtext"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// KindSubmission is the kind of a record that holds one submitted file.
// Later kinds (a consolidation and the submissions it used, a register of
// departments and keys) get tables of their own in later migrations.
const KindSubmission = "submission"

// Record is one submission as stored: what the caller checked, plus the
// place in the history that Append gives it (ID, Seq and the hashes).
type Record struct {
	ID   int64 // position in the chain, from 1; set by Append
	Kind string

	Department, Period string
	Seq                int64  // 1, 2, ... per (department, period); set by Append
	Received           string // UTC, RFC 3339 with microseconds (see FormatTime)

	File   string // the base name as submitted
	SHA256 string // of the file's bytes
	Size   int64

	SpecName, SpecVersion, ToolVersion string

	Status                  string // unreadable, rejected, accepted_with_warnings, accepted
	Errors, Warnings, Infos int

	Report   []byte // the JSON report of this file exactly as shown
	Facts    []Fact
	Findings []Finding
	Workbook []byte // the file itself, only with --keep-files; nil otherwise

	RecordHash, PrevChain, Chain string // set by Append

	deptKey, periodKey    string // as stored, for the sequence (Load)
	rawFacts, rawFindings string // as stored (Load)
	// canonFacts and canonFindings, once Prepare made them, are the facts
	// and findings in their canonical form, as they are stored;
	// reportSHA and workbookSHA the hashes of the report and the kept
	// workbook
	canonFacts, canonFindings []byte
	reportSHA, workbookSHA    string
}

// Prepare makes what Append would make of r's facts and findings (their
// canonical form, most of a record's bytes) and the hashes of its report
// and kept workbook ahead, on the caller's goroutine, so that the append,
// one writer at a time, does less. r's facts, findings, report and
// workbook must not change after it.
func (r *Record) Prepare() {
	r.canonFacts, r.canonFindings = canonParts(r)
	r.reportSHA, r.workbookSHA = contentHashes(r)
}

// Fact is one value read from the workbook.
type Fact struct {
	Sheet    string // the spec's sheet name
	Row      string // the row's normalised label ("" on a key-value sheet such as Info)
	Column   string // the column's spec header (a year column: its name and year)
	Kind     string // number, text, date, invalid
	Value    string // numbers as canonical decimal text ("1234.50", "-0.5"), dates as YYYY-MM-DD
	Decimals int32  // the decimals the column states
	Raw      string // the cell's text as read, where the importer keeps it
	Cell     string // A1 reference
}

// Finding is one finding as reported.
type Finding struct {
	Severity, Rule, Sheet, Cell, Message, Expected, Actual string
}

// FormatTime is how received times are stored and hashed.
func FormatTime(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z")
}

// FromResult builds the record of one checked file. res must come from
// rules.CheckFile with Options.KeepTables set, so that every fact is there;
// report is the file's JSON report as shown to the user; workbook is the
// file's bytes, or nil unless --keep-files.
//
// This is the one function that knows the check's result types: when the
// check pipeline moves, only this function changes.
func FromResult(s *spec.Spec, res *check.Submission, report []byte, toolVersion string, received time.Time, workbook []byte) *Record {
	r := &Record{
		Kind:        KindSubmission,
		Department:  clean(res.Department),
		Period:      clean(res.Period),
		Received:    FormatTime(received),
		File:        clean(baseName(res.File)),
		SHA256:      res.SHA256,
		Size:        res.Size,
		SpecName:    clean(s.Name),
		SpecVersion: clean(s.Version),
		ToolVersion: toolVersion,
		Status:      string(res.Status),
		Errors:      res.Findings.Count(rules.Error),
		Warnings:    res.Findings.Count(rules.Warning),
		Infos:       res.Findings.Count(rules.Info),
		Report:      report,
		Workbook:    workbook,
	}
	if r.SHA256 == "" && workbook != nil {
		sum := sha256.Sum256(workbook)
		r.SHA256 = hex.EncodeToString(sum[:])
	}
	n := 0
	for _, sh := range s.Sheets {
		if t := res.Tables[sh.Name]; t != nil {
			n += countFacts(t)
		}
	}
	ft := factTexts{buf: make([]byte, 0, 16*n), spans: make([]int32, 0, 2*n)}
	if n > 0 {
		r.Facts = make([]Fact, 0, n)
	}
	for _, sh := range s.Sheets {
		if t := res.Tables[sh.Name]; t != nil {
			r.Facts = tableFacts(r.Facts, sh.Name, t, &ft)
		}
	}
	ft.fill(r.Facts)
	if len(res.Findings) > 0 {
		r.Findings = make([]Finding, 0, len(res.Findings))
	}
	for _, f := range res.Findings {
		cell := ""
		if f.Ref.Row > 0 {
			cell = f.Ref.Cell()
		}
		r.Findings = append(r.Findings, Finding{
			Severity: f.Severity.String(), Rule: clean(f.Rule), Sheet: clean(f.Ref.Sheet), Cell: cell,
			Message: clean(f.Message), Expected: clean(f.Expected), Actual: clean(f.Actual),
		})
	}
	return r
}

// countFacts is how many facts tableFacts makes of t.
func countFacts(t *importer.Table) int {
	key := -1
	if t.Layout.Key != "" {
		key = t.Index(t.Layout.Key)
	}
	n := 0
	for _, row := range t.Rows {
		for i, v := range row.Values {
			if i != key && v.Kind != importer.Empty {
				n++
			}
		}
	}
	return n
}

// tableFacts appends the non-empty values of a table, row by row, leaving
// out the label column (it is the row key). The facts' cells and numbers'
// and dates' values are written into ft, and set by ft.fill.
func tableFacts(out []Fact, sheet string, t *importer.Table, ft *factTexts) []Fact {
	key := -1
	if t.Layout.Key != "" {
		key = t.Index(t.Layout.Key)
	}
	columns := make([]string, len(t.Columns)) // each column's key, once
	for i, tc := range t.Columns {
		columns[i] = clean(columnKey(tc))
	}
	for _, row := range t.Rows {
		label := ""
		if key >= 0 {
			label = clean(importer.Normalize(row.Values[key].String()))
		}
		for i, v := range row.Values {
			if i == key || v.Kind == importer.Empty {
				continue
			}
			f := Fact{Sheet: sheet, Row: label, Column: columns[i], Decimals: t.Columns[i].Spec.Decimals}
			ft.buf = appendCell(ft.buf, int(v.Row), int(v.Col))
			ft.mark()
			switch v.Kind {
			case importer.Number:
				f.Kind = "number"
				ft.buf = appendDecimalText(ft.buf, v.Num)
			case importer.Date:
				f.Kind = "date"
				ft.buf = v.Time().AppendFormat(ft.buf, time.DateOnly) // v.String()
			case importer.Text:
				f.Kind, f.Value, f.Raw = "text", clean(v.Text), clean(v.Text)
			default:
				f.Kind, f.Raw = "invalid", clean(v.Text)
			}
			ft.mark()
			out = append(out, f)
		}
	}
	return out
}

// factTexts collects the cells and values of the facts made, in order,
// in one buffer, so that they become one string (one allocation for a
// record's texts, rather than a few for each fact): spans holds where each
// fact's cell and value end.
type factTexts struct {
	buf   []byte
	spans []int32
}

func (ft *factTexts) mark() { ft.spans = append(ft.spans, int32(len(ft.buf))) }

// fill sets the cell of each fact, and the value of those that have theirs
// in the buffer (numbers, dates).
func (ft *factTexts) fill(facts []Fact) {
	all := string(ft.buf)
	start := 0
	for i := range facts {
		cell, value := int(ft.spans[2*i]), int(ft.spans[2*i+1])
		facts[i].Cell = all[start:cell]
		if value > cell {
			facts[i].Value = all[cell:value]
		}
		start = value
	}
	ft.buf, ft.spans = nil, nil
}

// appendCell appends the A1 reference of (row, col), as importer.Ref.Cell
// writes it.
func appendCell(b []byte, row, col int) []byte {
	switch {
	case row <= 0:
		return b
	case col > 0:
		var name [8]byte // column letters, from the end
		i := len(name)
		for col > 0 && i > 0 {
			col--
			i--
			name[i] = byte('A' + col%26)
			col /= 26
		}
		b = append(b, name[i:]...)
	}
	return strconv.AppendInt(b, int64(row), 10)
}

// DecimalText is a number's canonical text: every digit the value holds,
// trailing zeros included ("1234.50"), never an exponent.
func DecimalText(v importer.Value) string {
	return string(appendDecimalText(nil, v.Num))
}

// appendDecimalText appends d.StringFixed(max(0, -d.Exponent())), without
// its allocations when the coefficient fits an int64.
func appendDecimalText(b []byte, d decimal.Decimal) []byte { return appendtext.Decimal(b, d, false) }

// columnKey names a column as the facts store it: rules.ColumnKey (the
// spec header, or a year column's name and year), so that last year's
// figures from the history match the rules' keys.
func columnKey(tc importer.TableColumn) string { return rules.ColumnKey(tc) }

// clean makes text storable on both engines: valid UTF-8 and no NUL
// (PostgreSQL's text refuses both).
func clean(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
