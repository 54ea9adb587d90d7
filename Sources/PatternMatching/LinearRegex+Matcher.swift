extension LinearRegex {
    /// The Thompson simulation (a Pike VM without captures): the text is read once, and
    /// at each position the matcher holds the set of instructions some thread has reached.
    /// An instruction enters the set at most once per position, which bounds the work by
    /// program size × text length however the pattern nests, and makes empty loops such
    /// as `(a*)*` harmless: the second visit of the loop at the same position is a no-op.
    struct Matcher {
        let program: Program
        let text: [Unicode.Scalar]

        init(program: Program, text: String) {
            self.program = program
            self.text = Array(text.unicodeScalars)
        }

        /// `re.search`: whether a match starts at any position. A new thread starts at
        /// every position, and the first thread to reach `match` settles it.
        func run() -> Bool {
            var current = SparseSet(capacity: program.instructions.count)
            var next = SparseSet(capacity: program.instructions.count)
            var pending: [Int] = []
            var classCache = ClassCache(count: program.classes.count)
            if addThread(at: 0, position: 0, to: &current, pending: &pending) { return true }
            for position in text.indices {
                let scalar = text[position]
                let variants = program.ignoresCase ? CaseVariants(scalar) : nil
                next.removeAll()
                for pc in current.elements
                where consumes(program.instructions[pc], scalar, variants, position: position, classCache: &classCache) {
                    if addThread(at: pc + 1, position: position + 1, to: &next, pending: &pending) { return true }
                }
                if !program.isAnchoredAtStart {
                    if addThread(at: 0, position: position + 1, to: &next, pending: &pending) { return true }
                } else if next.isEmpty {
                    return false
                }
                swap(&current, &next)
            }
            return false
        }

        /// Adds `start` and everything reachable from it without consuming a scalar
        /// (jumps, splits, assertions that hold here) to `threads`; true on reaching
        /// `match`. Iterative, as a chain of 20,000 splits would overflow a recursion.
        private func addThread(at start: Int, position: Int, to threads: inout SparseSet, pending: inout [Int]) -> Bool {
            pending.append(start)
            while let pc = pending.popLast() {
                guard threads.insert(pc) else { continue }
                switch program.instructions[pc] {
                case .jump(let target):
                    pending.append(target)
                case .split(let first, let second):
                    pending.append(second)
                    pending.append(first)
                case .assertion(let assertion):
                    if holds(assertion, at: position) { pending.append(pc + 1) }
                case .match:
                    pending.removeAll()
                    return true
                case .scalar, .caseFoldedScalar, .anyExceptNewline, .characterClass:
                    break
                }
            }
            return false
        }

        private func consumes(
            _ instruction: Instruction, _ scalar: Unicode.Scalar, _ variants: CaseVariants?, position: Int, classCache: inout ClassCache
        ) -> Bool {
            switch instruction {
            case .scalar(let expected):
                return scalar == expected
            case .caseFoldedScalar(let fold):
                return (variants?.fold ?? scalar.caseFold) == fold
            case .anyExceptNewline:
                return scalar != "\n"
            case .characterClass(let index):
                return classCache.result(for: index, at: position) {
                    let characterClass = program.classes[index]
                    return variants.map(characterClass.contains(anyOf:)) ?? characterClass.contains(scalar)
                }
            case .assertion, .split, .jump, .match:
                return false
            }
        }

        /// Python's default mode: `^` and `\A` only at the start, `$` also before a final
        /// "\n". Python 3.11's `\b` and `\B` never match in an empty text (`\B` does from
        /// 3.14 on; the tests pin the CPython this service is compared with).
        private func holds(_ assertion: Assertion, at position: Int) -> Bool {
            switch assertion {
            case .startOfText:
                return position == 0
            case .endOfText:
                return position == text.count
            case .endOfTextOrBeforeFinalNewline:
                return position == text.count || (position == text.count - 1 && text[position] == "\n")
            case .wordBoundary, .notWordBoundary:
                guard !text.isEmpty else { return false }
                let wordBefore = position > 0 && text[position - 1].isWordScalar
                let wordAfter = position < text.count && text[position].isWordScalar
                return (wordBefore != wordAfter) == (assertion == .wordBoundary)
            }
        }
    }

    /// Class membership at the current position, remembered so that a class used by many
    /// instructions (`[a-z]{100}`) is tested once per scalar rather than once per use.
    struct ClassCache {
        private var positions: [Int]
        private var results: [Bool]

        init(count: Int) {
            positions = Array(repeating: -1, count: count)
            results = Array(repeating: false, count: count)
        }

        mutating func result(for index: Int, at position: Int, compute: () -> Bool) -> Bool {
            if positions[index] != position {
                positions[index] = position
                results[index] = compute()
            }
            return results[index]
        }
    }
}
