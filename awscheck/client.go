package awscheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ClientForPool checks an app client against the pool it is made in: poolRequest is the
// CreateUserPool request body, clientRequest the CreateUserPoolClient body. Each is first checked
// on its own with Request (and that error returned if there is one). Then:
//
//   - ReadAttributes and WriteAttributes may only name the pool's attributes: the standard ones,
//     custom:<name> for each custom attribute in the pool's Schema (not developer-only ones), and,
//     for reading, email_verified and phone_number_verified. Otherwise AWS answers
//     "InvalidParameterException: Invalid read attributes specified while creating a client" or
//     "Invalid write attributes specified while creating a client" (AWS's messages, as in
//     github.com/aws/aws-cdk/issues/20760; that an unknown name draws them is read from their
//     wording, not from a recorded case).
//   - When WriteAttributes is given, it must list every attribute the pool's Schema requires,
//     or AWS refuses the client with "Invalid write attributes specified while creating a
//     client" (github.com/aws/aws-cdk/issues/2608: WriteAttributes [given_name] on a pool that
//     requires other attributes; github.com/hashicorp/terraform-provider-aws/issues/4476).
//   - ALLOW_USER_AUTH needs the Essentials tier or higher (model doc, ExplicitAuthFlows): a client
//     with it on a LITE pool gets FeatureUnavailableInTierException.
//
// Broken rules come back as *RequestError values joined with errors.Join.
func ClientForPool(poolRequest, clientRequest []byte) error {
	pool, err := check("CreateUserPool", poolRequest)
	if err != nil {
		return fmt.Errorf("pool: %w", err)
	}
	client, err := check("CreateUserPoolClient", clientRequest)
	if err != nil {
		return fmt.Errorf("client: %w", err)
	}
	const op = "CreateUserPoolClient"

	readable := map[string]bool{"email_verified": true, "phone_number_verified": true}
	writable := map[string]bool{}
	for a := range standardAttributes {
		readable[a], writable[a] = true, true
	}
	var required []string
	for _, a := range get(pool, "Schema").listItems() {
		name, _ := str(a, "Name")
		if standardAttributes[name] {
			if isTrue(a, "Required") {
				required = append(required, name)
			}
			continue
		}
		if isTrue(a, "DeveloperOnlyAttribute") {
			continue // dev:custom:<name>: for administrators only
		}
		readable["custom:"+name], writable["custom:"+name] = true, true
	}

	var errs []error
	read, _ := strs(client, "ReadAttributes")
	for i, a := range read {
		if !readable[a] {
			errs = append(errs, &RequestError{Operation: op, Member: fmt.Sprintf("ReadAttributes[%d]", i), Exception: InvalidParameterException,
				Message: "Invalid read attributes specified while creating a client",
				Detail:  fmt.Sprintf("%q is neither a standard attribute nor a custom attribute of the pool", a)})
		}
	}
	write, writeGiven := strs(client, "WriteAttributes")
	for i, a := range write {
		if !writable[a] && a != "email_verified" && a != "phone_number_verified" { // those two: Request's rule
			errs = append(errs, &RequestError{Operation: op, Member: fmt.Sprintf("WriteAttributes[%d]", i), Exception: InvalidParameterException,
				Message: "Invalid write attributes specified while creating a client",
				Detail:  fmt.Sprintf("%q is neither a standard attribute nor a custom attribute of the pool", a)})
		}
	}
	if writeGiven {
		var missing []string
		for _, a := range required {
			if !slices.Contains(write, a) {
				missing = append(missing, a)
			}
		}
		if len(missing) > 0 {
			errs = append(errs, &RequestError{Operation: op, Member: "WriteAttributes", Exception: InvalidParameterException,
				Message: "Invalid write attributes specified while creating a client",
				Detail:  "the pool requires " + strings.Join(missing, ", ") + ", which WriteAttributes lacks"})
		}
	}
	if tier, _ := str(pool, "UserPoolTier"); tier == "LITE" {
		if flows, _ := strs(client, "ExplicitAuthFlows"); slices.Contains(flows, "ALLOW_USER_AUTH") {
			errs = append(errs, &RequestError{Operation: op, Member: "ExplicitAuthFlows", Exception: FeatureUnavailableInTierException,
				Message: "ExplicitAuthFlows ALLOW_USER_AUTH needs UserPoolTier ESSENTIALS or PLUS; the pool is on LITE"})
		}
	}
	return errors.Join(errs...)
}

// PoolTags checks a user pool's tags as CreateUserPool would: key and value lengths from the API
// model, at most 50, no aws: prefix (poolTags). It lets a caller refuse bad tags before it builds
// anything; the error is Request's.
func PoolTags(tags map[string]string) error {
	body, err := json.Marshal(map[string]any{"PoolName": "tags", "UserPoolTags": tags})
	if err != nil {
		return err
	}
	return Request("CreateUserPool", body)
}
