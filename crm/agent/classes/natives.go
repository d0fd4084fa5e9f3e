package classes

import (
	"github.com/gorosync/gorosync/crm/agent"
	"github.com/gorosync/gorosync/crm/agent/ipaddr2"
	"github.com/gorosync/gorosync/crm/agent/vipcheck"
)

func init() {
	natives["heartbeat:IPaddr2"] = func(Options) (agent.Agent, error) { return ipaddr2.New(nil), nil }
	natives["heartbeat:VIPcheck"] = func(Options) (agent.Agent, error) { return vipcheck.New(), nil }
}
