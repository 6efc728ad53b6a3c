/// A growable set of positive sequence numbers stored as a bitmap.
struct SeqSet {
    private var words: [UInt64] = []
    private(set) var count = 0

    /// Inserts `seq`; returns false when it was already present.
    @discardableResult
    mutating func insert(_ seq: UInt64) -> Bool {
        let word = Int(seq >> 6)
        let bit = UInt64(1) << (seq & 63)
        if word >= self.words.count {
            self.words.append(contentsOf: repeatElement(0, count: max(word + 1 - self.words.count, self.words.count)))
        }
        if self.words[word] & bit != 0 { return false }
        self.words[word] |= bit
        self.count += 1
        return true
    }

    func contains(_ seq: UInt64) -> Bool {
        let word = Int(seq >> 6)
        guard word < self.words.count else { return false }
        return self.words[word] & (UInt64(1) << (seq & 63)) != 0
    }

    /// How many members of `self` are missing from `other`.
    func countMissing(from other: SeqSet) -> Int {
        var missing = 0
        for (index, word) in self.words.enumerated() {
            let otherWord = index < other.words.count ? other.words[index] : 0
            missing += (word & ~otherWord).nonzeroBitCount
        }
        return missing
    }

    /// How many members of `self` are not in `other` (elements delivered but never acked).
    func countExtra(over other: SeqSet) -> Int { self.countMissing(from: other) }
}
