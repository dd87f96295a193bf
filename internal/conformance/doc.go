// Package conformance tests the converter end to end against the shared corpus
// of public ALB log samples and regression inputs, which it reads from
// ../shared beside the repository root or from $ALB2OCSF_SHARED.
//
// It compares our parsed and mapped values with the values other projects'
// tests expect (Vector, Elastic, node-alb-log-parser, honeyaws and others),
// translated into our OCSF model, and lists every deliberate difference in one
// deviation table. It also checks that every line of the corpus is accounted for
// as an event, a rejection or a skip, that every event is valid OCSF, and the
// expected results of the regression cases drawn from public bug reports.
//
// The package holds tests only; the tests skip when the corpus is missing,
// unless the CI environment variable is set.
package conformance
