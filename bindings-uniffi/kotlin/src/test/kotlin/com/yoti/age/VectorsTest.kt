package com.yoti.age

import com.yoti.age.models.Method
import com.yoti.age.models.RetryPolicy
import com.yoti.age.models.SessionResult
import com.yoti.age.models.SessionStatus
import com.yoti.age.models.PoaVerifyRequest
import com.yoti.age.models.Qr
import com.yoti.age.models.Terminal
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import java.time.Duration
import java.time.Instant

/** The shared vectors (every file in tests/vectors), loaded unchanged; one dynamic test per case. */
class VectorsTest {
    private val configs = Vectors.load("session_configs")
    private val results = Vectors.load("results")
    private val webhooks = Vectors.load("webhooks")

    @TestFactory
    fun `valid session configs pass validation`(): List<DynamicTest> =
        configs.getJSONArray("valid").objects().map { case ->
            dynamicTest(case.getString("name")) {
                validateSessionConfig(sessionConfigFromJson(case.getJSONObject("config").toString()))
            }
        }

    @TestFactory
    fun `invalid session configs fail with the exact field paths and rules`(): List<DynamicTest> =
        configs.getJSONArray("invalid").objects().map { case ->
            dynamicTest(case.getString("name")) {
                // Unknown keys are refused when the JSON is read; the other rules on validation.
                val e = assertThrows<YotiAgeException.Failed> {
                    validateSessionConfig(sessionConfigFromJson(case.getJSONObject("config").toString()))
                }
                assertEquals("validation", e.code)
                val want = case.getJSONArray("errors").objects().map { it.getString("field") to it.getString("rule") }.sortedBy { it.toString() }
                val got = e.fieldErrors.map { it.field to it.rule }.sortedBy { it.toString() }
                assertEquals(want, got)
            }
        }

    @TestFactory
    fun `invalid session configs are never sent`(): List<DynamicTest> {
        val sb = Sandbox.shared
        val client = sb.client()
        return configs.getJSONArray("invalid").objects().map { case ->
            dynamicTest(case.getString("name")) {
                val json = case.getJSONObject("config").toString()
                val before = sb.attempts("/api/")
                val e = assertThrows<YotiAgeException.Failed> {
                    runBlocking { client.createSession(sessionConfigFromJson(json)) }
                }
                assertEquals("validation", e.code)
                assertEquals(before, sb.attempts("/api/"), "nothing reached the API")
            }
        }
    }

    private fun attempts(result: SessionResult, method: String): Pair<UInt, UInt>? = when (method) {
        "AGE_ESTIMATION" -> result.ageEstimation?.let { it.attempts to it.attemptsRemaining }
        "DIGITAL_ID" -> result.digitalId?.let { it.attempts to it.attemptsRemaining }
        "DOC_SCAN" -> result.docScan?.let { it.attempts to it.attemptsRemaining }
        "ELECTRONIC_ID" -> result.electronicId?.let { it.attempts to it.attemptsRemaining }
        else -> error("no mapping for method $method in this test")
    }

