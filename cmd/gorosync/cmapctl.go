package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/gorosync/gorosync/cmap"
	"github.com/gorosync/gorosync/cmap/cmapipc"
	"github.com/gorosync/gorosync/coroconf"
	"github.com/gorosync/gorosync/corotool"
	"github.com/gorosync/gorosync/qbipc"
)

// cmapctl is corosync-cmapctl: the same options, output and exit statuses
// as 3.1.7's, as a client of a running daemon's cmap IPC (ours, or a real
// corosync with qb_ipc_type: socket). With --from-config FILE it works on
// the keys the daemon would load from FILE instead, so users can debug a
// config before deploying it.
func cmapctl(prog string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	args, fromConfig, ok := cutFromConfig(args)
	if !ok {
		fmt.Fprintf(stderr, "%s: option '--from-config' requires an argument\n", prog)
		return 1
	}
	o, res := corotool.ParseCmapctlArgs(prog, args)
	if res != nil {
		io.WriteString(stdout, res.Stdout)
		io.WriteString(stderr, res.Stderr)
		return res.Exit
	}
	var st cmapStore
	if fromConfig != "" {
		switch o.Action {
		case corotool.CmapPrintAll, corotool.CmapPrintPrefix, corotool.CmapGet:
		default:
			fmt.Fprintf(stderr, "%s: --from-config is read-only: only printing (-g, prefixes) is possible\n", prog)
			return 1
		}
		if o.Map != "icmap" {
			fmt.Fprintf(stderr, "%s: --from-config has only the icmap map\n", prog)
			return 1
		}
		res := coroconf.Load(fromConfig, hostEnv())
		if res.Fatal != nil {
			// corosync -t's verdict, and its status.
			fmt.Fprintln(stderr, res.Fatal.Text)
			return res.Exit
		}
		st = mapStore{res.Map}
	} else {
		which := cmapipc.MapDefault
		if o.Map == "stats" {
			which = cmapipc.MapStats
		}
		cl, err := cmapipc.DialMap(cmapipc.ServiceName, which)
		if err != nil {
			fmt.Fprintf(stderr, "Failed to initialize the cmap API. Error %s\n", csName(err))
			if errors.Is(err, qbipc.ErrNotSocket) {
				fmt.Fprintf(stderr, "%s: %v\n", prog, err)
			}
			return 1
		}
		defer cl.Close()
		st = ipcStore{cl}
	}
	pr := cmap.PrintOptions{Binary: o.Binary, Quiet: o.Quiet}
	switch o.Action {
	case corotool.CmapPrintAll:
		return cmapPrint(st, nil, pr, stdout, stderr)
	case corotool.CmapPrintPrefix:
		return cmapPrint(st, o.Params, pr, stdout, stderr)
	case corotool.CmapGet:
		for _, key := range o.Params {
			v, err := st.Get(key)
			if err != nil {
				fmt.Fprintf(stderr, "Can't get key %s. Error %s\n", key, csName(err))
				return 1
			}
			cmap.PrintKey(stdout, key, v, pr)
		}
	case corotool.CmapSet:
		if len(o.Params) < 3 {
			fmt.Fprintln(stderr, "At least 3 parameters are expected for set")
			return 1
		}
		op, err := cmap.ParseSetArgs(o.Params[0], o.Params[1], o.Params[2])
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		if err := cmapSet(st, op, stdin); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	case corotool.CmapDelete:
		for _, key := range o.Params {
			if err := st.Delete(key); err != nil {
				fmt.Fprintf(stderr, "Can't delete key %s. Error %s\n", key, csName(err))
				return 1
			}
		}
	case corotool.CmapDeletePrefix:
		for _, p := range o.Params {
			cmapDeletePrefix(st, p, stderr)
		}
	case corotool.CmapLoad:
		return cmapLoad(st, o.LoadFile, stdin, stderr)
	case corotool.CmapClear:
		// Writing stats.clear.<what> tells the daemon to reset those
		// counters; the key itself never exists afterwards.
		if err := st.Set("stats.clear."+o.Clear, cmap.U32(1)); err != nil {
			fmt.Fprintf(stderr, "Failed to clear stats. Error %s\n", csName(err))
			return 1
		}
	case corotool.CmapTrack:
		return cmapTrack(st, o, stdin, stdout, stderr)
	}
	return 0
}

