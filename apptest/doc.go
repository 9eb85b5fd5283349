// Package apptest drives the app's real client libraries — aws-amplify 5.3.41 configured from the
// .env and aws-amplify 6.22.1 configured from amplify_outputs.json, both written by appconfig
// from the stack outputs, plus the local endpoint — through the app's journey against the pool
// deployed into cognito-local behind cognitoproxy, and checks their tokens with cognitojwt.
//
// The libraries are pinned in package.json and package-lock.json here (npm aliases amplify5 and
// amplify6) and installed by `make apptest-deps`; amplify5.js and amplify6.js are the journeys.
// The package has tests only.
package apptest
