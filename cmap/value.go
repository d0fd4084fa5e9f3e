// Package cmap is gorosync's typed key/value store: the equivalent of
// corosync's icmap. It holds configuration keys loaded from corosync.conf,
// runtime keys written by the daemon, and (as a second Map) the stats map.
package cmap

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Type is a cmap value type, numbered exactly as corosync's cmap_value_types_t
// (include/corosync/cmap.h), because the numbers travel over IPC.
type Type uint8

const (
	Int8   Type = 1
	Uint8  Type = 2
	Int16  Type = 3
	Uint16 Type = 4
	Int32  Type = 5
	Uint32 Type = 6
	Int64  Type = 7
	Uint64 Type = 8
	Float  Type = 9
	Double Type = 10
	String Type = 11
	Binary Type = 12
)

var typeNames = [...]string{"", "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "flt", "dbl", "str", "bin"}

// String returns the short name corosync-cmapctl prints ("u32", "str", ...).
func (t Type) String() string {
	if t >= Int8 && t <= Binary {
		return typeNames[t]
	}
	return fmt.Sprintf("type(%d)", uint8(t))
}

// Valid reports whether t is one of the 12 corosync value types.
func (t Type) Valid() bool { return t >= Int8 && t <= Binary }

// ParseType maps a cmapctl type name ("u32") back to its Type.
func ParseType(s string) (Type, error) {
	for i := Int8; i <= Binary; i++ {
		if typeNames[i] == s {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown cmap type %q", s)
}

// Value is an immutable typed cmap value. Integers are kept widened in u
// (signed ones as two's complement), floats as their IEEE bits, str and bin in s.
type Value struct {
	typ Type
	u   uint64
	s   string
}

func I8(v int8) Value        { return Value{typ: Int8, u: uint64(int64(v))} }
func U8(v uint8) Value       { return Value{typ: Uint8, u: uint64(v)} }
func I16(v int16) Value      { return Value{typ: Int16, u: uint64(int64(v))} }
func U16(v uint16) Value     { return Value{typ: Uint16, u: uint64(v)} }
func I32(v int32) Value      { return Value{typ: Int32, u: uint64(int64(v))} }
func U32(v uint32) Value     { return Value{typ: Uint32, u: uint64(v)} }
func I64(v int64) Value      { return Value{typ: Int64, u: uint64(v)} }
func U64(v uint64) Value     { return Value{typ: Uint64, u: v} }
func Flt(v float32) Value    { return Value{typ: Float, u: uint64(math.Float32bits(v))} }
func Dbl(v float64) Value    { return Value{typ: Double, u: math.Float64bits(v)} }
func Str(v string) Value     { return Value{typ: String, s: v} }
func Bin(v []byte) Value     { return Value{typ: Binary, s: string(v)} }
func (v Value) Type() Type   { return v.typ }
func (v Value) IsZero() bool { return v.typ == 0 }

// Int returns a signed integer value (i8..i64) sign-extended, or an unsigned
// one converted; 0 for non-integers.
func (v Value) Int() int64 {
	if !v.typ.Integer() {
		return 0 // u holds IEEE bits for flt/dbl
	}
	return int64(v.u)
}

// Uint returns an integer value as uint64 (signed ones as two's complement);
// 0 for non-integers.
func (v Value) Uint() uint64 {
	if !v.typ.Integer() {
		return 0
	}
	return v.u
}

// Float64 returns flt or dbl values as float64.
func (v Value) Float64() float64 {
	switch v.typ {
	case Float:
		return float64(math.Float32frombits(uint32(v.u)))
	case Double:
		return math.Float64frombits(v.u)
	}
	return 0
}

// Str returns the string of a str value (or the raw bytes of a bin value).
func (v Value) Str() string { return v.s }

// Bytes returns a copy of the bytes of a str or bin value.
func (v Value) Bytes() []byte { return []byte(v.s) }

// Signed reports whether the type is a signed integer type.
func (t Type) Signed() bool { return t == Int8 || t == Int16 || t == Int32 || t == Int64 }

// Integer reports whether the type is one of the eight integer types.
func (t Type) Integer() bool { return t >= Int8 && t <= Uint64 }

// Size is the fixed encoded size of the type, 0 for str/bin.
func (t Type) Size() int {
	switch t {
	case Int8, Uint8:
		return 1
	case Int16, Uint16:
		return 2
	case Int32, Uint32, Float:
		return 4
	case Int64, Uint64, Double:
		return 8
	}
	return 0
}

// Equal reports whether two values have the same type and content.
func (v Value) Equal(o Value) bool { return v == o }

// Encode returns the value as corosync stores it: native (little-endian)
// integers, and for str the bytes plus a terminating NUL as icmap does.
func (v Value) Encode() []byte {
	switch v.typ {
	case String:
		return append([]byte(v.s), 0)
	case Binary:
		return []byte(v.s)
	}
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, v.u)
	return b[:v.typ.Size()]
}

// Decode builds a value of type t from its encoded bytes (the inverse of Encode).
func Decode(t Type, b []byte) (Value, error) {
	if !t.Valid() {
		return Value{}, fmt.Errorf("cmap: invalid value type %d", t)
	}
	switch t {
	case String:
		// icmap strings carry a trailing NUL; tolerate its absence.
		if n := len(b); n > 0 && b[n-1] == 0 {
			b = b[:n-1]
		}
		return Str(string(b)), nil
	case Binary:
		return Bin(b), nil
	}
	if len(b) != t.Size() {
		return Value{}, fmt.Errorf("cmap: %s value needs %d bytes, got %d", t, t.Size(), len(b))
	}
	var u uint64
	switch t.Size() {
	case 1:
		u = uint64(b[0])
		if t == Int8 {
			u = uint64(int64(int8(b[0])))
		}
	case 2:
		x := binary.LittleEndian.Uint16(b)
		u = uint64(x)
		if t == Int16 {
			u = uint64(int64(int16(x)))
		}
	case 4:
		x := binary.LittleEndian.Uint32(b)
		u = uint64(x)
		if t == Int32 {
			u = uint64(int64(int32(x)))
		}
	case 8:
		u = binary.LittleEndian.Uint64(b)
	}
	return Value{typ: t, u: u}, nil
}
