package importer

import (
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer/xlsx"
)

// maxRecomputeSize bounds the workbooks whose formulas are recomputed with
// excelize, which loads whole sheets into memory (shared/PITFALLS.md B1).
const maxRecomputeSize = 20 << 20

// recompute calculates a formula that was saved without a cached value, as
// files written by programs rather than by Excel or LibreOffice are. It
// uses excelize's calculation engine, opening the workbook once, and only
// for workbooks of reasonable size. ok is false when nothing could be
// computed.
func (w *Workbook) recompute(sheet string, col, row int) (c xlsx.Cell, ok bool) {
	if w.calcFailed {
		return c, false
	}
	if w.calc == nil {
		st, err := os.Stat(w.File)
		if err != nil || st.Size() > maxRecomputeSize {
			w.calcFailed = true
			return c, false
		}
		f, err := excelize.OpenFile(w.File, excelize.Options{
			RawCellValue: true, UnzipSizeLimit: w.opt.Limits.TotalSize, UnzipXMLSizeLimit: 16 << 20,
		})
		if err != nil {
			w.calcFailed = true
			return c, false
		}
		w.calc = f
	}
	ref := ColumnName(col) + strconv.Itoa(row)
	v, err := w.calc.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	v = strings.TrimSpace(v)
	switch {
	case err != nil:
		// unsupported functions and external references end here
		return c, false
	case v == "":
		return xlsx.Cell{Col: col, Type: xlsx.TypeString, Formula: true, Cached: true}, true
	case strings.HasPrefix(v, "#"):
		return xlsx.Cell{Col: col, Type: xlsx.TypeError, Value: v, Formula: true, Cached: true}, true
	}
	if _, err := ParseStored(v); err == nil {
		return xlsx.Cell{Col: col, Type: xlsx.TypeNumber, Value: v, Formula: true, Cached: true}, true
	}
	return xlsx.Cell{Col: col, Type: xlsx.TypeString, Value: v, Formula: true, Cached: true}, true
}
