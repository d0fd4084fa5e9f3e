package svcmsg

import (
	"encoding/binary"
	"fmt"
)

// cmap exec MCAST (service 0, fn 0; exec/cmap.c req_exec_cmap_mcast).
const (
	CmapMcastFn       = 0
	CmapMcastSize     = 48  // header · u8 reason @16 · u8 no_items @24 · 2 reserved u8 @32, @40
	CmapItemValueOff  = 280 // key (mar_name_t, 264) · u8 value_type @264 · u64 value_len @272
	CmapKeyMax        = 256 // CS_MAX_NAME_LENGTH
	CmapReasonSync    = 0
	CmapReasonNewConf = 1 // NEW_CONFIG_VERSION
)

// CmapItem is one key/value of the message.
type CmapItem struct {
	Key       string
	ValueType uint8 // cmap value type; 0 = not set
	Value     []byte
}

// CmapMcast carries totem.config_version during sync (Reason 0) or when
// it changes at runtime (Reason 1). Corosync leaves header.id at 0, which
// is SERVICE_ID_MAKE(0, 0).
type CmapMcast struct {
	Reason uint8
	Items  []CmapItem // at most 255
}

func itemSize(valueLen int) int { return (CmapItemValueOff + valueLen + 7) &^ 7 }

func (m *CmapMcast) EncodedLen() int {
	n := CmapMcastSize
	for _, it := range m.Items {
		n += itemSize(len(it.Value))
	}
	return n
}

func (m *CmapMcast) Append(b []byte) []byte {
	size := m.EncodedLen()
	b, w := grow(b, size)
	putHeader(w, Header{ID: MakeID(ServiceCmap, CmapMcastFn), Size: int32(size)})
	w[16] = m.Reason
	w[24] = uint8(len(m.Items))
	off := CmapMcastSize
	for _, it := range m.Items {
		binary.LittleEndian.PutUint16(w[off:], uint16(min(len(it.Key), CmapKeyMax)))
		copy(w[off+8:off+8+CmapKeyMax], it.Key)
		w[off+264] = it.ValueType
		binary.LittleEndian.PutUint64(w[off+272:], uint64(len(it.Value)))
		copy(w[off+CmapItemValueOff:], it.Value)
		off += itemSize(len(it.Value))
	}
	return b
}

// DecodeCmap decodes a group "a" message of service 0. Values are copied
// as raw bytes (little-endian for a little-endian sender); swapped only
// converts the lengths, value conversion being the caller's business.
func DecodeCmap(b []byte, swapped bool) (*CmapMcast, error) {
	h, err := DecodeHeader(b, swapped)
	if err != nil {
		return nil, fmt.Errorf("cmap: %w", err)
	}
	if h.ID != MakeID(ServiceCmap, CmapMcastFn) {
		return nil, fmt.Errorf("cmap: %w: %v", ErrUnknown, h)
	}
	if err := need("cmap mcast", b, CmapMcastSize); err != nil {
		return nil, err
	}
	o := order(swapped)
	m := &CmapMcast{Reason: b[16]}
	n := int(b[24])
	off := CmapMcastSize
	for i := 0; i < n; i++ {
		if err := need(fmt.Sprintf("cmap mcast item %d", i), b[off:], CmapItemValueOff); err != nil {
			return nil, err
		}
		kl := int(o.Uint16(b[off:]))
		if kl > CmapKeyMax {
			return nil, fmt.Errorf("cmap mcast item %d: %w: key length %d", i, ErrCorrupt, kl)
		}
		vl := o.Uint64(b[off+272:])
		if vl > uint64(len(b)-off-CmapItemValueOff) {
			return nil, fmt.Errorf("cmap mcast item %d: %w: value_len %d runs past the message", i, ErrShort, vl)
		}
		it := CmapItem{
			Key:       string(b[off+8 : off+8+kl]),
			ValueType: b[off+264],
			Value:     append([]byte(nil), b[off+CmapItemValueOff:off+CmapItemValueOff+int(vl)]...),
		}
		m.Items = append(m.Items, it)
		off += min(itemSize(int(vl)), len(b)-off)
	}
	return m, nil
}
