// What the core decides and Node shows: tests/vectors/contract.json, the error codes (checked
// against the TypeScript ErrorCode union) and the core's defaults.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { randomUUID } from 'node:crypto'
import { Client, ERROR_CODES, validateSessionConfig } from 'yoti-age'
import { Sandbox } from 'yoti-age/testing'

const require = createRequire(import.meta.url)
const native = require('../native.js')
const CONTRACT = JSON.parse(readFileSync(new URL('../../tests/vectors/contract.json', import.meta.url), 'utf8'))
const fieldRules = (e) => e.fieldErrors.map((f) => `${f.field} ${f.rule}`).sort()

let sb
before(async () => {
  sb = await Sandbox.start()
})
after(() => sb.stop())

for (const c of CONTRACT.config_json_text) {
  test(`config JSON text: ${c.name}`, () => {
    const reply = native.nativeValidateSessionConfig(c.text)
    assert.equal(reply.ok, false)
    const error = JSON.parse(reply.json)
    assert.equal(error.code, c.code)
    assert.deepEqual(fieldRules(error), c.errors.map((f) => `${f.field} ${f.rule}`).sort())
  })
}

test('terminal_id in the config is sent as the header', async () => {
  const v = CONTRACT.terminal_id
  const client = sb.client()
  const created = await client.createSession(v.config)
  assert.equal((await client.getResult(created.id)).terminalId, v.expected_terminal_id)
  const camel = await client.createSession({ ...v.config, terminal_id: undefined, terminalId: 'till-camel' })
  assert.equal((await client.getResult(camel.id)).terminalId, 'till-camel')
})

for (const c of CONTRACT.raw_targets) {
  test(`raw target: ${JSON.stringify(c.name)}`, async () => {
    const client = sb.client()
    if (c.resolves_to === 'avs') {
      const created = await client.createSession({ type: 'OVER', ttl: 900, ageEstimation: { threshold: 18 } })
      const got = await client.rawRequest('GET', `sessions/${created.id}`, { target: c.name })
      assert.equal(got.json().id, created.id)
    } else if (c.resolves_to === 'poa') {
      const body = { qr: { value: 'sandbox:success:18', scanned_at: new Date().toISOString() }, terminal: { id: 't' } }
      const got = await client.rawRequest('POST', '/poa/v1/verify', { target: c.name, body })
      // Reached PoA: a verification answer (on the AVS base this path is a 404).
      assert.ok(['SUCCESS', 'FAILURE'].includes(got.json().status))
    } else {
      await assert.rejects(client.rawRequest('GET', 'sessions', { target: c.name }), (e) => {
        assert.equal(e.code, c.code)
        assert.deepEqual(e.fieldErrors.map((f) => f.field), [c.field])
        return true
      })
    }
  })
}

for (const c of CONTRACT.environments) {
  test(`environment: ${c.name}`, () => {
    const build = () => new Client({ sdkId: 'sdk', apiKey: 'key', environment: c.name })
    if (c.avs_base) {
      assert.equal(build().toJSON().avsBase, c.avs_base)
    } else {
      assert.throws(build, (e) => {
        assert.equal(e.code, c.code)
        assert.ok(e.message.includes(c.message_contains), e.message)
        return true
      })
    }
  })
}

test('ERROR_CODES come from the core and equal the TypeScript ErrorCode union', () => {
  assert.deepEqual([...ERROR_CODES], native.nativeErrorCodes())
  const header = readFileSync(new URL('../types/header.d.ts', import.meta.url), 'utf8')
  const union = header.match(/export type ErrorCode =([^]*?)\n\n/)[1]
  const declared = [...union.matchAll(/'([^']+)'/g)].map((m) => m[1])
  assert.deepEqual(declared, [...ERROR_CODES])
})

test('a misspelt key is refused, and extra is the escape hatch', async () => {
  assert.throws(
    () => validateSessionConfig({ type: 'OVER', ttl: 900, ageEstimation: { threshold: 18 }, notificatonUrl: 'https://x' }),
    (e) => e.code === 'validation' && e.fieldErrors[0].field === 'notificaton_url' && e.fieldErrors[0].rule === 'unknown_field',
  )
  const config = { type: 'OVER', ttl: 900, ageEstimation: { threshold: 18 }, extra: { aFieldYotiAdded: true } }
  validateSessionConfig(config)
  assert.ok((await sb.client().createSession(config)).id)
  assert.throws(
    () => validateSessionConfig({ ...config, extra: { ttl: 5 } }),
    (e) => e.fieldErrors[0].field === 'extra.ttl',
  )
})

test('withOptions keeps the fields it is not given (core overrides)', async () => {
  const client = sb.client().withOptions({ timeouts: { totalMs: 7000 } })
  const created = await client.createSession({ type: 'OVER', ttl: 900, ageEstimation: { threshold: 18 } })
  assert.ok(created.id)
  assert.throws(() => sb.client().withOptions({ timeouts: { totlMs: 1 } }), (e) => e.code === 'config' && e.message.includes('totlMs'))
})

const MODEL_FIELDS = JSON.parse(readFileSync(new URL('../../tests/vectors/model_fields.json', import.meta.url), 'utf8'))
const camelKey = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
const HEADER = readFileSync(new URL('../types/header.d.ts', import.meta.url), 'utf8')

/** The members an interface of types/header.d.ts declares, with those of the interfaces it extends. */
function declaredMembers(name) {
  const block = HEADER.match(new RegExp(`export interface ${name}\\b(?: extends ([^{]*))?\\s*\\{([^]*?)\\n\\}`))
  assert.ok(block, `types/header.d.ts has no interface ${name}`)
  const own = [...block[2].matchAll(/^ {2}(?:readonly )?([a-zA-Z0-9]+)\??:/gm)].map((m) => m[1])
  const parents = (block[1] ?? '').split(',').map((p) => p.trim()).filter((p) => p && p !== 'HasRaw')
  return new Set([...own, ...parents.flatMap((p) => [...declaredMembers(p)])])
}

