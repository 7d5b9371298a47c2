// The shared vectors (tests/vectors/*.json), loaded unchanged.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import {
  validateSessionConfig, parseSessionResult, parseCreatedSession, parsePoaResult, WebhookVerifier,
  isYotiAgeError, isKnown, errorFromResponse,
} from 'yoti-age'
import { Sandbox } from 'yoti-age/testing'

const load = (name) => JSON.parse(readFileSync(new URL(`../../tests/vectors/${name}.json`, import.meta.url), 'utf8'))
const CONFIGS = load('session_configs')
const RESULTS = load('results')
const WEBHOOKS = load('webhooks')
const RETRY = load('retry_matrix')
const sameTime = (a, b) => (a === null || b === null ? a === b : new Date(a).getTime() === new Date(b).getTime())
const camel = (s) => s.toLowerCase().replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())

let sb
before(async () => {
  sb = await Sandbox.start()
})
after(() => sb.stop())

for (const c of CONFIGS.valid) {
  test(`valid config: ${c.name}`, () => validateSessionConfig(c.config))
}

for (const c of CONFIGS.invalid) {
  test(`invalid config: ${c.name}`, async () => {
    assert.throws(() => validateSessionConfig(c.config), (e) => {
      assert.ok(isYotiAgeError(e))
      assert.equal(e.code, 'validation')
      const got = e.fieldErrors.map((f) => `${f.field} ${f.rule}`).sort()
      assert.deepEqual(got, c.errors.map((f) => `${f.field} ${f.rule}`).sort())
      return true
    })
    const sent = async () => (await sb.requests()).filter((e) => String(e.path).startsWith('/api/')).length
    const before = await sent()
    await assert.rejects(sb.client().createSession(c.config), (e) => e.code === 'validation')
    assert.equal(await sent(), before, 'nothing is sent')
  })
}

for (const c of RESULTS.session_results) {
  test(`session result: ${c.name}`, () => {
    const r = parseSessionResult(JSON.stringify(c.body))
    const x = c.expect
    assert.equal(r.id, x.id)
    assert.equal(r.status, x.status)
    assert.equal(r.statusKnown, x.status_known)
    assert.equal(isKnown('SessionStatus', r.status), x.status_known)
    assert.equal(r.isTerminal, x.terminal)
    if ('age' in x) assert.equal(r.age ?? null, x.age)
    if ('method' in x) assert.equal(r.method ?? null, x.method)
    if ('method_known' in x) assert.equal(isKnown('Method', r.method), x.method_known)
    if ('type' in x) assert.equal(r.type, x.type)
    for (const key of ['evidence_id', 'reference_id', 'rule_id', 'account_id', 'terminal_id']) {
      if (key in x) assert.equal(r[camel(key)] ?? null, x[key], key)
    }
    for (const key of ['created_at', 'biometric_consent_given_at']) {
      if (key in x) assert.ok(sameTime(r[camel(key)], x[key]), key)
    }
    for (const [method, counts] of Object.entries(x.attempts ?? {})) {
      const entry = r[camel(method)]
      if (counts === null) assert.equal(entry, undefined, method)
      else assert.deepEqual([entry.attempts, entry.attemptsRemaining], counts, method)
    }
    assert.deepEqual(r.raw, c.body)
  })
}

test('result shape: camelCase keys at every depth, "" as null, text kept exactly', () => {
  const body = {
    ...RESULTS.session_results[0].body,
    account_id: '',
    reference_id: 'a "quote", a back\\slash, a\nnew line, \u0001, é and ✓',
  }
  const r = parseSessionResult(JSON.stringify(body))
  assert.equal(r.accountId, null)
  assert.equal(r.referenceId, body.reference_id)
  assert.equal(r.ageEstimation.attemptsRemaining, body.age_estimation.attempts_remaining)
  assert.equal(r.usFloridaHb3.level, null)
  const keys = []
  const walk = (v) => {
    if (v && typeof v === 'object') for (const [k, child] of Object.entries(v)) keys.push(k) && walk(child)
  }
  walk(r)
  assert.deepEqual(keys.filter((k) => k.includes('_')), [])
  assert.deepEqual(r.raw, body)
})

for (const c of RESULTS.created_sessions) {
  test(`created session: ${c.name}`, () => {
    const r = parseCreatedSession(JSON.stringify(c.body))
    assert.equal(r.id, c.expect.id)
    assert.equal(r.status, c.expect.status)
    assert.ok(sameTime(r.expiresAt, c.expect.expires_at))
  })
}