    @TestFactory
    fun `session results parse`(): List<DynamicTest> =
        results.getJSONArray("session_results").objects().map { case ->
            dynamicTest(case.getString("name")) {
                val body = case.getJSONObject("body")
                val result = sessionResultFromJson(body.toString())
                val expect = case.getJSONObject("expect")
                assertEquals(expect.getString("id"), result.id)
                assertEquals(expect.getString("status"), sessionStatusWire(result.status))
                assertEquals(expect.getBoolean("status_known"), result.status !is SessionStatus.Other)
                assertEquals(expect.getBoolean("terminal"), sessionStatusIsTerminal(result.status))
                if (expect.has("age")) assertEquals(expect.optValue("age")?.let { (it as Int).toUInt() }, result.age)
                if (expect.has("method")) assertEquals(expect.optValue("method"), result.method?.let { methodWire(it) })
                if (expect.has("method_known")) assertEquals(expect.getBoolean("method_known"), result.method !is Method.Other)
                if (expect.has("type")) assertEquals(expect.getString("type"), sessionTypeWire(result.sessionType))
                val strings = mapOf(
                    "evidence_id" to result.evidenceId, "reference_id" to result.referenceId, "rule_id" to result.ruleId,
                    "account_id" to result.accountId, "terminal_id" to result.terminalId,
                )
                for ((key, got) in strings) if (expect.has(key)) assertEquals(expect.optValue(key), got, key)
                val times = mapOf("created_at" to result.createdAt, "biometric_consent_given_at" to result.biometricConsentGivenAt)
                for ((key, got) in times) if (expect.has(key)) assertEquals(expect.optValue(key)?.let { Instant.parse(it as String) }, got, key)
                val counts = expect.optJSONObject("attempts") ?: JSONObject()
                for (method in counts.keySet()) {
                    val want = counts.optValue(method)?.let { val a = it as org.json.JSONArray; a.getInt(0).toUInt() to a.getInt(1).toUInt() }
                    assertEquals(want, attempts(result, method), method)
                }
                assertTrue(JSONObject(result.raw).similar(body), "raw JSON is the body as received")
            }
        }

    @TestFactory
    fun `created sessions parse`(): List<DynamicTest> =
        results.getJSONArray("created_sessions").objects().map { case ->
            dynamicTest(case.getString("name")) {
                val created = createdSessionFromJson(case.getJSONObject("body").toString())
                val expect = case.getJSONObject("expect")
                assertEquals(expect.getString("id"), created.id)
                assertEquals(expect.optValue("status"), created.status?.let { sessionStatusWire(it) })
                assertEquals(Instant.parse(expect.getString("expires_at")), created.expiresAt)
            }
        }

    @TestFactory
    fun `PoA results parse, unknown values kept`(): List<DynamicTest> =
        results.getJSONArray("poa_results").objects().map { case ->
            dynamicTest(case.getString("name")) {
                val result = poaResultFromJson(case.getJSONObject("body").toString())
                val expect = case.getJSONObject("expect")
                assertEquals(expect.getString("id"), result.id)
                assertEquals(expect.getString("status"), poaStatusWire(result.status))
                assertEquals(case.getInt("http_status") == 202, expect.getBoolean("pending"))
                if (expect.has("age_over")) assertEquals(expect.optValue("age_over")?.let { (it as Int).toUInt() }, result.result?.ageOver)
                if (expect.has("provider")) assertEquals(expect.optValue("provider"), result.provider?.let { poaProviderWire(it) })
                if (expect.has("failure_reason")) assertEquals(expect.optValue("failure_reason"), result.failure?.let { poaFailureReasonWire(it.reason) })
                if (expect.has("waiting_on")) assertEquals(expect.optValue("waiting_on"), result.waitingOn?.let { poaWaitingOnWire(it) })
                if (expect.has("checks")) {
                    val want = expect.getJSONArray("checks").map { it as String }
                    assertEquals(want, result.result!!.checks.map { poaCheckWire(it) })
                }
            }
        }

    @TestFactory
    fun `error bodies through the sandbox`(): List<DynamicTest> {
        val sb = Sandbox.shared
        val client = sb.client().withRetryPolicy(RetryPolicy(0u, Duration.ofMillis(1), Duration.ofMillis(1)))
        return results.getJSONArray("error_bodies").objects().map { case ->
            dynamicTest(case.getString("name")) {
                val body = case.get("body").let { if (it is String) it else it.toString() }
                val status = case.getInt("status")
                sb.addFault(JSONObject().put("status", status).put("body", body).put("path", "/api/v1/sessions/x-error/").put("times", 3))
                val e = try {
                    assertThrows<YotiAgeException.Failed> { runBlocking { client.getResult("x-error") } }
                } finally {
                    sb.clearFaults()
                }
                val expect = case.getJSONObject("expect")
                assertEquals(expect.getString("code"), e.code)
                assertEquals(status.toUShort(), e.status)
                assertEquals(expect.optValue("api_code"), e.apiCode)
                assertTrue(e.detail.contains(expect.getString("message")), e.detail)
                if (expect.has("fields")) {
                    assertEquals(expect.getJSONArray("fields").map { it as String }, e.fieldErrors.map { it.field })
                }
            }
        }
    }

