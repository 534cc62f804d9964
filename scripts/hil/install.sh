#!/usr/bin/env bash
# Hardware-in-the-loop rig, step 1: everything the rig needs that is not in the repo.
#   - host packages: QEMU (software emulation), busybox-static, kernel headers (for gpio-sim.ko)
#   - Debian's kernel image, unpacked under out/hil/kernel (never installed as the host kernel)
#   - gpio-sim + irq_sim built out of tree into out/hil/modules/gpio-sim.ko
# Idempotent: every step is skipped when its result is already there. Called by `make hil`.
set -euo pipefail
cd "$(dirname "$0")/../.."
HIL=out/hil
mkdir -p "$HIL/debs" "$HIL/kernel" "$HIL/modules"

apt_quiet() { DEBIAN_FRONTEND=noninteractive apt-get -qq -o=Dpkg::Use-Pty=0 "$@" >/dev/null; }

# The kernel ABI moves with Debian point releases: the version is whatever linux-image-amd64 depends on now.
need_update=0
for tool in qemu-system-x86_64 busybox; do command -v "$tool" >/dev/null || need_update=1; done
[ -f "$HIL/kernel/.version" ] || need_update=1
if [ "$need_update" = 1 ]; then apt_quiet update; fi

if [ -f "$HIL/kernel/.version" ]; then
  KVER=$(cat "$HIL/kernel/.version")
else
  KPKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
  KVER=${KPKG#linux-image-}
fi
[ -n "$KVER" ] || { echo "hil: cannot tell which kernel linux-image-amd64 points at" >&2; exit 1; }

pkgs=()
command -v qemu-system-x86_64 >/dev/null || pkgs+=(qemu-system-x86)
# The initramfs needs a static busybox (Debian's plain `busybox` is dynamic).
# (ldd exits 1 on a static binary: keep that out of pipefail.)
{ ldd /bin/busybox 2>&1 || true; } | grep -q 'not a dynamic' || pkgs+=(busybox-static)
command -v gcc >/dev/null || pkgs+=(gcc)
[ -d "/usr/src/linux-headers-$KVER" ] || pkgs+=("linux-headers-$KVER")
command -v xz >/dev/null || pkgs+=(xz-utils)
command -v gpioget >/dev/null || pkgs+=(gpiod)
command -v sqlite3 >/dev/null || pkgs+=(sqlite3)
# The guest runs the host's systemd-udevd (libusb hears of hotplug from it); containers often lack udev.
[ -x /lib/systemd/systemd-udevd ] || pkgs+=(udev)
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "hil: apt-get install ${pkgs[*]}"
  apt_quiet install -y --no-install-recommends "${pkgs[@]}"
fi

# Kernel image + modules, unpacked only.
if [ ! -f "$HIL/kernel/boot/vmlinuz-$KVER" ]; then
  echo "hil: unpacking linux-image-$KVER"
  (cd "$HIL/debs" && apt-get download -qq -o APT::Sandbox::User=root "linux-image-$KVER")
  dpkg -x "$HIL"/debs/linux-image-"$KVER"_*.deb "$HIL/kernel"
  echo "$KVER" > "$HIL/kernel/.version"
fi

# gpio-sim is not in Debian's config: build it from linux-source with irq_sim linked in.
SRC="$HIL/gpio-sim-src"
if [ ! -f "$SRC/gpio-sim.c" ]; then
  echo "hil: extracting gpio-sim.c, gpiolib.h, irq_sim.c from linux-source-6.1"
  (cd "$HIL/debs" && ls linux-source-6.1_*.deb >/dev/null 2>&1 || apt-get download -qq -o APT::Sandbox::User=root linux-source-6.1)
  mkdir -p "$SRC" "$HIL/debs/src"
  dpkg -x "$HIL"/debs/linux-source-6.1_*.deb "$HIL/debs/src"
  tarball=$(ls "$HIL"/debs/src/usr/src/linux-source-6.1*.tar.xz)
  top=$(basename "$tarball" .tar.xz)
  tar -xJf "$tarball" -C "$HIL/debs/src" --wildcards \
    "$top/drivers/gpio/gpio-sim.c" "$top/drivers/gpio/gpiolib.h" "$top/kernel/irq/irq_sim.c"
  cp "$HIL/debs/src/$top/drivers/gpio/gpio-sim.c" "$HIL/debs/src/$top/drivers/gpio/gpiolib.h" \
     "$HIL/debs/src/$top/kernel/irq/irq_sim.c" "$SRC/"
  # irq_to_desc is not exported to modules; generic_handle_irq does the same for a simple irq.
  sed -i 's/handle_simple_irq(irq_to_desc(irqnum))/generic_handle_irq(irqnum)/' "$SRC/irq_sim.c"
  grep -q 'generic_handle_irq(irqnum)' "$SRC/irq_sim.c" || { echo "hil: irq_sim.c patch did not apply" >&2; exit 1; }
  rm -rf "$HIL/debs/src"
fi
if [ ! -f "$HIL/modules/gpio-sim.ko" ] || [ "$(cat "$HIL/modules/.kver" 2>/dev/null)" != "$KVER" ]; then
  echo "hil: building gpio-sim.ko for $KVER"
  printf 'obj-m := gpio-sim.o\ngpio-sim-y := gpio-sim-main.o irq_sim.o\n' > "$SRC/Kbuild"
  cp "$SRC/gpio-sim.c" "$SRC/gpio-sim-main.c"
  make -s -C "/usr/src/linux-headers-$KVER" M="$PWD/$SRC" modules >"$HIL/gpio-sim-build.log" 2>&1 \
    || { cat "$HIL/gpio-sim-build.log" >&2; exit 1; }
  cp "$SRC/gpio-sim.ko" "$HIL/modules/gpio-sim.ko"
  echo "$KVER" > "$HIL/modules/.kver"
fi
echo "hil: kernel $KVER ready, gpio-sim.ko built"
