package rules

import "github.com/rapportkoll/rapportkoll/rules/catalog"

// ruleMessage returns the message of a rule finding by key in lang: the
// catalogue's text "rule."+key, whose placeholders are {col} the column,
// {actual} the stated value, {expected} the computed one, and per key the
// ones named in its text. A key the catalogue lacks gives the key itself.
func ruleMessage(key string, lang Lang) string {
	k := "rule." + key
	if !catalog.Has(k) {
		return key
	}
	return catalog.Get(lang, k)
}

// tr returns the catalogue's text of key in lang.
func tr(lang Lang, key string) string { return catalog.Get(lang, key) }
