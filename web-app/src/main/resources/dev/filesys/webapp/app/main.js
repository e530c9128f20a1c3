// Starts the app: the login page, or (with a session this tab already has) the files. API calls live in api/, what the
// user sees in views/.

import { Connection } from './api/connection.js';
import { me } from './api/accounts.js';
import { h } from './views/dom.js';
import { showLogin } from './views/login-view.js';
import { showFiles } from './views/files-view.js';
import { notify } from './views/notices.js';

// the balancer is where this page came from (the edge's address when there is one): the app's own folder
const balancerUrl = new URL('.', document.baseURI).href.replace(/\/$/, '');
const connection = new Connection(balancerUrl, (text) => notify(text));
const main = document.getElementById('main');
const account = document.getElementById('account');
let teardown = () => {};

function loginPage(message = null) {
  teardown();
  teardown = () => {};
  account.hidden = true;
  account.replaceChildren();
  document.title = 'Log in · filesys';
  showLogin(main, connection, { message, onLoggedIn: filesPage });
}

function filesPage() {
  teardown();
  document.title = 'Files · filesys';
  const server = h('span', { class: 'server muted', id: 'server' });
  const showServer = () => { server.textContent = connection.serverId ? `on ${connection.serverId}` : ''; };
  const unsubscribe = connection.onChange(showServer);
  showServer();
  account.replaceChildren(
    h('span', { class: 'who' }, h('span', { class: 'visually-hidden' }, 'Logged in as '), h('strong', { id: 'whoami' }, connection.username)),
    server,
    h('button', {
      type: 'button', class: 'button small', id: 'logout',
      on: {
        async click() {
          // the event stream stops first: its end for the logged-out session must not draw the login page a second time
          teardown();
          teardown = () => {};
          await connection.logout();
          loginPage('You are logged out.');
        },
      },
    }, 'Log out'));
  account.hidden = false;
  const stop = showFiles(main, connection, { onSessionEnded: (message) => loginPage(message) });
  teardown = () => { stop(); unsubscribe(); };
}

async function start() {
  if (connection.hasSession && connection.username) {
    try {
      await me(connection);
      filesPage();
      return;
    } catch (e) {
      connection.forget();
      loginPage(e.name === 'SessionEnded' ? e.message : null);
      return;
    }
  }
  loginPage();
}

window.addEventListener('unhandledrejection', (event) => {
  // a failure no view caught still reaches the user in words, never as a blank page
  notify(event.reason?.detail ?? event.reason?.message ?? 'Something went wrong.', { kind: 'error' });
});

start();
