// Accounts: register and log in on the current session (opening one first), who am I.

import { sendJson } from './http.js';

const API = '/api/v1';

export async function register(connection, username, password) {
  const user = await connection.call(
    ({ serverUrl, token }) => sendJson(`${serverUrl}${API}/users`, { method: 'POST', token, json: { username, password } }),
    { needsLogin: false });
  connection.loggedIn(user.username);
  return user;
}

/** Logs in; the server rotates the session token, and the new one replaces the old. */
export async function login(connection, username, password) {
  const user = await connection.call(
    ({ serverUrl, token }) => sendJson(`${serverUrl}${API}/login`, { method: 'POST', token, json: { username, password } }),
    { needsLogin: false });
  connection.loggedIn(user.username, user.sessionToken);
  return user;
}

export function me(connection) {
  return connection.call(({ serverUrl, token }) => sendJson(`${serverUrl}${API}/me`, { token }));
}

/**
 * How much of the quota the user's files, their earlier versions and the trash take:
 * `{usedBytes, quotaBytes, filesBytes, versionsBytes, trashBytes, fileCount}` (`GET /api/v1/me/usage`; from `/me`'s
 * `usage` where a service has it there instead).
 */
export function usage(connection) {
  return connection.call(async ({ serverUrl, token }) => {
    try {
      return await sendJson(`${serverUrl}${API}/me/usage`, { token });
    } catch (e) {
      if (e.status !== 404) throw e;
      return (await sendJson(`${serverUrl}${API}/me`, { token })).usage ?? null;
    }
  });
}
