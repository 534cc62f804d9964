import Testing
@testable import StepwiseFormats
