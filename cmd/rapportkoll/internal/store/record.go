package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"

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
	// and findings in their canonical form, as they are stored
	canonFacts, canonFindings []byte
}

// Prepare makes what Append would make of r's facts and findings (their
// canonical form, most of a record's bytes) ahead, on the caller's
// goroutine, so that the append, one writer at a time, does less. r's
// facts and findings must not change after it.
func (r *Record) Prepare() {
	r.canonFacts, r.canonFindings = canonParts(r)
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
	for _, sh := range s.Sheets {
		if t := res.Tables[sh.Name]; t != nil {
			r.Facts = append(r.Facts, tableFacts(sh.Name, t)...)
		}
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

// tableFacts lists the non-empty values of a table, row by row, leaving
// out the label column (it is the row key).
func tableFacts(sheet string, t *importer.Table) []Fact {
	var out []Fact
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
			tc := t.Columns[i]
			f := Fact{Sheet: sheet, Row: label, Column: columns[i], Decimals: tc.Spec.Decimals,
				Cell: importer.Ref{Sheet: t.Sheet, Row: int(v.Row), Col: int(v.Col)}.Cell()}
			switch v.Kind {
			case importer.Number:
				f.Kind, f.Value = "number", DecimalText(v)
			case importer.Date:
				f.Kind, f.Value = "date", v.String()
			case importer.Text:
				f.Kind, f.Value, f.Raw = "text", clean(v.Text), clean(v.Text)
			default:
				f.Kind, f.Raw = "invalid", clean(v.Text)
			}
			out = append(out, f)
		}
	}
	return out
}

// DecimalText is a number's canonical text: every digit the value holds,
// trailing zeros included ("1234.50"), never an exponent.
func DecimalText(v importer.Value) string {
	places := max(0, -v.Num.Exponent())
	return v.Num.StringFixed(places)
}

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
