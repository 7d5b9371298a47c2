// The quickstart in TypeScript (checked by `tsc --strict --noEmit`, run as a test after
// type-stripping): create a session, play the user on the sandbox, wait for the result, verify
// a PoA code.
import { Client, isYotiAgeError, type SessionConfig, type SessionResult } from 'yoti-age'
import { Sandbox } from 'yoti-age/testing'

async function main(): Promise<number> {
  const sandbox = await Sandbox.start()
  try {
    // In production: Client.fromEnv() with YOTI_SDK_ID and YOTI_API_KEY.
    const client: Client = sandbox.client()
    const config: SessionConfig = {
      type: 'OVER',
      ttl: 900,
      ageEstimation: { allowed: true, threshold: 21 },
      digitalId: { allowed: true, threshold: 18 },
      callback: { url: 'https://shop.example/age-checked', auto: true },
    }
    const session = await client.createSession(config)
    console.log(`send the user to ${client.userViewUrl(session.id)}`)
    sandbox.complete(session.id, { age: 25, method: 'DIGITAL_ID' })
    const result: SessionResult = await client.waitForResult(session.id, { timeoutMs: 10_000, initialIntervalMs: 50 })
    console.log(`${result.status} by ${result.method ?? 'no method'}`)

    const poa = await client.poaVerify({ qr: `sandbox:success:18:${Date.now()}`, terminalId: 'till-1' })
    if (poa.kind === 'completed' && poa.result.status === 'SUCCESS') {
      console.log(`PoA: over ${poa.result.result?.ageOver}`)
    }
    try {
      await client.getResult('no-such-session')
    } catch (e) {
      if (isYotiAgeError(e) && e.code === 'not_found') console.log(`not found (request ${e.requestId})`)
      else throw e
    }
    return result.status === 'COMPLETE' ? 0 : 1
  } finally {
    sandbox.stop()
  }
}

main().then((code) => process.exit(code))
