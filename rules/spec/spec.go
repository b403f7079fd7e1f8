// Package spec loads and validates the template spec: the YAML file that
// declares the sheets, columns and rules of a report template. The default
// spec (verksamhetsberattelse 2023.1) is embedded; a file given with --spec
// replaces it, so a new template year needs no code change.
package spec

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-playground/validator/v10"
	"go.yaml.in/yaml/v3"

	"github.com/rapportkoll/rapportkoll/importer"
)

//go:embed default.yaml
var defaultYAML []byte

// DefaultName is how the embedded spec is named in messages.
const DefaultName = "(inbyggd mall verksamhetsberattelse)"

// Spec is a template: its identity, sheets and rules.
type Spec struct {
	Name    string  `yaml:"name" validate:"required"`
	Version string  `yaml:"version" validate:"required"`
	Sheets  []Sheet `yaml:"sheets" validate:"required,min=1,dive"`
	// Rounding states how computed values are rounded: "half_away_from_zero"
	// (Excel's ROUND), the only mode so far.
	Rounding string `yaml:"rounding" validate:"omitempty,oneof=half_away_from_zero"`
	// Identity says where a submission names its department, period and
	// template version; Overview which figures the consolidation's
	// overview shows per submission. Code names no template sheet: these
	// are the only ties to it outside the rules.
	Identity Identity `yaml:"identity"`
	Overview Overview `yaml:"overview"`
	// Source is the file the spec came from, for messages.
	Source string `yaml:"-"`
}

// Identity is the sheet and the columns (labels of a key-value sheet)
// that name a submission: its department, its period (which also gives
// the report year) and the template version it was filled in on.
type Identity struct {
	Sheet           string `yaml:"sheet"`
	Department      string `yaml:"department"`
	Period          string `yaml:"period"`
	TemplateVersion string `yaml:"template_version"`
}

// Overview names the sheet whose root row gives each submission's
// figures in the overview of the consolidation, and its columns, each
// with the heading shown there.
type Overview struct {
	Sheet   string           `yaml:"sheet"`
	Columns []OverviewColumn `yaml:"columns" validate:"dive"`
}

// OverviewColumn is one figure of the overview: the column's header in
// the sheet, and the heading it gets (default: the header).
type OverviewColumn struct {
	Column string `yaml:"column" validate:"required"`
	Label  string `yaml:"label"`
}

// IsIdentity reports whether sh is the sheet that names a submission.
func (s *Spec) IsIdentity(sh *Sheet) bool {
	return s.Identity.Sheet != "" && importer.Normalize(sh.Name) == importer.Normalize(s.Identity.Sheet)
}

// Sheet is a sheet's layout and rules.
type Sheet struct {
	importer.SheetLayout `yaml:",inline"`
	Rules                []Rule `yaml:"rules" validate:"dive"`
	// Totals says how the consolidation totals the sheet across
	// departments: "by_key" sums the rows of equal key (amount and number
	// columns) and recomputes the formula columns from the sums; empty
	// means no totals (the figures do not add up, like percentages).
	Totals string `yaml:"totals" validate:"omitempty,oneof=by_key"`
	// TemplateRows are rows the generated template fills in, column → text
	// (the posts of Resultaträkning with their Ingår i).
	TemplateRows []map[string]string `yaml:"template_rows"`
	// InputRows is how many rows the template prepares for input, with
	// formulas in derived columns (default 50).
	InputRows int `yaml:"input_rows" validate:"omitempty,min=1,max=5000"`
	// InsertRows lets a department insert rows inside the template's input
	// rows: the sheet's protection allows it and the instructions say so.
	// Without it the rows are fixed (a list of key figures).
	InsertRows bool `yaml:"insert_rows"`
	// RowDecimals shows the figures of template rows (by key) with other
	// decimals than their columns': counts among figures with decimals.
	RowDecimals map[string]int32 `yaml:"row_decimals" validate:"dive,min=0,max=10"`
}

