package importer_test

import (
	"testing"

	"github.com/rapportkoll/rapportkoll/importer"
)

func BenchmarkParseNumber(b *testing.B) {
	inputs := []string{"1 234", "-3 277", "−3 %", "61,7", "8,5 %", "1\u00a0234\u00a0567,89"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, _, err := importer.ParseNumber(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseStored(b *testing.B) {
	inputs := []string{"-750925", "0.30000000000000004", "61.7", "-7.0000000000000007E-2"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := importer.ParseStored(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}
