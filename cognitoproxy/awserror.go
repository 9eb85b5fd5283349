package cognitoproxy

import (
	"encoding/json"
	"fmt"
)

// apiError is an answer in AWS's error shape: HTTP 400 with {"__type": Type, "message": Message}
// (the awsJson1_1 protocol the Cognito API speaks), which the AWS SDKs and Amplify turn into the
// named exception.
type apiError struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Type + ": " + e.Message }

// Messages as AWS words them. Each is quoted where it is used, with its source.
const (
	msgIncorrectCredentials   = "Incorrect username or password."
	msgAccessRevoked          = "Access Token has been revoked"
	msgAccessExpired          = "Access Token has expired"
	msgAccessInvalid          = "Invalid Access Token"
	msgRefreshRevoked         = "Refresh Token has been revoked"
	msgRefreshInvalid         = "Invalid Refresh Token"
	msgRefreshExpired         = "Refresh Token has expired"
	msgCodeMismatch           = "Invalid verification code provided, please try again."
	msgCodeExpired            = "Invalid code provided, please request a code again."
	msgUserNotFound           = "User does not exist."
	msgUsernameClientNotFound = "Username/client id combination not found."
	msgUnauthorizedAttribute  = "A client attempted to write unauthorized attribute"
	msgEmailExists            = "An account with the given email already exists."
	msgAlreadyConfirmed       = "User is already confirmed."
	msgSessionExpired         = "Invalid session for the user, session is expired."
	msgTimestampFormat        = "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english."
)

func notAuthorized(msg string) *apiError { return &apiError{"NotAuthorizedException", msg} }

func invalidParameter(format string, args ...any) *apiError {
	return &apiError{"InvalidParameterException", fmt.Sprintf(format, args...)}
}

func invalidPassword(reason string) *apiError {
	return &apiError{"InvalidPasswordException", "Password did not conform with policy: " + reason}
}

func clientNotFound(clientID string) *apiError {
	return &apiError{"ResourceNotFoundException", fmt.Sprintf("User pool client %s does not exist.", clientID)}
}

func internalError(err error) *apiError {
	return &apiError{"InternalErrorException", "cognitoproxy: " + err.Error()}
}

// parseAPIError reads an error answer of the backend; nil when body is not one.
func parseAPIError(body []byte) *apiError {
	var e struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
		Upper   string `json:"Message"`
	}
	if json.Unmarshal(body, &e) != nil || e.Type == "" {
		return nil
	}
	if e.Message == "" {
		e.Message = e.Upper
	}
	return &apiError{Type: e.Type, Message: e.Message}
}
