//go:build !unix

package main

// openNonblock is 0 where opening a named pipe cannot be kept from waiting.
const openNonblock = 0
