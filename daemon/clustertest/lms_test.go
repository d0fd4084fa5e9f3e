package clustertest

import (
	"testing"

	"github.com/gorosync/gorosync/internal/cluster"
)

// lmsConf is a 3-node udpu cluster with last_man_standing and a short
// window, token 500 to keep the test quick.
const lmsConf = `totem {
	version: 2
	cluster_name: lms
	transport: udpu
	crypto_cipher: none
	crypto_hash: none
	token: 500
}
nodelist {
	node {
		ring0_addr: 10.211.0.1
		name: n1
		nodeid: 1
	}
	node {
		ring0_addr: 10.211.0.2
		name: n2
		nodeid: 2
	}
	node {
		ring0_addr: 10.211.0.3
		name: n3
		nodeid: 3
	}
}
quorum {
	provider: corosync_votequorum
	last_man_standing: 1
	last_man_standing_window: 3000
}
logging {
	to_logfile: yes
	logfile: /var/log/corosync/corosync.log
	to_stderr: no
	to_syslog: no
	timestamp: hires
}
`

// TestLastManStanding: once a member has been gone for the window, the
// survivors lower expected votes from 3 to 2 (and quorum stays 2).
func TestLastManStanding(t *testing.T) {
	c := newCluster(t, []byte(lmsConf), "10.211.0.1/24", "10.211.0.2/24", "10.211.0.3/24")
	n1, n2, n3 := c.Node(1), c.Node(2), c.Node(3)
	if err := c.StartAll(); err != nil {
		t.Fatal(err)
	}
	wait(t, formBound, "a quorate ring of 1 2 3 expecting 3", cluster.EachQuorum(func(q cluster.Quorum) bool {
		return cluster.Ring(true, 1, 2, 3)(q) && q.Expected == 3 && q.HasFlag("LastManStanding")
	}, n1, n2, n3))
	kill(t, n3)
	wait(t, reformBound, "1 2 quorate, expected votes stepped down to 2", cluster.EachQuorum(func(q cluster.Quorum) bool {
		return cluster.Ring(true, 1, 2)(q) && q.Expected == 2 && q.Highest == 2 && q.Total == 2 && q.Quorum == 2
	}, n1, n2))
}
