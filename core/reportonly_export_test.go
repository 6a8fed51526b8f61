package core

// SetReportClock makes the rate limit of src, a Source ReportOnly
// returned, read the time from now (nanoseconds), for core's external
// tests.
func SetReportClock(src Source, now func() int64) { src.(*reportOnly).limit.now = now }

// ReportSlot is the slot of the rate limit's table that origin is hashed
// to, in src, a Source ReportOnly returned.
func ReportSlot(src Source, origin string) uint64 { return src.(*reportOnly).limit.slot(origin) }
