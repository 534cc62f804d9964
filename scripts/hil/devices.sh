# Sourced by scripts/hil/scenario.sh, inside the HIL guest: the simulated devices, driven and read
# only through the kernel's own interfaces (gpio-sim's sysfs, the f_hid gadget's /dev/hidgN,
# configfs, vfb's sysfs and /dev/fb0). Expects SIM, SHARE, HIL_MODULES and fact/say/pause/wait_for.

# --- GPIO (gpio-sim) ----------------------------------------------------------------------------
pull() { echo "$2" > "$SIM/sim_gpio$1/pull"; }
level() { cat "$SIM/sim_gpio$1/value"; }
# An active-low sensor (light barrier, torque relay) interrupted: a bounced edge train into the beam,
# 2·bounces+1 edges written back to back by out/hil/bounce (the shell's writes are too slow under
# emulation to fall inside a debounce window), held for 150 ms, released. The hold is part of the
# stimulus (a hand in the beam), not a wait for the daemon.
beam() {
  local line=$1 edges=$((2 * ${2:-3} + 1))
  fact "bounce_train line=$line edges=$edges us=$(out/hil/bounce "$SIM/sim_gpio$line/pull" $edges)"
  pause 0.15; pull "$line" pull-up; pause 0.15
}
# An active-high switch that stays closed (part in the fixture, cover closed).
close_switch() { pull "$1" pull-up; }
open_switch() { pull "$1" pull-down; }

# --- USB (dummy_hcd + f_hid gadget) -------------------------------------------------------------
GADGET=/sys/kernel/config/usb_gadget/hil
# The gadget's interrupt-IN endpoints as the host side of dummy_hcd sees them.
usb_facts() {
  local itf dev ep
  for itf in /sys/bus/usb/devices/*:1.*; do
    dev=${itf%:*}
    [ "$(cat "$dev/idVendor" 2>/dev/null):$(cat "$dev/idProduct" 2>/dev/null)" = 1209:5750 ] || continue
    for ep in "$itf"/ep_*; do
      [ "$(cat "$ep/type")" = Interrupt ] && [ "$(cat "$ep/direction")" = in ] &&
        fact "usb_interface_$(cat "$itf/bInterfaceNumber")_in=0x$(cat "$ep/bEndpointAddress")"
    done
  done
}
# Reports to the host, in order, from one process (out/hil/report: f_hid's write waits for the host
# to take the previous report, so a daemon that is not reading makes it fail after 10 s).
hid() { out/hil/report "$@" || { say "FAIL writing a report to $1 blocked: nothing reads the gadget's endpoint"; return 1; }; }
# One button on the button box: press the bit, then release.
press() { hid /dev/hidg0 "$(printf %02x $((1 << $1)))" 00; }
# The badge reader types a line: one boot-keyboard report per key, all keys up, then Enter.
type_line() {
  local text=$1 c mod key i reports=()
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}; mod=0
    case $c in
      [A-Z]) mod=2; key=$(( $(printf %d "'$c") - 65 + 4 )) ;;
      [a-z]) key=$(( $(printf %d "'$c") - 97 + 4 )) ;;
      0) key=39 ;;
      [1-9]) key=$(( c + 29 )) ;;
      -) key=45 ;;
    esac
    reports+=("$(printf %02x $mod)00$(printf %02x $key)0000000000" 0000000000000000)
  done
  hid /dev/hidg1 "${reports[@]}" 0000280000000000 0000000000000000
}
# Unplug: unbind the gadget from dummy_udc.0, so the host side sees the device leave (uevent →
# systemd-udevd → libusb's hotplug monitor). Plug: bind it again.
unplug() { echo "" > "$GADGET/UDC"; }
plug() { echo dummy_udc.0 > "$GADGET/UDC"; }

# --- framebuffer (vfb) ----------------------------------------------------------------------------
FB=/sys/class/graphics/fb0
pan() { cat $FB/pan; }
# The projector appears: vfb with two 1920×1080×32 pages, so FBIOPUT_VSCREENINFO(yres_virtual ×2)
# and panning succeed. devtmpfs makes /dev/fb0.
load_vfb() {
  busybox insmod "$HIL_MODULES/vfb.ko" vfb_enable=1 videomemorysize=16588800 mode_option=1920x1080-32 &&
    fact "fb0=$(cat $FB/virtual_size) bpp=$(cat $FB/bits_per_pixel) stride=$(cat $FB/stride)" &&
    fact "fb0_rgba=$(python3 -c "$FB_RGBA")"
}
# The pixel layout (length/offset of red, green, blue, transp) from FBIOGET_VSCREENINFO (0x4600).
FB_RGBA='import fcntl, struct
v = struct.unpack("20I", fcntl.ioctl(open("/dev/fb0", "rb"), 0x4600, bytes(160))[:80])
print(",".join(f"{v[i + 1]}/{v[i]}" for i in (8, 11, 14, 17)))'
# The page on screen (yoffset from the pan attribute). A pan during the copy (a cue frame) could
# mix two frames, so the copy is repeated until the pan stayed the same across it.
dump_fb() {
  local before after tries=0
  while :; do
    before=$(pan)
    dd if=/dev/fb0 of="$SHARE/fb-$1.raw" bs=7680 skip="${before#*,}" count=1080 status=none
    after=$(pan)
    [ "$before" != "$after" ] && [ $((tries += 1)) -lt 5 ] || break
  done
  fact "fb_dump name=$1 pan=$after"
}
# Lamp lines and the torque enable (physical values) as the next step starts.
lamps() {
  fact "lamps before=$1 bin1=$(level 12) bin2=$(level 16) bin3=$(level 20) bin4=$(level 7) bin5=$(level 8) bin6=$(level 11) torque_enable=$(level 18)"
}
