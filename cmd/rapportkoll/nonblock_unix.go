//go:build unix

package main

import "syscall"

// openNonblock keeps the open of a named pipe from waiting for a writer.
const openNonblock = syscall.O_NONBLOCK

// mkfifo makes a named pipe (tests).
func mkfifo(name string) error { return syscall.Mkfifo(name, 0o644) }
