// Package corstest is corsheaders' conformance suite: the behaviour users can
// see, written once as data ([Cases]) and run against every adapter by [Run].
//
// An adapter's tests call Run with a function that builds a real server of
// its framework (a gin.Engine, an echo.Echo, a chi.Router…) with the
// adapter's middleware in front of the given application handler. A case
// added here is a case every adapter must pass. Run builds one server per
// case, and a case may send it several requests ([Case.Then]) after
// handlers that rewrite the response's header values in place
// ([Case.Rewrite]): nothing one response's handlers do may show in the
// next. [RunLiveReload] checks that
// the adapter follows a [core.Live]; [RunMiddlewareOrder], where the
// middleware sits among the framework's own; [AssertRoutedAreas], that the
// router's path options lead no request to a protected handler with a
// grant; [RunGroupMounting], that CORS attached to a route group answers
// that group's preflights and applies to that group only;
// [RunCrossOriginProtection], the adapter's CSRF middleware;
// [RunReportOnly], that a report-only candidate changes no response and
// is reported exactly where it differs; [RunGuard], that the host guard
// and Origin enforcement refuse before the application, whatever the path
// ([GuardCases]); [RunTenants], that a [core.Tenants] source decides each
// request with its tenant's policy, the tenant read from the Host the
// connection carried. [Serve]
// and [AssertGranted] help an adapter's own tests.
//
// The kit is public so that anyone can prove an adapter of their own
// framework against the same cases (docs/adapters.md shows one in 20
// lines). It reports through the standard testing package only, so it
// brings no assertion library into a user's module graph; a failed case
// shows the request and a "- want / + got" diff of the headers.
package corstest
