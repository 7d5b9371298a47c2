// Every operation of the client against the in-process sandbox.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { Client, YotiAgeError, isYotiAgeError } from 'yoti-age'
import { Sandbox } from 'yoti-age/testing'

let sb
let client
before(async () => {
  sb = await Sandbox.start()
  client = sb.client({ retry: { maxRetries: 2, baseMs: 5, capMs: 20 } })
})
after(() => sb.stop())

const config = { type: 'OVER', ttl: 900, ageEstimation: { allowed: true, threshold: 18 }, referenceId: 'node-1' }

test('create, get, result, complete, wait', async () => {
  const created = await client.createSession({ ...config, terminalId: 'till-9' })
  assert.equal(created.status, 'PENDING')
  assert.match(created.expiresAt, /Z$/)
  assert.equal(created.raw.id, created.id)
  const view = await client.getSession(created.id)
  assert.equal(view.id, created.id)
  assert.equal(view.referenceId, 'node-1')
  const pending = await client.getResult(created.id)
  assert.equal(pending.status, 'PENDING')
  assert.equal(pending.isTerminal, false)
  assert.equal(pending.terminalId, 'till-9')
  const done = sb.complete(created.id, { age: 30 })
  assert.equal(done.status, 'COMPLETE')
  const waited = await client.waitForResult(created.id, { timeoutMs: 5000, initialIntervalMs: 10 })
  assert.equal(waited.status, 'COMPLETE')
  assert.equal(waited.isTerminal, true)
  assert.equal(waited.method, 'AGE_ESTIMATION')
  assert.equal(waited.ageEstimation.attempts, 1)
})

test('snake_case API keys are accepted unchanged', async () => {
  const created = await client.createSession({ type: 'OVER', ttl: 900, age_estimation: { allowed: true, threshold: 21 } })
  const result = await client.getResult(created.id)
  assert.equal(result.ageEstimation.threshold, 21)
})

test('user view URL', async () => {
  const created = await client.createSession(config)
  const url = new URL(client.userViewUrl(created.id, 'age-estimation'))
  assert.equal(url.origin, sb.baseUrl)
  assert.equal(url.pathname, '/age-estimation')
  assert.equal(url.searchParams.get('sessionId'), created.id)
  assert.throws(() => client.userViewUrl(''), (e) => isYotiAgeError(e) && e.code === 'validation')
})

test('headless selfie upload with a Uint8Array', async () => {
  const created = await client.createSession(config)
  const jpeg = new Uint8Array(60 * 1024)
  jpeg.set([0xff, 0xd8, 0xff, 0xe0])
  const outcome = await client
    .uploadSelfie(created.id, { image: jpeg, biometricConsent: new Date(), secureToken: '{"x":1}' })
    .catch((e) => e)
  if (outcome instanceof YotiAgeError) {
    // The sandbox judges the image; a rejection must still be a typed API error.
    assert.ok(outcome.status >= 400, outcome.message)
    assert.ok(outcome.apiCode)
  } else {
    assert.ok(['COMPLETE', 'FAIL'].includes(outcome.status))
  }
})

test('rules and metrics', async () => {
  const rule = await client.createRule({ type: 'OVER', ttl: 3600, ageEstimation: { threshold: 18 } })
  assert.ok(rule.id)
  const stats = await client.metrics({ createdAfter: new Date(Date.now() - 3600_000), createdBefore: new Date() })
  assert.equal(typeof stats.totalCreatedSessions, 'number')
  assert.equal(typeof stats.methods, 'object')
  await assert.rejects(
    client.metrics({ createdAfter: new Date(), createdBefore: new Date(Date.now() - 1000) }),
    (e) => e.code === 'validation' && e.fieldErrors[0].field === 'created_before',
  )
})

test('PoA verify: completed, failure, pending then get and wait', async () => {
  const ok = await client.poaVerify({ qr: `sandbox:success:21:${Date.now()}`, terminalId: 't1' })
  assert.equal(ok.kind, 'completed')
  assert.equal(ok.result.status, 'SUCCESS')
  assert.equal(ok.result.result.ageOver, 21)
  const failed = await client.poaVerify({ qr: `sandbox:failure:USER_DID_NOT_CONSENT:${Date.now()}`, terminalId: 't1' })
  assert.equal(failed.result.status, 'FAILURE')
  assert.equal(failed.result.failure.reason, 'USER_DID_NOT_CONSENT')
  const pending = await client.poaVerify({ qr: `sandbox:pending:2:${Date.now()}`, terminalId: 't1' })
  assert.equal(pending.kind, 'pending')
  const got = await client.poaGet(pending.result.id)
  assert.equal(got.id, pending.result.id)
  const waited = await client.poaWait(pending.result.id, { initialIntervalMs: 10, timeoutMs: 5000 })
  assert.equal(waited.status, 'SUCCESS')
  await assert.rejects(
    client.poaVerify({ qr: 'sandbox:success:18', terminalId: 't1', scannedAt: new Date(Date.now() - 60_000) }),
    (e) => e.code === 'poa.qr_stale',
  )
})

test('raw request', async () => {
  const created = await client.createSession(config)
  const raw = await client.rawRequest('GET', `/sessions/${created.id}/result`)
  assert.equal(raw.status, 200)
  assert.equal(raw.json().id, created.id)
  assert.match(raw.header('content-type'), /json/)
  await assert.rejects(client.rawRequest('GET', '/sessions/nope/result'), (e) => e.code === 'not_found' && e.status === 404)
})