for (const c of RESULTS.poa_results) {
  test(`PoA result: ${c.name}`, () => {
    const r = parsePoaResult(JSON.stringify(c.body))
    const x = c.expect
    assert.equal(r.id, x.id)
    assert.equal(r.status, x.status)
    assert.equal(c.http_status === 202, x.pending)
    if ('age_over' in x) assert.equal(r.result?.ageOver ?? null, x.age_over)
    if ('provider' in x) assert.equal(r.provider, x.provider)
    if ('failure_reason' in x) assert.equal(r.failure?.reason ?? null, x.failure_reason)
    if ('waiting_on' in x) assert.equal(r.waitingOn, x.waiting_on)
    if ('checks' in x) assert.deepEqual(r.result.checks, x.checks)
  })
}

for (const c of RESULTS.error_bodies) {
  test(`error body through the sandbox: ${c.name}`, async () => {
    const body = typeof c.body === 'string' ? c.body : JSON.stringify(c.body)
    const id = `x-error-${Math.random().toString(36).slice(2)}`
    await sb.addFault({ status: c.status, body, path: `/api/v1/sessions/${id}/`, times: 3 })
    const client = sb.client({ retry: { maxRetries: 0 } })
    await assert.rejects(client.getResult(id), (e) => {
      assert.ok(isYotiAgeError(e))
      assert.equal(e.code, c.expect.code)
      assert.equal(e.status, c.status)
      assert.equal(e.apiCode, c.expect.api_code)
      assert.ok(e.message.includes(c.expect.message), e.message)
      if (c.expect.fields) assert.deepEqual(e.fieldErrors.map((f) => f.field), c.expect.fields)
      return true
    })
    const mapped = errorFromResponse(c.status, body)
    assert.equal(mapped.code, c.expect.code)
  })
}

for (const c of WEBHOOKS.cases) {
  test(`webhook: ${c.name}`, () => {
    const verifier = new WebhookVerifier(WEBHOOKS.public_key_pem)
    const body = Buffer.from(c.body, 'utf8')
    if (c.valid) {
      const n = verifier.verify(body)
      for (const [key, value] of Object.entries(c.expect)) assert.equal(n[camel(key)], value, key)
    } else {
      assert.throws(() => verifier.verify(body), (e) => isYotiAgeError(e) && e.code === c.error_code)
    }
  })
}

test('retry matrix through sandbox faults', async () => {
  const client = sb.client({ retry: { maxRetries: 2, baseMs: 5, capMs: 20 } })
  const session = await client.createSession({ type: 'OVER', ttl: 900, ageEstimation: { allowed: true, threshold: 18 } })
  const failures = []
  for (const c of RETRY.cases) {
    const [method, path] = {
      get_result: ['GET', `/api/v1/sessions/${session.id}/result`],
      get_session: ['GET', `/api/v1/sessions/${session.id}`],
      create_session: ['POST', '/api/v1/sessions'],
      poa_verify: ['POST', '/poa/v1/verify'],
    }[c.operation]
    await sb.clearFaults()
    await sb.addFault({ ...c.fault, times: c.times, method, path })
    const attempts = async () =>
      (await sb.requests()).filter((e) => e.kind === 'request' && e.path.startsWith(path)).length
    const before = await attempts()
    const started = Date.now()
    let outcome = 'ok'
    try {
      if (c.operation === 'get_result') await client.getResult(session.id)
      else if (c.operation === 'get_session') await client.getSession(session.id)
      else if (c.operation === 'create_session')
        await client.createSession({ type: 'OVER', ttl: 900, ageEstimation: { allowed: true, threshold: 18 } })
      else await client.poaVerify({ qr: `sandbox:success:18:${c.name}`, terminalId: 't' })
    } catch (e) {
      outcome = e.code
    }
    const made = (await attempts()) - before
    if (outcome !== c.outcome || made !== c.attempts) failures.push(`${c.name}: got ${outcome}/${made}, want ${c.outcome}/${c.attempts}`)
    if (c.min_elapsed_ms && Date.now() - started < c.min_elapsed_ms) failures.push(`${c.name}: too fast`)
  }
  await sb.clearFaults()
  assert.deepEqual(failures, [])
})
