// The public API of `yoti-age` over the native addon: a Promise-only Client, plain objects in
// and out, YotiAgeError. All logic (validation, auth, retries, decoding, error mapping) is in
// the Rust core; this layer only converts arguments, wires AbortSignals and wraps errors.
'use strict'

const { inspect } = require('node:util')
const native = require('./native.js')

const ERROR_BRAND = Symbol.for('yoti-age.YotiAgeError')
const ERROR_PREFIX = native.nativeErrorPrefix()

/** Every stable error code, identical in every language (the core's list). */
const ERROR_CODES = Object.freeze(native.nativeErrorCodes())

class YotiAgeError extends Error {
  constructor(fields, options) {
    super(fields.message, options)
    this.name = 'YotiAgeError'
    this.code = fields.code
    this.status = fields.status ?? null
    this.requestId = fields.requestId ?? null
    this.apiCode = fields.apiCode ?? null
    this.fieldErrors = fields.fieldErrors ?? []
    this.retryAfter = fields.retryAfter ?? null
  }

  get [ERROR_BRAND]() {
    return true
  }

  toJSON() {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      requestId: this.requestId,
      apiCode: this.apiCode,
      fieldErrors: this.fieldErrors,
      retryAfter: this.retryAfter,
    }
  }
}

/** Whether `e` is a YotiAgeError (also one from another copy of the package). */
function isYotiAgeError(e) {
  return e instanceof YotiAgeError || (typeof e === 'object' && e !== null && e[ERROR_BRAND] === true)
}

function rethrow(error) {
  if (error instanceof Error && typeof error.message === 'string' && error.message.startsWith(ERROR_PREFIX)) {
    throw new YotiAgeError(JSON.parse(error.message.slice(ERROR_PREFIX.length)))
  }
  if (isYotiAgeError(error)) throw error
  // A failure of the binding itself (e.g. a panic napi caught, a wrong argument type).
  throw new YotiAgeError({ code: 'internal', message: `internal error: ${error?.message ?? error}` }, { cause: error })
}

function syncCall(fn) {
  try {
    return fn()
  } catch (error) {
    rethrow(error)
  }
}

function defineRaw(value, raw) {
  if (raw !== undefined && raw !== null && typeof value === 'object' && value !== null) {
    let parsed
    Object.defineProperty(value, 'raw', {
      enumerable: false,
      configurable: true,
      get() {
        if (parsed === undefined) parsed = JSON.parse(raw)
        return parsed
      },
    })
  }
  return value
}

function unwrap(reply) {
  if (reply.ok) return defineRaw(JSON.parse(reply.json), reply.raw)
  throw new YotiAgeError(JSON.parse(reply.json))
}

function cancelledError(signal) {
  return new YotiAgeError({ code: 'cancelled', message: 'cancelled' }, { cause: signal.reason })
}

/** Runs `start(callId)` (a native call); aborting `signal` drops the Rust future. */
async function run(signal, start, finish = unwrap) {
  if (signal?.aborted) throw cancelledError(signal)
  const { id, promise } = native.nativeCall(start)
  if (!signal) return finish(await promise)
  const onAbort = () => native.nativeCancelCall(id)
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    const reply = await promise
    if (!reply.ok && signal.aborted) throw cancelledError(signal)
    return finish(reply)
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

function iso(value, field) {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new YotiAgeError({
        code: 'validation',
        message: `invalid request: ${field}: is an invalid Date (format)`,
        fieldErrors: [{ field, rule: 'format', message: 'is an invalid Date' }],
      })
    }
    return value.toISOString()
  }
  return String(value)
}

