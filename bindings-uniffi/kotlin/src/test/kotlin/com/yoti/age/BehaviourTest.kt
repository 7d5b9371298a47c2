package com.yoti.age

import com.yoti.age.models.Environment
import com.yoti.age.models.Level
import com.yoti.age.models.MethodConfig
import com.yoti.age.models.Methods
import com.yoti.age.models.SessionConfig
import com.yoti.age.models.SessionStatus
import com.yoti.age.models.UserViewMethod
import com.yoti.age.models.WaitOptions
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.time.Duration

/** Errors, secrets, cancellation, unknown enum values, PoA webhooks and the lazy runtime. */
class BehaviourTest {
    private val sb = Sandbox.shared

    private fun config() = SessionConfig(ttl = 900u, methods = Methods(ageEstimation = MethodConfig(allowed = true, threshold = 18u)))

    @Test
    fun `cancelling a waitForResult coroutine stops the polling`() = runBlocking {
        val client = sb.client()
        val id = client.createSession(config()).id
        val path = "/api/v1/sessions/$id/result"
        val fast = WaitOptions(Duration.ofSeconds(60), Duration.ofMillis(20), Duration.ofMillis(20))
        var finished = false
        val job = launch(Dispatchers.Default) {
            client.waitForResult(id, fast)
            finished = true
        }
        withTimeout(10_000) { while (sb.attempts(path) < 3) delay(20) }
        job.cancelAndJoin()
        assertTrue(job.isCancelled)
        assertFalse(finished)
        delay(200) // a request already in flight when the task was aborted may still be logged
        val afterCancel = sb.attempts(path)
        delay(1_000) // 50 polls' worth at 20 ms
        assertEquals(afterCancel, sb.attempts(path), "the Rust task kept polling after cancellation")
        // The client is still usable afterwards.
        assertEquals(SessionStatus.Pending, client.getResult(id).status)
    }

    @Test
    fun `errors carry code, status, request id and retry-after`() = runBlocking {
        val client = sb.client().withRetryPolicy(com.yoti.age.models.RetryPolicy(0u, Duration.ofMillis(1), Duration.ofMillis(1)))
        val missing = assertThrows<YotiAgeException.Failed> { runBlocking { client.getResult("no-such-session") } }
        assertEquals("not_found", missing.code)
        assertEquals(404.toUShort(), missing.status)
        assertNotNull(missing.requestId)
        assertTrue(missing.message!!.contains("not_found"))

        sb.addFault(org.json.JSONObject().put("status", 429).put("retry_after", 7).put("path", "/api/v1/sessions/rl/").put("times", 1))
        val limited = try {
            assertThrows<YotiAgeException.Failed> { runBlocking { client.getResult("rl") } }
        } finally {
            sb.clearFaults()
        }
        assertEquals("rate_limited", limited.code)
        assertEquals(7_000uL, limited.retryAfterMs)

        val wrongKey = sb.builder().apiKey("wrong-key").build()
        val forbidden = assertThrows<YotiAgeException.Failed> { runBlocking { wrongKey.getResult("x") } }
        assertTrue(forbidden.code == "auth.forbidden" || forbidden.code == "auth.unauthenticated", forbidden.code)

        val invalid = assertThrows<YotiAgeException.Failed> {
            validateSessionConfig(SessionConfig(methods = Methods(ageEstimation = MethodConfig(allowed = true, threshold = 200u))))
        }
        assertEquals("validation", invalid.code)
        assertEquals(setOf("ttl" to "required", "age_estimation.threshold" to "range"), invalid.fieldErrors.map { it.field to it.rule }.toSet())
    }

    @Test
    fun `secrets never print`() = runBlocking {
        val canary = "canary-5f1b-secret"
        val builder = ClientBuilder()
            .sdkId(sb.sdkId)
            .apiKey(canary)
            .poaToken("$canary-poa")
            .centralAuth("-----BEGIN PRIVATE KEY-----\n$canary\n-----END PRIVATE KEY-----\n", "avs:sessions:read")
            .environment(Environment.Custom(sb.avsUrl, sb.poaUrl, sb.authUrl))
        assertFalse(builder.toString().contains(canary), builder.toString())
        assertTrue(builder.toString().contains("***"))
        val client = sb.builder().apiKey(canary).build()
        assertFalse(client.toString().contains(canary), client.toString())
        val e = assertThrows<YotiAgeException.Failed> { runBlocking { client.getResult("x") } }
        for (text in listOf(e.toString(), e.message ?: "", e.detail, e.stackTraceToString())) {
            assertFalse(text.contains(canary), text)
        }
        val keyError = assertThrows<YotiAgeException.Failed> { builder.build() }
        assertFalse(keyError.toString().contains(canary), keyError.toString())
    }

