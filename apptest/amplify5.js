'use strict';
// The app's journey with aws-amplify 5.3.41, configured as the app configures it from its .env,
// with the Cognito endpoint as the only local change. Node 20 has fetch and
// crypto.getRandomValues; without window.localStorage Amplify v5 keeps the session in memory.

const { Amplify, Auth } = require('amplify5');
const { input, testUser, readDotEnv, run, check } = require('./journey');

const env = readDotEnv(input('APPTEST_DOTENV'));
const { email, password, newPassword, name, handle, newHandle, code } = testUser();

Amplify.configure({
  aws_project_region: env.REACT_APP_AWS_PROJECT_REGION,
  aws_cognito_region: env.REACT_APP_AWS_COGNITO_REGION,
  aws_user_pools_id: env.REACT_APP_AWS_USER_POOLS_ID,
  aws_user_pools_web_client_id: env.REACT_APP_CLIENT_ID,
  oauth: {},
  Auth: {
    region: env.REACT_APP_AWS_PROJECT_REGION,
    userPoolId: env.REACT_APP_AWS_USER_POOLS_ID,
    userPoolWebClientId: env.REACT_APP_CLIENT_ID,
    endpoint: input('APPTEST_ENDPOINT'), // the only local change
  },
});

// profile reads the display name and handle as the app's pages do.
async function profile() {
  const user = await Auth.currentAuthenticatedUser({ bypassCache: true });
  return { name: user.attributes.name, handle: user.attributes.preferred_username };
}

let firstAccess;

run([
  ['sign-up', async () => {
    const out = await Auth.signUp({ username: email, password, attributes: { name, email, preferred_username: handle } });
    check(!out.userConfirmed, 'sign-up came back confirmed before the code was entered');
  }],
  ['confirm', () => Auth.confirmSignUp(email, code)],
  ['sign-in (SRP)', async () => {
    const user = await Auth.signIn(email, password);
    check(user.authenticationFlowType === 'USER_SRP_AUTH', `signed in with ${user.authenticationFlowType}, want USER_SRP_AUTH`);
    firstAccess = (await Auth.currentSession()).getAccessToken().getJwtToken();
  }],
  ['refresh', async () => {
    const user = await Auth.currentAuthenticatedUser();
    const session = await Auth.currentSession();
    const fresh = await new Promise((resolve, reject) =>
      user.refreshSession(session.getRefreshToken(), (err, s) => (err ? reject(err) : resolve(s))));
    check(fresh.getAccessToken().getJwtToken() !== firstAccess, 'refresh returned the same access token');
  }],
  ['read name and handle', async () => {
    const p = await profile();
    check(p.name === name && p.handle === handle, `name=${p.name} handle=${p.handle}, want ${name} and ${handle}`);
    return p;
  }],
  ['change the handle', async () => {
    const user = await Auth.currentAuthenticatedUser();
    await Auth.updateUserAttributes(user, { preferred_username: newHandle });
    const p = await profile();
    check(p.handle === newHandle, `handle=${p.handle} after the change, want ${newHandle}`);
    return p;
  }],
  ['forgot password', async () => {
    const out = await Auth.forgotPassword(email);
    return { delivery: out.CodeDeliveryDetails };
  }],
  ['confirm new password', () => Auth.forgotPasswordSubmit(email, code, newPassword)],
  ['sign-in with the new password, e-mail in upper case', async () => {
    await Auth.signIn(email.toUpperCase(), newPassword);
    const s = await Auth.currentSession();
    return { accessToken: s.getAccessToken().getJwtToken(), idToken: s.getIdToken().getJwtToken() };
  }],
  ['sign-out (global)', () => Auth.signOut({ global: true })],
]);
