package poolid

import (
	"errors"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		id   string
		want string // "" = valid; else in the error
	}{
		{"eu-west-1_AbC123", ""},
		{"us-gov-west-1_a", ""},
		{"local_1a2b3c4d", ""}, // cognito-local
		{"eu-west-1_" + strings.Repeat("a", MaxLen-len("eu-west-1_")), ""},
		{"eu-west-1_" + strings.Repeat("a", MaxLen-len("eu-west-1_")+1), "56 characters, over Cognito's limit of 55"},
		{strings.Repeat("a", 50<<20), "over Cognito's limit"},
		{"", "not <region>_<id>"},
		{"mypool", "not <region>_<id>"},
		{"_AbC", "not <region>_<id>"},
		{"eu-west-1_", "not <region>_<id>"},
		{"EU-WEST-1_AbC", "not <region>_<id>"},
		{"eu_west_1_AbC", "not <region>_<id>"}, // the region part must end at the first "_"
		{"eu-west-1_Ab-C", "not <region>_<id>"},
		{"eu-west-1_AbC\n", "not <region>_<id>"},
		{"eu-west-1_AbC\nX=1", "not <region>_<id>"},
	}
	for _, tt := range tests {
		err := Check(tt.id)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("Check(%.40q)=%v, want nil", tt.id, err)
		case tt.want != "" && (!errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("Check(%.40q)=%v, want ErrFormat containing %q", tt.id, err, tt.want)
		case err != nil && len(err.Error()) > 200:
			t.Errorf("Check(%.40q): error of %d bytes", tt.id, len(err.Error()))
		}
	}
}

func TestRegionAndIssuers(t *testing.T) {
	for _, tt := range []struct{ id, region, issuer, updated string }{
		{"eu-west-1_AbC123", "eu-west-1", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123", "https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"},
		{"us-east-2_x", "us-east-2", "https://cognito-idp.us-east-2.amazonaws.com/us-east-2_x", "https://issuer-cognito-idp.us-east-2.amazonaws.com/us-east-2_x"},
		{"local_1a2b3c4d", "local", "https://cognito-idp.local.amazonaws.com/local_1a2b3c4d", "https://issuer-cognito-idp.local.amazonaws.com/local_1a2b3c4d"},
	} {
		if got := Region(tt.id); got != tt.region {
			t.Errorf("Region(%q)=%q, want %q", tt.id, got, tt.region)
		}
		if got := IssuerURL(tt.id); got != tt.issuer {
			t.Errorf("IssuerURL(%q)=%q, want %q", tt.id, got, tt.issuer)
		}
		if got := UpdatedIssuerURL(tt.id); got != tt.updated {
			t.Errorf("UpdatedIssuerURL(%q)=%q, want %q", tt.id, got, tt.updated)
		}
	}
}
