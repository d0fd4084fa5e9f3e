package scheduler

import (
	"crypto/md5"
	"encoding/hex"
	"strconv"

	"github.com/gorosync/gorosync/crm/cib"
)

// defaultOpTimeout is Pacemaker's operation timeout when none is set (ms).
const defaultOpTimeout = 20000

// monitorDigests returns the op-digest the controller records for each
// recurring monitor of p (by interval; 0 for the start, stop and probe),
// for primitives whose digest gocrm can compute: those without instance
// attributes, where it covers only a recurring operation's timeout (the
// MD5 of ` <parameters CRM_meta_timeout="T"/>`, ` <parameters/>` for the
// others). Other primitives get none: their history entries are not
// compared.
func monitorDigests(p *cib.Primitive) map[int64]string {
	if len(p.InstanceAttributes) > 0 {
		return nil
	}
	out := map[int64]string{0: paramsDigest("")}
	if p.Operations == nil {
		return out
	}
	for _, op := range p.Operations.Ops {
		if op.Name != "monitor" || len(op.InstanceAttributes) > 0 || len(op.MetaAttributes) > 0 {
			continue
		}
		ms, err := cib.ParseInterval(op.Interval)
		if err != nil || ms <= 0 {
			continue
		}
		timeout := int64(defaultOpTimeout)
		if op.Timeout != "" {
			if timeout, err = cib.ParseInterval(op.Timeout); err != nil {
				continue
			}
		}
		out[ms] = paramsDigest(` CRM_meta_timeout="` + strconv.FormatInt(timeout, 10) + `"`)
	}
	return out
}

// paramsDigest is the MD5 of a parameters element with attrs.
func paramsDigest(attrs string) string {
	sum := md5.Sum([]byte(" <parameters" + attrs + "/>\n"))
	return hex.EncodeToString(sum[:])
}

// digestMismatch reports whether a history entry records another op-digest
// than its operation's (not when either is unknown).
func (r *Resource) digestMismatch(h historyOp) bool {
	want, ok := r.monitorDigest[int64(h.interval)]
	return ok && h.digest != "" && want != h.digest
}

// definitionChanged reports whether a recurring monitor's history entry
// no longer matches its definition (check_action_definition): it has no
// op-digest (results crm_simulate --op-inject records) or, where gocrm
// knows the digest, another one.
func (r *Resource) definitionChanged(h historyOp) bool {
	return h.digest == "" || r.digestMismatch(h)
}
