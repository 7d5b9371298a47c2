// The benchmark's loopback server, in its own process so it does not share the clients' event
// loop or runtime: the project's sandbox (as in the Python benchmark) with one completed session.
// Sends { env, sessionId } to the parent; exits when the parent disconnects.
import { Sandbox } from 'yoti-age/testing'

const sb = await Sandbox.start()
const client = sb.client()
const session = await client.createSession({ type: 'OVER', ttl: 3600, ageEstimation: { allowed: true, threshold: 18 } })
sb.complete(session.id, { age: 30 })
process.send({ env: sb.env(), sessionId: session.id })
process.on('disconnect', async () => {
  await sb.stop()
  process.exit(0)
})
