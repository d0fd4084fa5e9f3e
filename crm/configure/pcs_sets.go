package configure

import (
	"strings"

	"github.com/gorosync/gorosync/crm/cib"
)

// pcsSetOptions are the options pcs 0.11 accepts on one "set".
var pcsSetOptions = []string{"action", "require-all", "role", "sequential"}

// pcsSetArgs splits `set A B opt=v set C ... [setoptions opt=v...]` into
// sets (members and options, in command-line order) and the constraint's
// options, as pcs's prepare_set_args does.
func pcsSetArgs(args []string) ([]cib.ResourceSet, []pair, error) {
	usage := errorf("usage: constraint order|colocation set <resource id>... [options] [set <resource id>... [options]]... [setoptions [constraint options]]")
	var setWords, optWords []string
	seenSetopts := false
	for _, w := range args {
		switch {
		case w == "setoptions" && seenSetopts:
			return nil, nil, errorf("Keyword 'setoptions' may be mentioned at most once")
		case w == "setoptions":
			seenSetopts = true
		case seenSetopts:
			optWords = append(optWords, w)
		default:
			setWords = append(setWords, w)
		}
	}
	if len(setWords) == 0 || setWords[0] != "set" {
		return nil, nil, usage
	}
	var sets []cib.ResourceSet
	var opts [][]pair
	for _, w := range setWords {
		if w == "set" {
			sets = append(sets, cib.ResourceSet{})
			opts = append(opts, nil)
			continue
		}
		s := &sets[len(sets)-1]
		if i := strings.IndexByte(w, '='); i >= 0 {
			p, err := pcsOption(w)
			if err != nil {
				return nil, nil, err
			}
			opts[len(opts)-1] = append(opts[len(opts)-1], p)
			continue
		}
		s.Refs = append(s.Refs, cib.ResourceRef{ID: w})
	}
	for i := range sets {
		if len(sets[i].Refs) == 0 {
			return nil, nil, usage
		}
		if err := applySetOptions(&sets[i], opts[i]); err != nil {
			return nil, nil, err
		}
	}
	var copts []pair
	for _, w := range optWords {
		p, err := pcsOption(w)
		if err != nil {
			return nil, nil, err
		}
		copts = append(copts, p)
	}
	copts, err := uniquePairs(copts)
	return sets, copts, err
}

// pcsOption splits name=value; pcs refuses a missing name or value.
func pcsOption(w string) (pair, error) {
	i := strings.IndexByte(w, '=')
	if i <= 0 || i == len(w)-1 {
		return pair{}, errorf("missing value of '%s' option", w)
	}
	return pair{w[:i], w[i+1:]}, nil
}

// applySetOptions validates a set's options as pcs's resource_set module
// does and stores them.
func applySetOptions(s *cib.ResourceSet, ps []pair) error {
	ps, err := uniquePairs(ps)
	if err != nil {
		return err
	}
	for _, p := range ps {
		var allowed []string
		switch p.Name {
		case "action":
			allowed, s.Action = pcsActions, p.Value
		case "require-all":
			allowed, s.RequireAll = []string{"true", "false"}, p.Value
		case "sequential":
			allowed, s.Sequential = []string{"true", "false"}, p.Value
		case "role":
			allowed, s.Role = []string{"Stopped", "Started", "Promoted", "Unpromoted"}, p.Value
		default:
			return errorf("invalid set option '%s', allowed options are: '%s'", p.Name, strings.Join(pcsSetOptions, "', '"))
		}
		if !contains(allowed, p.Value) {
			return errorf("'%s' is not a valid %s value, use '%s'", p.Value, p.Name, strings.Join(allowed, "', '"))
		}
	}
	return nil
}

// pcsSetID is pcs's create_id: the first and last letter of the first
// three resources, made unique.
func pcsSetID(prefix string, sets []cib.ResourceSet, ids idSet) string {
	var part strings.Builder
	n := 0
	for _, s := range sets {
		for _, r := range s.Refs {
			if n < 3 {
				part.WriteString(r.ID[:1] + r.ID[len(r.ID)-1:])
			}
			n++
		}
	}
	return ids.pcsUnique(sanitizeID(prefix + "_set_" + part.String()))
}

// checkSetResources checks every member as pcs's find_valid_resource_id.
func checkSetResources(c *cib.CIB, sets []cib.ResourceSet, force bool) error {
	for _, s := range sets {
		for _, r := range s.Refs {
			if _, err := constraintResource(c, r.ID, force); err != nil {
				return err
			}
		}
	}
	return nil
}

// sameSets reports whether two constraints list the same members in the
// same sets (pcs's duplicate check ignores options).
func sameSets(a, b []cib.ResourceSet) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	for i := range a {
		if strings.Join(a[i].RefIDs(), " ") != strings.Join(b[i].RefIDs(), " ") {
			return false
		}
	}
	return true
}

