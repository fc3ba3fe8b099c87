# Two commands for a newcomer: `make run` and `make test` (see README.md).
GO ?= go

.PHONY: run test build vet bench fuzz

## run: the add-on on SQLite in sandbox mode (fake GoTo in-process, demo installation)
run:
	ADDON_DATABASE=$${ADDON_DATABASE:-sqlite:sandbox.db} $(GO) run ./cmd/meeting-addon serve --sandbox

## test: every test; MariaDB tests run when ADDON_TEST_MYSQL_DSN is set (.ci/run sets it)
test: vet
	$(GO) test -race -count=1 -timeout 20m ./...

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }

build:
	$(GO) build -o bin/meeting-addon ./cmd/meeting-addon

## bench: hook throughput and latency on the configured database (see README)
bench:
	$(GO) test -run '^$$' -bench . -benchtime 200x ./cmd/meeting-addon
