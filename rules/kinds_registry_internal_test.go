package rules

import (
	"testing"

	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestEveryKindRuns: every kind declared to spec has a run function here,
// and every run function was declared; each names its message keys, and
// each key has a message in Swedish and in English.
func TestEveryKindRuns(t *testing.T) {
	names := spec.KindNames()
	if len(names) == 0 {
		t.Fatal("no kinds registered")
	}
	for _, name := range names {
		k, ok := kinds[name]
		if !ok || k.run == nil {
			t.Errorf("kind %s is declared but has no run function", name)
			continue
		}
		if len(k.messages) == 0 {
			t.Errorf("kind %s names no message keys", name)
		}
		for _, key := range k.messages {
			sv, en := ruleMessage(key, Swedish), ruleMessage(key, English)
			if sv == key || en == key || sv == "" || en == "" || sv == en {
				t.Errorf("kind %s: message %q lacks Swedish or English text (sv %q, en %q)", name, key, sv, en)
			}
		}
	}
	for name := range kinds {
		if spec.Kind(name) == nil {
			t.Errorf("kind %s runs but is not declared to spec", name)
		}
	}
}
