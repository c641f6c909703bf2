# A thin layer over meson: the commands an operator and CI type.
BUILD ?= build

.PHONY: all deps build build-clang build-asan test demo bench fuzz fuzz-replay format clean help deb

all: build

help:
	@echo "make demo   install what is missing, build, run sluice with two VMs, show traffic"
	@echo "make test   install what is missing, build, run every test tier"
	@echo "make build  configure (meson) and compile into $(BUILD)/"
	@echo "make build-clang  the same with clang into $(BUILD)-clang/"
	@echo "make build-asan   clang with ASan+UBSan into $(ASAN_BUILD)/ (make test runs tiers on it)"
	@echo "make bench  PVP benchmark: sluice against dpdk-testpmd io (and OVS-DPDK if installed), plotted to docs/pvp.png"
	@echo "make fuzz   every libFuzzer target, FUZZ_SECONDS=60 each (tests/fuzz/campaign.sh)"
	@echo "make fuzz-replay  every fuzz corpus once through its target (tests/fuzz/replay.sh)"
	@echo "make format clang-format every C file in place"
	@echo "make deb   Debian packages (debian/, dpkg-buildpackage) into $(DEB_DIR)/"

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

# clang with AddressSanitizer (LeakSanitizer included) and UBSan; every
# UBSan finding is fatal. Other sanitizer users (fuzz corpus replays) build
# here too: add meson options to ASAN_MESON_ARGS, tiers to ASAN_TIERS.
ASAN_BUILD ?= $(BUILD)-asan
ASAN_MESON_ARGS ?= -Db_sanitize=address,undefined -Db_lundef=false \
	-Dc_args=-fno-sanitize-recover=all -Dc_link_args=-fno-sanitize-recover=all
ASAN_TIERS ?= asan-unit asan-component asan-e2e
TEST_TIERS ?= unit component e2e $(ASAN_TIERS) fuzz-replay

build-asan: deps
	[ -f $(ASAN_BUILD)/build.ninja ] || CC=clang meson setup $(ASAN_MESON_ARGS) $(ASAN_BUILD)
	ninja -C $(ASAN_BUILD)

# The tiers on the gcc build, then the same against the sanitized one
# (tests/run_all.sh, docs/testing.md).
test: build build-clang build-asan
	ASAN_BUILD=$(ASAN_BUILD) tests/run_all.sh $(BUILD) $(TEST_TIERS)

demo: build
	tools/demo.sh $(BUILD)

# The PVP numbers, and their plot beside them in docs/ (pvp.png, pvp.tsv).
bench: build
	tools/bench/pvp --build $(BUILD) --sizes "64 512 1518" --plot docs/pvp.png

# Every libFuzzer target for FUZZ_SECONDS each, on scratch copies of the
# corpora; fuzz-replay runs each corpus once (a regression check).
FUZZ_SECONDS ?= 60
fuzz: build-clang
	tests/fuzz/campaign.sh $(BUILD)-clang $(FUZZ_SECONDS)

fuzz-replay: build-clang
	tests/fuzz/replay.sh $(BUILD)-clang

# Debian packages (docs/operating.md). dpkg-buildpackage writes them beside
# the tree, in ../; they move into $(DEB_DIR) with their .changes.
DEB_DIR ?= build-deb
deb: deps
	dpkg-buildpackage -b -us -uc
	mkdir -p $(DEB_DIR)
	v=$$(dpkg-parsechangelog -S Version) a=$$(dpkg-architecture -qDEB_HOST_ARCH) && \
		mv ../sluice_$${v}_$${a}.changes $$(sed "s|^\([^ ]*\) .*|../\1|" debian/files) $(DEB_DIR)/

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(BUILD)-clang $(ASAN_BUILD)