// cutFromConfig removes our --from-config FILE (or --from-config=FILE)
// extension before corosync's own option parsing.
func cutFromConfig(args []string) (rest []string, file string, ok bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(rest, args[i:]...), file, true
		case a == "--from-config":
			if i+1 >= len(args) {
				return nil, "", false
			}
			i++
			file = args[i]
		case strings.HasPrefix(a, "--from-config="):
			file = strings.TrimPrefix(a, "--from-config=")
		default:
			rest = append(rest, a)
		}
	}
	return rest, file, true
}

// csName is the cs_error_t name a libcmap client would report for err.
func csName(err error) string {
	var cs cmapipc.CSError
	if errors.As(err, &cs) {
		return cs.String()
	}
	if errors.Is(err, errFromConfig) {
		return "CS_ERR_ACCESS"
	}
	var cmapErr = cmap.CSErrorName(err)
	if cmapErr != "CS_ERR_INVALID_PARAM" {
		return cmapErr
	}
	return "CS_ERR_LIBRARY"
}

func cmapPrint(st cmapStore, prefixes []string, pr cmap.PrintOptions, stdout, stderr io.Writer) int {
	// One snapshot of everything the prefixes need, printed prefix by
	// prefix as corosync-cmapctl iterates them.
	m, err := st.Snapshot("")
	if err != nil {
		fmt.Fprintf(stderr, "Failed to initialize iteration. Error %s\n", csName(err))
		return 1
	}
	n, err := cmap.Dump(stdout, m, prefixes, pr)
	if err != nil {
		return 1
	}
	if n == 0 && len(prefixes) > 0 {
		return 1
	}
	return 0
}

func cmapSet(st cmapStore, op cmap.LoadOp, stdin io.Reader) error {
	v := op.Value
	if op.BinFile != "" {
		b, err := readBinArg(op.BinFile, stdin)
		if err != nil {
			return err
		}
		v = cmap.Bin(b)
	}
	if err := st.Set(op.Key, v); err != nil {
		return fmt.Errorf("Failed to set key %s. Error %s", op.Key, csName(err))
	}
	return nil
}

// readBinArg reads a bin value's file ("-" for standard input); its error
// reads like the tool's perror("Can't open input file").
func readBinArg(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(stdin)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("Can't open input file: %s", cErrText(err))
	}
	return b, nil
}

