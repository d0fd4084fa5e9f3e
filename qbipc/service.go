package qbipc

// Service is a Handler that keeps per-connection state: it sets it up in
// Opened (usually with SetData) and drops it in Closed, like corosync's
// lib_init_fn and lib_exit_fn.
type Service interface {
	Handler
	Opened(c *ServerConn)
	Closed(c *ServerConn)
}

// EventSender is what a service's notifiers need of a connection
// (ServerConn has it; tests substitute recorders).
type EventSender interface {
	SendEvent(id, errCode int32, body []byte) error
}

var _ EventSender = (*ServerConn)(nil)

// ListenService is Listen for a Service: the service's Opened and Closed
// run first, then opt's own hooks, if any (so they already see the
// connection's data).
func ListenService(name string, s Service, opt Options) (*Server, error) {
	opened, closed := opt.Opened, opt.Closed
	opt.Opened = func(c *ServerConn) error {
		s.Opened(c)
		if opened != nil {
			return opened(c)
		}
		return nil
	}
	opt.Closed = func(c *ServerConn) {
		s.Closed(c)
		if closed != nil {
			closed(c)
		}
	}
	return Listen(name, s, opt)
}
