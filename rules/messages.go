package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// Lang is the language of messages to users.
type Lang = catalog.Lang

// Supported languages; Swedish is the default.
const (
	Swedish = catalog.Swedish
	English = catalog.English
)

// ParseLang accepts "sv" and "en".
func ParseLang(s string) (Lang, error) {
	switch Lang(strings.ToLower(s)) {
	case Swedish, "":
		return Swedish, nil
	case English:
		return English, nil
	}
	return "", fmt.Errorf("okänt språk %q (sv eller en)", s)
}

// importSeverity is the severity of each reading problem; its message is
// the catalogue's text of the problem's code, in which {col}, {text},
// {count} and {sheet} are replaced by the finding's details.
var importSeverity = map[importer.Code]Severity{
	importer.SheetMissing:      Error,
	importer.SheetHidden:       Warning,
	importer.SheetAmbiguous:    Error,
	importer.HeaderNotFound:    Error,
	importer.ColumnMissing:     Error,
	importer.LabelMissing:      Error,
	importer.ColumnDuplicate:   Warning,
	importer.NotANumber:        Error,
	importer.BooleanNotNumber:  Error,
	importer.UnknownCellType:   Error,
	importer.NumberAsText:      Info,
	importer.NumberTooLarge:    Error,
	importer.ThousandsComma:    Warning,
	importer.TooManyDecimals:   Warning,
	importer.ExcelError:        Error,
	importer.BadDate:           Error,
	importer.FormulaNoValue:    Error,
	importer.FormulaCircular:   Error,
	importer.FormulaRecomputed: Info,
	importer.TextTooLong:       Warning,
	importer.HiddenRow:         Warning,
	importer.RowUnnamed:        Error,
	importer.HiddenColumn:      Warning,
	importer.NotTemplate:       Error,
	importer.TooManySheets:     Warning,
	importer.DuplicatePart:     Error,
	importer.MoreProblems:      Info,
}

// openMessages explain why a file could not be opened, by sentinel error:
// the key of its text in the catalogue.
var openMessages = []struct {
	err error
	key string
}{
	{importer.ErrEmptyFile, "open.empty_file"},
	{importer.ErrLegacyXLS, "open.legacy_xls"},
	{importer.ErrEncrypted, "open.encrypted"},
	{importer.ErrODS, "open.ods"},
	{importer.ErrXLSB, "open.xlsb"},
	{importer.ErrTextFile, "open.text_file"},
	{importer.ErrPDF, "open.pdf"},
	{importer.ErrTooLarge, "open.too_large"},
	{importer.ErrCorrupt, "open.corrupt"},
	{importer.ErrNotXLSX, "open.not_xlsx"},
	{importer.ErrFileTooLarge, "open.file_too_large"},
	{importer.ErrNotRegular, "open.not_regular"},
	{importer.ErrSymlinkLoop, "open.symlink_loop"},
	{importer.ErrNoFile, "open.no_file"},
	{importer.ErrFileAccess, "open.file_access"},
}

// OpenFailure turns an error from importer.Open into a finding.
func OpenFailure(file string, err error, lang Lang) Finding {
	f := Finding{Severity: Error, Rule: string(importer.WorkbookUnusable), Ref: importer.Ref{File: file}}
	if sf, ok := structureFinding(f, err, lang); ok {
		return sf
	}
	for _, m := range openMessages {
		if errors.Is(err, m.err) {
			f.Message = catalog.Get(lang, m.key)
			openDetails(&f, err, lang)
			return f
		}
	}
	// An error no sentinel names: a message in the user's language, and
	// the cause (in English, for whoever maintains rapportkoll) as Actual.
	f.Message = catalog.Get(lang, "open.unknown")
	f.Actual = err.Error()
	return f
}

