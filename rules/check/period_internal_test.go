package check

import (
	"testing"

	"github.com/rapportkoll/rapportkoll/importer"
)

func TestComparePeriods(t *testing.T) {
	order := []string{"Helår 2021", "Delår april 2022", "Delår augusti 2022", "Helår 2022", "Delår mars 2023", "Helår 2023", "Delår april 2024"}
	for i := range order {
		for j := range order {
			got := comparePeriods(importer.NameKey(order[i]), importer.NameKey(order[j]))
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got != want {
				t.Errorf("comparePeriods(%q, %q) = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
}
