package exporter_test

import "github.com/rapportkoll/rapportkoll/exporter"

// update is the -update flag of the package's tests (exporter.UpdateFlag).
var update = exporter.UpdateFlag
