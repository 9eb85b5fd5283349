'use strict';
// Shared by amplify5.js and amplify6.js: the inputs from the environment, one JSON line per step
// on stdout, and the app's journey in order.
//
// Inputs (set by apptest's Go test): APPTEST_EMAIL, APPTEST_PASSWORD, APPTEST_NEW_PASSWORD,
// APPTEST_NAME, APPTEST_HANDLE, APPTEST_NEW_HANDLE, APPTEST_CODE (the emulator's fixed code),
// APPTEST_ENDPOINT (the local Cognito endpoint), and APPTEST_DOTENV (v5) or
// APPTEST_AMPLIFY_OUTPUTS (v6): files written from cmd/appconfig's output.

const fs = require('node:fs');

function input(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set (run through apptest's Go test)`);
  }
  return v;
}

// testUser is the journey's user, as the Go test made it up.
function testUser() {
  return {
    email: input('APPTEST_EMAIL'),
    password: input('APPTEST_PASSWORD'),
    newPassword: input('APPTEST_NEW_PASSWORD'),
    name: input('APPTEST_NAME'),
    handle: input('APPTEST_HANDLE'),
    newHandle: input('APPTEST_NEW_HANDLE'),
    code: input('APPTEST_CODE'),
  };
}

// readDotEnv parses the KEY=value lines appconfig writes for the React front end.
function readDotEnv(path) {
  const env = {};
  for (const line of fs.readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) {
      env[m[1]] = m[2];
    }
  }
  return env;
}

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

// run performs steps in order, reporting each; the first failure ends the run with status 1.
async function run(steps) {
  for (const [name, fn] of steps) {
    try {
      const detail = await fn();
      emit({ step: name, ok: true, ...(detail || {}) });
    } catch (err) {
      emit({ step: name, ok: false, error: { name: err.name || err.code, message: err.message } });
      process.exit(1);
    }
  }
}

function check(cond, message) {
  if (!cond) {
    throw new Error(message);
  }
}

module.exports = { input, testUser, readDotEnv, emit, run, check };
