package emulator

import "syscall"

// procAttr puts cognito-local in its own process group (Close stops the group) and has the kernel
// kill it if this process dies without calling Close.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
