# Two commands for a newcomer: `make run` and `make test` (see README.md).
GO ?= go

# The version `meeting-addon version` prints and the image's label carries ("dev" outside git).
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
REVISION := $(shell git rev-parse HEAD 2>/dev/null)
LDFLAGS := -X main.version=$(VERSION)
# The image: a static linux binary for IMAGE_ARCH, dated by the commit so rebuilds are identical.
IMAGE_ARCH := $(shell $(GO) env GOARCH)
IMAGE_BIN := bin/meeting-addon-linux-$(IMAGE_ARCH)
IMAGE ?= bin/meeting-addon-image.tar
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || date +%s)

.PHONY: run test build vet bench chaos fuzz image image-bin image-check unit-check

## run: the add-on on SQLite in sandbox mode (fake GoTo in-process, demo installation)
run:
	ADDON_DATABASE=$${ADDON_DATABASE:-sqlite:sandbox.db} $(GO) run ./cmd/meeting-addon serve --sandbox

## test: every test; MariaDB tests run when ADDON_TEST_MYSQL_DSN is set (.ci/run sets it)
test: vet
	$(GO) test -race -count=1 -timeout 20m ./...
	cd deploy && $(GO) test -count=1 ./...

vet:
	$(GO) vet ./...
	cd deploy && $(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/meeting-addon ./cmd/meeting-addon

## image: the container image as an OCI/docker tarball ($(IMAGE)); no Docker daemon, no registry
image: image-bin
	cd deploy && SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(GO) run ./cmd/mkimage --binary ../$(IMAGE_BIN) \
		--arch $(IMAGE_ARCH) --version $(VERSION) --revision "$(REVISION)" --out ../$(IMAGE)

# Static (the SQLite driver is pure Go) and with its own time zone database: the image has no libc
# and no /usr/share/zoneinfo.
image-bin:
	CGO_ENABLED=0 GOOS=linux GOARCH=$(IMAGE_ARCH) $(GO) build -trimpath -tags timetzdata \
		-ldflags "-s -w $(LDFLAGS)" -o $(IMAGE_BIN) ./cmd/meeting-addon

## image-check: the tarball's config (user, labels, entrypoint), a static binary, a run as its user
image-check:
	cd deploy && ADDON_TEST_IMAGE=$(abspath $(IMAGE)) ADDON_TEST_IMAGE_VERSION=$(VERSION) \
		$(GO) test -count=1 -run '^TestBuiltImage$$' -v ./image

## unit-check: systemd-analyze verify (and security) on deploy/meeting-addon.service
unit-check: image-bin
	deploy/verify-unit.sh $(IMAGE_BIN)

## chaos: the long fault-injection run (300 appointments, 20 % faults, two processes, a crash); needs ADDON_TEST_MYSQL_DSN
chaos:
	ADDON_CHAOS_APPOINTMENTS=$${ADDON_CHAOS_APPOINTMENTS:-300} $(GO) test -count=1 -timeout 30m -run '^TestChaos$$' -v ./chaos

## bench: the load run (cmd/loadbench) against a real serve process, on MariaDB when
## ADDON_TEST_MYSQL_DSN is set, else SQLite (see README, Performance); BENCH_FLAGS=-long for the long run
bench:
	$(GO) run ./cmd/loadbench $(BENCH_FLAGS)
