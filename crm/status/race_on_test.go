//go:build race

package status

// raceDetector caps TestDifferential at its -short seed count under -race:
// the detector sees only this process, not the oracle processes that make
// up most of the test's time, so more seeds add minutes and no checking.
const raceDetector = true
