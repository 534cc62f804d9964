import Glibc
import StepwiseCore
import Testing
@testable import StepwiseDevices

/// A framebuffer file changed under a mapped framebuffer is a failed present, never SIGBUS, and
/// the path opens again afterwards (the runtime reports the fault and retries).
@Suite struct FramebufferFileChangeTests {
    let directory = makeTemporaryDirectory()

    private func openPresenting() throws -> (Framebuffer, String, SourceImage) {
        let path = directory + "/fb.raw"
        let framebuffer = try Framebuffer.open(fileProjector(path, format: .xrgb8888), relativeTo: nil).get()
        let image = SourceImage()
        try image.present(on: framebuffer, damage: [framebuffer.geometry.bounds]).get()
        return (framebuffer, path, image)
    }

    @Test func aTruncatedFileFailsThePresentInsteadOfKillingTheProcess() throws {
        let (framebuffer, path, image) = try openPresenting()
        #expect(truncate(path, 0) == 0)
        let result = image.present(on: framebuffer, damage: [framebuffer.geometry.bounds])
        guard case .failure(let error) = result else {
            Issue.record("present on a truncated file succeeded")
            return
        }
        #expect(error.message.contains("truncated to 0 bytes"))
        #expect(error.device == path)
        framebuffer.close()
        let reopened = try Framebuffer.open(fileProjector(path, format: .xrgb8888), relativeTo: nil).get()
        try image.present(on: reopened, damage: [reopened.geometry.bounds]).get()
        #expect(readBytes(path) == image.words.withUnsafeBytes { Array($0) })
    }

    @Test func aDeletedFileFailsThePresentAndIsCreatedAgainOnReopen() throws {
        let (framebuffer, path, image) = try openPresenting()
        #expect(unlink(path) == 0)
        let result = image.present(on: framebuffer, damage: [PixelRect(x: 0, y: 0, width: 4, height: 4)])
        guard case .failure(let error) = result else {
            Issue.record("present on a deleted file succeeded")
            return
        }
        #expect(error.kind == .notFound)
        #expect(error.message.contains("deleted"))
        framebuffer.close()
        let reopened = try Framebuffer.open(fileProjector(path, format: .xrgb8888), relativeTo: nil).get()
        try image.present(on: reopened, damage: [reopened.geometry.bounds]).get()
        #expect(readBytes(path).count == 64 * 4 * 32)
    }

    /// A file replaced by another at the same path (an editor's or a script's rename) is no longer
    /// the one on screen for its readers: the same fault.
    @Test func aReplacedFileFailsThePresent() throws {
        let (framebuffer, path, image) = try openPresenting()
        let other = directory + "/other.raw"
        let fd = open(other, O_CREAT | O_WRONLY, 0o644)
        #expect(ftruncate(fd, 64 * 4 * 32) == 0)
        close(fd)
        #expect(rename(other, path) == 0)
        let result = image.present(on: framebuffer, damage: [framebuffer.geometry.bounds])
        guard case .failure = result else {
            Issue.record("present on a replaced file succeeded")
            return
        }
        framebuffer.close()
    }

    @Test func aFileGrownLargerStillPresents() throws {
        let (framebuffer, path, image) = try openPresenting()
        #expect(truncate(path, off_t(64 * 4 * 32 * 2)) == 0)
        try image.present(on: framebuffer, damage: [framebuffer.geometry.bounds]).get()
        framebuffer.close()
    }
}
