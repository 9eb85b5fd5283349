// Package loopback is the one rule for "a host on this machine": where plain http is allowed
// (an emulator's JWKS, a front end's redirect URL during local development).
package loopback

import "net"

// Host reports whether host (a URL's Hostname(), without brackets or port) is this machine:
// localhost or a loopback IP (127.0.0.0/8, ::1).
func Host(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
