# gorosync developer entry points. `make test` is THE test command (CI runs
# exactly it, see .ci/run and README.md).

GO        ?= go
FUZZTIME  ?= 5s
FUZZ_PKGS ?= ./...
BIN       := bin
# Packages whose tests need no root, namespaces or real corosync: they also
# run under the race detector. The differential tests of crm/simulate and
# crm/status (500 and 200 generated clusters against crm_simulate/crm_mon)
# run only their -short seed counts there (see race_on_test.go): the race
# detector checks our goroutines, not the oracle processes that are most of
# their time, so the full counts run once, in the plain pass.
RACE_PKGS ?= ./cmap/... ./coroconf/... ./totem/... ./votequorum/... ./crm/...

.PHONY: all build test test-race lint fuzz bench sim demo clean staticcheck

all: build

build:
	$(GO) build ./...
	@mkdir -p $(BIN)
	@for c in gorosync gocrm; do \
		if [ -d cmd/$$c ] && ls cmd/$$c/*.go >/dev/null 2>&1; then \
			echo "$(GO) build -o $(BIN)/$$c ./cmd/$$c"; \
			$(GO) build -o $(BIN)/$$c ./cmd/$$c || exit 1; \
		else \
			echo "cmd/$$c not written yet; skipped"; \
		fi; \
	done

# The whole suite, then the pure packages again under -race.
test:
	$(GO) test -count=1 -timeout 30m ./...
	$(MAKE) --no-print-directory test-race

test-race:
	@pkgs=$$($(GO) list $(RACE_PKGS) 2>/dev/null); \
	if [ -n "$$pkgs" ]; then $(GO) test -count=1 -race -timeout 20m $$pkgs; else echo "no race packages yet"; fi

$(BIN)/staticcheck: tools/go.mod tools/go.sum
	@mkdir -p $(BIN)
	cd tools && $(GO) build -o ../$(BIN)/staticcheck honnef.co/go/tools/cmd/staticcheck

staticcheck: $(BIN)/staticcheck

lint: $(BIN)/staticcheck
	.ci/check-test-command
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.cache/*')); \
	if [ -n "$$out" ]; then echo "gofmt -l says these need formatting:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(BIN)/staticcheck ./...

# Every `func FuzzXxx` of the module, each for FUZZTIME, one at a time.
fuzz:
	@set -e; n=0; \
	for pkg in $$($(GO) list $(FUZZ_PKGS)); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$f ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) $$pkg; \
			n=$$((n+1)); \
		done; \
	done; \
	echo "fuzzed $$n targets"

# Go benchmarks; the simulated Totem ring as a table; then (root only,
# skipped otherwise) 3-node gorosync and corosync clusters side by side in
# namespaces: forming, SIGKILL reform, idle CPU and RSS, with ratios; then
# gocrm simulate vs crm_simulate on a 16-node, 2,000-resource CIB.
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(GO) test ./totem/sim -run '^$$' -bench Ring3 | awk -f totem/sim/benchtable.awk
	$(GO) run ./internal/cluster/cmd/clusterbench -bin $(BIN)/gorosync
	@echo "== IPaddr2 start to first ARP at the neighbour: native vs resource-agents' shell agent"
	$(GO) test -run '^$$' -bench StartToFirstARP -benchtime 10x ./crm/agent/ipaddr2/
	$(GO) run ./crm/simulate/cmd/simbench -gocrm $(BIN)/gocrm

# Random fault schedules of the Totem simulator; ends with the line
# "N schedules, V violations". Replay one: go test ./totem/sim -run TestSim -seed=N -v
SEEDS ?= 10000
sim:
	@$(GO) test -count=1 -timeout 60m ./totem/sim -run '^TestSim$$' -schedules=$(SEEDS) -v 2>&1 | tee /tmp/gorosync-sim.$$$$.log | grep -E -- '--- FAIL|violation|seed' | grep -v ' schedules, ' || true; \
	line=$$(grep -Eo '[0-9]+ schedules, [0-9]+ violations' /tmp/gorosync-sim.$$$$.log | tail -1); rm -f /tmp/gorosync-sim.$$$$.log; \
	echo "$$line"; case "$$line" in *" 0 violations") ;; *) exit 1;; esac

# A 3-node gorosync cluster in network namespaces (root only): quorumtool -s
# from each node, SIGKILL of n3, the survivors' new ring, cleanup.
demo: build
	bash scripts/demo.sh

clean:
	rm -rf $(BIN) testdata/fuzz-out
	$(GO) clean -testcache
