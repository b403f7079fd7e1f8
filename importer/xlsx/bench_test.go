package xlsx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"testing"
)

// sheetXML is a Drift-like sheet of n rows, as the benchmarks read it.
func sheetXML(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><worksheet xmlns="m"><sheetData>`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Verksamhet %d</t></is></c><c r="B%d" t="s"><v>0</v></c><c r="C%d"><v>-1000</v></c><c r="D%d"><v>-1006</v></c><c r="E%d"><v>-6</v></c><c r="F%d" s="1"><v>-0.01</v></c></row>`, i, i, i, i, i, i, i, i)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.Bytes()
}

func benchRows(b *testing.B, fast bool) {
	data := sheetXML(10000)
	book := testBook()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var src rowSource = &sheetReader{b: book, d: xml.NewDecoder(bytes.NewReader(data))}
		if fast {
			src = newScanner(book, bytes.NewReader(data))
		}
		for {
			if _, err := src.next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkScanner and BenchmarkEncodingXML read the same 10,000 rows, so
// their ratio is the scanner's gain.
func BenchmarkScanner(b *testing.B)     { benchRows(b, true) }
func BenchmarkEncodingXML(b *testing.B) { benchRows(b, false) }
