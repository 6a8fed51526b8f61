// Package corstest is corsheaders' conformance suite: the behaviour users can
// see, written once as data ([Cases]) and run against every adapter by [Run].
//
// An adapter's tests call Run with a function that builds a real server of
// its framework (a gin.Engine, an echo.Echo, a chi.Router…) with the
// adapter's middleware in front of the given application handler. A case
// added here is a case every adapter must pass.
package corstest
