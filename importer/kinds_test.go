package importer_test

// The tests here load the default spec for its layouts; validating it
// needs the rule kinds, which package rules registers.
import _ "github.com/rapportkoll/rapportkoll/rules"
