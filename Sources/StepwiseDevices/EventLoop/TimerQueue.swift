/// Deadlines waiting to fire, earliest first: a binary min-heap. Cancelled entries stay in the
/// heap and are skipped when they reach the top, so cancel is O(1) and nothing is searched.
/// Equal deadlines fire in the order they were scheduled (the sequence number breaks ties).
struct TimerQueue<Payload> {
    private struct Entry {
        var deadline: MonotonicInstant
        var id: UInt64
        func precedes(_ other: Entry) -> Bool {
            deadline != other.deadline ? deadline < other.deadline : id < other.id
        }
    }

    private var heap: [Entry] = []
    private var payloads: [UInt64: Payload] = [:]
    private var nextID: UInt64 = 1

    var isEmpty: Bool { payloads.isEmpty }
    var count: Int { payloads.count }

    /// Adds a deadline; the returned id cancels it.
    mutating func insert(_ payload: Payload, at deadline: MonotonicInstant) -> UInt64 {
        let id = nextID
        nextID += 1
        payloads[id] = payload
        heap.append(Entry(deadline: deadline, id: id))
        siftUp(heap.count - 1)
        return id
    }

    /// Forgets a deadline; false if it already fired or was cancelled.
    @discardableResult
    mutating func cancel(_ id: UInt64) -> Bool { payloads.removeValue(forKey: id) != nil }

    /// The earliest live deadline.
    mutating func earliest() -> MonotonicInstant? {
        dropCancelled()
        return heap.first?.deadline
    }

    /// Removes and returns the earliest payload if its deadline is at or before `now`.
    mutating func popDue(at now: MonotonicInstant) -> Payload? {
        dropCancelled()
        guard let top = heap.first, top.deadline <= now else { return nil }
        removeTop()
        return payloads.removeValue(forKey: top.id)
    }

    private mutating func dropCancelled() {
        while let top = heap.first, payloads[top.id] == nil { removeTop() }
    }

    private mutating func removeTop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < heap.count, heap[left].precedes(heap[first]) { first = left }
            if right < heap.count, heap[right].precedes(heap[first]) { first = right }
            if first == parent { return }
            heap.swapAt(parent, first)
            parent = first
        }
    }
}
