package status

import "strings"

// writeManagementBanner writes crm_mon's notice that the cluster will not
// manage resources (maintenance-mode) or keeps them all stopped
// (stop-all-resources), followed by a blank line.
func (v *view) writeManagementBanner(b *strings.Builder) {
	switch {
	case v.c.MaintenanceMode:
		b.WriteString("              *** Resource management is DISABLED ***\n" +
			"  The cluster will not attempt to start, stop or recover services\n\n")
	case v.c.StopAll:
		b.WriteString("    *** Resource management is DISABLED ***\n" +
			"  The cluster will keep all resources stopped\n\n")
	}
}
