package cmap

import (
	"errors"
	"math"
	"testing"
)

func TestAdjustInt(t *testing.T) {
	for _, c := range []struct {
		name string
		v    Value
		step int32
		want Value
		err  error
	}{
		{"u32 +1", U32(5), 1, U32(6), nil},
		{"u32 -1", U32(5), -1, U32(4), nil},
		{"u32 wraps down", U32(0), -1, U32(math.MaxUint32), nil},
		{"u8 wraps up", U8(255), 1, U8(0), nil},
		{"u8 big step", U8(1), 300, U8(45), nil},
		{"i8 wraps", I8(127), 1, I8(-128), nil},
		{"i8 negative", I8(-5), -3, I8(-8), nil},
		{"i16", I16(-1), 2, I16(1), nil},
		{"u16 wraps", U16(0), -2, U16(65534), nil},
		{"i32 min", I32(math.MinInt32), -1, I32(math.MaxInt32), nil},
		{"i64", I64(-1), math.MinInt32, I64(-1 + math.MinInt32), nil},
		{"u64 wraps", U64(0), -1, U64(math.MaxUint64), nil},
		{"u64 max step", U64(1), math.MaxInt32, U64(1 + math.MaxInt32), nil},
		{"flt", Flt(1), 1, Flt(1), ErrType},
		{"dbl", Dbl(1), 1, Dbl(1), ErrType},
		{"str", Str("1"), 1, Str("1"), ErrType},
		{"bin", Bin([]byte{1}), 1, Bin([]byte{1}), ErrType},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := New()
			must(t, m.Set("k.k", c.v))
			_, got := recorder(m, t, "k.k", TrackModify)
			err := m.AdjustInt("k.k", c.step)
			if !errors.Is(err, c.err) {
				t.Fatalf("err %v want %v", err, c.err)
			}
			if v, _ := m.Get("k.k"); v != c.want {
				t.Errorf("got %v want %v", v, c.want)
			}
			wantEv := 0
			if c.err == nil {
				wantEv = 1
			}
			if len(*got) != wantEv || wantEv == 1 && ((*got)[0].oldV != c.v || (*got)[0].newV != c.want) {
				t.Errorf("events %v", *got)
			}
		})
	}
}

func TestAdjustIntNoChangeNoEvent(t *testing.T) {
	m := New()
	must(t, m.Set("k.a", U8(7)))
	_, got := recorder(m, t, "k.a", TrackModify)
	must(t, m.AdjustInt("k.a", 0))
	must(t, m.AdjustInt("k.a", 256)) // wraps back to 7
	if len(*got) != 0 {
		t.Errorf("events for unchanged value: %v", *got)
	}
	if err := m.AdjustInt("k.missing", 1); !errors.Is(err, ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

func TestFastAdjustInt(t *testing.T) {
	m := New()
	must(t, m.Set("k.a", U64(7)))
	_, got := recorder(m, t, "k.a", TrackModify)
	must(t, m.FastAdjustInt("k.a", 3))
	must(t, m.FastAdjustInt("k.a", 0)) // the fast path notifies anyway
	want := []rec{{TrackModify, "k.a", U64(10), Value{}}, {TrackModify, "k.a", U64(10), Value{}}}
	if len(*got) != 2 || (*got)[0] != want[0] || (*got)[1] != want[1] {
		t.Errorf("events %v", *got)
	}
	if err := m.FastAdjustInt("k.a", 0); err != nil {
		t.Error(err)
	}
	must(t, m.Set("k.s", Str("x")))
	if err := m.FastAdjustInt("k.s", 1); !errors.Is(err, ErrType) {
		t.Errorf("str: %v", err)
	}
}
