//go:build unix

package main

import "syscall"

// openNonblock keeps the open of a named pipe from waiting for a writer.
const openNonblock = syscall.O_NONBLOCK
