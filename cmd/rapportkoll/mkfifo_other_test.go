//go:build !unix

package main

import "errors"

// mkfifo is not available on this platform.
func mkfifo(name string) error { return errors.New("no named pipes here") }
