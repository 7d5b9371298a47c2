// 10,000 calls: heap and RSS stay flat after warm-up (run with --expose-gc).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { Sandbox } from 'yoti-age/testing'

let sb
before(async () => {
  sb = await Sandbox.start()
})
after(() => sb.stop())

const gc = globalThis.gc
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((r) => setImmediate(r))
  }
}

test('memory stays flat over 10,000 calls', { skip: gc ? false : 'needs --expose-gc' }, async () => {
  const client = sb.client()
  const created = await client.createSession({ type: 'OVER', ttl: 900, ageEstimation: { allowed: true, threshold: 18 } })
  const controller = new AbortController()
  const batch = async (n) => {
    for (let i = 0; i < n; i += 10) {
      const calls = []
      for (let j = 0; j < 10; j++) {
        calls.push(j % 2 ? client.getResult(created.id) : client.getResult(created.id, { signal: controller.signal }))
      }
      calls.push(client.getResult('missing').catch((e) => e.code))
      await Promise.all(calls)
    }
  }
  await batch(2000)
  await settle()
  const heap0 = process.memoryUsage().heapUsed
  const rss0 = process.memoryUsage().rss
  await batch(10_000)
  await settle()
  const heap1 = process.memoryUsage().heapUsed
  const rss1 = process.memoryUsage().rss
  const mb = (n) => (n / 1024 / 1024).toFixed(1)
  console.log(`# heap ${mb(heap0)} -> ${mb(heap1)} MB, rss ${mb(rss0)} -> ${mb(rss1)} MB`)
  assert.ok(heap1 - heap0 < 4 * 1024 * 1024, `heap grew ${mb(heap1 - heap0)} MB`)
  assert.ok(rss1 - rss0 < 24 * 1024 * 1024, `rss grew ${mb(rss1 - rss0)} MB`)
})
