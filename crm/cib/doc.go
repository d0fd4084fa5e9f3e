// Package cib reads and writes Pacemaker CIB XML (the <cib> document with
// its configuration and status sections) as Go values.
//
// The model covers what gocrm understands: cluster properties, nodes,
// primitives, groups and clones with their attribute sets and operations,
// location/colocation/order constraints, resource and operation defaults,
// and the status section's node states, operation history and transient
// attributes. Everything else — unknown attributes and unknown child
// elements at any level — is kept and written back, so gocrm can edit a
// CIB written by Pacemaker, pcs or crmsh without losing data.
//
// Output is deterministic: known attributes in a fixed order, then the
// unknown ones in the order they were read; known children first, then the
// unknown ones. Resources and constraints keep their document order, which
// matters to the scheduler.
package cib
