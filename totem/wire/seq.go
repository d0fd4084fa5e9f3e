package wire

// Rollover-safe comparison of 32-bit sequence numbers (seq, aru, token_seq)
// as include/corosync/sq.h does it: when either value is past the rollover
// point both are shifted down by a fixed amount before comparing, so values
// that just wrapped past zero still compare as larger.
const (
	seqRolloverPoint = 0x80000000
	seqRolloverShift = 0x10000
)

// SeqLT reports a < b in Totem sequence order (sq_lt_compare).
func SeqLT(a, b uint32) bool {
	if a > seqRolloverPoint || b > seqRolloverPoint {
		return a-seqRolloverShift < b-seqRolloverShift
	}
	return a < b
}

// SeqLTE reports a <= b in Totem sequence order (sq_lte_compare).
func SeqLTE(a, b uint32) bool {
	if a > seqRolloverPoint || b > seqRolloverPoint {
		return a-seqRolloverShift <= b-seqRolloverShift
	}
	return a <= b
}
