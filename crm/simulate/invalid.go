package simulate

import "errors"

// ErrInvalidTransition is what Run returns, together with the whole
// output, when the simulated transition leaves actions that never become
// ready. crm_simulate prints the same output, writes these two lines to
// stderr and exits 1 ("Transition failed: terminated").
var ErrInvalidTransition = errors.New("Transition failed: terminated\nAn invalid transition was produced")

// invalidTransitionText is the stderr line crm_simulate ends with then.
const invalidTransitionText = "An invalid transition was produced"
