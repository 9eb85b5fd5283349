// Package cognitoattr holds Cognito's standard user attribute names and which of them an app
// client may write: the one list the component's config checks and the request checks share.
package cognitoattr

import "slices"

// Standard are the standard attributes every user pool has, whether or not its schema declares
// them (AWS developer guide, "Working with user attributes", table "Standard attributes"; the
// OpenID Connect core spec's standard claims plus Cognito's sub).
var Standard = []string{
	"address", "birthdate", "email", "email_verified", "family_name", "gender", "given_name",
	"locale", "middle_name", "name", "nickname", "phone_number", "phone_number_verified",
	"picture", "preferred_username", "profile", "sub", "updated_at", "website", "zoneinfo",
}

// Verified are the attributes only Cognito (or an administrator) sets: an app client may read
// them but never write them (AWS developer guide, "Attribute permissions and scopes": "email_verified
// and phone_number_verified ... can't be writable by an app client").
var Verified = map[string]string{"email": "email_verified", "phone_number": "phone_number_verified"}

// IsStandard reports whether name is one of Cognito's standard attributes.
func IsStandard(name string) bool { return slices.Contains(Standard, name) }

// IsVerified reports whether name is a verification flag an app client may not write.
func IsVerified(name string) bool {
	for _, v := range Verified {
		if v == name {
			return true
		}
	}
	return false
}
