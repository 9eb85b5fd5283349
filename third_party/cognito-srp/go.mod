module github.com/alexrudd/cognito-srp/v4

go 1.15
