package cmap

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestSetNormalizes(t *testing.T) {
	m := New()
	for _, c := range []struct {
		name string
		v    Value
		want Value
		err  error
	}{
		{"str cut at NUL like a C string", Str("ab\x00cd"), Str("ab"), nil},
		{"bin keeps NUL", Bin([]byte("ab\x00cd")), Bin([]byte("ab\x00cd")), nil},
		{"str at limit", Str(strings.Repeat("a", MaxValueLen)), Str(strings.Repeat("a", MaxValueLen)), nil},
		{"str over limit", Str(strings.Repeat("a", MaxValueLen+1)), Value{}, ErrValueTooLong},
		{"bin at limit", Bin(make([]byte, MaxValueLen)), Bin(make([]byte, MaxValueLen)), nil},
		{"bin over limit", Bin(make([]byte, MaxValueLen+1)), Value{}, ErrValueTooLong},
		{"zero value", Value{}, Value{}, ErrType},
	} {
		m.DeletePrefix("")
		err := m.Set("k.k", c.v)
		if !errors.Is(err, c.err) {
			t.Errorf("%s: err %v", c.name, err)
			continue
		}
		got, ok := m.Get("k.k")
		if ok != (c.err == nil) || ok && got != c.want {
			t.Errorf("%s: got %v %v", c.name, got, ok)
		}
	}
}

func TestMapBasics(t *testing.T) {
	m := New()
	for _, k := range []string{"b.b", "a.b", "a.a", "c.c", "a.b.c"} {
		must(t, m.Set(k, Str(k)))
	}
	if got := m.Keys("a."); !slices.Equal(got, []string{"a.a", "a.b", "a.b.c"}) {
		t.Errorf("Keys: %v", got)
	}
	var seen []string
	for k, v := range m.All("") {
		if v != Str(k) {
			t.Errorf("%s = %v", k, v)
		}
		seen = append(seen, k)
		m.Delete("c.c") // changes during iteration do not disturb it
	}
	if !slices.Equal(seen, []string{"a.a", "a.b", "a.b.c", "b.b", "c.c"}) {
		t.Errorf("All: %v", seen)
	}
	if err := m.Delete("c.c"); !errors.Is(err, ErrNotExist) {
		t.Errorf("Delete missing: %v", err)
	}
	if n := m.DeletePrefix("a.b"); n != 2 || m.Len() != 2 {
		t.Errorf("DeletePrefix: %d, len %d", n, m.Len())
	}
	if err := m.Set("x", U8(1)); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("short key: %v", err)
	}
}
