# A thin layer over meson: the commands an operator and CI type.
BUILD ?= build

.PHONY: all deps build build-clang test demo bench fuzz fuzz-replay format clean help

all: build

help:
	@echo "make demo   install what is missing, build, run sluice with two VMs, show traffic"
	@echo "make test   install what is missing, build, run every test tier"
	@echo "make build  configure (meson) and compile into $(BUILD)/"
	@echo "make build-clang  the same with clang into $(BUILD)-clang/"
	@echo "make bench  PVP benchmark: sluice against dpdk-testpmd io (docs/performance.md)"
	@echo "make fuzz   every libFuzzer target, FUZZ_SECONDS=60 each (tests/fuzz/campaign.sh)"
	@echo "make fuzz-replay  every fuzz corpus once through its target (tests/fuzz/replay.sh)"
	@echo "make format clang-format every C file in place"

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# Warnings are errors with both compilers; the tests run on the gcc build.
build-clang: deps
	[ -f $(BUILD)-clang/build.ninja ] || CC=clang meson setup $(BUILD)-clang
	ninja -C $(BUILD)-clang

test: build build-clang
	tests/run_all.sh $(BUILD)

demo: build
	tools/demo.sh $(BUILD)

bench: build
	tools/bench/pvp --build $(BUILD)

# Every libFuzzer target for FUZZ_SECONDS each, on scratch copies of the
# corpora; fuzz-replay runs each corpus once (a regression check).
FUZZ_SECONDS ?= 60
fuzz: build-clang
	tests/fuzz/campaign.sh $(BUILD)-clang $(FUZZ_SECONDS)

fuzz-replay: build-clang
	tests/fuzz/replay.sh $(BUILD)-clang

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(BUILD)-clang
