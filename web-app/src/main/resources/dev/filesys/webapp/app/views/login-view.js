// Log in or create an account. A refusal is shown next to the field it is about (a taken or malformed name under the
// name, a wrong or weak password under the password), in the server's own words.

import { login, register } from '../api/accounts.js';
import { h } from './dom.js';

const USERNAME_CODES = ['USERNAME_TAKEN', 'INVALID_USERNAME'];
const PASSWORD_CODES = ['INVALID_CREDENTIALS', 'WEAK_PASSWORD', 'TOO_MANY_ATTEMPTS'];

/**
 * @param main the element to render into
 * @param message a note to show above the form (e.g. why the session ended), or null
 * @param onLoggedIn called once the session is logged in
 */
export function showLogin(main, connection, { message = null, onLoggedIn }) {
  const usernameError = h('p', { id: 'username-error', class: 'field-error', hidden: true });
  const passwordError = h('p', { id: 'password-error', class: 'field-error', hidden: true });
  const formError = h('p', { id: 'login-error', class: 'form-error', role: 'alert', hidden: true });
  const username = h('input', {
    id: 'username', name: 'username', type: 'text', autocomplete: 'username', required: true,
    'aria-describedby': 'username-hint',
    autocapitalize: 'none', spellcheck: 'false', minlength: 3, maxlength: 32,
  });
  const password = h('input', {
    id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true,
    minlength: 8, maxlength: 1024,
  });
  const loginButton = h('button', { type: 'submit', class: 'button primary', value: 'login', id: 'login' }, 'Log in');
  const registerButton = h('button', { type: 'submit', class: 'button', value: 'register', id: 'register' }, 'Create account');

  function clearErrors() {
    for (const [field, error] of [[username, usernameError], [password, passwordError]]) {
      error.hidden = true;
      error.textContent = '';
      field.removeAttribute('aria-invalid');
      if (field === username) field.setAttribute('aria-describedby', 'username-hint');
      else field.removeAttribute('aria-describedby');
    }
    formError.hidden = true;
    formError.textContent = '';
  }

  function showError(e) {
    const detail = e.detail ?? e.message;
    const field = USERNAME_CODES.includes(e.code) ? username : PASSWORD_CODES.includes(e.code) ? password : null;
    if (field) {
      const error = field === username ? usernameError : passwordError;
      error.textContent = detail;
      error.hidden = false;
      error.setAttribute('role', 'alert');
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', field === username ? `username-hint ${error.id}` : error.id);
      field.focus();
    } else {
      formError.textContent = detail;
      formError.hidden = false;
    }
  }

  const form = h('form', {
    class: 'card login', 'aria-labelledby': 'login-title', novalidate: true,
    on: {
      async submit(event) {
        event.preventDefault();
        clearErrors();
        const action = event.submitter?.value === 'register' ? register : login;
        if (!username.value.trim() || !password.value) {
          showError({ code: username.value.trim() ? 'WEAK_PASSWORD' : 'INVALID_USERNAME',
            detail: username.value.trim() ? 'Enter your password.' : 'Enter a user name.' });
          return;
        }
        loginButton.disabled = registerButton.disabled = true;
        form.setAttribute('aria-busy', 'true');
        try {
          await action(connection, username.value.trim(), password.value);
          onLoggedIn();
        } catch (e) {
          showError(e);
        } finally {
          loginButton.disabled = registerButton.disabled = false;
          form.removeAttribute('aria-busy');
        }
      },
    },
  },
  h('h1', { id: 'login-title' }, 'Your files, shared'),
  h('p', { class: 'lead' }, 'Log in, or create an account with a new user name.'),
  message ? h('p', { class: 'notice notice-info', role: 'status' }, message) : null,
  h('div', { class: 'field' },
    h('label', { for: 'username' }, 'User name'),
    h('p', { class: 'hint', id: 'username-hint' }, '3–32 characters: letters, digits, dot, dash, underscore.'),
    username, usernameError),
  h('div', { class: 'field' },
    h('label', { for: 'password' }, 'Password'),
    password, passwordError),
  formError,
  h('div', { class: 'actions' }, loginButton, registerButton));

  main.replaceChildren(h('div', { class: 'login-page' }, form));
  username.focus();
}
