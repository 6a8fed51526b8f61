// Package migrating holds the "after" programs of docs/migrating.md, one
// directory per library a user migrates from. Each program is compiled and
// its behaviour tested here, and TestGuideQuotesPrograms checks that the
// guide quotes each one verbatim, so the guide cannot drift from code that
// works.
package migrating
