/// Comparison of secrets in time that does not depend on where they differ.
package enum ConstantTime {
    /// Whether `a` and `b` are equal. Every byte of the longer input is visited whatever the
    /// inputs, so the time depends only on their lengths.
    package static func equals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        let length = max(left.count, right.count)
        var difference: UInt8 = left.count == right.count ? 0 : 1
        for index in 0..<length {
            let x = index < left.count ? left[index] : 0
            let y = index < right.count ? right[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }

    /// The index of the candidate equal to `secret`, nil if none. Every candidate is compared in
    /// full, so the time does not tell which one (if any) matched.
    package static func index(of secret: String, in candidates: [String]) -> Int? {
        var found: Int?
        for (index, candidate) in candidates.enumerated() where equals(candidate, secret) {
            found = index
        }
        return found
    }
}
