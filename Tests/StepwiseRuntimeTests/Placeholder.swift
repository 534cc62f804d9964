import Testing
@testable import StepwiseRuntime
