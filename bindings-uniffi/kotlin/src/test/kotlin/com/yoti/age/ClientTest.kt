package com.yoti.age

import com.yoti.age.models.SessionCallback
import com.yoti.age.models.Environment
import com.yoti.age.models.MethodConfig
import com.yoti.age.models.Methods
import com.yoti.age.models.MetricsQuery
import com.yoti.age.models.PoaStatus
import com.yoti.age.models.PoaVerification
import com.yoti.age.models.PoaVerifyRequest
import com.yoti.age.models.Qr
import com.yoti.age.models.RawTarget
import com.yoti.age.models.RetryPolicy
import com.yoti.age.models.RuleConfig
import com.yoti.age.models.SessionConfig
import com.yoti.age.models.SessionStatus
import com.yoti.age.models.SessionType
import com.yoti.age.models.Terminal
import com.yoti.age.models.Timeouts
import com.yoti.age.models.UserViewMethod
import com.yoti.age.models.WaitOptions
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.security.KeyPairGenerator
import java.time.Duration
import java.time.Instant
import java.util.Base64

/** Every client operation against the local sandbox. */
class ClientTest {
    private val sb = Sandbox.shared
    private val client = sb.client()

    private fun over18() = SessionConfig(
        sessionType = SessionType.Over,
        ttl = 900u,
        referenceId = "kotlin-test",
        callback = SessionCallback(url = "https://example.com/done", auto = true),
        methods = Methods(ageEstimation = MethodConfig(allowed = true, threshold = 18u)),
    )

    @Test
    fun `create, get, complete and read the result of a session`() = runBlocking {
        val created = client.createSession(over18())
        assertTrue(created.id.isNotEmpty())
        assertEquals(SessionStatus.Pending, created.status)
        assertNotNull(created.expiresAt)
        assertTrue(created.raw.contains(created.id), "raw JSON is kept")

        val view = client.getSession(created.id)
        assertEquals(created.id, view.id)
        assertEquals(SessionType.Over, view.sessionType)
        assertEquals("kotlin-test", view.referenceId)

        val pending = client.getResult(created.id)
        assertEquals(SessionStatus.Pending, pending.status)
        assertFalse(sessionStatusIsTerminal(pending.status))

        sb.complete(created.id, JSONObject().put("age", 25).put("method", "AGE_ESTIMATION"))
        val done = client.getResult(created.id)
        assertEquals(SessionStatus.Complete, done.status)
        assertEquals("COMPLETE", sessionStatusWire(done.status))
        assertNotNull(done.age)
        assertEquals("AGE_ESTIMATION", methodWire(done.method!!))
        assertEquals(1u, done.ageEstimation!!.attempts)
    }

    @Test
    fun `waitForResult returns once the session is terminal`() = runBlocking {
        val created = client.createSession(over18())
        sb.complete(created.id, JSONObject().put("age", 12))
        val options = WaitOptions(Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofMillis(50))
        val result = client.waitForResult(created.id, options)
        assertEquals(SessionStatus.Fail, result.status)
        assertTrue(sessionStatusIsTerminal(result.status))
    }

    @Test
    fun `waitForResult returns the last result at the deadline`() = runBlocking {
        val created = client.createSession(over18())
        val options = WaitOptions(Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofMillis(20))
        assertEquals(SessionStatus.Pending, client.waitForResult(created.id, options).status)
    }

    @Test
    fun `userViewUrl is built locally`() {
        assertEquals("${sb.baseUrl}/?sessionId=s-1&sdkId=${sb.sdkId}", client.userViewUrl("s-1"))
        val direct = client.userViewUrl("s-1", UserViewMethod.AgeEstimation)
        assertTrue(direct.startsWith(sb.baseUrl) && direct.contains("age-estimation"), direct)
        val e = assertThrows<YotiAgeException.Failed> { client.userViewUrl("") }
        assertEquals("validation", e.code)
    }

    @Test
    fun `selfie upload from bytes`() = runBlocking {
        val png = byteArrayOf(0x89.toByte(), 'P'.code.toByte(), 'N'.code.toByte(), 'G'.code.toByte(), '\r'.code.toByte(), '\n'.code.toByte(), 0x1a, '\n'.code.toByte(), 0, 0, 0, 0)
        val id = client.createSession(over18()).id
        val outcome = client.uploadSelfie(id, png, Instant.now(), "{\"secure\":1}")
        assertEquals(SessionStatus.Complete, outcome.status)

        val other = client.createSession(over18()).id
        val e = assertThrows<YotiAgeException.Failed> {
            runBlocking { client.uploadSelfie(other, "GIF89a".toByteArray(), Instant.now(), "{}") }
        }
        assertEquals("bad_request", e.code)
        assertEquals(400.toUShort(), e.status)
        assertEquals("UNSUPPORTED_IMAGE_FORMAT", e.apiCode)
    }

    @Test
    fun `rules and metrics`() = runBlocking {
        val rule = client.createRule(
            RuleConfig(sessionType = SessionType.Over, ttl = 900u, methods = Methods(ageEstimation = MethodConfig(allowed = true, threshold = 18u))),
        )
        assertTrue(rule.id.isNotEmpty())
        client.createSession(over18())
        val now = Instant.now()
        val stats = client.metrics(MetricsQuery(now.minusSeconds(3600), now.plusSeconds(60)))
        assertTrue(stats.totalCreatedSessions >= 1u, "$stats")
        val invalid = assertThrows<YotiAgeException.Failed> {
            runBlocking { client.metrics(MetricsQuery(now, now.minusSeconds(60))) }
        }
        assertEquals("validation", invalid.code)
    }

