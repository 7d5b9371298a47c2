// Error classes and codes, panics, abort, secrets, lazy start, CJS and ESM loading.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import * as esm from 'yoti-age'
import { Client, YotiAgeError, isYotiAgeError, ERROR_CODES, nativeCall, nativeDebugPanic, validateSessionConfig } from 'yoti-age'
import { Sandbox } from 'yoti-age/testing'

const require = createRequire(import.meta.url)
let sb
before(async () => {
  sb = await Sandbox.start({ apiKey: 'sandbox-canary-api-key-123' })
})
after(() => sb.stop())
const config = { type: 'OVER', ttl: 900, ageEstimation: { allowed: true, threshold: 18 } }

test('require and import give the same objects', () => {
  const cjs = require('yoti-age')
  assert.equal(cjs.Client, esm.Client)
  assert.equal(cjs.YotiAgeError, esm.YotiAgeError)
  assert.equal(typeof require('yoti-age/testing').Sandbox.start, 'function')
})

test('loading the addon starts no threads until the first call', () => {
  const script = `
    const fs = require('node:fs')
    const threads = () => fs.readdirSync('/proc/self/task').length
    const before = threads()
    const y = require('yoti-age')
    const loaded = threads()
    const started = y.nativeRuntimeStarted()
    new y.Client({ sdkId: 's', apiKey: 'k', environment: { avsUrl: 'http://127.0.0.1:9/api/v1' }, retry: { maxRetries: 0 } })
      .getResult('x').catch(() => {
        console.log(JSON.stringify({ before, loaded, started, after: threads(), startedAfter: y.nativeRuntimeStarted() }))
      })`
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: new URL('..', import.meta.url) }).toString())
  assert.equal(out.started, false)
  assert.equal(out.loaded, out.before, 'require added threads')
  assert.equal(out.startedAfter, true)
  assert.ok(out.after > out.loaded)
})

test('YotiAgeError: class, guard, fields', async () => {
  const client = sb.client({ retry: { maxRetries: 0 } })
  const e = await client.getResult('no-such-session').catch((x) => x)
  assert.ok(e instanceof YotiAgeError)
  assert.ok(e instanceof Error)
  assert.ok(isYotiAgeError(e))
  assert.equal(e.name, 'YotiAgeError')
  assert.equal(e.code, 'not_found')
  assert.equal(e.status, 404)
  assert.equal(typeof e.requestId, 'string')
  assert.deepEqual(e.fieldErrors, [])
  assert.equal(e.retryAfter, null)
  assert.ok(ERROR_CODES.includes(e.code))
  assert.equal(isYotiAgeError(new Error('x')), false)
  assert.equal(isYotiAgeError(null), false)
  assert.equal(JSON.parse(JSON.stringify(e)).code, 'not_found')
})

test('validation errors carry every field error with its JSON path', () => {
  assert.throws(
    () => validateSessionConfig({ ttl: 5, ageEstimation: { threshold: 500 } }),
    (e) => e.code === 'validation' && e.fieldErrors.length >= 2 && e.fieldErrors.every((f) => f.field && f.rule),
  )
})

test('config errors are thrown synchronously by the constructor', () => {
  assert.throws(() => new Client({ apiKey: 'k' }), (e) => isYotiAgeError(e) && e.code === 'config')
  assert.throws(
    () => new Client({ sdkId: 's', apiKey: 'k', environment: { avsUrl: 'http://example.com/api/v1' } }),
    (e) => e.code === 'config' && /avs_base/.test(e.message),
  )
})

test('rate limited: retryAfter in seconds', async () => {
  const client = sb.client({ retry: { maxRetries: 0 } })
  const created = await client.createSession(config)
  await sb.addFault({ status: 429, retry_after: 7, path: `/api/v1/sessions/${created.id}/result`, times: 1 })
  await assert.rejects(client.getResult(created.id), (e) => e.code === 'rate_limited' && e.retryAfter === 7 && e.status === 429)
})

