package main

import (
	"strings"
	"testing"
)

func TestCheckEmailDomain(t *testing.T) {
	tests := []struct {
		domain string
		want   string // "" = accepted
	}{
		{"example.com", ""},
		{"mail.example.co.uk", ""},
		{"xn--bcher-kva.example", ""},
		{"a-b.example.com", ""},
		{strings.Repeat("a", 63) + ".com", ""},
		{"", "empty"},
		{"localhost", "two or more labels"},
		{"example..com", `label ""`},
		{".example.com", `label ""`},
		{"example.com.", `label ""`},
		{"-example.com", `label "-example"`},
		{"example-.com", `label "example-"`},
		{"my domain.com", `label "my domain"`},
		{"exa_mple.com", `label "exa_mple"`},
		{"user@example.com", `label "user@example"`},
		{strings.Repeat("a", 64) + ".com", "label"},
		{strings.Repeat("a.", 127) + "com", "over the 253"},
		{"10.0.0.1", "IP address"},
	}
	for _, tt := range tests {
		err := checkEmailDomain(tt.domain)
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("checkEmailDomain(%.40q)=%v, want %q", tt.domain, err, tt.want)
		}
	}
}