for (const model of Object.keys(MODEL_FIELDS).filter((k) => k !== 'description')) {
  test(`every core field of ${model} is declared in its TypeScript interface`, () => {
    const declared = declaredMembers(model)
    const missing = MODEL_FIELDS[model].map(camelKey).filter((k) => !declared.has(k))
    assert.deepEqual(missing, [], `${model} lacks ${missing} in types/header.d.ts`)
  })
}

const REQUEST_FIELDS = JSON.parse(readFileSync(new URL('../../tests/vectors/request_fields.json', import.meta.url), 'utf8'))
// Core request models whose TypeScript interface has another name.
const TS_NAME = {
  Methods: 'MethodConfigs',
  PoaVerifyInput: 'PoaVerifyRequest',
  TimeoutOverrides: 'TimeoutOptions',
  RetryOverrides: 'RetryOptions',
  WaitOverrides: 'WaitOptions',
}

for (const model of Object.keys(REQUEST_FIELDS).filter((k) => k !== 'description')) {
  test(`every key the core reads for ${model} is declared in TypeScript`, () => {
    const declared = declaredMembers(TS_NAME[model] ?? model)
    const missing = REQUEST_FIELDS[model].map(camelKey).filter((k) => !declared.has(k))
    assert.deepEqual(missing, [], `${TS_NAME[model] ?? model} lacks ${missing} in types/header.d.ts`)
  })
}

const ENUM_VALUES = JSON.parse(readFileSync(new URL('../../tests/vectors/enum_values.json', import.meta.url), 'utf8'))
const ENUMS = Object.keys(ENUM_VALUES).filter((k) => k !== 'description')
const literals = (text) => [...text.matchAll(/'([^']+)'/g)].map((m) => m[1])

test('EnumName and knownValues() list every open enum of the core', async () => {
  const { knownValues } = await import('yoti-age')
  assert.deepEqual(Object.keys(knownValues()).sort(), [...ENUMS].sort())
  const union = HEADER.match(/export type EnumName =([^]*?)\nexport/)[1]
  assert.deepEqual(literals(union).sort(), [...ENUMS].sort())
})

for (const name of ENUMS) {
  test(`the TypeScript type ${name}, where declared, lists the core's values`, () => {
    const declared = HEADER.match(new RegExp(`export type ${name} =([^]*?)\\n(?:\\n|export|/\\*\\*)`))
    if (!declared) return
    assert.deepEqual(literals(declared[1]), ENUM_VALUES[name])
  })
}

for (const c of CONTRACT.poa_requests) {
  test(`PoA request: ${c.name}`, async () => {
    const client = sb.client()
    const sent = async () => (await sb.requests()).filter((e) => String(e.path).startsWith('/poa/')).length
    const before = await sent()
    const request = { ...c.request, qr: `${c.request.qr}:node-${randomUUID()}` }
    if (c.errors) {
      await assert.rejects(client.poaVerify(request), (e) => {
        assert.equal(e.code, c.code)
        assert.deepEqual(fieldRules(e), c.errors.map((f) => `${f.field} ${f.rule}`).sort())
        return true
      })
      assert.equal(await sent(), before, 'nothing is sent')
    } else {
      const verification = await client.poaVerify(request)
      assert.equal(verification.result.status, c.status)
    }
  })
}

test('an unknown client option is a config error naming it, never dropped', () => {
  assert.throws(
    () => new Client({ sdkId: 'sdk', apiKey: 'key', userAgentSufix: 'shop/1' }),
    (e) => e.code === 'config' && e.message.includes('userAgentSufix'),
  )
})

for (const c of CONTRACT.credentials) {
  test(`credentials: ${c.name}`, async () => {
    const build = () =>
      new Client({
        sdkId: sb.sdkId + (c.sdk_id_suffix ?? ''),
        apiKey: sb.apiKey + (c.api_key_suffix ?? ''),
        environment: { avsUrl: sb.avsUrl },
      })
    if (c.works) {
      assert.ok((await build().createSession({ type: 'OVER', ttl: 900, ageEstimation: { threshold: 18 } })).id)
    } else {
      assert.throws(build, (e) => {
        assert.equal(e.code, c.code)
        assert.ok(e.message.includes(c.message_contains), e.message)
        assert.ok(!e.message.includes('X-Injected'))
        return true
      })
    }
  })
}

for (const c of CONTRACT.path_ids) {
  test(`path id: ${c.name}`, async () => {
    const sent = async () => (await sb.requests()).filter((e) => String(e.path).startsWith('/api/')).length
    const before = await sent()
    await assert.rejects(sb.client().getResult(c.id), (e) => {
      if (c.code) {
        assert.equal(e.code, c.code)
        assert.deepEqual(e.fieldErrors.map((f) => f.field), [c.field])
      } else {
        assert.equal(e.code, c.sent_code)
      }
      return true
    })
    if (c.code) assert.equal(await sent(), before, 'nothing is sent')
  })
}

for (const c of CONTRACT.terminal_ids) {
  test(`terminal id: ${c.name}`, async () => {
    const config = { type: 'OVER', ttl: 900, ageEstimation: { threshold: 18 }, terminalId: c.terminal_id }
    await assert.rejects(sb.client().createSession(config), (e) => {
      assert.equal(e.code, c.code)
      assert.deepEqual(e.fieldErrors.map((f) => f.field), [c.field])
      return true
    })
  })
}
