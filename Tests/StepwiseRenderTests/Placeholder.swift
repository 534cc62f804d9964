import Testing
@testable import StepwiseRender
