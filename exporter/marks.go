package exporter

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// markColors fill the cells of Sammanställning.xlsx that have findings:
// red for errors, yellow for warnings, the feedback workbook's colours
// (feedback.go's fills); info findings are listed, not marked.
var markColors = map[rules.Severity]string{rules.Error: "FFC7CE", rules.Warning: "FFEB9C"}

// statusColors fill the status cell of a submission in Översikt.
var statusColors = map[rules.Status]string{
	rules.Accepted: "C6EFCE", rules.AcceptedWithWarnings: "FFEB9C",
	rules.Rejected: "FFC7CE", rules.Unreadable: "D9D9D9",
}

// markKey is a cell of a submitted workbook.
type markKey struct {
	r        *check.Submission
	sheet    string
	row, col int
}

// marks holds the errors and warnings of a run by the source cell they
// are about, where each source cell was written in Sammanställning (for
// the links of Fel och varningar), and the marked copies of the styles,
// made once per (style, colour).
type marks struct {
	f       *excelize.File
	lang    rules.Lang
	name    func(string) string
	at      map[markKey]rules.Findings
	written map[markKey]string // "'Drift'!F19"
	// named are the source cells some finding (of any severity) is at:
	// only their places are recorded in written.
	named map[markKey]bool
	// sheets are the sheets of submissions that named has a cell of: a
	// row of any other needs no look-up per cell (a large sheet is
	// mostly such rows)
	sheets map[sheetOf]bool
	styles map[[2]int]int // (style, severity) → marked style
	// comments counts the comments made; beyond maxComments cells are
	// filled only (uncommented counts them), as excelize's AddComment
	// takes time in the number of comments already made.
	comments, uncommented int
}

// maxComments is how many marks of a Sammanställning get a comment.
const maxComments = 2000

func newMarks(f *excelize.File, run Run, name func(string) string) *marks {
	m := &marks{f: f, lang: run.Lang, name: name, at: map[markKey]rules.Findings{},
		written: map[markKey]string{}, named: map[markKey]bool{}, sheets: map[sheetOf]bool{}, styles: map[[2]int]int{}}
	for _, r := range run.Results {
		for _, fd := range r.Findings {
			if fd.Ref.Sheet != "" && fd.Ref.Row > 0 {
				m.named[markKey{r, fd.Ref.Sheet, fd.Ref.Row, fd.Ref.Col}] = true
				m.sheets[sheetOf{r, fd.Ref.Sheet}] = true
			}
			if _, ok := markColors[fd.Severity]; !ok || fd.Ref.Sheet == "" || fd.Ref.Row == 0 {
				continue
			}
			k := markKey{r, fd.Ref.Sheet, fd.Ref.Row, fd.Ref.Col}
			m.at[k] = append(m.at[k], fd)
		}
	}
	return m
}

// sheetOf is a sheet of a submitted workbook.
type sheetOf struct {
	r     *check.Submission
	sheet string
}

// onSheet reports whether any finding names a cell of the sheet of r:
// when not, none of its cells is marked or linked to.
func (m *marks) onSheet(r *check.Submission, sheet string) bool { return m.sheets[sheetOf{r, sheet}] }

// cellOf is the key of a value read from table t of submission r.
func cellOf(r *check.Submission, t *importer.Table, v importer.Value) markKey {
	return markKey{r, t.Sheet, int(v.Row), int(v.Col)}
}

// mark gives c the fill and comment of the findings at k (none: c as it
// is); row-level findings (no column) are asked for with col 0.
func (m *marks) mark(c cell, keys ...markKey) (cell, error) {
	var fs rules.Findings
	for _, k := range keys {
		if k.row > 0 {
			fs = append(fs, m.at[k]...)
		}
	}
	if len(fs) == 0 {
		return c, nil
	}
	worst := fs[0].Severity
	lines := make([]string, 0, len(fs))
	for _, fd := range fs {
		worst = min(worst, fd.Severity)
		sev := "mark.severity.error"
		if fd.Severity == rules.Warning {
			sev = "mark.severity.warning"
		}
		lines = append(lines, catalog.Fill(m.lang, "mark.comment", "severity", catalog.Get(m.lang, sev),
			"message", fd.Message, "file", m.name(fd.Ref.File), "sheet", fd.Ref.Sheet, "cell", fd.Ref.Cell()))
	}
	st, err := m.style(c.style, worst)
	if err != nil {
		return c, err
	}
	c.style = st
	if m.comments >= maxComments {
		m.uncommented++
		return c, nil
	}
	m.comments++
	c.comment = strings.Join(lines, "\n\n")
	return c, nil
}

// style returns style id with the fill of sev, made once.
func (m *marks) style(id int, sev rules.Severity) (int, error) {
	if s, ok := m.styles[[2]int{id, int(sev)}]; ok {
		return s, nil
	}
	st, err := m.f.GetStyle(id)
	if err != nil {
		return 0, err
	}
	st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{markColors[sev]}}
	s, err := m.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	m.styles[[2]int{id, int(sev)}] = s
	return s, nil
}

// wrote records that source cell k was written at (col, row) of sheet,
// for the links to it, when a finding is at k.
func (m *marks) wrote(k markKey, sheet string, col, row int) {
	if k.row == 0 || !m.named[k] {
		return
	}
	if _, ok := m.written[k]; !ok {
		ref, _ := excelize.CoordinatesToCellName(col, row)
		m.written[k] = "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + ref
	}
}

// link is where in Sammanställning the first of fs that was written is,
// or "".
func (m *marks) link(r *check.Submission, fs rules.Findings) string {
	for _, fd := range fs {
		if at, ok := m.written[markKey{r, fd.Ref.Sheet, fd.Ref.Row, fd.Ref.Col}]; ok {
			return at
		}
	}
	return ""
}

// statusStyles are the styles of Översikt's status cells, by status.
func statusStyles(f *excelize.File) (map[rules.Status]int, error) {
	out := map[rules.Status]int{}
	for _, st := range []rules.Status{rules.Accepted, rules.AcceptedWithWarnings, rules.Rejected, rules.Unreadable} {
		id, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{statusColors[st]}}})
		if err != nil {
			return nil, err
		}
		out[st] = id
	}
	return out, nil
}
