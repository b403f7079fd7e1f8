package xlsx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
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

// sstXML is a shared-strings part of n entries as Excel writes a Drift
// sheet's names: "Verksamhet 1", "Verksamhet 2", ...
func sstXML(n int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="m" count="%d" uniqueCount="%d">`, n, n)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<si><t>Verksamhet %d</t></si>`, i)
	}
	b.WriteString(`</sst>`)
	return b.Bytes()
}

// BenchmarkSharedStrings reads a part of 100,000 shared strings, as Open
// does. Besides B/op (what reading allocates on the heap, mostly passing),
// it reports what the table keeps per string: table-B/string, its text,
// lengths and marks; heap-B/string, what of it stays on the Go heap
// (0 where it is mapped outside it), which the collector counts twice.
func BenchmarkSharedStrings(b *testing.B) {
	const n = 100_000
	data := sstXML(n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var table, heap float64
	for b.Loop() {
		var before, after runtime.MemStats
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		tab, err := newScanner(testBook(), bytes.NewReader(data)).sharedStrings(int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		table = float64(tab.footprint()) / n
		heap = max(0, float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))) / n
		tab.release()
		b.StartTimer()
	}
	b.ReportMetric(table, "table-B/string")
	b.ReportMetric(heap, "heap-B/string")
}

// BenchmarkSharedStringAt resolves cells' shared strings, in the order a
// sheet uses them and at random.
func BenchmarkSharedStringAt(b *testing.B) {
	const n = 100_000
	data := sstXML(n)
	tab, err := newScanner(testBook(), bytes.NewReader(data)).sharedStrings(int64(len(data)))
	if err != nil {
		b.Fatal(err)
	}
	defer tab.release()
	random := rand.New(rand.NewPCG(1, 2))
	for _, order := range []string{"in order", "random"} {
		b.Run(order, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if order == "random" {
					i = random.IntN(n)
				} else {
					i = (i + 1) % n
				}
				if len(tab.at(i)) == 0 {
					b.Fatal("empty")
				}
			}
		})
	}
}
