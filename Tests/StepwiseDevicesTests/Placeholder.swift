import Testing
@testable import StepwiseDevices
