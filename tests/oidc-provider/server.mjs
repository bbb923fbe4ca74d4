// A real OpenID Connect provider (panva/oidc-provider) for CartifFlow's sign-in tests, on 127.0.0.1.
//   node server.mjs <port>      with CARTIFFLOW_TEST_OIDC_CLIENT_ID and CARTIFFLOW_TEST_OIDC_CLIENT_SECRET set
// One confidential client (authorization code + PKCE) registered as a native application, so that any loopback
// port of the test host is an allowed redirect (RFC 8252, section 7.3): http://127.0.0.1:<any>/signin-oidc.
// Accounts come from accounts.json; the login form checks the password; consent is granted for the one client
// (a first-party application); claims: sub, email, email_verified, name.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const clientId = process.env.CARTIFFLOW_TEST_OIDC_CLIENT_ID;
const clientSecret = process.env.CARTIFFLOW_TEST_OIDC_CLIENT_SECRET;
if (!port || !clientId || !clientSecret) {
  console.error('usage: CARTIFFLOW_TEST_OIDC_CLIENT_ID=... CARTIFFLOW_TEST_OIDC_CLIENT_SECRET=... node server.mjs <port>');
  process.exit(2);
}

const { accounts } = JSON.parse(readFileSync(new URL('./accounts.json', import.meta.url), 'utf8'));
const byLogin = new Map(accounts.map((a) => [a.login, a]));
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    application_type: 'native',
    redirect_uris: ['http://127.0.0.1/signin-oidc'],
    post_logout_redirect_uris: ['http://127.0.0.1/signout-callback-oidc'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = byLogin.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email: account.email, email_verified: account.email_verified, name: account.name };
      },
    };
  },
});
provider.proxy = false;

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>`
  + `<body><h1>${escape(title)}</h1>${body}</body></html>`;
const loginForm = (uid, error) => page('Test identity provider: sign in', `${error ? `<p role="alert">${escape(error)}</p>` : ''}`
  + `<form method="post" action="/interaction/${escape(uid)}/login">`
  + '<label for="login">Username</label> <input id="login" name="login" required autocomplete="username"><br>'
  + '<label for="password">Password</label> <input id="password" name="password" type="password" required autocomplete="current-password"><br>'
  + '<button type="submit">Sign in</button></form>');

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('Wrong interaction', ''));
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    if (req.method === 'GET') return send(res, 200, loginForm(uid));
    if (req.method === 'POST' && action === 'login') {
      const form = await readForm(req);
      const account = byLogin.get(form.get('login') ?? '');
      if (!account || account.password !== form.get('password')) return send(res, 401, loginForm(uid, 'Unknown username or wrong password.'));
      return provider.interactionFinished(req, res, { login: { accountId: account.login } }, { mergeWithLastSubmission: false });
    }
  }
  if (prompt.name === 'consent') {
    // The one registered client is first-party: consent to what it asks for without a page.
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  return send(res, 400, page('Unexpected interaction', `<p>${escape(prompt.name)}</p>`));
}

const callback = provider.callback();
http.createServer(async (req, res) => {
  const match = /^\/interaction\/([\w-]+)(?:\/(login))?$/.exec(new URL(req.url, issuer).pathname);
  if (!match) return callback(req, res);
  try {
    await interaction(req, res, match[1], match[2]);
  } catch (err) {
    console.error(err);
    if (!res.headersSent) send(res, 400, page('Interaction failed', `<p>${escape(err.message)}</p>`));
  }
}).listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