    @Test
    fun `PoA verify, get and wait`() = runBlocking {
        val tag = System.nanoTime()
        val ok = client.poaVerify(PoaVerifyRequest(Qr("sandbox:success:18:k$tag", Instant.now()), Terminal("till-1")))
        assertTrue(ok is PoaVerification.Completed)
        val result = (ok as PoaVerification.Completed).v1
        assertEquals(PoaStatus.Success, result.status)
        assertEquals(18u, result.result!!.ageOver)

        val pending = client.poaVerify(PoaVerifyRequest(Qr("sandbox:pending:2:k$tag", Instant.now()), Terminal("till-1")))
        assertTrue(pending is PoaVerification.Pending)
        val id = (pending as PoaVerification.Pending).v1.id
        assertEquals(id, client.poaGet(id).id)
        val waited = client.poaWait(id, WaitOptions(Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofMillis(50)))
        assertEquals(PoaStatus.Success, waited.status)
        assertTrue(poaStatusIsTerminal(waited.status))

        val stale = assertThrows<YotiAgeException.Failed> {
            runBlocking { client.poaVerify(PoaVerifyRequest(Qr("sandbox:success:18", Instant.now().minusSeconds(120)), Terminal("t"))) }
        }
        assertEquals("poa.qr_stale", stale.code)
    }

    @Test
    fun `raw request reaches the API with the client's auth`() = runBlocking {
        val id = client.createSession(over18()).id
        val raw = client.rawRequest("GET", RawTarget.AVS, "/sessions/$id")
        assertEquals(200.toUShort(), raw.status)
        assertTrue(String(raw.body).contains(id))
        assertTrue(raw.headers.any { it.name == "content-type" })
        val put = client.rawRequest("PUT", RawTarget.AVS, "/sessions/$id/response-config", "{\"age\":30}")
        assertEquals(200.toUShort(), put.status)
        assertEquals(SessionStatus.Complete, client.getResult(id).status)
        val bad = assertThrows<YotiAgeException.Failed> { runBlocking { client.rawRequest("GET", RawTarget.AVS, "/x", "{not json") } }
        assertEquals("config", bad.code)
    }

    @Test
    fun `timeouts and retry policy per client`() {
        val t = Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3))
        val slow = client.withTimeouts(t)
        assertEquals(t, slow.timeouts())
        val none = RetryPolicy(0u, Duration.ofMillis(500), Duration.ofSeconds(8))
        assertEquals(none, client.withRetryPolicy(none).retryPolicy())
        assertEquals(Duration.ofMillis(5), client.retryPolicy().base)
        assertEquals(sb.sdkId, client.sdkId())
    }

    @Test
    fun `a total timeout shorter than the server's delay is a timeout error`() = runBlocking {
        val id = client.createSession(over18()).id
        sb.addFault(JSONObject().put("delay_ms", 2000).put("path", "/api/v1/sessions/$id/result").put("times", 3))
        try {
            val quick = client.withTimeouts(Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(300)))
            val e = assertThrows<YotiAgeException.Failed> { runBlocking { quick.getResult(id) } }
            assertEquals("timeout", e.code)
        } finally {
            sb.clearFaults()
        }
    }

    @Test
    fun `central auth credentials`() = runBlocking {
        val pair = KeyPairGenerator.getInstance("RSA").apply { initialize(2048) }.genKeyPair()
        val pem = { label: String, der: ByteArray ->
            "-----BEGIN $label-----\n" + Base64.getMimeEncoder(64, "\n".toByteArray()).encodeToString(der) + "\n-----END $label-----\n"
        }
        sb.control(
            "POST", "client-keys",
            JSONObject().put("sdk_id", sb.sdkId).put("public_key_pem", pem("PUBLIC KEY", pair.public.encoded)).toString(),
        )
        val privatePem = pem("PRIVATE KEY", pair.private.encoded)
        val central = ClientBuilder()
            .sdkId(sb.sdkId)
            .centralAuth(privatePem, "avs:sessions:create avs:sessions:read poa:verify")
            .environment(Environment.Custom(sb.avsUrl, sb.poaUrl, sb.authUrl))
            .build()
        assertFalse(central.toString().contains("BEGIN"), "the private key never prints")
        assertTrue(central.createSession(over18()).id.isNotEmpty())
        assertTrue(central.centralAuthScope().contains("avs:sessions:create"))
        val poa = central.poaVerify(PoaVerifyRequest(Qr("sandbox:success:18:central${System.nanoTime()}", Instant.now()), Terminal("till-1")))
        assertTrue(poa is PoaVerification.Completed)

        val noCentral = assertThrows<YotiAgeException.Failed> { runBlocking { client.centralAuthScope() } }
        assertEquals("config", noCentral.code)
    }

    @Test
    fun `fromEnv reads YOTI variables, and reports a config error without them`() {
        if (System.getenv("YOTI_SDK_ID") != null) return
        val e = assertThrows<YotiAgeException.Failed> { Client.fromEnv() }
        assertEquals("config", e.code)
        assertTrue(e.detail.contains("sdk_id"), e.detail)
    }

    @Test
    fun `builder configuration errors name the field`() {
        val e = assertThrows<YotiAgeException.Failed> { ClientBuilder().apiKey("k").build() }
        assertEquals("config", e.code)
        assertTrue(e.detail.contains("sdk_id"))
        val http = assertThrows<YotiAgeException.Failed> {
            ClientBuilder().sdkId("s").apiKey("k").environment(Environment.Custom("http://example.com/api/v1", "", "")).build()
        }
        assertEquals("config", http.code)
        assertNull(http.status)
    }

    @Test
    fun `the runtime started lazily and is reused`() = runBlocking {
        // Loading the library started nothing (checked first thing in RuntimeTest); after a call it runs.
        client.getSession(client.createSession(over18()).id)
        assertTrue(runtimeStarted())
    }
}