// Rule is one declared rule. Which fields apply depends on Kind; see the
// comments in default.yaml.
type Rule struct {
	ID       string `yaml:"id" validate:"required"`
	Kind     string `yaml:"kind" validate:"required"`
	Severity string `yaml:"severity" validate:"omitempty,oneof=error warning info"`
	// Column is the column the rule checks (its findings point there).
	Column string `yaml:"column"`
	// Columns are the amount columns of tree and total_row rules.
	Columns []string `yaml:"columns"`
	// Expr is the formula (formula), condition (compare) or aggregate
	// (summary items) in the expr language.
	Expr string `yaml:"expr"`
	// When restricts the rule to rows where this expression holds.
	When string `yaml:"when"`
	// Decimals rounds a computed value (default: the column's decimals).
	Decimals *int32 `yaml:"decimals"`
	// ZeroDivisor "empty": when a divisor is zero the stated value must be empty or "-".
	ZeroDivisor string `yaml:"zero_divisor" validate:"omitempty,oneof=empty"`
	// Roots of a tree: "one" or "many".
	Roots string `yaml:"roots" validate:"omitempty,oneof=one many"`
	// Labels are row labels: prefixes of total rows, or required rows.
	Labels []string `yaml:"labels"`
	// Recompute lists total-row columns computed from the sums, not checked as sums.
	Recompute []string `yaml:"recompute"`
	// Tag is a validator/v10 tag for format rules ("email").
	Tag string `yaml:"tag"`
	// Min and Max bound range rules (decimals as text).
	Min string `yaml:"min"`
	Max string `yaml:"max"`
	// Target rules: the outcome (year) column, the assessment column and
	// its values for met and not met.
	Outcome    string `yaml:"outcome"`
	Assessment string `yaml:"assessment"`
	Met        string `yaml:"met"`
	NotMet     string `yaml:"not_met"`
	// Sheet and Other name another sheet and its column (exists_in,
	// rating_vs_targets, cross_sheet).
	Sheet string `yaml:"sheet"`
	Other string `yaml:"other"`
	// Rating is the rating that must not go with an unmet target.
	Rating string `yaml:"rating"`
	// Row selects this sheet's row by its key (cross_sheet); Pairs maps this
	// sheet's columns to the other's.
	Row   string            `yaml:"row"`
	Pairs map[string]string `yaml:"pairs"`
	// Renamed maps a row's label last year to its label this year
	// (previous_year: Kansli → Kanslienheten), so that a renamed row is
	// compared with its old self.
	Renamed map[string]string `yaml:"renamed"`
	// Items are the stated figures of a summary sheet: key → aggregate.
	Items []Item `yaml:"items" validate:"dive"`
	// Message replaces the kind's message: {"sv": "...", "en": "..."}, with
	// the placeholders {col}, {actual}, {expected}.
	Message map[string]string `yaml:"message"`
}

// Item is one stated figure of a summary rule.
type Item struct {
	Key  string `yaml:"key" validate:"required"`
	Expr string `yaml:"expr" validate:"required"`
}

// Default returns the embedded default spec.
func Default() (*Spec, error) { return Parse(DefaultName, defaultYAML) }

// DefaultYAML returns the embedded default spec's text.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// Load reads and validates the spec file at name.
func Load(name string) (*Spec, error) {
	data, err := readSpecFile(name)
	if err != nil {
		return nil, &Error{File: name, Msg: err.Error()}
	}
	return Parse(name, data)
}

// readSpecFile reads a spec file: a regular file (opened without waiting,
// should it be a named pipe) of at most maxSpecSize bytes, and one byte
// more, so that Parse can refuse a larger one.
func readSpecFile(name string) ([]byte, error) {
	// Opened as the importer opens an input: never waiting on a pipe.
	f, _, err := importer.OpenInput(name, 0)
	var kind *importer.KindError
	switch {
	case errors.Is(err, importer.ErrNoFile):
		return nil, errors.New("filen finns inte")
	case errors.As(err, &kind):
		return nil, errors.New("det är ingen vanlig fil (en mapp, en pipe eller en enhet); ange en YAML-fil")
	case errors.Is(err, importer.ErrFileAccess):
		return nil, errors.New("filen får inte läsas (behörighet saknas)")
	case err != nil:
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxSpecSize+1))
}

// Error is a problem with a spec file, at a line when one is known.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// ErrorList is every problem found in a spec.
type ErrorList []*Error

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// maxSpecSize bounds a spec file.
const maxSpecSize = 1 << 20

// Parse decodes and validates a spec; name is used in messages.
func Parse(name string, data []byte) (*Spec, error) {
	if len(data) > maxSpecSize {
		return nil, &Error{File: name, Msg: fmt.Sprintf("filen är större än %d byte", maxSpecSize)}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s Spec
	if err := dec.Decode(&s); err != nil {
		return nil, yamlError(name, err)
	}
	s.Source = name
	c := checker{spec: &s, root: &root, file: name}
	c.check()
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return &s, nil
}

// yamlError turns a YAML decoding error into an Error with its line.
func yamlError(name string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var l ErrorList
		for _, m := range te.Errors {
			l = append(l, lineError(name, m))
		}
		return l
	}
	return lineError(name, err.Error())
}

func lineError(name, msg string) *Error {
	msg = strings.TrimPrefix(msg, "yaml: ")
	var line int
	if _, err := fmt.Sscanf(msg, "line %d:", &line); err == nil {
		_, msg, _ = strings.Cut(msg, ": ")
	}
	return &Error{File: name, Line: line, Msg: msg}
}

var validate = validator.New(validator.WithRequiredStructEnabled())

// Layouts returns the sheet layouts the importer reads.
func (s *Spec) Layouts() []*importer.SheetLayout {
	out := make([]*importer.SheetLayout, len(s.Sheets))
	for i := range s.Sheets {
		out[i] = &s.Sheets[i].SheetLayout
	}
	return out
}

// Sheet returns the sheet named name (case and spacing ignored), or nil.
func (s *Spec) Sheet(name string) *Sheet {
	n := importer.Normalize(name)
	for i := range s.Sheets {
		if importer.Normalize(s.Sheets[i].Name) == n {
			return &s.Sheets[i]
		}
	}
	return nil
}