    @Test
    fun `unknown enum values are kept both ways`() {
        val result = sessionResultFromJson("{\"id\":\"u1\",\"status\":\"PAUSED\",\"method\":\"RETINA_SCAN\"}")
        assertEquals(SessionStatus.Other("PAUSED"), result.status)
        assertEquals("RETINA_SCAN", methodWire(result.method!!))
        val json = sessionConfigToJson(SessionConfig(ttl = 900u, methods = Methods(ageEstimation = MethodConfig(allowed = true, threshold = 18u, level = Level.Other("HOLOGRAM")))))
        assertTrue(json.contains("\"level\":\"HOLOGRAM\""), json)
        // An unknown user-view method is refused locally (the core validates it), not sent.
        val e = assertThrows<YotiAgeException.Failed> { sb.client().userViewUrl("s-1", UserViewMethod.Other("brand-new")) }
        assertEquals("config", e.code)
        val poa = poaResultFromJson("{\"id\":\"d6\",\"status\":\"LATER\",\"provider\":\"A_PROVIDER\"}")
        assertEquals(com.yoti.age.models.PoaStatus.Other("LATER"), poa.status)
        assertEquals(com.yoti.age.models.PoaProvider.Other("A_PROVIDER"), poa.provider)
    }

    @Test
    fun `a webhook the sandbox sends verifies from its raw bytes`() = runBlocking {
        val received = java.util.concurrent.LinkedBlockingQueue<ByteArray>()
        val server = com.sun.net.httpserver.HttpServer.create(java.net.InetSocketAddress("127.0.0.1", 0), 0)
        server.createContext("/hook") { exchange ->
            received.add(exchange.requestBody.readAllBytes())
            exchange.sendResponseHeaders(204, -1)
            exchange.close()
        }
        server.start()
        try {
            val client = sb.client()
            val url = "http://127.0.0.1:${server.address.port}/hook"
            val id = client.createSession(config().copy(notificationUrl = url)).id
            sb.complete(id, org.json.JSONObject().put("age", 30))
            val body = received.poll(10, java.util.concurrent.TimeUnit.SECONDS) ?: error("no webhook arrived")
            val notification = WebhookVerifier.fromPublicKeyPem(sb.webhookPublicKeyPem).verify(body)
            assertEquals(id, notification.sessionKey)
            assertEquals("COMPLETE", attemptStateWire(notification.state))
            val tampered = String(body).replace(id, id.reversed()).toByteArray()
            val e = assertThrows<YotiAgeException.Failed> { WebhookVerifier.fromPublicKeyPem(sb.webhookPublicKeyPem).verify(tampered) }
            assertEquals("webhook.invalid_signature", e.code)
        } finally {
            server.stop(0)
        }
    }

    @Test
    fun `PoA webhooks check the configured headers in constant time`() {
        val body = "{\"id\":\"p1\",\"status\":\"SUCCESS\",\"result\":{\"age_over\":18,\"checks\":[\"NEW_CHECK\"]}}".toByteArray()
        val expected = mapOf("x-poa-secret" to "s3cret")
        val ok = verifyPoaWebhook(expected, listOf(HttpHeader("X-Poa-Secret", "s3cret")), body)
        assertEquals("p1", ok.id)
        assertEquals("NEW_CHECK", poaCheckWire(ok.result!!.checks[0]))
        val e = assertThrows<YotiAgeException.Failed> { verifyPoaWebhook(expected, listOf(HttpHeader("x-poa-secret", "nope")), body) }
        assertEquals("webhook.invalid_secret", e.code)
        assertFalse(e.toString().contains("s3cret"))
    }

    @Test
    fun `loading the library and building a client start no threads`() {
        // In a fresh JVM, so no earlier test has started the runtime.
        val java = File(System.getProperty("java.home"), "bin/java").path
        val process = ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"),
            "-Djna.library.path=${System.getProperty("jna.library.path")}",
            "com.yoti.age.LazyRuntimeProbe", sb.avsUrl, sb.poaUrl, sb.sdkId, sb.apiKey,
        ).redirectErrorStream(true).start()
        val output = process.inputStream.bufferedReader().readText().trim()
        assertEquals(0, process.waitFor(), output)
        assertEquals("before=false threads=0 after=true threads=true", output.lines().last())
    }
}

/** Run in a child JVM by the laziness test: prints whether the runtime ran before and after a call. */
object LazyRuntimeProbe {
    /** Native threads of this process named like the runtime's workers (Linux: /proc/self/task). */
    private fun runtimeThreads() = File("/proc/self/task").listFiles().orEmpty().count {
        runCatching { File(it, "comm").readText().trim() }.getOrDefault("") == "yoti-age"
    }

    @JvmStatic
    fun main(args: Array<String>) {
        val client = ClientBuilder().sdkId(args[2]).apiKey(args[3]).environment(Environment.Custom(args[0], args[1], "")).build()
        client.userViewUrl("s-1")
        val before = runtimeStarted()
        val threadsBefore = runtimeThreads()
        val after = runBlocking {
            try { client.getResult("probe") } catch (e: YotiAgeException) { }
            runtimeStarted()
        }
        println("before=$before threads=$threadsBefore after=$after threads=${runtimeThreads() > 0}")
    }
}
