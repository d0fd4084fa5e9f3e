package cmap

// adjusted returns v plus step, wrapped to v's width and kept in v's type
// (icmap adds to the stored bytes as an unsigned number of the same size,
// for signed and unsigned types alike).
func adjusted(v Value, step int32) (Value, error) {
	if !v.typ.Integer() {
		return Value{}, ErrType
	}
	u := v.u + uint64(int64(step))
	switch v.typ {
	case Int8:
		return I8(int8(u)), nil
	case Uint8:
		return U8(uint8(u)), nil
	case Int16:
		return I16(int16(u)), nil
	case Uint16:
		return U16(uint16(u)), nil
	case Int32:
		return I32(int32(u)), nil
	case Uint32:
		return U32(uint32(u)), nil
	case Int64:
		return I64(int64(u)), nil
	default:
		return U64(u), nil
	}
}

// AdjustInt adds step to the integer stored under key, keeping its type and
// wrapping around (icmap_adjust_int / cmap ADJUST_INT). ErrNotExist for a
// missing key, ErrType for flt, dbl, str and bin. Trackers see a modify event
// with old and new value; a step that leaves the value unchanged (0, or a
// multiple of 2^8 on an 8-bit key) notifies no one, as with Set.
func (m *Map) AdjustInt(key string, step int32) error {
	return m.adjust(key, step, false)
}

// FastAdjustInt is AdjustInt the way icmap_fast_adjust_int does it: it always
// notifies a modify event, and that event carries no old value.
func (m *Map) FastAdjustInt(key string, step int32) error {
	return m.adjust(key, step, true)
}

func (m *Map) adjust(key string, step int32, fast bool) error {
	m.mu.Lock()
	old, ok := m.vals[key]
	if !ok {
		m.mu.Unlock()
		return ErrNotExist
	}
	nv, err := adjusted(old, step)
	if err != nil {
		m.mu.Unlock()
		return err
	}
	if nv == old && !fast {
		m.mu.Unlock()
		return nil
	}
	m.vals[key] = nv
	ev := event{kind: TrackModify, key: key, newV: nv, oldV: old}
	if fast {
		ev.oldV = Value{}
	}
	calls := m.collectLocked(nil, ev)
	m.mu.Unlock()
	deliver(calls)
	return nil
}
