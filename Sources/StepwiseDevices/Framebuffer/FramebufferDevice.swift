import CLinuxShims
import Glibc
import StepwiseCore

extension Framebuffer {
    /// Opens `/dev/fbN`: reads its geometry, maps it, unblanks it, shows page 0, and prepares two
    /// pages for panning when the driver has (or grants) a virtual height of two screens.
    static func openDevice(path: String) -> Result<Framebuffer, DeviceError> {
        let fd = Glibc.open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return .failure(openFailure(path: path, code: errno)) }
        var warnings: [DeviceError] = []
        let geometry: FramebufferGeometry, memoryLength: Int, memory: UnsafeMutableRawPointer
        var panning: Panning?
        do {
            (geometry, panning, memoryLength) = try describe(fd: fd, path: path, warnings: &warnings).get()
            memory = try mapShared(fd: fd, length: memoryLength, path: path).get()
        } catch {
            Glibc.close(fd)
            return .failure(error)
        }
        if stepwise_fb_blank(fd, Int32(FB_BLANK_UNBLANK)) != 0 {
            warnings.append(.system(path, "FBIOBLANK(UNBLANK)", errno: errno, expected: "an unblanked display"))
        }
        var start = fb_var_screeninfo()
        if stepwise_fb_get_vscreeninfo(fd, &start) == 0 {
            start.xoffset = 0
            start.yoffset = 0
            if stepwise_fb_pan_display(fd, &start) != 0 {
                warnings.append(.system(path, "FBIOPAN_DISPLAY(0)", errno: errno, expected: "page 0 on screen"))
            }
        }
        // Asked once now, so a driver without vsync is reported at start-up, not mid-shift.
        if var pan = panning, pan.flipper.waitForVsync() != 0 {
            pan.waitsForVsync = false
            panning = pan
            warnings.append(
                .system(path, "FBIO_WAITFORVSYNC", errno: errno, expected: "vsync support; panning without waiting"))
        }
        return .success(
            Framebuffer(
                path: path, fd: fd, memory: memory, mappedLength: memoryLength, geometry: geometry, panning: panning,
                warnings: warnings))
    }

    /// Geometry, pixel format and panning from the driver; the length to map.
    private static func describe(fd: Int32, path: String, warnings: inout [DeviceError])
        -> Result<(FramebufferGeometry, Panning?, Int), DeviceError>
    {
        var variable = fb_var_screeninfo(), fixed = fb_fix_screeninfo()
        guard stepwise_fb_get_vscreeninfo(fd, &variable) == 0, stepwise_fb_get_fscreeninfo(fd, &fixed) == 0 else {
            return .failure(
                DeviceError(
                    device: path, kind: .unsupported,
                    message: "not a framebuffer (FBIOGET_VSCREENINFO failed: \(errnoText(errno))); "
                        + "expected a framebuffer device such as /dev/fb0"))
        }
        let detected = PixelFormat.detect(
            bitsPerPixel: Int(variable.bits_per_pixel), red: layout(variable.red), green: layout(variable.green),
            blue: layout(variable.blue), alpha: layout(variable.transp))
        let format: PixelFormat
        var swapped = false
        switch detected {
        case .success(let found): format = found
        case .failure where isRedBlueSwapped32(variable):
            // vfb (and some SoC controllers) keep red in the low byte; found by the HIL rig.
            (format, swapped) = (.xrgb8888, true)
        case .failure(let unsupported):
            return .failure(
                DeviceError(
                    device: path, kind: .unsupported, message: "unsupported pixel format: \(unsupported.message)"))
        }
        let panning = preparePanning(fd: fd, path: path, variable: &variable, fixed: &fixed, warnings: &warnings)
        let (width, height, stride) = (Int(variable.xres), Int(variable.yres), Int(fixed.line_length))
        guard stride >= width * format.bytesPerPixel, Int(fixed.smem_len) >= stride * height else {
            return .failure(
                DeviceError(
                    device: path, kind: .unsupported,
                    message: "line_length \(stride) and smem_len \(fixed.smem_len) do not hold \(width)×\(height) "
                        + "\(format.rawValue); expected line_length ≥ width × \(format.bytesPerPixel) and smem_len ≥ line_length × yres"
                ))
        }
        let geometry = FramebufferGeometry(
            width: width, height: height, bytesPerRow: stride, format: format,
            virtualHeight: Int(variable.yres_virtual), canPan: panning != nil, swapsRedAndBlue: swapped)
        return .success((geometry, panning, Int(fixed.smem_len)))
    }

    /// Asks for a virtual height of two screens if the driver does not already have it; panning
    /// is used only when both pages fit in the mapped memory.
    private static func preparePanning(
        fd: Int32, path: String, variable: inout fb_var_screeninfo, fixed: inout fb_fix_screeninfo,
        warnings: inout [DeviceError]
    ) -> Panning? {
        if variable.yres_virtual < 2 * variable.yres {
            var wanted = variable
            wanted.yres_virtual = 2 * variable.yres
            wanted.yoffset = 0
            if stepwise_fb_put_vscreeninfo(fd, &wanted) == 0 {
                _ = stepwise_fb_get_vscreeninfo(fd, &variable)
                _ = stepwise_fb_get_fscreeninfo(fd, &fixed)
            } else {
                warnings.append(
                    .system(
                        path, "FBIOPUT_VSCREENINFO(yres_virtual ×2)", errno: errno,
                        expected: "room for two pages; presenting by copying to the visible page"))
            }
        }
        let twoPages = Int(fixed.line_length) * Int(variable.yres) * 2
        guard variable.yres_virtual >= 2 * variable.yres, Int(fixed.smem_len) >= twoPages else { return nil }
        return Panning(
            flipper: DevicePageFlipper(fd: fd, info: variable), framePeriodNanoseconds: Panning.framePeriod(variable))
    }

    /// 32 bpp with red 8@0, green 8@8, blue 8@16: XBGR8888, drawn as XRGB8888 with red and blue swapped.
    static func isRedBlueSwapped32(_ variable: fb_var_screeninfo) -> Bool {
        variable.bits_per_pixel == 32 && layout(variable.red) == ChannelLayout(offset: 0, length: 8)
            && layout(variable.green) == ChannelLayout(offset: 8, length: 8)
            && layout(variable.blue) == ChannelLayout(offset: 16, length: 8)
    }

    private static func layout(_ field: fb_bitfield) -> ChannelLayout {
        ChannelLayout(offset: Int(field.offset), length: Int(field.length))
    }

    private static func openFailure(path: String, code: Int32) -> DeviceError {
        switch code {
        case ENOENT, ENODEV, ENXIO:
            DeviceError(
                device: path, kind: .notFound,
                message: "no such device; expected a framebuffer "
                    + "(is the projector connected? vfb/fbdev driver loaded?)")
        case EACCES, EPERM:
            DeviceError(
                device: path, kind: .permission,
                message: "permission denied; expected read-write access "
                    + "for the service user (group video, see the udev rules in systemd/)")
        default:
            .system(path, "open", errno: code, expected: "a framebuffer device such as /dev/fb0")
        }
    }
}
