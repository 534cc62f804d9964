import Testing
@testable import StepwiseLog
