# redis-tutor: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
BIN_DEBUG := .build/debug
BIN_RELEASE := .build/release
FUZZ_SECONDS ?= 30
ARGS ?=
BENCH_ARGS ?=

.PHONY: run test bench fuzz deps build serve release lint format clean

## run: install what is missing, build the shell, start the tutor on its private sandbox server
# (the Day 6 service, redis-tutor-serve, is built when `redis-tutor serve` is first used, or
# by `make serve`: its HTTP stack takes minutes to compile and the first days do not need it)
run: deps build
	@$(BIN_DEBUG)/redis-tutor $(ARGS)

## test: the whole suite (pure, integration against real redis-servers, end-to-end)
# (grep drops the linker's "prohibited flag" notes that Debian's toolchain prints on every link)
# Every target declares exactly what it imports: SwiftPM refuses an import of a module that is
# not a dependency, and scripts/check-imports.py a declared dependency that is never imported.
test: deps
	SWIFT=$(SWIFT) scripts/check-imports.py
	$(SWIFT) build --build-tests --explicit-target-dependency-import-check error 2>&1 | grep -v 'prohibited flag'; exit $${PIPESTATUS[0]}
	SWIFT=$(SWIFT) scripts/test-tiers.sh

## bench: speed goals, measured against redis-cli and redis-benchmark in the same run
# (BENCH_ARGS="--only start-up" runs one group of rows; --help lists them)
bench: deps release
	@$(BIN_RELEASE)/redis-tutor-bench --tutor $(BIN_RELEASE)/redis-tutor $(BENCH_ARGS)

## fuzz: libFuzzer on the tokenizer and the reply formatter, FUZZ_SECONDS each
fuzz: deps
	@scripts/fuzz.sh $(FUZZ_SECONDS)

## deps: install missing Debian packages (libhiredis-dev libedit-dev libcmark-dev libsqlite3-dev redis-server redis-tools tmux asciinema wrk curl python3-redis golang-go golang-github-gomodule-redigo-dev)
deps:
	@scripts/install-deps.sh

build:
	@$(SWIFT) build --product redis-tutor 2>&1 | grep -v 'prohibited flag' >&2; exit $${PIPESTATUS[0]}

## serve: build redis-tutor-serve, the Day 6 service (`redis-tutor serve` does it on first use)
serve: deps
	@$(SWIFT) build --product redis-tutor-serve 2>&1 | grep -v 'prohibited flag' >&2; exit $${PIPESTATUS[0]}

## release: optimized builds, with Swift's runtime and Foundation linked in (`--static-swift-stdlib`):
# the dynamic loader then binds a few system libraries instead of a dozen Swift ones, which halves
# the CPU time before main and so the start-up `make bench` measures
release:
	$(SWIFT) build -c release --static-swift-stdlib --product redis-tutor
	$(SWIFT) build -c release --static-swift-stdlib --product redis-tutor-bench
	$(SWIFT) build -c release --static-swift-stdlib --product redis-tutor-serve

## lint: check formatting against .swift-format
lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests

## format: rewrite the sources in the committed style
format:
	$(SWIFT) format --in-place --recursive --parallel Package.swift Sources Tests

clean:
	rm -rf .build
