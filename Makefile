# Baken — the two commands: `make run` and `make test`.
SHELL := /bin/bash
GO ?= go

.PHONY: run test test-race setup build generate lint vet fmt bench load e2e vendor db-stop clean

## run: start the portal with demo data (private PostgreSQL when DATABASE_URL is unset)
run:
	@bash scripts/setup.sh run
	$(GO) run ./cmd/baken dev

## test: every test, against real PostgreSQL and headless Chromium
test: setup
	$(GO) test -count=1 ./...

## test-race: the packages with concurrency (login throttle, pool, sessions, server) under the race
## detector. All their tests but the Chromium ones (TestBrowser*: slow, and they test the page, not the
## Go code). internal/server takes about 35 s under -race (plus a few minutes on a cold build cache to
## build the race-instrumented packages), so there is no need to pick tests with -run.
RACE_PKGS := ./internal/auth/ ./internal/db/ ./internal/dbtest/ ./internal/server/
test-race: setup
	$(GO) test -race -count=1 -skip '^TestBrowser' $(RACE_PKGS)

## setup: install what the tests need (PostgreSQL binaries, Chromium) when missing
setup:
	@bash scripts/setup.sh

build:
	$(GO) build -trimpath -o bin/baken ./cmd/baken

## generate: regenerate templ views (the generated *_templ.go files are committed)
generate:
	$(GO) tool templ generate -path web

fmt:
	gofmt -w $$(git ls-files '*.go')

## lint: formatting, vet, golangci-lint (.golangci.yml) and generated code in sync
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo 'gofmt needed'; exit 1)
	$(GO) vet ./...
	$(GO) tool golangci-lint run ./...
	$(GO) tool templ generate -path web >/dev/null
	@git diff --exit-code -- web || (echo 'templ output out of date: run make generate and commit'; exit 1)

vet:
	$(GO) vet ./...

## bench: Go benchmarks of the heavy pages on a generated data set
bench: setup
	$(GO) test -run '^$$' -bench . -benchmem ./internal/server/

## load: wrk on every heavy page of a private demo portal, as a ratio to SELECT 1 on the same pool; see docs/performance.md
load:
	@bash scripts/setup.sh load
	GO=$(GO) bash scripts/load.sh

## e2e: only the browser tests
e2e: setup
	$(GO) test -count=1 -run 'Browser' ./internal/server/

## vendor: refresh web/static/vendor from the npm registry
vendor:
	bash scripts/vendor.sh

## db-stop: stop the private PostgreSQL clusters started by make run / make test / make load
db-stop:
	@for d in .data/postgres .data/testpg .data/load/postgres; do \
		if [ -f $$d/data/postmaster.pid ]; then \
			if [ "$$(id -u)" = 0 ]; then runuser -u postgres -- $$(pg_config --bindir)/pg_ctl stop -D $$d/data -m fast; \
			else $$(pg_config --bindir)/pg_ctl stop -D $$d/data -m fast; fi; \
		fi; \
	done

clean: db-stop
	rm -rf bin .data
