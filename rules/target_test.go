package rules_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/rules"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in, op, value, unit string
		bare                bool
	}{
		{"≤38", "<=", "38", "", false},
		{">73,5", ">", "73.5", "", false},
		{"≥975per år", ">=", "975", "per år", false},
		{"<7,8 %", "<", "7.8", "%", false},
		{"≤ 6,9 %", "<=", "6.9", "%", false},
		{">=80", ">=", "80", "", false},
		{"<= 4", "<=", "4", "", false},
		{"1", ">=", "1", "", true},
		{"0", ">=", "0", "", true},
		{">0,85", ">", "0.85", "", false},
		{"≥ 1 000 st", ">=", "1000", "st", false},
		{"= 100 index", "=", "100", "index", false},
		{">−5", ">", "-5", "", false},
	}
	for _, tt := range tests {
		got, err := rules.ParseTarget(tt.in)
		if err != nil {
			t.Errorf("ParseTarget(%q) error %v", tt.in, err)
			continue
		}
		if got.Op != tt.op || !got.Value.Equal(decimal.RequireFromString(tt.value)) || got.Unit != tt.unit || got.Bare != tt.bare {
			t.Errorf("ParseTarget(%q) = %+v, want %s %s %q bare=%v", tt.in, got, tt.op, tt.value, tt.unit, tt.bare)
		}
	}
	for _, bad := range []string{"", "abc", "≤", ">>5", "≤38 kronor i månaden", "ca 40", "40-50", "≤3,8,1"} {
		if got, err := rules.ParseTarget(bad); err == nil {
			t.Errorf("ParseTarget(%q) = %+v, want an error", bad, got)
		}
	}
}

func TestTargetMet(t *testing.T) {
	tests := []struct {
		target, outcome string
		want            bool
	}{
		{">30", "30", false}, {">30", "30.1", true}, {"≥30", "30", true},
		{"≤38", "52", false}, {"<7,8 %", "7.8", false}, {"<4,2", "4.3", false},
		{">73,5", "69.6", false}, {"0", "-3", false}, {"0", "0", true}, {"=5", "5.0", true},
	}
	for _, tt := range tests {
		tg, _ := rules.ParseTarget(tt.target)
		if got := tg.Met(decimal.RequireFromString(tt.outcome)); got != tt.want {
			t.Errorf("%s met by %s = %v, want %v", tt.target, tt.outcome, got, tt.want)
		}
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"≤38", ">73,5", "≥975per år", "<7,8 %", "≤ 6,9 %", "1", ">=80", "abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := rules.ParseTarget(s)
		if err != nil {
			return
		}
		// What parses prints to a target that parses the same.
		back, err := rules.ParseTarget(tg.String())
		if err != nil || back.Op != tg.Op || !back.Value.Equal(tg.Value) || back.Unit != tg.Unit {
			t.Errorf("ParseTarget(%q) = %+v, printed %q, reparsed %+v, %v", s, tg, tg.String(), back, err)
		}
	})
}

func TestCompare(t *testing.T) {
	d := decimal.RequireFromString
	st := func(s string) rules.Interval { return rules.Stated(d(s), 0) }
	sum := st("-287885").Add(st("-27617")).Add(st("-8514")).Add(st("-82549")).Add(st("-368063"))
	tests := []struct {
		name     string
		computed rules.Interval
		stated   string
		want     rules.Verdict
		expected string
	}{
		{"design example: sum of five posts, 1 tkr off", sum, "-774627", rules.Rounding, "-774628"},
		{"exact sum", st("-56174").Add(st("-15606")), "-71780", rules.Agrees, "-71780"},
		{"deviation 1 off", st("-38647").Sub(st("-34208")), "-4440", rules.Rounding, "-4439"},
		{"exactly at the tolerance edge: [8.5, 11.5] touches [11.5, 12.5]", st("10").Sub(st("0")).Add(st("0")), "12", rules.Rounding, "10"},
		{"one past the edge", st("10").Sub(st("0")).Add(st("0")), "13", rules.Differs, "10"},
		{"personal turnover", rules.Stated(d("11.9"), 1).Sub(rules.Stated(d("19.2"), 1)), "-8.7", rules.Differs, "-7.3"},
	}
	for _, tt := range tests {
		v, exp := rules.Compare(tt.computed, d(tt.stated), 0, false)
		if v != tt.want || !exp.Equal(d(tt.expected)) {
			t.Errorf("%s: Compare = %v, %s; want %v, %s", tt.name, v, exp, tt.want, tt.expected)
		}
	}
}

func TestPercentIntervals(t *testing.T) {
	d := decimal.RequireFromString
	st := func(s string) rules.Interval { return rules.Stated(d(s), 0) }
	pct := func(dev, budget string) rules.Interval {
		q, err := st(dev).Div(st(budget).Abs())
		if err != nil {
			t.Fatal(err)
		}
		return q.Mul(rules.Exact(d("100")))
	}
	tests := []struct {
		dev, budget, stated string
		want                rules.Verdict
		expected            string
	}{
		{"-17", "-1744", "1", rules.Differs, "-1"},
		{"-17", "-1744", "-1", rules.Agrees, "-1"},
		{"-13406", "-1560", "-859", rules.Agrees, "-859"},
		{"17624", "-59552", "30", rules.Agrees, "30"},
		{"-130", "-74240", "0", rules.Agrees, "0"},
	}
	for _, tt := range tests {
		v, exp := rules.Compare(pct(tt.dev, tt.budget), d(tt.stated), 0, false)
		if v != tt.want || !exp.Equal(d(tt.expected)) {
			t.Errorf("%s/|%s|×100 vs %s: %v, %s; want %v, %s", tt.dev, tt.budget, tt.stated, v, exp, tt.want, tt.expected)
		}
	}
	if _, err := st("5").Div(st("0")); err != rules.ErrDivisionByZero {
		t.Errorf("division by a zero budget = %v, want ErrDivisionByZero", err)
	}
}

func BenchmarkParseTarget(b *testing.B) {
	inputs := []string{"≤38", ">73,5", "≥975per år", "<7,8 %", "≤ 6,9 %", "1"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := rules.ParseTarget(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTargetText: in English the target's number is written the English
// way, like the outcome beside it; in Swedish as the target is stated.
func TestTargetText(t *testing.T) {
	tg, err := rules.ParseTarget("≤ 6,9 %")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tg.Text(rules.English), "≤6.9 %"; got != want {
		t.Errorf("Text(en) = %q, want %q", got, want)
	}
	if got, want := tg.Text(rules.Swedish), "≤6,9 %"; got != want {
		t.Errorf("Text(sv) = %q, want %q", got, want)
	}
}
