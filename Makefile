# SealKit. On a fresh Debian machine: `make demo` and `make test` install what is missing themselves.
SWIFT ?= swift

.PHONY: all deps build test release demo bench fuzz lint clean

all: build

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

# The whole suite: conformance vectors, interop with the openssl command, CLI end to end. Built in
# release mode with testing enabled, so the tests run the optimized code that ships (the 100,000-row
# pseudonymization test takes seconds, not minutes).
TEST_FLAGS = -c release -Xswiftc -enable-testing
# The binary SealKit ships: the Swift runtime linked in statically, rule sets compiled in, so that it
# runs from any folder (its own build folder, apart from the test build's).
RELEASE_FLAGS = -c release --static-swift-stdlib --scratch-path .build/static
RELEASE_BINARY = .build/static/release/sealkit
test: deps lint
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) build $(RELEASE_FLAGS) --product sealkit
	SEALKIT_RELEASE_BINARY=$(RELEASE_BINARY) $(SWIFT) test $(TEST_FLAGS) --skip-build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product sealkit

demo: release
	SEALKIT=$(RELEASE_BINARY) scripts/demo.sh

# Throughput beside baselines measured in the same run (`openssl speed`, `wc -l`); medians of
# interleaved trials. Generates 1M- and 10M-row files (about 0.7 and 7 GB) in a temporary folder
# (BENCH_DIR), removed afterwards. BENCH_LARGE_ROWS=0 skips the large file; `make bench PART=crypto`
# or PART=reader or PART=eligibility or PART=manifest runs one part.
PART ?= all
bench: deps
	$(SWIFT) build -c release --product sealkit
	$(SWIFT) build -c release --product sealkit-bench
	.build/release/sealkit-bench $(PART)

# libFuzzer with AddressSanitizer on the DOJ reader, the de-identified reader and rule files
# (Tests/Fuzz, scripts/fuzz.sh): SECONDS each (default 60); `make fuzz SECONDS=300` as the README says.
# A failure's input lands in Fixtures/fuzz/TARGET/crashes/, which `make test` replays.
SECONDS ?= 60
fuzz: deps
	scripts/fuzz.sh $(SECONDS) $(TARGETS)

# Formatting as .swift-format says (swift-nio's settings); warnings fail the build.
lint:
	$(SWIFT) format lint --strict -r Sources Tests Plugins

clean:
	rm -rf .build .build-fuzz
