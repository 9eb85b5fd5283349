// Package clitest has no code of its own: its test is the table of bad inputs the commands
// (cmd/appconfig, cmd/previewguard, smoketest and `make app-config`) must refuse, each run as a
// built binary, with the exit code, what stderr must name, and the files left behind (none).
package clitest
