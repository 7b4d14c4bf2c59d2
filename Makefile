# SealKit. On a fresh Debian machine: `make demo` and `make test` install what is missing themselves.
SWIFT ?= swift

.PHONY: all deps build test demo bench lint clean

all: build

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

# The whole suite: conformance vectors, interop with the openssl command, CLI end to end.
test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test

demo: deps
	$(SWIFT) build -c release --product sealkit
	SEALKIT=.build/release/sealkit scripts/demo.sh

# Throughput beside `openssl speed` on the same machine in the same run; medians of repeated trials.
bench: deps
	$(SWIFT) build -c release --product sealkit-bench
	.build/release/sealkit-bench

# Formatting as .swift-format says (swift-nio's settings); warnings fail the build.
lint:
	$(SWIFT) format lint --strict -r Sources Tests

clean:
	rm -rf .build
