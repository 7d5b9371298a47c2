// header

/** The native client. Construct it through the JS `Client` class. */
export declare class NativeClient {
  /** Builds a client from options JSON (see `ClientOptions` in index.d.ts). */
  constructor(optionsJson: string)
  /** A client from the `YOTI_*` environment variables. */
  static fromEnv(): NativeClient
  /** A client sharing connections and tokens, with other timeouts and retries. */
  withOptions(optionsJson: string): NativeClient
  /** The configuration without secrets, as JSON (for `inspect` and `toJSON`). */
  describe(): string
  /** `POST /sessions`. */
  createSession(configJson: string, cancelId: number): Promise<NativeReply>
  /** `GET /sessions/{id}`. */
  getSession(sessionId: string, cancelId: number): Promise<NativeReply>
  /** `GET /sessions/{id}/result`. */
  getResult(sessionId: string, cancelId: number): Promise<NativeReply>
  /** Polls the result until terminal or the wait timeout. */
  waitForResult(sessionId: string, waitJson: string | undefined | null, cancelId: number): Promise<NativeReply>
  /** The hosted user-view URL (`method`: `age-estimation`, `doc-scan`, `yoti`, ...). */
  userViewUrl(sessionId: string, method?: string | undefined | null): NativeReply
  /** `POST /sessions/{id}/age-estimation` (headless selfie). */
  uploadSelfie(sessionId: string, image: Buffer, biometricConsent: string, secureToken: string, cancelId: number): Promise<NativeReply>
  /** `POST /rules`. */
  createRule(ruleJson: string, cancelId: number): Promise<NativeReply>
  /** `GET /report/fetch-summary-stats`. */
  metrics(createdAfter: string, createdBefore: string, cancelId: number): Promise<NativeReply>
  /** `POST /poa/v1/verify`. */
  poaVerify(requestJson: string, cancelId: number): Promise<NativeReply>
  /** `GET /poa/v1/verify/{id}`. */
  poaGet(id: string, cancelId: number): Promise<NativeReply>
  /** Polls a PoA verification until SUCCESS/FAILURE or the wait timeout. */
  poaWait(id: string, waitJson: string | undefined | null, cancelId: number): Promise<NativeReply>
  /** A central-auth access token (`token` is a secret). */
  accessToken(cancelId: number): Promise<NativeReply>
  /** Any request to AVS (`target` `avs`) or PoA (`poa`) with this client's auth and retries. */
  rawRequest(method: string, target: string, path: string, bodyJson: string | undefined | null, cancelId: number): Promise<NativeReply>
}

/**
 * A local sandbox. `start` it, then use its URLs and credentials; dropped or `stop`ped, it
 * stops serving.
 */
export declare class NativeSandbox {
  /** An unstarted sandbox. */
  constructor()
  /** Starts it on 127.0.0.1 and a free port; resolves with its URLs and credentials. */
  start(optionsJson: string): Promise<NativeReply>
  /**
   * Plays the user: records an attempt (`{ status?, age?, method? }`) and sends its webhook;
   * returns the session result.
   */
  complete(sessionId: string, outcomeJson: string): NativeReply
  /**
   * Signs a notification (API or camelCase keys) with the sandbox's webhook key, as Yoti
   * does; returns the body to POST.
   */
  signWebhook(notificationJson: string): NativeReply
  /** Accepts central-auth assertions signed by this key (SPKI PEM) for this SDK id. */
  registerClientKey(sdkId: string, publicKeyPem: string): void
  /** Stops serving (idempotent). */
  stop(): void
}

/** Verifies AVS webhooks against one public key. */
export declare class NativeWebhookVerifier {
  /**
   * A verifier for an SPKI PEM key, or Yoti's production key when `None`; with
   * `tolerance_seconds`, notifications whose timestamp is further from now are `webhook.stale`.
   */
  constructor(publicKeyPem?: string | undefined | null, toleranceSeconds?: number | undefined | null)
  /** Verifies the raw body and parses it. */
  verify(body: Buffer): NativeReply
}

/**
 * Aborts the call registered under `id` (from an `AbortSignal`): its future is dropped and
 * its Promise settles with a `cancelled` error. Unknown ids are ignored.
 */
export declare function nativeCancelCall(id: number): void

/**
 * Panics on purpose, to prove a Rust panic becomes a rejected Promise or a thrown error
 * (tests only): synchronously, or inside an async task when `asynchronous`.
 */
export declare function nativeDebugPanic(asynchronous: boolean): NativeReply | Promise<NativeReply>

/** The error an HTTP error response maps to (status, body, request id, Retry-After seconds). */
export declare function nativeErrorFromResponse(status: number, body: string, requestId?: string | undefined | null, retryAfterSeconds?: number | undefined | null): NativeReply

/** The prefix of thrown errors that carry a `YotiAgeError` as JSON. */
export declare function nativeErrorPrefix(): string

/** Every known value of each open enum, as JSON (`{"SessionStatus": [...], ...}`). */
export declare function nativeKnownValues(): string

/** Parses a session creation body (`POST /sessions`) as the client would. */
export declare function nativeParseCreatedSession(body: Buffer): NativeReply

/** Parses a PoA result body as the client would. */
export declare function nativeParsePoaResult(body: Buffer): NativeReply

/** Parses a session result body (`GET /sessions/{id}/result`) as the client would. */
export declare function nativeParseSessionResult(body: Buffer): NativeReply

/** What a native call settles with: `ok` tells whether `json` is the value or the error. */
export interface NativeReply {
  /** `true`: `json` is the value; `false`: `json` is the error. */
  ok: boolean
  /** The value or error as JSON text. */
  json: string
  /** The response body as received, for models that keep it (`raw`). */
  raw?: string
  /** Body bytes (raw requests, signed webhooks). */
  body?: Buffer
}

/** Whether the runtime has been started (for the lazy-start test). */
export declare function nativeRuntimeStarted(): boolean

/** Validates a session configuration without sending it (every error, with JSON paths). */
export declare function nativeValidateSessionConfig(configJson: string): NativeReply

/** Checks a PoA webhook: every expected header present with the same value, then parses the body. */
export declare function nativeVerifyPoaWebhook(expectedHeadersJson: string, receivedHeadersJson: string, body: Buffer): NativeReply

/** The version of the binding. */
export declare function nativeVersion(): string
