extension LinearRegex {
    /// One instruction of the Thompson NFA. Only the first four consume a scalar; the
    /// rest are followed while computing the set of states at a position.
    enum Instruction: Hashable, Sendable {
        case scalar(Unicode.Scalar)
        /// Under `(?i)`: any scalar whose case fold is this one.
        case caseFoldedScalar(Unicode.Scalar)
        case anyExceptNewline
        /// An index into `Program.classes`, where equal classes are stored once.
        case characterClass(Int)
        case assertion(Assertion)
        /// Continue at both.
        case split(Int, Int)
        case jump(Int)
        case match
    }

    /// The compiled pattern. Counted repetition is written out (`a{3}` is `aaa`), which is
    /// why the size is checked, before anything is emitted, against `maximumProgramSize`.
    struct Program: Sendable {
        let instructions: [Instruction]
        let classes: [CharacterClass]
        let ignoresCase: Bool
        /// Every match must begin at the start of the text (`^...`, `\A...`), so the search
        /// can stop as soon as no thread is alive.
        let isAnchoredAtStart: Bool

        init(compiling node: Node, ignoresCase: Bool) throws(LinearRegexError) {
            let size = node.instructionCount.saturatingAdd(1)
            guard size <= LinearRegex.maximumProgramSize else {
                throw .tooComplex("it compiles to more than \(LinearRegex.maximumProgramSize) instructions")
            }
            var emitter = Emitter(ignoresCase: ignoresCase)
            emitter.instructions.reserveCapacity(size)
            emitter.emit(node)
            emitter.append(.match)
            instructions = emitter.instructions
            classes = emitter.classes
            self.ignoresCase = ignoresCase
            isAnchoredAtStart = node.isAnchoredAtStart
        }
    }

    /// Writes the instructions of a node, in the textbook Thompson layout.
    private struct Emitter {
        let ignoresCase: Bool
        var instructions: [Instruction] = []
        var classes: [CharacterClass] = []
        private var classIndices: [CharacterClass: Int] = [:]

        init(ignoresCase: Bool) {
            self.ignoresCase = ignoresCase
        }

        @discardableResult
        mutating func append(_ instruction: Instruction) -> Int {
            instructions.append(instruction)
            return instructions.count - 1
        }

        mutating func emit(_ node: Node) {
            switch node {
            case .empty:
                break
            case .literal(let scalar):
                append(ignoresCase ? .caseFoldedScalar(scalar.caseFold) : .scalar(scalar))
            case .anyExceptNewline:
                append(.anyExceptNewline)
            case .characterClass(let characterClass):
                append(.characterClass(index(of: ignoresCase ? characterClass.addingCaseFolds() : characterClass)))
            case .assertion(let assertion):
                append(.assertion(assertion))
            case .group(let body):
                emit(body)
            case .concatenation(let items):
                for item in items { emit(item) }
            case .alternation(let branches):
                emitAlternation(branches)
            case .repetition(let body, let minimum, let maximum):
                emitRepetition(body, minimum: minimum, maximum: maximum)
            }
        }

        /// `split L1, next; L1: a; jump end; next: split L2, ...; last branch; end:`.
        private mutating func emitAlternation(_ branches: [Node]) {
            var jumpsToEnd: [Int] = []
            for branch in branches.dropLast() {
                let split = append(.split(0, 0))
                emit(branch)
                jumpsToEnd.append(append(.jump(0)))
                instructions[split] = .split(split + 1, instructions.count)
            }
            if let last = branches.last { emit(last) }
            for jump in jumpsToEnd { instructions[jump] = .jump(instructions.count) }
        }

        /// The mandatory copies, then either a loop (unbounded) or the optional copies,
        /// each of which may skip to the end.
        private mutating func emitRepetition(_ body: Node, minimum: Int, maximum: Int?) {
            // A body without instructions matches only the empty string, however often;
            // skipping it also keeps `(){1000000000}` from looping a billion times here.
            guard body.instructionCount > 0 else { return }
            if let maximum {
                for _ in 0..<minimum { emit(body) }
                var skips: [Int] = []
                for _ in minimum..<maximum {
                    skips.append(append(.split(0, 0)))
                    emit(body)
                }
                for skip in skips { instructions[skip] = .split(skip + 1, instructions.count) }
            } else if minimum == 0 {
                // `loop: split body, end; body; jump loop; end:`
                let loop = append(.split(0, 0))
                emit(body)
                append(.jump(loop))
                instructions[loop] = .split(loop + 1, instructions.count)
            } else {
                // `a{3,}` is `aaa+`: the last copy loops back to itself.
                for _ in 1..<minimum { emit(body) }
                let last = instructions.count
                emit(body)
                append(.split(last, instructions.count + 1))
            }
        }

        private mutating func index(of characterClass: CharacterClass) -> Int {
            if let index = classIndices[characterClass] { return index }
            classes.append(characterClass)
            classIndices[characterClass] = classes.count - 1
            return classes.count - 1
        }
    }
}

extension LinearRegex.Node {
    /// How many instructions `Emitter.emit` writes for the node, saturating at `Int.max`
    /// so that `((a{1000}){1000}){1000}` is measured, and refused, without being built.
    var instructionCount: Int {
        switch self {
        case .empty:
            return 0
        case .literal, .anyExceptNewline, .characterClass, .assertion:
            return 1
        case .group(let body):
            return body.instructionCount
        case .concatenation(let items):
            return items.reduce(0) { $0.saturatingAdd($1.instructionCount) }
        case .alternation(let branches):
            let bodies = branches.reduce(0) { $0.saturatingAdd($1.instructionCount) }
            return bodies.saturatingAdd((branches.count - 1).saturatingMultiply(2))
        case .repetition(let body, let minimum, let maximum):
            let bodySize = body.instructionCount
            guard bodySize > 0 else { return 0 }
            guard let maximum else {
                return minimum == 0 ? bodySize.saturatingAdd(2) : minimum.saturatingMultiply(bodySize).saturatingAdd(1)
            }
            return minimum.saturatingMultiply(bodySize)
                .saturatingAdd((maximum - minimum).saturatingMultiply(bodySize.saturatingAdd(1)))
        }
    }

    /// Whether every match has to start at position 0.
    var isAnchoredAtStart: Bool {
        switch self {
        case .assertion(.startOfText): true
        case .group(let body): body.isAnchoredAtStart
        case .concatenation(let items): items.first?.isAnchoredAtStart ?? false
        case .alternation(let branches): branches.allSatisfy(\.isAnchoredAtStart)
        case .repetition(let body, let minimum, _): minimum > 0 && body.isAnchoredAtStart
        default: false
        }
    }
}

extension Int {
    fileprivate func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    fileprivate func saturatingMultiply(_ other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}
