package spec

import (
	"strings"
	"testing"
)

// TestNoKindsRegistered: a program that validates a spec without linking
// package rules is told so, not that every kind is unknown.
func TestNoKindsRegistered(t *testing.T) {
	saved := kindRegistry
	kindRegistry = map[string]*KindInfo{}
	defer func() { kindRegistry = saved }()
	_, err := Parse("x.yaml", []byte("name: x\nversion: '1'\nsheets: [{name: A, columns: [{header: B, type: text}], rules: [{id: r, kind: required, column: B}]}]\n"))
	if err == nil || !strings.Contains(err.Error(), "importera paketet rules") {
		t.Errorf("Parse = %v, want the kinds reported as not registered", err)
	}
}

func TestRegisterKindTwicePanics(t *testing.T) {
	saved := kindRegistry
	kindRegistry = map[string]*KindInfo{}
	defer func() { kindRegistry = saved }()
	RegisterKind(KindInfo{Name: "x"})
	defer func() {
		if recover() == nil {
			t.Error("RegisterKind(x) twice did not panic")
		}
	}()
	RegisterKind(KindInfo{Name: "x"})
}
