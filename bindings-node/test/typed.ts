// Type-level test: checked by `tsc --strict --noEmit` (npm run typecheck), not run.
import {
  Client, YotiAgeError, isYotiAgeError, WebhookVerifier, validateSessionConfig, isKnown,
  type SessionResult, type SessionStatus, type PoaVerification, type ErrorCode, type AvsNotification,
  type CreatedSession, type SummaryStats, type AccessToken, type RawResponse,
} from 'yoti-age'
import { Sandbox, type Outcome } from 'yoti-age/testing'

declare const client: Client
declare const signal: AbortSignal

async function typed(): Promise<void> {
  const created: CreatedSession = await client.createSession({ type: 'OVER', ttl: 900, ageEstimation: { threshold: 18 } }, { signal })
  const result: SessionResult = await client.getResult(created.id)
  const status: SessionStatus = result.status
  // Known values narrow; unknown strings stay allowed.
  if (status === 'COMPLETE' || status === 'SOME_FUTURE_STATUS') console.log(result.age?.toFixed(0))
  const attempts: number | undefined = result.ageEstimation?.attemptsRemaining
  void attempts
  const created2: string | null = result.createdAt
  void created2

  const v: PoaVerification = await client.poaVerify({ qr: 'x', terminalId: 't', scannedAt: new Date() })
  if (v.kind === 'pending') await client.poaWait(v.result.id, { timeoutMs: 1000, signal })
  const stats: SummaryStats = await client.metrics({ createdAfter: new Date(0), createdBefore: '2025-01-01T00:00:00Z' })
  const n: number = stats.methods['age_estimation']?.totalChecks ?? 0
  void n
  const token: AccessToken = await client.accessToken()
  const t: string = token.token
  void t
  const raw: RawResponse = await client.rawRequest('GET', '/sessions', { target: 'avs' })
  const h: string | null = raw.header('x-request-id')
  void h
  await client.uploadSelfie(created.id, { image: new Uint8Array(4), secureToken: '{}' })
  await client.createRule({ ttl: 60, ageEstimation: { threshold: 18 } })

  try {
    validateSessionConfig({ ttl: 1 })
  } catch (e) {
    if (isYotiAgeError(e)) {
      const code: ErrorCode = e.code
      const fields: string[] = e.fieldErrors.map((f) => f.field)
      const retry: number | null = e.retryAfter
      void [code, fields, retry, e.status, e.requestId, e.apiCode]
    }
  }
  const err = new YotiAgeError({ code: 'timeout', message: 'x' })
  // @ts-expect-error: not an error code
  const wrong: ErrorCode = 'nope'
  void [err, wrong]

  const notification: AvsNotification = new WebhookVerifier('pem').verify(Buffer.from('{}'))
  const state: 'COMPLETE' | 'FAIL' | 'ERROR' | (string & {}) = notification.state
  void state
  console.log(isKnown('SessionStatus', status))

  const sb = await Sandbox.start()
  const outcome: Outcome = { status: 'COMPLETE', age: 20 }
  const completed: SessionResult = sb.complete(created.id, outcome)
  const body: Buffer = sb.signWebhook({ sessionKey: completed.id, state: 'COMPLETE' })
  void body
  sb.stop()
  // @ts-expect-error: createSession needs a config
  await client.createSession()
}
void typed
