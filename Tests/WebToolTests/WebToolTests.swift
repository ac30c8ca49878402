import Testing
import HummingbirdTesting
@testable import WebTool
