// The sign-in and enrolment pages' script (served as is, no build step): password, then the second factor; passkeys
// through @simplewebauthn/browser (the global SimpleWebAuthnBrowser).
;(function () {
  'use strict'
  const $ = (id) => document.getElementById(id)
  const say = (text) => ($('message').textContent = text || '')
  const post = async (path, body) => {
    const response = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) })
    const json = await response.json().catch(() => ({}))
    return { response, json, error: json && json.errors && json.errors[0] }
  }
  const redirectTarget = () => {
    const wanted = new URLSearchParams(location.search).get('redirect') || '/admin'
    return wanted.startsWith('/') && !wanted.startsWith('//') ? wanted : '/admin'
  }
  const signedIn = () => location.assign(redirectTarget())

  async function passkeyAnswer(pendingToken) {
    const { json, error } = await post('/api/sign-in/passkey/options', pendingToken ? { pendingToken } : {})
    if (error) throw new Error(error.message)
    return SimpleWebAuthnBrowser.startAuthentication({ optionsJSON: json })
  }

  function signInPage() {
    let pendingToken = null
    $('password-step').addEventListener('submit', async (event) => {
      event.preventDefault()
      say('')
      const { response, error } = await post('/api/users/login', { email: $('email').value, password: $('password').value })
      if (response.ok) return signedIn()
      if (error && error.data && error.data.secondFactorRequired) {
        pendingToken = error.data.pendingToken
        $('password-step').hidden = true
        $('code-step').hidden = false
        $('code').focus()
        return
      }
      say(error ? error.message : `Sign-in failed (${response.status}).`)
    })
    $('code-step').addEventListener('submit', async (event) => {
      event.preventDefault()
      const value = $('code').value
      const isRecoveryCode = /[a-z]/i.test(value)
      const { response, error } = await post('/api/sign-in/second-factor', isRecoveryCode ? { pendingToken, recoveryCode: value } : { pendingToken, code: value })
      if (response.ok) return signedIn()
      say(error ? error.message : `Sign-in failed (${response.status}).`)
      $('code').value = ''
    })
    $('passkey-second').addEventListener('click', async () => {
      try {
        const passkey = await passkeyAnswer(pendingToken)
        const { response, error } = await post('/api/sign-in/second-factor', { pendingToken, passkey })
        if (response.ok) return signedIn()
        say(error ? error.message : 'The passkey was not accepted.')
      } catch (problem) {
        say(problem.message)
      }
    })
    $('passkey-alone').addEventListener('click', async () => {
      say('')
      try {
        const passkey = await passkeyAnswer(null)
        const { response, error } = await post('/api/sign-in/passkey', { passkey })
        if (response.ok) return signedIn()
        say(error ? error.message : 'The passkey was not accepted.')
      } catch (problem) {
        say(problem.message)
      }
    })
  }

  /** Proof of the current second factor, which changing an enrolled account's factors asks for. */
  const currentFactor = () => {
    const value = $('current-code').value
    $('current-code').value = ''
    if (!value) return {}
    return /[a-z]/i.test(value) ? { currentRecoveryCode: value } : { currentCode: value }
  }

  function showRecoveryCodes(codes) {
    if (!codes) return
    $('recovery-codes').replaceChildren(...codes.map((code) => Object.assign(document.createElement('li'), { textContent: code })))
    $('recovery').hidden = false
  }

  async function refreshStatus() {
    const response = await fetch('/api/second-factor', { credentials: 'same-origin' })
    if (response.status === 401) return location.assign('/sign-in?redirect=/enrol')
    const status = await response.json()
    $('status').textContent = status.hasSecondFactor
      ? `Two-factor sign-in is on${status.hasAuthenticator ? ' (authenticator app)' : ''}. Recovery codes left: ${status.recoveryCodesLeft}.`
      : 'Two-factor sign-in is not set up yet. Set up an authenticator app or a passkey to continue.'
    $('current-factor').hidden = !status.hasSecondFactor
    $('passkey-list').replaceChildren(...status.passkeys.map((passkey) => Object.assign(document.createElement('li'), { textContent: `${passkey.name} (added ${passkey.addedAt.slice(0, 10)})` })))
  }

  function enrolPage() {
    void refreshStatus()
    $('start-authenticator').addEventListener('click', async () => {
      const { json, error } = await post('/api/second-factor/authenticator/start', currentFactor())
      if (error) return say(error.message)
      $('qr').src = json.qrCode
      $('secret').textContent = json.secret
      $('qr-step').hidden = false
      $('code').focus()
    })
    $('confirm-authenticator').addEventListener('submit', async (event) => {
      event.preventDefault()
      const { json, error } = await post('/api/second-factor/authenticator/confirm', { code: $('code').value })
      if (error) return say(error.message)
      say('')
      $('qr-step').hidden = true
      showRecoveryCodes(json.recoveryCodes)
      void refreshStatus()
    })
    $('add-passkey').addEventListener('click', async () => {
      try {
        const { json: options, error } = await post('/api/second-factor/passkeys/options', currentFactor())
        if (error) return say(error.message)
        const passkey = await SimpleWebAuthnBrowser.startRegistration({ optionsJSON: options })
        const { json, error: refused } = await post('/api/second-factor/passkeys', { passkey, name: $('passkey-name').value })
        if (refused) return say(refused.message)
        say('')
        showRecoveryCodes(json.recoveryCodes)
        void refreshStatus()
      } catch (problem) {
        say(problem.message)
      }
    })
  }

  if ($('password-step')) signInPage()
  if ($('start-authenticator')) enrolPage()
})()
