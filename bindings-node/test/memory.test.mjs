// 10,000 calls: heap and RSS stay flat after warm-up (run with --expose-gc). The server is a
// bare node:http process (bench/result-server.mjs), so only the binding's memory is measured (the
// sandbox keeps a log of every request, which would grow by itself).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Client } from 'yoti-age'

let server
let base
before(async () => {
  server = fork(fileURLToPath(new URL('../bench/result-server.mjs', import.meta.url)))
  const { port } = await new Promise((resolve) => server.once('message', resolve))
  base = `http://127.0.0.1:${port}`
})
after(() => server.disconnect())

const gc = globalThis.gc
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((r) => setTimeout(r, 20))
  }
}

test('memory stays flat over 10,000 calls', { skip: gc ? false : 'needs --expose-gc' }, async () => {
  const client = new Client({ sdkId: 'mem', apiKey: 'mem', environment: { avsUrl: `${base}/api/v1` } })
  const controller = new AbortController()
  const batch = async (n) => {
    for (let i = 0; i < n; i += 10) {
      const calls = []
      for (let j = 0; j < 10; j++) {
        calls.push(j % 2 ? client.getResult('s-1') : client.getResult('s-1', { signal: controller.signal }))
      }
      // An error path too (validation, nothing sent).
      calls.push(client.createSession({ ttl: 1 }).catch((e) => e.code))
      await Promise.all(calls)
    }
  }
  // Warm-up long enough for the allocator arenas of the runtime threads to reach their size.
  await batch(10_000)
  await settle()
  const heap0 = process.memoryUsage().heapUsed
  const rss0 = process.memoryUsage().rss
  await batch(10_000)
  await settle()
  const heap1 = process.memoryUsage().heapUsed
  const rss1 = process.memoryUsage().rss
  const mb = (n) => (n / 1024 / 1024).toFixed(1)
  console.log(`heap ${mb(heap0)} -> ${mb(heap1)} MB, rss ${mb(rss0)} -> ${mb(rss1)} MB`)
  assert.ok(heap1 - heap0 < 4 * 1024 * 1024, `heap grew ${mb(heap1 - heap0)} MB`)
  assert.ok(rss1 - rss0 < 16 * 1024 * 1024, `rss grew ${mb(rss1 - rss0)} MB`)
})
