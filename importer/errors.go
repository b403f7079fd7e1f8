package importer

import (
	"errors"

	"github.com/rapportkoll/rapportkoll/importer/xlsx"
)

// Sentinel errors for workbooks that cannot be read at all. Open wraps them
// with %w; callers use errors.Is to pick a message.
var (
	ErrEmptyFile  = errors.New("the file is empty")
	ErrLegacyXLS  = errors.New("legacy Excel 97-2003 workbook (.xls)")
	ErrEncrypted  = errors.New("password-protected workbook")
	ErrODS        = errors.New("OpenDocument spreadsheet (.ods)")
	ErrXLSB       = errors.New("Excel binary workbook (.xlsb)")
	ErrTextFile   = errors.New("text file (CSV or HTML), not a workbook")
	ErrPDF        = errors.New("PDF document, not a workbook")
	ErrNotXLSX    = errors.New("not an xlsx workbook")
	ErrCorrupt    = errors.New("the workbook is damaged or truncated")
	ErrTooLarge   = errors.New("the workbook unpacks to more than the size limit")
	ErrFileAccess = errors.New("the file cannot be read")
	ErrNoFile     = errors.New("the file does not exist")
)

// StructureError is a structural fault in the workbook (a missing part, a
// row numbered 0 or out of order, a cell reference beyond XFD or naming
// another row, a shared-string index out of range or no number, broken XML
// or a character XML does not allow, an encrypted zip entry), with the part, sheet and cell
// where it was found as far as they are known. Open and Scan return it
// wrapped together with ErrCorrupt: errors.Is(err, ErrCorrupt) holds and
// errors.As finds it.
type StructureError = xlsx.StructureError

// Fault names the kind of a StructureError.
type Fault = xlsx.Fault

// Structural faults.
const (
	FaultPartMissing  = xlsx.FaultPartMissing
	FaultSheetLink    = xlsx.FaultSheetLink
	FaultZipEncrypted = xlsx.FaultZipEncrypted
	FaultDamaged      = xlsx.FaultDamaged
	FaultTruncated    = xlsx.FaultTruncated
	FaultXML          = xlsx.FaultXML
	FaultRowNumber    = xlsx.FaultRowNumber
	FaultCellRef      = xlsx.FaultCellRef
	FaultCellRow      = xlsx.FaultCellRow
	FaultCellOrder    = xlsx.FaultCellOrder
	FaultRowOrder     = xlsx.FaultRowOrder
	FaultSharedString = xlsx.FaultSharedString
	FaultStringIndex  = xlsx.FaultStringIndex
	FaultChar         = xlsx.FaultChar
)

// Code identifies a problem found while reading a cell, a header or a sheet.
// rules turns each into a finding with a message in the user's language.
type Code string

// Problem codes.
const (
	SheetMissing      Code = "import.sheet_missing"       // a required sheet is absent
	SheetHidden       Code = "import.sheet_hidden"        // a template sheet is hidden
	SheetAmbiguous    Code = "import.sheet_ambiguous"     // several sheets match one template sheet's name
	HeaderNotFound    Code = "import.header_not_found"    // no header row with the required columns
	ColumnMissing     Code = "import.column_missing"      // a required column (or Info label) is absent
	LabelMissing      Code = "import.label_missing"       // a required label of a key-value sheet is absent
	ColumnDuplicate   Code = "import.column_duplicate"    // two columns carry the same header
	NotANumber        Code = "import.not_a_number"        // text that is not a number in a number column
	BooleanNotNumber  Code = "import.boolean"             // a Boolean (TRUE/FALSE) in a number column
	UnknownCellType   Code = "import.unknown_cell_type"   // a cell of a type the file format does not define
	NumberAsText      Code = "import.number_as_text"      // a number stored as text
	NumberTooLarge    Code = "import.number_too_large"    // beyond the column's limit
	TooManyDecimals   Code = "import.too_many_decimals"   // a typed number with more decimals than its column states
	ThousandsComma    Code = "import.thousands_separator" // "1,234" in a whole-number column: a comma or point as thousands separator
	ExcelError        Code = "import.excel_error"         // #DIV/0!, #REF!, ...
	BadDate           Code = "import.bad_date"            // not a date
	FormulaNoValue    Code = "import.formula_no_value"    // formula without cached result
	FormulaRecomputed Code = "import.formula_recomputed"  // formula without cached result, computed here
	FormulaCircular   Code = "import.formula_circular"    // formula without cached result that refers to itself
	TextTooLong       Code = "import.text_too_long"       // over the column's length limit
	HiddenRow         Code = "import.hidden_row"          // a hidden row holds data
	HiddenColumn      Code = "import.hidden_column"       // a hidden column holds data
	RowUnnamed        Code = "import.row_unnamed"         // a row\'s label cell is blank while other cells hold values
	MoreProblems      Code = "import.more_problems"       // further problems of one code left out
	WorkbookUnusable  Code = "import.unreadable"          // the file could not be opened
	NotTemplate       Code = "import.not_template"        // none of the template's sheets is there
	TooManySheets     Code = "import.too_many_sheets"     // more sheets than are read; the rest are ignored
	DuplicatePart     Code = "import.duplicate_part"      // the archive holds a part more than once
)
