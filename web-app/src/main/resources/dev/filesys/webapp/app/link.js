// Starts the page a browser shows at a public link's address (/l/{token}): no account, no session. What it asks the
// service lives in api/public-link.js, what the visitor sees in views/link-page.js.

import { PublicLink } from './api/public-link.js';
import { showLink } from './views/link-page.js';

showLink(document.getElementById('main'), new PublicLink(new URL(location.pathname, location.origin).href));
