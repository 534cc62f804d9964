import Glibc
import StepwiseCore

extension Framebuffer {
    /// A file with the memory layout the cell file gives (width, height, pixel format, stride):
    /// created or resized to `bytesPerRow × height`, mapped shared, one page, no panning.
    static func openFile(path: String, config: FramebufferConfig) -> Result<Framebuffer, DeviceError> {
        let format = config.pixelFormat
        let geometry = FramebufferGeometry(
            width: config.width, height: config.height, bytesPerRow: config.bytesPerRow, format: format,
            virtualHeight: config.height, canPan: false)
        guard geometry.width > 0, geometry.height > 0, geometry.bytesPerRow >= geometry.width * format.bytesPerPixel
        else {
            return .failure(
                DeviceError(
                    device: path, kind: .unsupported,
                    message: "projector is \(geometry.width)×\(geometry.height) with stride \(geometry.bytesPerRow); "
                        + "expected a positive size and a stride of at least width × \(format.bytesPerPixel) bytes"))
        }
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            return .failure(.system(path, "open", errno: errno, expected: "a writable file in an existing directory"))
        }
        guard ftruncate(fd, off_t(geometry.pageBytes)) == 0 else {
            let error = DeviceError.system(
                path, "ftruncate", errno: errno, expected: "room for \(geometry.pageBytes) bytes")
            Glibc.close(fd)
            return .failure(error)
        }
        return mapShared(fd: fd, length: geometry.pageBytes, path: path).map { memory in
            Framebuffer(
                path: path, fd: fd, memory: memory, mappedLength: geometry.pageBytes, geometry: geometry,
                panning: nil, warnings: [], isFile: true)
        }.mapError { error in
            Glibc.close(fd)
            return error
        }
    }
}
