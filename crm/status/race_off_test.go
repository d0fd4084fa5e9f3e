//go:build !race

package status

const raceDetector = false
