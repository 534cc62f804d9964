import Testing
@testable import StepwiseCore
