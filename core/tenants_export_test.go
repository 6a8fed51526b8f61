package core

// DecideFrom decides r with src as Handle and HandleRequest do, writing
// nothing: for the external tests of Tenants.
func DecideFrom(src Source, r Request) Decision {
	var d Decision
	decideFrom(src, &r, &d)
	return d
}
