//go:build !linux

package emulator

import "syscall"

// procAttr puts cognito-local in its own process group, so Close stops node and its children.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
