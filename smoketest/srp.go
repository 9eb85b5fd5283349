package main

import (
	"context"
	"fmt"
	"time"

	cognitosrp "github.com/alexrudd/cognito-srp/v4"
	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// signInSRP runs USER_SRP_AUTH: the password never leaves this process, only a proof of it does.
// now stamps the PASSWORD_VERIFIER answer (tests pin it).
func signInSRP(ctx context.Context, client *cip.Client, poolID, clientID, username, password string, now func() time.Time) (*types.AuthenticationResultType, error) {
	csrp, err := cognitosrp.NewCognitoSRP(username, password, poolID, clientID, nil)
	if err != nil {
		return nil, err
	}
	init, err := client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeUserSrpAuth,
		ClientId:       aws.String(clientID),
		AuthParameters: csrp.GetAuthParams(),
	})
	if err != nil {
		return nil, fmt.Errorf("InitiateAuth USER_SRP_AUTH: %w", err)
	}
	if init.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		return nil, fmt.Errorf("InitiateAuth USER_SRP_AUTH: challenge %q, want PASSWORD_VERIFIER", init.ChallengeName)
	}
	answer, err := csrp.PasswordVerifierChallenge(init.ChallengeParameters, now())
	if err != nil {
		return nil, fmt.Errorf("PASSWORD_VERIFIER: %w", err)
	}
	out, err := client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName:      types.ChallengeNameTypePasswordVerifier,
		ClientId:           aws.String(clientID),
		ChallengeResponses: answer,
		Session:            init.Session,
	})
	if err != nil {
		return nil, fmt.Errorf("RespondToAuthChallenge PASSWORD_VERIFIER: %w", err)
	}
	if out.ChallengeName != "" {
		return nil, fmt.Errorf("unexpected challenge %s after PASSWORD_VERIFIER (MFA on this user?)", out.ChallengeName)
	}
	return out.AuthenticationResult, nil
}
