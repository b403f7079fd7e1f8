package exporter

import "fmt"

// ConsolidatedWorkbook returns the bytes of Sammanställning.xlsx for run,
// built in memory (the web page's download of a period): the same
// workbook consolidate writes into its output folder. A library that
// panics on a submission gives an error, never a panic.
func ConsolidatedWorkbook(run Run) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("internal error: %v", p)
		}
	}()
	return buildConsolidated(run)
}
