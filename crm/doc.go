// Package crm will hold gocrm's CIB model, scheduler, resource agents,
// controller and status view. Empty until its issue.
package crm
