// A plain node:http webhook receiver that keeps the raw body and verifies it, driven end to end
// against the in-process sandbox: create a session whose notification_url is this server, play
// the user, receive the real signed webhook, verify it on its raw bytes, then fetch the result.
//
//   node examples/node/webhook-receiver.mjs
import { createServer } from 'node:http'
import { isYotiAgeError } from 'yoti-age'
import { Sandbox } from 'yoti-age/testing'

const sandbox = await Sandbox.start()
const client = sandbox.client()
// In production: WebhookVerifier.yotiProduction().
const verifier = sandbox.webhookVerifier()

let resolveWebhook
const webhook = new Promise((resolve) => (resolveWebhook = resolve))

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/yoti/webhook') return res.writeHead(404).end()
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => {
    // Verify the bytes exactly as received: never JSON.parse and re-serialise first.
    const body = Buffer.concat(chunks)
    try {
      const notification = verifier.verify(body)
      res.writeHead(200).end()
      resolveWebhook(notification)
    } catch (e) {
      if (!isYotiAgeError(e)) throw e
      console.error(`rejected webhook: ${e.code}`)
      res.writeHead(400).end()
    }
  })
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${server.address().port}/yoti/webhook`

try {
  const session = await client.createSession({
    type: 'OVER',
    ttl: 900,
    ageEstimation: { allowed: true, threshold: 21 },
    notificationUrl: url,
    referenceId: 'order-1042',
  })
  console.log(`session ${session.id}; user view ${client.userViewUrl(session.id)}`)
  sandbox.complete(session.id, { age: 34 })
  const notification = await Promise.race([
    webhook,
    new Promise((_, reject) => setTimeout(() => reject(new Error('no webhook within 10 s')), 10_000)),
  ])
  console.log(`verified webhook ${notification.id}: ${notification.state} for ${notification.sessionKey}`)
  if (notification.sessionKey !== session.id || notification.state !== 'COMPLETE') process.exitCode = 1
  const result = await client.getResult(notification.sessionKey)
  console.log(`result: ${result.status} by ${result.method}, reference ${result.referenceId}`)
  if (result.status !== 'COMPLETE') process.exitCode = 1
} finally {
  server.close()
  sandbox.stop()
}
