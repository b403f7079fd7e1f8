//go:build !unix

package importer

// openNonblock is 0 where the platform has no O_NONBLOCK; OpenInput still
// refuses what is not a regular file before opening it.
const openNonblock = 0
