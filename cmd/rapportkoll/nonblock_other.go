//go:build !unix

package main

// openNonblock is 0 where opening a named pipe cannot be kept from waiting.
const openNonblock = 0

// mkfifo is not available on this platform.
func mkfifo(name string) error { return errNoFIFO }

var errNoFIFO = errorString("no named pipes here")

type errorString string

func (e errorString) Error() string { return string(e) }
