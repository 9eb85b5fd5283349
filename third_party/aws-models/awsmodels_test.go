package awsmodels

import (
	"encoding/json"
	"testing"
)

func TestCognitoIDPIsTheModel(t *testing.T) {
	b, err := CognitoIDP()
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Metadata struct {
			UID          string `json:"uid"`
			TargetPrefix string `json:"targetPrefix"`
		} `json:"metadata"`
		Operations map[string]json.RawMessage `json:"operations"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Metadata.UID != "cognito-idp-2016-04-18" || m.Metadata.TargetPrefix != "AWSCognitoIdentityProviderService" {
		t.Fatalf("metadata = %+v, want the cognito-idp 2016-04-18 model", m.Metadata)
	}
	if _, ok := m.Operations["CreateUserPool"]; !ok {
		t.Fatal("no CreateUserPool operation in the model")
	}
	b[0] = 'x' // a copy: the next call is unaffected
	if again, _ := CognitoIDP(); again[0] != '{' {
		t.Fatal("CognitoIDP shares its bytes between calls")
	}
}
