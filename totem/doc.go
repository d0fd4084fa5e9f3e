// Package totem will hold Totem SRP as a pure state machine: events in,
// effects out, no sockets, goroutines, clocks or randomness inside. Its wire
// codecs live in totem/wire and totempg packing in totem/totempg.
package totem
