'use strict';
// The app's journey with aws-amplify 6.22.1, configured with Amplify.configure(amplify_outputs.json)
// plus Auth.Cognito.userPoolEndpoint, the only local change (amplify_outputs.json has no key for
// it). Node 20 has fetch and crypto.getRandomValues; without window.localStorage Amplify v6 keeps
// the session in memory.

const fs = require('node:fs');
const { Amplify } = require('amplify6');
const auth = require('amplify6/auth');
const { input, testUser, run, check } = require('./journey');

const outputs = JSON.parse(fs.readFileSync(input('APPTEST_AMPLIFY_OUTPUTS'), 'utf8'));
const { email, password, newPassword, name, handle, newHandle, code } = testUser();

Amplify.configure(outputs);
const config = Amplify.getConfig();
Amplify.configure({
  ...config,
  Auth: { ...config.Auth, Cognito: { ...config.Auth.Cognito, userPoolEndpoint: input('APPTEST_ENDPOINT') } },
});

// profile reads the display name and handle as the app's pages do.
async function profile() {
  const attrs = await auth.fetchUserAttributes();
  return { name: attrs.name, handle: attrs.preferred_username };
}

let firstAccess;

run([
  ['sign-up', async () => {
    const out = await auth.signUp({
      username: email,
      password,
      options: { userAttributes: { name, email, preferred_username: handle } },
    });
    check(out.nextStep.signUpStep === 'CONFIRM_SIGN_UP', `next step ${out.nextStep.signUpStep}, want CONFIRM_SIGN_UP`);
  }],
  ['confirm', async () => {
    const out = await auth.confirmSignUp({ username: email, confirmationCode: code });
    check(out.isSignUpComplete, 'sign-up not complete after the code');
  }],
  ['sign-in (SRP)', async () => {
    const out = await auth.signIn({ username: email, password, options: { authFlowType: 'USER_SRP_AUTH' } });
    check(out.isSignedIn, `not signed in: next step ${out.nextStep.signInStep}`);
    firstAccess = (await auth.fetchAuthSession()).tokens.accessToken.toString();
  }],
  ['refresh', async () => {
    const s = await auth.fetchAuthSession({ forceRefresh: true });
    check(s.tokens && s.tokens.accessToken.toString() !== firstAccess, 'refresh returned no new access token');
  }],
  ['read name and handle', async () => {
    const p = await profile();
    check(p.name === name && p.handle === handle, `name=${p.name} handle=${p.handle}, want ${name} and ${handle}`);
    return p;
  }],
  ['change the handle', async () => {
    await auth.updateUserAttributes({ userAttributes: { preferred_username: newHandle } });
    const p = await profile();
    check(p.handle === newHandle, `handle=${p.handle} after the change, want ${newHandle}`);
    return p;
  }],
  ['sign-out (this device)', () => auth.signOut()],
  ['forgot password', async () => {
    const out = await auth.resetPassword({ username: email });
    check(out.nextStep.resetPasswordStep === 'CONFIRM_RESET_PASSWORD_WITH_CODE', `next step ${out.nextStep.resetPasswordStep}`);
    return { delivery: out.nextStep.codeDeliveryDetails };
  }],
  ['confirm new password', () => auth.confirmResetPassword({ username: email, confirmationCode: code, newPassword })],
  ['sign-in with the new password, e-mail in upper case', async () => {
    const out = await auth.signIn({ username: email.toUpperCase(), password: newPassword });
    check(out.isSignedIn, `not signed in: next step ${out.nextStep.signInStep}`);
    const { tokens } = await auth.fetchAuthSession();
    return { accessToken: tokens.accessToken.toString(), idToken: tokens.idToken.toString() };
  }],
  ['sign-out (global)', () => auth.signOut({ global: true })],
]);
