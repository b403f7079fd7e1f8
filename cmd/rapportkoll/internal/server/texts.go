package server

import (
	"strings"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// textPrefix is the prefix of the server's keys in rules/catalog
// (texts_server.go): the server's own words, in Swedish and English,
// looked up with say without it. TestTexts checks that each is used; the
// findings' messages and the words of severities and statuses are other
// keys of the same catalogue.
const textPrefix = "web."

// say returns key's text in lang, with the {name} placeholders of kv filled
// in; an unknown key gives ‹key›.
func say(lang rules.Lang, key string, kv ...string) string {
	t, ok := catalog.Lookup(textPrefix + key)
	if !ok {
		return "‹" + key + "›"
	}
	s := t.In(lang)
	for i := 0; i+1 < len(kv); i += 2 {
		s = strings.ReplaceAll(s, "{"+kv[i]+"}", kv[i+1])
	}
	return s
}