test('central auth: token from the sandbox, then calls with it', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' })
  sb.registerClientKey(sb.sdkId, publicKey.export({ type: 'spki', format: 'pem' }))
  const central = new Client({
    sdkId: sb.sdkId,
    centralAuth: { privateKeyPem: pem, scope: 'avs:sessions:create avs:sessions:read' },
    environment: { avsUrl: sb.avsUrl, poaUrl: sb.poaUrl, authUrl: sb.authUrl },
  })
  const token = await central.accessToken()
  assert.ok(token.token.length > 10)
  assert.ok(!JSON.stringify(token).includes(token.token))
  const created = await central.createSession(config)
  assert.ok(created.id)
  await assert.rejects(client.accessToken(), (e) => e.code === 'config')
})

test('Client.fromEnv and withOptions', async () => {
  Object.assign(process.env, sb.env())
  try {
    const fromEnv = Client.fromEnv()
    assert.equal(fromEnv.sdkId, sb.sdkId)
    const created = await fromEnv.withOptions({ timeouts: { totalMs: 5000 }, retry: { maxRetries: 0 } }).createSession(config)
    assert.ok(created.id)
  } finally {
    for (const k of Object.keys(sb.env())) delete process.env[k]
  }
  assert.throws(() => Client.fromEnv(), (e) => isYotiAgeError(e) && e.code === 'config')
})

test('timeouts: a slow answer past totalMs is a timeout error', async () => {
  const created = await client.createSession(config)
  await sb.addFault({ kind: 'delay', delay_ms: 1500, path: `/api/v1/sessions/${created.id}/result`, times: 1 })
  const fast = client.withOptions({ timeouts: { totalMs: 200 }, retry: { maxRetries: 0 } })
  await assert.rejects(fast.getResult(created.id), (e) => e.code === 'timeout')
  await sb.clearFaults()
})

test('retries: a 503 is retried and succeeds', async () => {
  const created = await client.createSession(config)
  await sb.addFault({ status: 503, method: 'GET', path: `/api/v1/sessions/${created.id}/result`, times: 1 })
  const result = await client.getResult(created.id)
  assert.equal(result.id, created.id)
  await sb.clearFaults()
})

test('withOptions keeps the parent\'s values for the fields it is not given', async () => {
  const created = await client.createSession(config)
  const noRetries = client.withOptions({ retry: { maxRetries: 0 } })
  // Only the backoff changes: the derived client must still make no retries.
  const derived = noRetries.withOptions({ retry: { baseMs: 1 } })
  await sb.addFault({ status: 503, method: 'GET', path: `/api/v1/sessions/${created.id}/result`, times: 1 })
  try {
    await assert.rejects(derived.getResult(created.id), (e) => e.code === 'server')
  } finally {
    await sb.clearFaults()
  }
})

test('webhooks: a real signed webhook from the sandbox verifies on its raw body', async () => {
  const { createServer } = await import('node:http')
  const received = []
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      received.push(Buffer.concat(chunks))
      res.writeHead(200).end()
    })
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  try {
    const url = `http://127.0.0.1:${server.address().port}/webhook`
    const created = await client.createSession({ ...config, notificationUrl: url })
    sb.complete(created.id, { age: 40 })
    for (let i = 0; i < 200 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 25))
    assert.equal(received.length, 1)
    const n = sb.webhookVerifier().verify(received[0])
    assert.equal(n.sessionKey, created.id)
    assert.equal(n.state, 'COMPLETE')
    const tampered = Buffer.from(received[0].toString().replace('"COMPLETE"', '"FAIL"'))
    assert.throws(() => sb.webhookVerifier().verify(tampered), (e) => e.code === 'webhook.invalid_signature')
  } finally {
    server.close()
  }
})

test('testing helper signs webhooks that verify', () => {
  const body = sb.signWebhook({ sessionKey: 'abc', method: 'AGE_ESTIMATION', age: 18, state: 'FAIL' })
  const n = sb.webhookVerifier({ toleranceSeconds: 60 }).verify(body)
  assert.equal(n.state, 'FAIL')
  assert.equal(n.sessionKey, 'abc')
  const old = sb.signWebhook({ sessionKey: 'abc', timestamp: 1_000_000 })
  assert.throws(() => sb.webhookVerifier({ toleranceSeconds: 60 }).verify(old), (e) => e.code === 'webhook.stale')
})

test('worker_threads: each thread settles and cancels its own calls', async () => {
  const created = await client.createSession(config)
  // Each worker's first call has id 1: aborting it in one worker must not touch the other's.
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    const { Client } = require(workerData.pkg)
    const controller = new AbortController()
    new Client(workerData.options)
      .waitForResult(workerData.sessionId, { timeoutMs: 20000, initialIntervalMs: 20, signal: controller.signal })
      .then((r) => ({ status: r.status }), (e) => ({ code: e.code }))
      .then((outcome) => parentPort.postMessage(outcome))
    parentPort.on('message', () => controller.abort())
    parentPort.postMessage('started')
  `
  const workerData = {
    pkg: createRequire(import.meta.url).resolve('yoti-age'),
    options: { sdkId: sb.sdkId, apiKey: sb.apiKey, environment: { avsUrl: sb.avsUrl } },
    sessionId: created.id,
  }
  const start = async () => {
    const worker = new Worker(code, { eval: true, workerData })
    const messages = []
    let wake
    worker.on('message', (m) => {
      messages.push(m)
      wake?.()
    })
    const next = async () => {
      while (messages.length === 0) await new Promise((resolve) => (wake = resolve))
      return messages.shift()
    }
    assert.equal(await next(), 'started')
    return { worker, next }
  }
  const a = await start()
  const b = await start()
  try {
    a.worker.postMessage('abort')
    assert.deepEqual(await a.next(), { code: 'cancelled' })
    sb.complete(created.id, { age: 30 })
    assert.deepEqual(await b.next(), { status: 'COMPLETE' })
  } finally {
    await Promise.all([a.worker.terminate(), b.worker.terminate()])
  }
})
