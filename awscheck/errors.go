package awscheck

import (
	"fmt"
	"strings"

	"github.com/aws/smithy-go"
)

// Names of the AWS exceptions awscheck reports, as in the error's ErrorCode and AWS's __type.
const (
	InvalidParameterException         = "InvalidParameterException"
	SerializationException            = "SerializationException"
	FeatureUnavailableInTierException = "FeatureUnavailableInTierException"
	InvalidOAuthFlowException         = "InvalidOAuthFlowException"
)

// maxReported is how many violations AWS lists: it stops at ten and says "10 validation errors
// detected", as the emulators built against DynamoDB and Kinesis record
// (github.com/architect/dynalite validations/index.js; github.com/mhart/kinesalite's PutRecords
// test with 501 bad records).
const maxReported = 10

// Violation is one broken constraint from the API model, as AWS words it.
type Violation struct {
	// Path is the member in AWS's form: member names with the first letter lower-cased, joined by
	// dots; a list element is "<list>.<1-based index>.member", a map value "<map>.<key>.member"
	// ("adminCreateUserConfig.inviteMessageTemplate.sMSMessage", "schema.2.member.name").
	Path string
	// Value is the value as AWS prints it: quoted ('abc', '[a, b]', '{k=v}'), null, or empty
	// for members the model marks sensitive (AWS then writes "Value at 'password' ...").
	Value string
	// Constraint is AWS's wording: "Member must not be null", "Member must have length greater
	// than or equal to 6", "Member must satisfy regular expression pattern: [\S]+", ...
	Constraint string
}

// String is the violation as it appears in AWS's message.
func (v Violation) String() string {
	value := "Value"
	if v.Value != "" {
		value += " " + v.Value
	}
	return fmt.Sprintf("%s at '%s' failed to satisfy constraint: %s", value, v.Path, v.Constraint)
}

// ValidationError is AWS's answer to a request that breaks the API model's constraints: an
// InvalidParameterException whose Error() is AWS's message, word for word:
//
//	1 validation error detected: Value '' at 'adminCreateUserConfig.inviteMessageTemplate.sMSMessage' failed to satisfy constraint: Member must have length greater than or equal to 6
//
// Several violations read "2 validation errors detected: Value ...; Value ...". AWS's own order
// of the violations varies between calls (the same SignUp request has been answered with length
// before pattern and with pattern before length); awscheck lists them in model order, depth
// first, a member's length before its pattern. Like AWS, the message lists at most ten;
// Violations holds them all.
//
// ValidationError implements smithy.APIError, so code that handles AWS's exception by its code
// handles this one the same way.
type ValidationError struct {
	Operation  string // "CreateUserPool"
	Violations []Violation
}

func (e *ValidationError) Error() string {
	n := min(len(e.Violations), maxReported)
	parts := make([]string, n)
	for i, v := range e.Violations[:n] {
		parts[i] = v.String()
	}
	plural := "s"
	if n == 1 {
		plural = ""
	}
	return fmt.Sprintf("%d validation error%s detected: %s", n, plural, strings.Join(parts, "; "))
}

// ErrorCode is InvalidParameterException, Cognito's exception for model violations.
func (e *ValidationError) ErrorCode() string { return InvalidParameterException }

// ErrorMessage is AWS's message, the same as Error.
func (e *ValidationError) ErrorMessage() string { return e.Error() }

// ErrorFault is smithy.FaultClient: the request is at fault.
func (e *ValidationError) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// RequestError is a request that breaks a rule other than the model's member constraints:
//
//   - a value of the wrong JSON type, which AWS refuses with a SerializationException;
//   - a member the model doesn't have. AWS ignores unknown members, so this is stricter than
//     AWS: a member AWS would drop silently is a mistake in the request (a misspelt name, or a
//     field of a newer API) that should not pass unnoticed. Exception is empty;
//   - a documented rule across members or requests (rules.go), each with its source.
type RequestError struct {
	Operation string // "CreateUserPoolClient"
	// Member names the input the rule is about, as the request spells it
	// ("UserPoolAddOns.AdvancedSecurityMode", "Schema[2].Name").
	Member string
	// Exception is the name of the exception AWS answers with, where AWS's refusal is
	// documented or was observed; empty where it isn't known.
	Exception string
	// Message is AWS's own message where one was found (then often without the member's name:
	// see Detail), else awscheck's, naming the member and the rule.
	Message string
	// Detail says which value broke the rule when Message is AWS's wording; empty otherwise.
	Detail string

	unknownMember bool
}

// Unknown reports whether the error is a member the model doesn't have: one AWS itself would
// ignore, so a front that answers as AWS does lets it pass.
func (e *RequestError) Unknown() bool { return e.unknownMember }

// Error is "Exception: Message" when AWS's exception is known — AWS's text where it was found —
// else "Operation Member: Message".
func (e *RequestError) Error() string {
	if e.Exception != "" {
		return e.Exception + ": " + e.Message
	}
	return e.Operation + " " + e.Member + ": " + e.Message
}

// ErrorCode is the AWS exception, or "awscheck" for a rule whose exception AWS hasn't shown.
func (e *RequestError) ErrorCode() string {
	if e.Exception == "" {
		return "awscheck"
	}
	return e.Exception
}

// ErrorMessage is Message.
func (e *RequestError) ErrorMessage() string { return e.Message }

// ErrorFault is smithy.FaultClient: the request is at fault.
func (e *RequestError) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }
