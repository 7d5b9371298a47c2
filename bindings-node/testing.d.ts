import type { Client, ClientOptions, SessionResult, WebhookVerifier, AvsNotification } from './index'

export interface SandboxOptions {
  sdkId?: string
  apiKey?: string
  /** PKCS#8 PEM of the webhook signing key (default: a fresh RSA-3072 key, which takes a moment). */
  webhookPrivateKeyPem?: string
}

export interface Outcome {
  /** `COMPLETE`, `FAIL` or `ERROR`; absent: decided from `age` and the threshold. */
  status?: 'COMPLETE' | 'FAIL' | 'ERROR'
  age?: number
  /** Wire name, e.g. `AGE_ESTIMATION`; absent: the first allowed method. */
  method?: string
}

export interface Fault {
  kind?: 'status' | 'delay' | 'reset' | 'malformed' | 'truncated'
  method?: string
  path?: string
  times?: number
  status?: number
  retry_after?: number
  body?: string
  delay_ms?: number
}

/** The local sandbox, in-process, on 127.0.0.1 and a free port. */
export declare class Sandbox {
  static start(options?: SandboxOptions): Promise<Sandbox>
  readonly baseUrl: string
  readonly avsUrl: string
  readonly poaUrl: string
  readonly authUrl: string
  readonly sdkId: string
  /** A secret: not shown by inspect or JSON. */
  readonly apiKey: string
  readonly webhookPublicKeyPem: string
  env(): Record<'YOTI_SDK_ID' | 'YOTI_API_KEY' | 'YOTI_AVS_URL' | 'YOTI_POA_URL' | 'YOTI_AUTH_URL', string>
  client(options?: Partial<ClientOptions>): Client
  webhookVerifier(options?: { toleranceSeconds?: number }): WebhookVerifier
  complete(sessionId: string, outcome?: Outcome): SessionResult
  signWebhook(notification: Partial<Omit<AvsNotification, 'raw' | 'sentAt'>> & { sessionKey: string }): Buffer
  registerClientKey(sdkId: string, publicKeyPem: string): void
  addFault(fault: Fault): Promise<unknown>
  clearFaults(): Promise<unknown>
  requests(): Promise<Array<Record<string, unknown>>>
  advanceClock(seconds: number): Promise<unknown>
  freezeClock(frozen?: boolean): Promise<unknown>
  reset(): Promise<unknown>
  stop(): void
  toJSON(): { baseUrl: string; sdkId: string }
}

export declare function startSandbox(options?: SandboxOptions): Promise<Sandbox>