function asBuffer(bytes) {
  if (Buffer.isBuffer(bytes)) return bytes
  if (typeof bytes === 'string') return Buffer.from(bytes, 'utf8')
  if (ArrayBuffer.isView(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes instanceof ArrayBuffer) return Buffer.from(bytes)
  throw new YotiAgeError({ code: 'config', message: 'invalid configuration: body: expected a Buffer, Uint8Array or string' })
}

function waitJson(options) {
  if (!options) return null
  const { timeoutMs, initialIntervalMs, maxIntervalMs } = options
  return JSON.stringify({ timeoutMs, initialIntervalMs, maxIntervalMs })
}

const clientNative = new WeakMap()

class Client {
  /** A client; see ClientOptions. Secrets go to the native layer and are not kept in JS. */
  constructor(options) {
    if (options instanceof native.NativeClient) {
      clientNative.set(this, options)
    } else {
      clientNative.set(this, syncCall(() => new native.NativeClient(JSON.stringify(options ?? {}))))
    }
  }

  /** A client from YOTI_SDK_ID, YOTI_API_KEY, YOTI_PRIVATE_KEY, YOTI_SCOPE, YOTI_POA_TOKEN, YOTI_ENV and the URLs. */
  static fromEnv() {
    return new Client(syncCall(() => native.NativeClient.fromEnv()))
  }

  /** A client sharing this one's connections and token cache, with other timeouts or retries. */
  withOptions(options) {
    const n = clientNative.get(this)
    return new Client(syncCall(() => n.withOptions(JSON.stringify(options ?? {}))))
  }

  get sdkId() {
    return JSON.parse(clientNative.get(this).describe()).sdkId
  }

  createSession(config, options) {
    const n = clientNative.get(this)
    const json = JSON.stringify(config ?? {})
    return run(options?.signal, (id) => n.createSession(json, id))
  }

  getSession(sessionId, options) {
    const n = clientNative.get(this)
    return run(options?.signal, (id) => n.getSession(String(sessionId), id))
  }

  getResult(sessionId, options) {
    const n = clientNative.get(this)
    if (!options?.signal) return native.nativeCall((id) => n.getResult(String(sessionId), id)).promise.then(unwrap)
    return run(options.signal, (id) => n.getResult(String(sessionId), id))
  }

  waitForResult(sessionId, options) {
    const n = clientNative.get(this)
    return run(options?.signal, (id) => n.waitForResult(String(sessionId), waitJson(options), id))
  }

  userViewUrl(sessionId, method) {
    const n = clientNative.get(this)
    return unwrap(syncCall(() => n.userViewUrl(String(sessionId), method ?? null)))
  }

  uploadSelfie(sessionId, upload, options) {
    const n = clientNative.get(this)
    return run(options?.signal, (id) =>
      n.uploadSelfie(
        String(sessionId),
        asBuffer(upload.image),
        iso(upload.biometricConsent ?? new Date(), 'biometric_consent'),
        String(upload.secureToken ?? ''),
        id,
      ),
    )
  }

  createRule(rule, options) {
    const n = clientNative.get(this)
    const json = JSON.stringify(rule ?? {})
    return run(options?.signal, (id) => n.createRule(json, id))
  }

  metrics(query, options) {
    const n = clientNative.get(this)
    const after = iso(query.createdAfter, 'created_after')
    const before = iso(query.createdBefore, 'created_before')
    return run(options?.signal, (id) => n.metrics(after, before, id))
  }

  poaVerify(request, options) {
    const n = clientNative.get(this)
    const body = { ...request }
    if (body.scannedAt !== undefined) body.scannedAt = iso(body.scannedAt, 'qr.scanned_at')
    const json = JSON.stringify(body)
    return run(options?.signal, (id) => n.poaVerify(json, id))
  }

  poaGet(id, options) {
    const n = clientNative.get(this)
    return run(options?.signal, (cid) => n.poaGet(String(id), cid))
  }

  poaWait(id, options) {
    const n = clientNative.get(this)
    return run(options?.signal, (cid) => n.poaWait(String(id), waitJson(options), cid))
  }

  accessToken(options) {
    const n = clientNative.get(this)
    return run(options?.signal, (id) => n.accessToken(id), (reply) => {
      const { token, ...rest } = unwrap(reply)
      // The token is a secret: readable, but not enumerable (absent from inspect and JSON).
      return Object.defineProperty(rest, 'token', { value: token, enumerable: false })
    })
  }

  rawRequest(method, path, options) {
    const n = clientNative.get(this)
    const body = options?.body === undefined ? null : JSON.stringify(options.body)
    return run(
      options?.signal,
      (id) => n.rawRequest(String(method), options?.target ?? 'avs', String(path), body, id),
      (reply) => {
        const value = unwrap(reply)
        const bytes = reply.body ?? Buffer.alloc(0)
        return {
          status: value.status,
          headers: value.headers,
          body: bytes,
          header(name) {
            const lower = String(name).toLowerCase()
            const hit = value.headers.find(([k]) => k === lower)
            return hit ? hit[1] : null
          },
          json() {
            return JSON.parse(bytes.toString('utf8'))
          },
        }
      },
    )
  }

  toJSON() {
    return { type: 'yoti-age.Client', ...JSON.parse(clientNative.get(this).describe()) }
  }

  [inspect.custom](depth, options, inspectFn) {
    const described = JSON.parse(clientNative.get(this).describe())
    return `Client ${(inspectFn ?? inspect)(described, options)}`
  }
}

class WebhookVerifier {
  #native

  /** A verifier for an SPKI PEM public key (the sandbox's, or Yoti's production key by default). */
  constructor(publicKeyPem, options) {
    const tolerance = options?.toleranceSeconds
    this.#native = syncCall(() => new native.NativeWebhookVerifier(publicKeyPem ?? null, tolerance ?? null))
  }

  /** A verifier for Yoti's published production key. */
  static yotiProduction(options) {
    return new WebhookVerifier(null, options)
  }

  /** Verifies the raw body bytes (as received, before any JSON parsing) and returns the notification. */
  verify(body) {
    const buf = asBuffer(body)
    return unwrap(syncCall(() => this.#native.verify(buf)))
  }
}

function headerPairs(headers) {
  if (!headers) return []
  if (typeof headers.entries === 'function' && !Array.isArray(headers)) {
    return Array.from(headers.entries(), ([k, v]) => [String(k), String(v)])
  }
  if (Array.isArray(headers)) return headers.map(([k, v]) => [String(k), String(v)])
  const pairs = []
  for (const [k, v] of Object.entries(headers)) {
    if (Array.isArray(v)) for (const item of v) pairs.push([k, String(item)])
    else if (v !== undefined) pairs.push([k, String(v)])
  }
  return pairs
}

/** Checks a PoA webhook by the header secrets you configured, then parses its body. */
function verifyPoaWebhook({ expectedHeaders, headers, body }) {
  const buf = asBuffer(body)
  return unwrap(
    syncCall(() =>
      native.nativeVerifyPoaWebhook(JSON.stringify(expectedHeaders ?? {}), JSON.stringify(headerPairs(headers)), buf),
    ),
  )
}

function parseSessionResult(body) {
  return unwrap(syncCall(() => native.nativeParseSessionResult(asBuffer(body))))
}

function parseCreatedSession(body) {
  return unwrap(syncCall(() => native.nativeParseCreatedSession(asBuffer(body))))
}

function parsePoaResult(body) {
  return unwrap(syncCall(() => native.nativeParsePoaResult(asBuffer(body))))
}

/** Validates a session configuration without sending anything; throws a `validation` YotiAgeError listing every problem. */
function validateSessionConfig(config) {
  unwrap(syncCall(() => native.nativeValidateSessionConfig(JSON.stringify(config ?? {}))))
}

/** The YotiAgeError an HTTP error response maps to. */
function errorFromResponse(status, body, options) {
  const reply = syncCall(() =>
    native.nativeErrorFromResponse(status, String(body ?? ''), options?.requestId ?? null, options?.retryAfter ?? null),
  )
  return new YotiAgeError(JSON.parse(reply.json))
}

let known
/** Every value this version knows, per open enum. */
function knownValues() {
  known ??= Object.freeze(JSON.parse(native.nativeKnownValues()))
  return known
}

/** Whether `value` is a value this version of the enum knows (unknown values are kept as strings). */
function isKnown(enumName, value) {
  const list = knownValues()[enumName]
  return Array.isArray(list) && list.includes(value)
}

module.exports = {
  ...native,
  Client,
  YotiAgeError,
  isYotiAgeError,
  WebhookVerifier,
  verifyPoaWebhook,
  parseSessionResult,
  parseCreatedSession,
  parsePoaResult,
  validateSessionConfig,
  errorFromResponse,
  knownValues,
  isKnown,
  ERROR_CODES,
  version: native.nativeVersion(),
}
