# prepdeck — the two commands are `make run` and `make test` (see README.md).
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc)
FUZZ_SECONDS ?= 60
CLANG_FORMAT ?= clang-format-14
SOURCES := $(shell find src tests bench -name '*.cc' -o -name '*.h' 2>/dev/null | grep -v '/corpus/')

.PHONY: all deps build run test test-release test-asan test-browser test-export bench fuzz format format-check clean

all: build

deps:
	@./scripts/install-deps

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# The examples: checked, built as a static site in $(BUILD)/site, then served
# as the learning app on http://127.0.0.1:8080 (Ctrl-C stops it).
# PORT=8081 make run picks another port; progress goes to the default database.
PORT ?= 8080
run: build
	./$(BUILD)/prepdeck check examples/
	./$(BUILD)/prepdeck build examples/ -o $(BUILD)/site
	@echo "The static site: file://$(abspath $(BUILD)/site)/index.html"
	./$(BUILD)/prepdeck serve examples/ --port $(PORT)

test: deps format-check test-release test-asan test-browser test-export

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# -g1: line tables (the sanitizers' reports keep file:line), no local
# variables: a translation unit compiles in 9 s instead of 13. Built by clang:
# 880 s of CPU instead of GCC's 1,310 (and a second compiler's warnings).
$(ASAN_BUILD)/build.ninja: CMakeLists.txt
	CC=clang-14 CXX=clang++-14 cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPREPDECK_SANITIZE=ON -DPREPDECK_BENCH=OFF \
	  -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DCMAKE_C_FLAGS_DEBUG=-g1

test-asan: deps $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  ctest --output-on-failure -j $(JOBS)

# The static site of examples/, and `prepdeck serve` on them, in headless
# chromium (tests/browser); screenshots land in $(BUILD)/browser-artifacts.
# The serve tests run three ways: one instance on SQLite, one on PostgreSQL,
# three on one PostgreSQL behind nginx (tests/support/serve_stack.py).
# Each suite is a target of its own (its own servers, free ports and temporary
# folders), so one can run alone. Run side by side on 2 cores they are slower,
# not faster: 6 min 27 s three at a time, 5 min 56 s two at a time, against
# 5 min 29 s one after another (chromium keeps the cores busy).
SERVE_SUITES := $(foreach way,sqlite postgres cluster,test-browser-serve-$(way))
BROWSER_SUITES := test-browser-site $(SERVE_SUITES) test-browser-xss test-browser-mkdocs
BROWSER_ENV = ARTIFACTS=$(abspath $(BUILD)/browser-artifacts) CHROMIUM=$$(command -v chromium)
.PHONY: browser-npm $(BROWSER_SUITES)

test-browser: $(BROWSER_SUITES)

browser-npm: build
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error

test-browser-site: browser-npm
	./$(BUILD)/prepdeck build examples -o $(BUILD)/browser-site --quiet
	./$(BUILD)/prepdeck build ../shared/fixtures/seed/000_f53b7e45484371f1.txt -o $(BUILD)/browser-seed --quiet
	cd tests/browser && SITE_DIR=$(abspath $(BUILD)/browser-site) SEED_DIR=$(abspath $(BUILD)/browser-seed) \
	  $(BROWSER_ENV) node --test site.test.mjs scoring.test.mjs words.test.mjs

$(SERVE_SUITES): test-browser-serve-%: browser-npm
	cd tests/browser && SERVE_WAY=$* PREPDECK=$(abspath $(BUILD)/prepdeck) EXAMPLES=$(abspath examples) \
	  $(BROWSER_ENV) node --test serve.test.mjs

test-browser-xss: browser-npm
	cd tests/browser && PREPDECK=$(abspath $(BUILD)/prepdeck) $(BROWSER_ENV) node --test xss.test.mjs

test-browser-mkdocs: browser-npm
	cd tests/browser && PREPDECK=$(abspath $(BUILD)/prepdeck) FIXTURE=$(abspath tests/fixtures/mkdocs-site) \
	  $(BROWSER_ENV) node --test mkdocs.test.mjs

# The exports read back by tools no one here wrote (tests/export/readers):
# gift-pegjs and anki-reader (npm, pinned there), xmllint, sqlite3 and unzip.
test-export: build
	cd tests/export/readers && npm ci --no-audit --no-fund --loglevel=error
	cd tests/export/readers && PREPDECK=$(abspath $(BUILD)/prepdeck) EXAMPLES=$(abspath examples) \
	  SEED=$(abspath ../shared/fixtures/seed/000_f53b7e45484371f1.txt) KINDS=$(abspath tests/fixtures/export-kinds) \
	  node --test read_back.test.mjs

bench: build
	@./scripts/install-deps --bench
	./$(BUILD)/bench/parse_bench --memory
	./$(BUILD)/bench/parse_bench
	./$(BUILD)/bench/placement_sim
	./$(BUILD)/bench/linear_bench --check
	./bench/site_bench $(BUILD)
	./bench/serve_bench $(BUILD)
	./bench/cluster_bench $(BUILD)
	./bench/export_bench $(BUILD)

$(FUZZ_BUILD)/build.ninja: CMakeLists.txt
	CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPREPDECK_FUZZ=ON

fuzz: deps $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	./tests/fuzz/run $(FUZZ_BUILD) $(FUZZ_SECONDS)

format:
	$(CLANG_FORMAT) -i $(SOURCES)

format-check:
	$(CLANG_FORMAT) --dry-run --Werror $(SOURCES)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