    @TestFactory
    fun `webhooks verify from raw bytes, or fail with the listed code`(): List<DynamicTest> {
        val verifier = WebhookVerifier.fromPublicKeyPem(webhooks.getString("public_key_pem"))
        return webhooks.getJSONArray("cases").objects().map { case ->
            dynamicTest(case.getString("name")) {
                val body = case.getString("body").toByteArray(Charsets.UTF_8)
                if (case.getBoolean("valid")) {
                    val n = verifier.verify(body)
                    val expect = case.getJSONObject("expect")
                    assertEquals(expect.getString("id"), n.id)
                    assertEquals(expect.getString("session_key"), n.sessionKey)
                    assertEquals(expect.getString("state"), attemptStateWire(n.state))
                    if (expect.has("sequence_number")) assertEquals(expect.getInt("sequence_number").toUInt(), n.sequenceNumber)
                } else {
                    val e = assertThrows<YotiAgeException.Failed> { verifier.verify(body) }
                    assertEquals(case.getString("error_code"), e.code)
                    assertNull(e.status)
                }
            }
        }
    }

    /** retry_matrix.json through the sandbox's fault injection, on a sandbox of its own. */
    @Test
    fun `retry matrix through sandbox faults`() = runBlocking {
        val matrix = Vectors.load("retry_matrix")
        Sandbox.start().use { sb ->
            val client = sb.client()
            val session = client.createSession(sessionConfigFromJson("{\"ttl\":900,\"age_estimation\":{\"allowed\":true,\"threshold\":18}}"))
            val failures = mutableListOf<String>()
            for (case in matrix.getJSONArray("cases").objects()) {
                val name = case.getString("name")
                val operation = case.getString("operation")
                val (method, path) = when (operation) {
                    "get_result" -> "GET" to "/api/v1/sessions/${session.id}/result"
                    "get_session" -> "GET" to "/api/v1/sessions/${session.id}"
                    "create_session" -> "POST" to "/api/v1/sessions"
                    "poa_verify" -> "POST" to "/poa/v1/verify"
                    else -> error("unknown operation $operation")
                }
                sb.clearFaults()
                val fault = JSONObject(case.getJSONObject("fault").toString()).put("times", case.getInt("times")).put("method", method).put("path", path)
                sb.addFault(fault)
                val before = sb.attempts(path)
                val started = System.nanoTime()
                val outcome = try {
                    when (operation) {
                        "get_result" -> client.getResult(session.id)
                        "get_session" -> client.getSession(session.id)
                        "create_session" -> client.createSession(sessionConfigFromJson("{\"ttl\":900,\"age_estimation\":{\"allowed\":true,\"threshold\":18}}"))
                        else -> client.poaVerify(PoaVerifyRequest(Qr("sandbox:success:18:$name", Instant.now()), Terminal("t")))
                    }
                    "ok"
                } catch (e: YotiAgeException.Failed) {
                    e.code
                }
                val made = sb.attempts(path) - before
                val elapsedMs = (System.nanoTime() - started) / 1_000_000
                if (elapsedMs < case.optLong("min_elapsed_ms", 0)) failures += "$name: Retry-After not honoured ($elapsedMs ms)"
                if (outcome != case.getString("outcome") || made != case.getInt("attempts")) {
                    failures += "$name: got $outcome/$made, want ${case.getString("outcome")}/${case.getInt("attempts")}"
                }
            }
            sb.clearFaults()
            assertEquals(emptyList<String>(), failures)
        }
    }
}
