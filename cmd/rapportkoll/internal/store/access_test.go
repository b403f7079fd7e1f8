package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestKeysAndPeriods(t *testing.T) {
	for _, eng := range engines() {
		t.Run(eng.name, func(t *testing.T) {
			ctx := context.Background()
			s, err := Open(ctx, eng.dsn(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			now := time.Date(2024, 2, 1, 8, 0, 0, 0, time.UTC)
			key, k, err := s.CreateKey(ctx, RoleDepartment, "Kulturnämnden", now)
			if err != nil {
				t.Fatal(err)
			}
			if len(key) < 50 {
				t.Errorf("key %q is shorter than 32 bytes in base32", key)
			}
			got, err := s.LookupKey(ctx, " "+key+"\n")
			if err != nil || got != k {
				t.Errorf("LookupKey(key) = %+v, %v, want %+v", got, err, k)
			}
			if _, err := s.LookupKey(ctx, key+"x"); !errors.Is(err, ErrNoKey) {
				t.Errorf("LookupKey(other) = %v, want ErrNoKey", err)
			}
			if _, _, err := s.CreateKey(ctx, RoleDepartment, " ", now); err == nil {
				t.Error("CreateKey(namnd, no name) = nil error")
			}
			if _, _, err := s.CreateKey(ctx, "admin", "", now); err == nil {
				t.Error("CreateKey(admin) = nil error")
			}
			if err := s.RevokeKey(ctx, k.ID, now); err != nil {
				t.Fatal(err)
			}
			if _, err := s.LookupKey(ctx, key); !errors.Is(err, ErrNoKey) {
				t.Errorf("LookupKey(revoked) = %v, want ErrNoKey", err)
			}
			if _, err := s.writer.ExecContext(ctx, "DELETE FROM key_revocations"); !errors.Is(s.wrap(err), ErrAppendOnly) {
				t.Errorf("DELETE FROM key_revocations = %v, want ErrAppendOnly", err)
			}

			st, err := s.Period(ctx, "Helår 2023")
			if err != nil || st.Known || st.Open {
				t.Errorf("Period(new) = %+v, %v, want unknown and closed", st, err)
			}
			if err := s.SetRegister(ctx, "Helår 2023", []string{"Kulturnämnden", "Kommunstyrelsen"}, now); err != nil {
				t.Fatal(err)
			}
			if err := s.SetPeriodOpen(ctx, "Helår 2023", true, now); err != nil {
				t.Fatal(err)
			}
			st, err = s.Period(ctx, "helår  2023")
			if err != nil || !st.Open || !slices.Equal(st.Departments, []string{"Kulturnämnden", "Kommunstyrelsen"}) {
				t.Errorf("Period(opened) = %+v, %v", st, err)
			}
			if err := s.SetPeriodOpen(ctx, "Helår 2023", false, now.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if st, _ = s.Period(ctx, "Helår 2023"); st.Open {
				t.Errorf("Period(closed).Open = true")
			}
			if _, err := s.writer.ExecContext(ctx, s.rebind("UPDATE period_events SET is_open = 1")); !errors.Is(s.wrap(err), ErrAppendOnly) {
				t.Errorf("UPDATE period_events = %v, want ErrAppendOnly", err)
			}
		})
	}
}

func TestLoadConsolidation(t *testing.T) {
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			s := open(t, e.dsn(t), Options{})
			_, c := consolidate(t, s, "Helår 2023")
			got, err := s.LoadConsolidation(context.Background(), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Period != "Helår 2023" || len(got.Inputs) != 3 || got.Inputs[0].Record != c.Inputs[0].Record || got.Inputs[0].Record == 0 || !got.Inputs[0].InTotals ||
				got.Inputs[1].Department != "Miljö" || got.Inputs[2].File != "trasig.xlsx" || got.Chain != c.Chain {
				t.Errorf("LoadConsolidation = %+v", got)
			}
			if _, err := s.LoadConsolidation(context.Background(), 1); !errors.Is(err, ErrNotFound) {
				t.Errorf("LoadConsolidation(a submission) = %v, want ErrNotFound", err)
			}
		})
	}
}
