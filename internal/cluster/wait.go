package cluster

import (
	"context"
	"fmt"
	"time"
)

// PollInterval is how often WaitFor looks at the state by default.
const PollInterval = 20 * time.Millisecond

// Condition looks at some state once: done says whether it holds, and
// status describes what was seen (it ends up in the timeout error).
type Condition func(ctx context.Context) (done bool, status string, err error)

// WaitFor evaluates cond every PollInterval until it holds, cond fails, ctx
// ends or bound has passed. On timeout the error carries the last status.
func WaitFor(ctx context.Context, bound time.Duration, cond Condition) error {
	ctx, cancel := context.WithTimeout(ctx, bound)
	defer cancel()
	last := "(never evaluated)"
	err := poll(ctx, bound, PollInterval, func() (bool, error) {
		done, status, err := cond(ctx)
		if status != "" {
			last = status
		}
		if err != nil && ctx.Err() != nil {
			return false, nil // the deadline cut a tool run short
		}
		return done, err
	})
	if err != nil {
		return fmt.Errorf("%w; last seen:\n%s", err, last)
	}
	return nil
}

// poll runs check every interval until it returns true or an error, or the
// bound passes.
func poll(ctx context.Context, bound, interval time.Duration, check func() (bool, error)) error {
	deadline := time.Now().Add(bound)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		ok, err := check()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("cluster: condition not met within %v", bound)
		}
		select {
		case <-ctx.Done():
			if time.Now().After(deadline) {
				return fmt.Errorf("cluster: condition not met within %v", bound)
			}
			return ctx.Err()
		case <-t.C:
		}
	}
}
