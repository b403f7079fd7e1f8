package exporter

import "flag"

// update rewrites the golden files under testdata instead of comparing:
// go test ./exporter -update.
var update = flag.Bool("update", false, "update golden files")

// UpdateFlag is update for the package's external tests (exporter_test),
// which share the test binary and so the flag.
var UpdateFlag = update