// openDetails fills in what kind of file, or what size, was refused.
func openDetails(f *Finding, err error, lang Lang) {
	var kind *importer.KindError
	var size *importer.SizeError
	switch {
	case errors.As(err, &kind):
		f.Message = strings.ReplaceAll(f.Message, "{kind}", kindWord(kind.Mode, lang))
	case errors.As(err, &size):
		f.Message = strings.NewReplacer("{size}", byteSize(size.Size, lang), "{limit}", byteSize(size.Limit, lang)).Replace(f.Message)
		f.Expected = "≤ " + fmt.Sprint(size.Limit)
		f.Actual = fmt.Sprint(size.Size)
	}
}

// kindWord names what a file that is not a regular file is.
func kindWord(m fs.FileMode, lang Lang) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return catalog.Get(lang, "open.kind.pipe")
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return catalog.Get(lang, "open.kind.device")
	case m&fs.ModeSocket != 0:
		return catalog.Get(lang, "open.kind.socket")
	case m.IsDir():
		return catalog.Get(lang, "open.kind.folder")
	}
	return catalog.Get(lang, "open.kind.special")
}

// byteSize writes a size for people: "10,0 GiB (10737418240 byte)".
func byteSize(n int64, lang Lang) string {
	unit, div := "KiB", int64(1<<10)
	switch {
	case n >= 1<<30:
		unit, div = "GiB", 1<<30
	case n >= 1<<20:
		unit, div = "MiB", 1<<20
	}
	tenths := n * 10 / div // exact integer arithmetic, rounded down
	sep := catalog.Get(lang, "size.decimal_sep")
	return fmt.Sprintf("%d%s%d %s (%d %s)", tenths/10, sep, tenths%10, unit, n, catalog.Get(lang, "size.bytes"))
}

// ProblemFinding turns a reading problem into a finding.
func ProblemFinding(p importer.Problem, lang Lang) Finding {
	sev, ok := importSeverity[p.Code]
	key := string(p.Code)
	if !ok || !catalog.Has(key) {
		sev, key = Error, "import.unknown"
	}
	// A value from the workbook is quoted shortened; the whole stays in Actual.
	msg := catalog.Replace(catalog.Get(lang, key), "{col}", clip(p.Column), "{text}", clip(p.Text), "{count}", fmt.Sprint(p.Count),
		"{limit}", fmt.Sprint(p.Limit),
		"{value}", withUnit(p.Value, p.Unit, lang), "{expected}", withUnit(p.Expected, "", Swedish),
		"{decimals}", decimalsText(p.Decimals, lang))
	f := Finding{Severity: sev, Rule: string(p.Code), Ref: p.Ref, Message: msg}
	if p.Code != importer.MoreProblems && p.Code != importer.HeaderNotFound && p.Code != importer.RowUnnamed {
		f.Actual = p.Text
	}
	if p.Expected != "" {
		f.Actual, f.Expected = p.Value, p.Expected
	}
	if p.Code == importer.TooManySheets {
		f.Expected = fmt.Sprint(p.Limit)
	}
	return f
}

// clipRunes is how many characters of a value from the workbook a message
// quotes (enough for a list of the template's sheet names); the full value
// stays in the finding's Actual.
const clipRunes = 120

// clip shortens a value from the workbook for quoting in a message: at most
// clipRunes characters, the rest shown as "…".
func clip(s string) string {
	if len(s) <= clipRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == clipRunes {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// withUnit renders a plain decimal for a message, with its unit; text
// that is not a plain decimal is left as it is. A suggestion is written
// the Swedish way in both languages, as the user should type it.
func withUnit(plain, unit string, lang Lang) string {
	if plain == "" {
		return ""
	}
	s := plain
	if d, err := parseDec(plain); err == nil {
		s = numText(d, lang)
	}
	switch unit {
	case "":
		return s
	case "%":
		return s + " %"
	}
	return s + " " + unit
}

// decimalsText says how many decimals a column takes.
func decimalsText(n int32, lang Lang) string {
	switch {
	case n == 0:
		return catalog.Get(lang, "decimals.none")
	case n == 1:
		return catalog.Get(lang, "decimals.one")
	}
	return catalog.Fill(lang, "decimals.many", "n", fmt.Sprint(n))
}
