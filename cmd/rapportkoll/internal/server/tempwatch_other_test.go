//go:build !linux

package server

import "testing"

// watchCreates sees nothing where there is no inotify: the test then
// looks at the folder's content only.
func watchCreates(t *testing.T, dir string) (created func() []string) {
	return func() []string { return nil }
}
