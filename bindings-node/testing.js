// `yoti-age/testing`: the local sandbox in one call, on 127.0.0.1 and a free port.
'use strict'

const { randomUUID } = require('node:crypto')
const { inspect } = require('node:util')
const yoti = require('./index.js')

const { NativeSandbox, Client, WebhookVerifier, YotiAgeError, nativeCall } = yoti

function unwrap(reply) {
  if (reply.ok) return JSON.parse(reply.json)
  throw new YotiAgeError(JSON.parse(reply.json))
}

class Sandbox {
  #native
  #apiKey

  constructor(nativeSandbox, info) {
    this.#native = nativeSandbox
    this.#apiKey = info.apiKey
    this.baseUrl = info.baseUrl
    this.avsUrl = info.avsUrl
    this.poaUrl = info.poaUrl
    this.authUrl = info.authUrl
    this.sdkId = info.sdkId
    this.webhookPublicKeyPem = info.webhookPublicKeyPem
  }

  /** Starts a sandbox on 127.0.0.1 and a free port. */
  static async start(options) {
    const n = new NativeSandbox()
    const info = unwrap(await nativeCall((id) => n.start(JSON.stringify(options ?? {}), id)).promise)
    return new Sandbox(n, info)
  }

  /** The API key the sandbox accepts (a secret: not shown by inspect or JSON). */
  get apiKey() {
    return this.#apiKey
  }

  /** The environment variables that point `Client.fromEnv()` (or the CLI) at this sandbox. */
  env() {
    return {
      YOTI_SDK_ID: this.sdkId,
      YOTI_API_KEY: this.#apiKey,
      YOTI_AVS_URL: this.avsUrl,
      YOTI_POA_URL: this.poaUrl,
      YOTI_AUTH_URL: this.authUrl,
    }
  }

  /** A client for this sandbox (with its SDK id and API key; options override). */
  client(options) {
    return new Client({
      sdkId: this.sdkId,
      apiKey: this.#apiKey,
      poaToken: this.#apiKey,
      environment: { avsUrl: this.avsUrl, poaUrl: this.poaUrl, authUrl: this.authUrl },
      ...options,
    })
  }

  /** A verifier for this sandbox's webhooks. */
  webhookVerifier(options) {
    return new WebhookVerifier(this.webhookPublicKeyPem, options)
  }

  /** Plays the user: records an attempt with this outcome, sends its webhook, returns the result. */
  complete(sessionId, outcome) {
    const reply = this.#native.complete(String(sessionId), JSON.stringify(outcome ?? {}))
    return unwrap(reply)
  }

  /** Signs a notification with the sandbox's webhook key as Yoti does; returns the body to POST. */
  signWebhook(notification) {
    const full = {
      id: randomUUID(),
      timestamp: Math.floor(Date.now() / 1000),
      state: 'COMPLETE',
      ...notification,
    }
    const reply = this.#native.signWebhook(JSON.stringify(full))
    unwrap(reply)
    return reply.body
  }

  /** Accepts central-auth assertions signed by this key for this SDK id. */
  registerClientKey(sdkId, publicKeyPem) {
    this.#native.registerClientKey(sdkId, publicKeyPem)
  }

  async #control(method, path, body) {
    const response = await fetch(`${this.baseUrl}/__sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) {
      throw yoti.errorFromResponse(response.status, text)
    }
    return text ? JSON.parse(text) : null
  }

  /** Injects a fault into the next matching requests (see sandbox/README.md). */
  addFault(fault) {
    return this.#control('POST', 'faults', fault)
  }

  clearFaults() {
    return this.#control('DELETE', 'faults')
  }

  /** The request log (requests received and webhooks sent). */
  requests() {
    return this.#control('GET', 'requests')
  }

  /** Moves the sandbox clock (e.g. past a session's ttl). */
  advanceClock(seconds) {
    return this.#control('POST', 'clock', { advance_seconds: seconds })
  }

  freezeClock(frozen = true) {
    return this.#control('POST', 'clock', { freeze: frozen })
  }

  reset() {
    return this.#control('POST', 'reset')
  }

  /** Stops serving (idempotent). */
  stop() {
    this.#native.stop()
  }

  async [Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose')]() {
    this.stop()
  }

  toJSON() {
    return { baseUrl: this.baseUrl, sdkId: this.sdkId }
  }

  [inspect.custom]() {
    return `Sandbox { baseUrl: '${this.baseUrl}', sdkId: '${this.sdkId}' }`
  }
}

/** Starts a sandbox on a random loopback port. */
function startSandbox(options) {
  return Sandbox.start(options)
}

module.exports = { Sandbox, startSandbox }