// cErrText is strerror(3)'s text for err (Go's texts are lower-case).
func cErrText(err error) string {
	s := err.Error()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func cmapDeletePrefix(st cmapStore, prefix string, stderr io.Writer) {
	m, err := st.Snapshot(prefix)
	if err != nil {
		fmt.Fprintf(stderr, "Failed to initialize iteration. Error %s\n", csName(err))
		return
	}
	for _, k := range m.Keys(prefix) {
		if err := st.Delete(k); err != nil {
			fmt.Fprintf(stderr, "Can't delete key %s. Error %s\n", k, csName(err))
		}
	}
}

// cmapLoad is -p: the whole file is checked before anything is applied
// (the C tool applies line by line and may stop half way).
func cmapLoad(st cmapStore, path string, stdin io.Reader, stderr io.Writer) int {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		// 3.1.7 reports this and still exits 0.
		fmt.Fprintf(stderr, "Couldn't open file.: %s\n", cErrText(err))
		return 0
	}
	defer f.Close()
	ops, err := cmap.ParseLoadFile(f, path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, op := range ops {
		switch op.Kind {
		case cmap.LoadDelete:
			if err := st.Delete(op.Key); err != nil {
				fmt.Fprintf(stderr, "Can't delete key %s. Error %s\n", op.Key, csName(err))
			}
		case cmap.LoadDeletePrefix:
			cmapDeletePrefix(st, op.Key, stderr)
		case cmap.LoadSet:
			if err := cmapSet(st, op, stdin); err != nil {
				fmt.Fprintln(stderr, err)
				return 1
			}
		}
	}
	return 0
}

// cmapTrack is -t/-T: print every change until "q" (or end of input).
func cmapTrack(st cmapStore, o corotool.CmapctlOptions, stdin io.Reader, stdout, stderr io.Writer) int {
	mask := cmap.TrackAdd | cmap.TrackDelete | cmap.TrackModify
	if o.TrackPrefix {
		mask |= cmap.TrackPrefix
	}
	for _, key := range o.Params {
		if err := st.Track(key, mask); err != nil {
			fmt.Fprintf(stderr, "Failed to add tracking function. Error %s\n", csName(err))
			return 1
		}
	}
	fmt.Fprintln(stdout, `Type "q" to finish`)
	quit := make(chan struct{})
	go func() {
		defer close(quit)
		sc := bufio.NewScanner(stdin)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "q") {
				return
			}
		}
	}()
	pr := cmap.PrintOptions{Binary: o.Binary, Quiet: o.Quiet}
	for {
		select {
		case <-quit:
			return 0
		default:
		}
		n, err := st.Notification(100 * time.Millisecond)
		if errors.Is(err, qbipc.ErrTimeout) {
			continue
		}
		if err != nil {
			fmt.Fprintf(stderr, "Dispatch error %s\n", csName(err))
			return 0
		}
		var line []byte
		switch n.Event {
		case cmap.TrackAdd:
			line = cmap.AppendKey([]byte("create> "), n.Key, n.New, pr)
		case cmap.TrackDelete:
			line = cmap.AppendKey([]byte("delete> "), n.Key, n.Old, pr)
		case cmap.TrackModify:
			line = cmap.AppendKey([]byte("modify> "), n.Key, n.New, pr)
		default:
			line = []byte("unknown change> ")
		}
		stdout.Write(line)
	}
}

// cmapStore is what cmapctl works on.
type cmapStore interface {
	Snapshot(prefix string) (*cmap.Map, error)
	Get(key string) (cmap.Value, error)
	Set(key string, v cmap.Value) error
	Delete(key string) error
	Track(key string, mask cmap.Event) error
	Notification(timeout time.Duration) (cmapipc.Notification, error)
}

// ipcStore is a running daemon's cmap.
type ipcStore struct{ cl *cmapipc.Client }

func (s ipcStore) Snapshot(p string) (*cmap.Map, error) { return s.cl.Snapshot(p) }
func (s ipcStore) Get(key string) (cmap.Value, error)   { return s.cl.Get(key) }
func (s ipcStore) Set(key string, v cmap.Value) error   { return s.cl.Set(key, v) }
func (s ipcStore) Delete(key string) error              { return s.cl.Delete(key) }
func (s ipcStore) Track(key string, mask cmap.Event) error {
	_, _, err := s.cl.Track(key, mask)
	return err
}
func (s ipcStore) Notification(t time.Duration) (cmapipc.Notification, error) {
	return s.cl.Notification(t)
}

var errFromConfig = errors.New("keys loaded --from-config are read-only")

// mapStore is the keys loaded from a config file: read-only.
type mapStore struct{ m *cmap.Map }

func (s mapStore) Snapshot(string) (*cmap.Map, error) { return s.m, nil }
func (s mapStore) Get(key string) (cmap.Value, error) {
	if v, ok := s.m.Get(key); ok {
		return v, nil
	}
	return cmap.Value{}, cmapipc.ErrNotExist
}
func (s mapStore) Set(string, cmap.Value) error   { return errFromConfig }
func (s mapStore) Delete(string) error            { return errFromConfig }
func (s mapStore) Track(string, cmap.Event) error { return errFromConfig }
func (s mapStore) Notification(time.Duration) (cmapipc.Notification, error) {
	return cmapipc.Notification{}, errFromConfig
}