// nameSets gives the sets pcs's ids: <constraint id>_set, then -1, -2...
func nameSets(cid string, sets []cib.ResourceSet, ids idSet) {
	for i := range sets {
		sets[i].ID = ids.pcsUnique(cid + "_set")
	}
}

// OrderSet is `pcs constraint order set A B [opts] [set ...] [setoptions
// kind=.. symmetrical=.. id=..]`.
func (p *PCS) OrderSet(c *cib.CIB, args []string) error {
	sets, copts, err := pcsSetArgs(args)
	if err != nil {
		return err
	}
	if err := checkSetResources(c, sets, p.Force); err != nil {
		return err
	}
	if err := sameGroupInSets(c, sets); err != nil {
		return err
	}
	ids := collectIDs(c)
	o := cib.Order{}
	for _, op := range copts {
		switch op.Name {
		case "id":
			if err := checkNewConstraintID(op.Value, ids); err != nil {
				return err
			}
			o.ID = op.Value
		case "kind":
			k := strings.ToUpper(op.Value[:1]) + strings.ToLower(op.Value[1:])
			if !contains([]string{"Optional", "Mandatory", "Serialize"}, k) {
				return errorf("'%s' is not a valid kind value, use 'Mandatory', 'Optional', 'Serialize'", op.Value)
			}
			o.Kind = k
		case "symmetrical":
			v := strings.ToLower(op.Value)
			if v != "true" && v != "false" {
				return errorf("'%s' is not a valid symmetrical value, use 'false', 'true'", op.Value)
			}
			o.Symmetrical = v
		default:
			return errorf("invalid option '%s', allowed options are: 'id', 'kind', 'symmetrical'", op.Name)
		}
	}
	if o.ID == "" {
		o.ID = pcsSetID("order", sets, ids)
	}
	ids[o.ID] = true
	nameSets(o.ID, sets, ids)
	o.Sets = sets
	if err := p.setDuplicate(c, sets, func(k cib.Constraint) []cib.ResourceSet {
		if k.Order != nil {
			return k.Order.Sets
		}
		return nil
	}); err != nil {
		return err
	}
	appendConstraint(c, cib.Constraint{Order: &o})
	return nil
}

// ColocationSet is `pcs constraint colocation set A B [opts] [set ...]
// [setoptions score=.. id=..]`.
func (p *PCS) ColocationSet(c *cib.CIB, args []string) error {
	sets, copts, err := pcsSetArgs(args)
	if err != nil {
		return err
	}
	if err := checkSetResources(c, sets, p.Force); err != nil {
		return err
	}
	ids := collectIDs(c)
	k := cib.Colocation{}
	for _, op := range copts {
		switch op.Name {
		case "id":
			if err := checkNewConstraintID(op.Value, ids); err != nil {
				return err
			}
			k.ID = op.Value
		case "score":
			if err := checkScore(op.Value); err != nil {
				return err
			}
			k.Score = op.Value
		default:
			return errorf("invalid option '%s', allowed options are: 'id', 'score'", op.Name)
		}
	}
	if k.ID == "" {
		k.ID = pcsSetID("colocation", sets, ids)
	}
	if k.Score == "" {
		k.Score = "INFINITY"
	}
	ids[k.ID] = true
	nameSets(k.ID, sets, ids)
	k.Sets = sets
	if err := p.setDuplicate(c, sets, func(x cib.Constraint) []cib.ResourceSet {
		if x.Colocation != nil {
			return x.Colocation.Sets
		}
		return nil
	}); err != nil {
		return err
	}
	appendConstraint(c, cib.Constraint{Colocation: &k})
	return nil
}

// setDuplicate refuses (unless forced) a set constraint whose sets list
// the same members as an existing one of the same kind.
func (p *PCS) setDuplicate(c *cib.CIB, sets []cib.ResourceSet, of func(cib.Constraint) []cib.ResourceSet) error {
	if p.Force {
		return nil
	}
	for _, k := range c.Configuration.Constraints.Items {
		if sameSets(of(k), sets) {
			return forceable("duplicate constraint already exists (id:%s)", k.ID())
		}
	}
	return nil
}

// sameGroupInSets refuses order sets naming two members of one group.
func sameGroupInSets(c *cib.CIB, sets []cib.ResourceSet) error {
	seen := map[*cib.Group]bool{}
	for _, s := range sets {
		for _, r := range s.Refs {
			l, _ := findResource(c, r.ID)
			if l.group == nil || !l.member {
				continue
			}
			if seen[l.group] {
				return errorf("Cannot create an order constraint for resources in the same group")
			}
			seen[l.group] = true
		}
	}
	return nil
}
