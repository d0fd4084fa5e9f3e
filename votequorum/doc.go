// Package votequorum will hold corosync's quorum arithmetic as pure
// functions and the votequorum service messages. Empty until its issue.
package votequorum
