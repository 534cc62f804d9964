# Stepwise — the two commands in the README:
#   make run    start stepwised on the demo cell (simulated sensors, file-backed framebuffer, PNG mirror)
#   make test   install what is needed, build, run every test
#   make hil    hardware in the loop: stepwised on a real kernel's GPIO/USB/fbdev under QEMU (scripts/hil/)
SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)
SWIFT ?= swift
PY := /usr/bin/python3
CELL ?= Devices/demo-cell.yaml
DB ?= out/quality.sqlite
BIN := .build/release

.PHONY: deps build build-release run test test-umockdev bench check-formats check-style format verify-systemd verify-uplink preview screenshots clean hil

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

# The daemon alone: the dashboard's web stack is not needed to run a station.
build-release: deps
	$(SWIFT) build -c release --product stepwised

run: build-release
	@mkdir -p out
	$(BIN)/stepwised --cell $(CELL) --db $(DB) --mirror out/projector.png $(ARGS)

test: deps
	$(SWIFT) build --build-tests
	@# Every test, the workshop's with a throwaway PostgreSQL of their own (started and removed here).
	STEPWISE_REQUIRE_POSTGRES=1 bash scripts/postgres-test.sh run $(SWIFT) test --skip-build
	$(MAKE) --no-print-directory check-style test-umockdev check-formats verify-systemd verify-uplink
	@if [ -z "$$STEPWISE_SKIP_HIL" ]; then $(MAKE) --no-print-directory hil; \
	else echo "make test: STEPWISE_SKIP_HIL is set: the hardware-in-the-loop rig did NOT run"; fi

# libusb against a faked bus (umockdev): reports through usbfs, unplug, enumeration.
test-umockdev:
	bash scripts/test-umockdev.sh

# House style (.swift-format): `make format` rewrites, `make test` refuses what is not formatted.
check-style:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

format:
	$(SWIFT) format format --in-place --recursive Sources Tests Package.swift

check-formats:
	$(SWIFT) run --skip-build stepwise validate WorkInstructions Devices
	$(PY) scripts/check-schemas.py

verify-systemd:
	bash scripts/verify-systemd.sh .build/debug/stepwised

# The uplink's unit, and the uplink started as it starts it against a throwaway PostgreSQL.
verify-uplink:
	bash scripts/postgres-test.sh run bash scripts/verify-uplink-unit.sh .build/debug/stepwise

preview: build
	$(SWIFT) run --skip-build stepwise preview WorkInstructions/led-streetlight.yaml --cell $(CELL) --out out/preview

# The dashboard's pages as PNGs (installs chromium here only, not for make test).
screenshots: build
	bash scripts/screenshots.sh

# Downloads Debian's kernel and builds gpio-sim.ko once (out/hil/, while Swift builds), then boots
# the guest under QEMU and checks what it left (scripts/hil/hil.sh; docs/hil.md).
hil: deps
	SWIFT=$(SWIFT) bash scripts/hil/hil.sh

clean:
	rm -rf .build out

# Renderer benchmark (a command, not a test): memcpy floor, naive redraw, step transition, event latency.
bench: deps
	$(SWIFT) build -c release --product stepwise
	$(BIN)/stepwise bench render $(ARGS)
