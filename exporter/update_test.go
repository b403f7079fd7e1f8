package exporter_test

import "flag"

// update rewrites the golden files under testdata instead of comparing:
// go test ./exporter -update.
var update = flag.Bool("update", false, "update golden files")
