package store

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// referenceDecode is decodeParts as it was: encoding/json for all of it.
func referenceDecode(facts, findings string) (*Record, error) {
	r := &Record{}
	if err := unmarshalFacts(r, facts); err != nil {
		return nil, err
	}
	if err := unmarshalFindings(r, findings); err != nil {
		return nil, err
	}
	return r, nil
}

// sameDecode fails t unless decodeParts reads facts and findings as
// encoding/json does: the same facts and findings, or an error both.
func sameDecode(t *testing.T, facts, findings string) {
	t.Helper()
	want, werr := referenceDecode(facts, findings)
	got := &Record{}
	err := decodeParts(got, facts, findings)
	switch {
	case (err != nil) != (werr != nil):
		t.Errorf("decodeParts(%q, %q) error %v, encoding/json's %v", facts, findings, err, werr)
	case err == nil && (!reflect.DeepEqual(got.Facts, want.Facts) || !reflect.DeepEqual(got.Findings, want.Findings)):
		t.Errorf("decodeParts(%q, %q) =\n%+v\n%+v\nencoding/json\n%+v\n%+v", facts, findings, got.Facts, got.Findings, want.Facts, want.Findings)
	}
}

// TestDecodeParts: what canonParts wrote for checked departments and for
// odd text reads back as encoding/json reads it, and so does what is not
// canonParts' form (space, another key order, null, broken JSON).
func TestDecodeParts(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	batch, _ := fixtures.Batch(3)
	for _, wb := range append(batch, fixtures.Kommunstyrelsen()) {
		file := filepath.Join(t.TempDir(), "n.xlsx")
		if err := wb.WriteFile(file); err != nil {
			t.Fatal(err)
		}
		r := FromResult(s, check.File(s, file, check.Options{KeepTables: true}), nil, "v", time.Now(), nil)
		facts, findings := canonParts(r)
		sameDecode(t, string(facts), string(findings))
		got := &Record{}
		if err := decodeParts(got, string(facts), string(findings)); err != nil || !reflect.DeepEqual(got.Facts, r.Facts) || !reflect.DeepEqual(got.Findings, r.Findings) {
			t.Errorf("%s: the facts and findings read back are not the ones written (%v)", r.Department, err)
		}
	}
	odd := sample("Kultur \"x\" {a}", "Helår 2023", 1)
	odd.Facts[0].Raw, odd.Facts[1].Row, odd.Facts[2].Value = `a\b "c" \u00e4`, "tab\there\u2028", "}]{["
	odd.Findings[0].Message, odd.Findings[1].Expected = "Cell \"D5\" <&> ä\x01", `\`
	odd.Facts[3].Decimals, odd.Facts[4].Decimals = -2, 2147483647
	facts, findings := canonParts(odd)
	sameDecode(t, string(facts), string(findings))
	for _, tc := range [][2]string{
		{"[]", "[]"}, {"null", "null"}, {" [ ] ", "[ ]"}, {"", "[]"}, {"[]", ""}, {"[", "]"},
		{`[{"cell":"B5","column":"c","decimals":1,"kind":"number","raw":"","row":"r","sheet":"Drift","value":"1.5"}]`, "[]"},
		{`[{"column":"c","cell":"B5","decimals":1,"kind":"number","raw":"","row":"r","sheet":"Drift","value":"1.5"}]`, "[]"},
		{`[{"cell": "B5","column":"c","decimals":1,"kind":"number","raw":"","row":"r","sheet":"Drift","value":"1.5"}]`, "[]"},
		{`[{"cell":"B5","column":"c","decimals":01,"kind":"number","raw":"","row":"r","sheet":"Drift","value":"1.5"}]`, "[]"},
		{`[{"cell":"B5","column":"c","decimals":1e0,"kind":"number","raw":"","row":"r","sheet":"Drift","value":"1.5"}]`, "[]"},
		{`[{"cell":"B5","column":"c","decimals":99999999999,"kind":"number","raw":"","row":"r","sheet":"Drift","value":"1.5"}]`, "[]"},
		{`[{"cell":"B\x01","column":"c","decimals":1,"kind":"number","raw":"","row":"r","sheet":"Drift","value":"1.5"}]`, "[]"},
		{`[{"cell":"B\q","column":"c","decimals":1,"kind":"number","raw":"","row":"r","sheet":"Drift","value":"1.5"}]`, "[]"},
		{"[{\"cell\":\"B\xff\",\"column\":\"c\",\"decimals\":1,\"kind\":\"number\",\"raw\":\"\",\"row\":\"r\",\"sheet\":\"Drift\",\"value\":\"1.5\"}]", "[]"},
		{"[]", `[{"actual":"1","cell":"D9","expected":"2","message":"m","rule":"r","severity":"error","sheet":"S"},{"actual":"","cell":"","expected":"","message":"","rule":"","severity":"","sheet":""}]`},
		{"[]", `[{"actual":"1","cell":"D9","expected":"2","message":"m","rule":"r","severity":"error","sheet":"S"}]x`},
		{"[]", `[{"actual":"1","cell":"D9","expected":"2","message":"m","rule":"r","severity":"error","sheet":"S"},]`},
	} {
		sameDecode(t, tc[0], tc[1])
	}
}

func FuzzDecodeParts(f *testing.F) {
	facts, findings := canonParts(sample("Kultur", "Helår 2023", 1))
	f.Add(string(facts), string(findings))
	f.Add("[]", "null")
	f.Fuzz(func(t *testing.T, facts, findings string) {
		sameDecode(t, facts, findings)
	})
}
