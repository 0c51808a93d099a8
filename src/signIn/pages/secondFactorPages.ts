// The sign-in page (password, then the second factor; or a passkey alone) and the enrolment screen: plain pages
// served beside the admin, so that they work before the admin lets an unenrolled account in.
import path from 'node:path'

import express from 'express'

import { projectFolder } from '../../projectFolder'

// The package's exports map hides its browser bundle from require.resolve; the file is where npm put it.
const browserBundle = path.join(projectFolder, 'node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js')
const here = path.join(projectFolder, 'src/signIn/pages')

const PAGE_CSP = "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

const page = (title: string, main: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Newsroom CMS</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}
label{display:block;margin:.75rem 0 .25rem}input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font:inherit;padding:.5rem 1rem;margin:.75rem .5rem 0 0;cursor:pointer}[hidden]{display:none!important}
.message{color:#a00;min-height:1.5em}.codes{font-family:monospace;font-size:1.1rem;columns:2}</style>
<script src="/sign-in/assets/webauthn.js" defer></script><script src="/sign-in/assets/pages.js" defer></script>
</head><body><main>${main}</main></body></html>`

const SIGN_IN = page(
  'Sign in',
  `<h1>Sign in</h1>
<form id="password-step"><label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username webauthn" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button><button type="button" id="passkey-alone">Sign in with a passkey</button></form>
<form id="code-step" hidden><p>Enter the six-digit code from your authenticator app, or a recovery code.</p>
<label for="code">Code</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
<button type="submit">Continue</button><button type="button" id="passkey-second">Use a passkey instead</button></form>
<p class="message" id="message" role="alert"></p><p><a href="/admin/forgot">Forgot your password?</a></p>`,
)

const ENROL = page(
  'Two-factor sign-in',
  `<h1>Two-factor sign-in</h1><p id="status">Loading…</p>
<div id="current-factor" hidden><label for="current-code">To change two-factor sign-in, first enter a current code from your authenticator app, or a recovery code</label><input id="current-code" autocomplete="one-time-code"></div>
<section id="authenticator"><h2>Authenticator app</h2><button type="button" id="start-authenticator">Set up an authenticator app</button>
<div id="qr-step" hidden><p>Scan this code with your authenticator app, or type the key below; then enter the code it shows.</p>
<img id="qr" alt="QR code for your authenticator app" width="240" height="240"><p>Key: <code id="secret"></code></p>
<form id="confirm-authenticator"><label for="code">Code from the app</label><input id="code" inputmode="numeric" autocomplete="one-time-code" required><button type="submit">Confirm</button></form></div></section>
<section id="passkeys"><h2>Passkeys</h2><ul id="passkey-list"></ul><label for="passkey-name">Name for a new passkey</label><input id="passkey-name" value="Passkey">
<button type="button" id="add-passkey">Add a passkey</button></section>
<section id="recovery" hidden><h2>Recovery codes</h2><p>Keep these somewhere safe. Each works once; they are not shown again.</p><ol class="codes" id="recovery-codes"></ol></section>
<p class="message" id="message" role="alert"></p><p><a href="/admin" id="continue">Continue to the admin</a></p>`,
)

const sendPage = (html: string): express.RequestHandler => (_req, res) => {
  res.set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': PAGE_CSP }).send(html)
}

export const secondFactorPages = express.Router()
secondFactorPages.get('/sign-in', sendPage(SIGN_IN))
secondFactorPages.get('/enrol', sendPage(ENROL))
secondFactorPages.get('/sign-in/assets/webauthn.js', (_req, res) => res.type('application/javascript').sendFile(browserBundle))
secondFactorPages.get('/sign-in/assets/pages.js', (_req, res) => res.type('application/javascript').sendFile(path.join(here, 'secondFactorPages.browser.js')))
