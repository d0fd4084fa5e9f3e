package cmap

import (
	"math"
	"testing"
)

func TestValueAccessors(t *testing.T) {
	for _, c := range []struct {
		v    Value
		i    int64
		u    uint64
		f    float64
		size int
	}{
		{I8(-1), -1, math.MaxUint64, 0, 1},
		{U8(255), 255, 255, 0, 1},
		{I16(-2), -2, math.MaxUint64 - 1, 0, 2},
		{U32(7), 7, 7, 0, 4},
		{I64(math.MinInt64), math.MinInt64, 1 << 63, 0, 8},
		{Flt(1.5), 0, 0, 1.5, 4}, // no IEEE bits leak out of Int/Uint
		{Dbl(-2.25), 0, 0, -2.25, 8},
		{Str("x"), 0, 0, 0, 0},
		{Bin([]byte{1}), 0, 0, 0, 0},
	} {
		if c.v.Int() != c.i || c.v.Uint() != c.u || c.v.Float64() != c.f || c.v.Type().Size() != c.size {
			t.Errorf("%v: Int %d Uint %d Float64 %v Size %d", c.v.Type(), c.v.Int(), c.v.Uint(), c.v.Float64(), c.v.Type().Size())
		}
		if len(c.v.Encode()) != c.size && c.size != 0 {
			t.Errorf("%v: encoded length %d", c.v.Type(), len(c.v.Encode()))
		}
	}
	for ty := Int8; ty <= Binary; ty++ {
		back, err := ParseType(ty.String())
		if err != nil || back != ty {
			t.Errorf("ParseType(%q) = %v %v", ty.String(), back, err)
		}
	}
	if Type(0).Valid() || Type(13).Valid() || Type(13).String() != "type(13)" {
		t.Error("invalid types")
	}
	if _, err := ParseType("U32"); err == nil {
		t.Error("ParseType is case-sensitive like cmapctl")
	}
}
