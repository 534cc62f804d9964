import Glibc

/// Keeps the frame's pixel memory in RAM. A station idles for hours between shifts; pages of a
/// surface nobody touched may be swapped out (zram or an SD card on a Pi), and the first event
/// afterwards would wait for megabytes to be paged in. `mlock` also faults every page in now, so
/// not even the first frame pays for them. `LimitMEMLOCK` in stepwised.service allows it; where
/// the limit is lower, the pages are at least touched once now.
public enum ResidentMemory {
    public static func keep(_ memory: UnsafeMutableRawPointer?, bytes: Int) {
        guard let memory, bytes > 0 else { return }
        if mlock(memory, bytes) == 0 { return }
        // Writing each page's first byte back to itself faults it in without changing a pixel.
        let page = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)
        for offset in stride(from: 0, to: bytes, by: page) {
            let byte = memory.load(fromByteOffset: offset, as: UInt8.self)
            memory.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
        }
    }
}
