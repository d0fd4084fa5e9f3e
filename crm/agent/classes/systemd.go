package classes

import (
	"sync"

	"github.com/gorosync/gorosync/crm/agent"
	"github.com/gorosync/gorosync/crm/agent/systemd"
)

// One systemd connection serves every systemd resource of the process.
var (
	sdOnce sync.Once
	sdMgr  *systemd.Manager
)

func init() {
	openSystemd = func(unit string, o Options) (agent.Agent, error) {
		if _, err := agent.ParseSpec(agent.ClassSystemd + ":" + unit); err != nil {
			return nil, err
		}
		sdOnce.Do(func() { sdMgr = systemd.NewManager(systemd.Config{}) })
		return sdMgr.Unit(unit), nil
	}
}
