package corstest

// browserCases are the unit-level twins of the e2e browser scenarios; see
// BrowserScenarios.
func browserCases() []Case { return nil }