test('a Rust panic becomes a thrown error or a rejected Promise, not an abort', async () => {
  const sync = nativeDebugPanic(false, 0)
  assert.equal(sync.ok, false)
  assert.equal(JSON.parse(sync.json).code, 'internal')
  const reply = await nativeCall((id) => nativeDebugPanic(true, id)).promise
  assert.equal(reply.ok, false)
  assert.match(JSON.parse(reply.json).message, /panic/)
})

test('abort: an in-flight call rejects with cancelled and the request is dropped', async () => {
  const client = sb.client({ retry: { maxRetries: 0 } })
  const created = await client.createSession(config)
  await sb.addFault({ kind: 'delay', delay_ms: 3000, path: `/api/v1/sessions/${created.id}/result`, times: 1 })
  const controller = new AbortController()
  const started = Date.now()
  const pending = client.getResult(created.id, { signal: controller.signal })
  setTimeout(() => controller.abort(new Error('user left')), 100)
  await assert.rejects(pending, (e) => {
    assert.equal(e.code, 'cancelled')
    assert.equal(e.cause.message, 'user left')
    return true
  })
  assert.ok(Date.now() - started < 2000, 'did not wait for the response')
  await sb.clearFaults()
})

test('abort: an already aborted signal rejects without sending', async () => {
  const client = sb.client()
  const sent = async () => (await sb.requests()).filter((e) => String(e.path).startsWith('/api/')).length
  const before = await sent()
  await assert.rejects(client.createSession(config, { signal: AbortSignal.abort() }), (e) => e.code === 'cancelled')
  assert.equal(await sent(), before)
})

test('abort: waitForResult stops polling', async () => {
  const client = sb.client()
  const created = await client.createSession(config)
  const started = Date.now()
  await assert.rejects(
    client.waitForResult(created.id, { signal: AbortSignal.timeout(150), initialIntervalMs: 20 }),
    (e) => e.code === 'cancelled',
  )
  assert.ok(Date.now() - started < 2000)
})

test('secret canary: never in inspect, JSON, errors or messages', async () => {
  const canaries = ['canary-api-key-XYZ', 'canary-poa-token-XYZ', '-----BEGIN PRIVATE KEY-----canary']
  const client = new Client({
    sdkId: sb.sdkId,
    apiKey: canaries[0],
    poaToken: canaries[1],
    environment: { avsUrl: sb.avsUrl, poaUrl: sb.poaUrl },
    retry: { maxRetries: 0 },
  })
  const texts = [inspect(client, { showHidden: true, depth: 10 }), JSON.stringify(client), String(client)]
  const e = await client.createSession(config).catch((x) => x)
  assert.equal(e.code, 'auth.forbidden')
  texts.push(inspect(e, { showHidden: true }), JSON.stringify(e), e.message, e.stack)
  const p = await client.poaVerify({ qr: 'sandbox:success:18', terminalId: 't' }).catch((x) => x)
  texts.push(inspect(p, { showHidden: true }), JSON.stringify(p))
  const bad = (() => {
    try {
      return new Client({ sdkId: 's', centralAuth: { privateKeyPem: canaries[2] }, environment: { avsUrl: sb.avsUrl, authUrl: sb.authUrl } })
    } catch (x) {
      return x
    }
  })()
  texts.push(inspect(bad, { showHidden: true }), String(bad?.message))
  texts.push(inspect(sb), JSON.stringify(sb))
  for (const text of texts) {
    for (const canary of [...canaries, 'sandbox-canary-api-key-123']) {
      assert.ok(!String(text).includes(canary), `${canary} leaked in ${text}`)
    }
  }
})

test('a pending call keeps the process alive, and an idle client does not', () => {
  // Nothing else holds the event loop: without the keep-alive the process would exit before
  // the reply; with it held too long, it would never exit (execFileSync would time out).
  const script = `
    const { Sandbox } = require('yoti-age/testing')
    Sandbox.start().then(async (sb) => {
      const client = sb.client()
      const created = await client.createSession({ type: 'OVER', ttl: 900, ageEstimation: { threshold: 18 } })
      console.log((await client.getResult(created.id)).status)
      sb.stop()
    })`
  const out = execFileSync(process.execPath, ['-e', script], { cwd: new URL('..', import.meta.url), timeout: 30_000 })
  assert.equal(out.toString().trim(), 'PENDING')
})
