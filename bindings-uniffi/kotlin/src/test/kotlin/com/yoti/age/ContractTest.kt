package com.yoti.age

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows

/**
 * tests/vectors/contract.json from Kotlin. Raw targets and environments are typed enums here
 * (`RawTarget.Avs`, `Environment.YotiSandbox`), so their spelling vectors do not apply.
 */
class ContractTest {
    private val contract = Vectors.load("contract")
    private val OVER18 = """{"type":"OVER","ttl":900,"age_estimation":{"threshold":18}}"""

    @TestFactory
    fun `config JSON text gets the answer every language gives`(): List<DynamicTest> =
        contract.getJSONArray("config_json_text").objects().map { case ->
            dynamicTest(case.getString("name")) {
                val e = assertThrows<YotiAgeException.Failed> { sessionConfigFromJson(case.getString("text")) }
                assertEquals(case.getString("code"), e.code)
                val want = case.getJSONArray("errors").objects().map { it.getString("field") to it.getString("rule") }
                assertEquals(want.sortedBy { it.toString() }, e.fieldErrors.map { it.field to it.rule }.sortedBy { it.toString() })
            }
        }

    @Test
    fun `terminal_id in a JSON config is sent as the header`() = runBlocking {
        val vector = contract.getJSONObject("terminal_id")
        val config = sessionConfigFromJson(vector.getJSONObject("config").toString())
        assertEquals(vector.getString("expected_terminal_id"), config.terminalId)
        val client = Sandbox.shared.client()
        val created = client.createSession(config)
        assertEquals(vector.getString("expected_terminal_id"), client.getResult(created.id).terminalId)
    }

    @TestFactory
    fun `credentials are trimmed or refused when the client is built`(): List<DynamicTest> {
        val sb = Sandbox.shared
        return contract.getJSONArray("credentials").objects().map { case ->
            dynamicTest(case.getString("name")) {
                val builder = ClientBuilder()
                    .sdkId(sb.sdkId + case.optString("sdk_id_suffix", ""))
                    .apiKey(sb.apiKey + case.optString("api_key_suffix", ""))
                    .environment(com.yoti.age.models.Environment.Custom(sb.avsUrl, sb.poaUrl, sb.authUrl))
                if (case.optBoolean("works")) {
                    val client = builder.build()
                    val created = runBlocking { sb.client().createSession(sessionConfigFromJson(OVER18)) }
                    assertEquals(created.id, runBlocking { client.getResult(created.id) }.id)
                } else {
                    val e = assertThrows<YotiAgeException.Failed> { builder.build() }
                    assertEquals(case.getString("code"), e.code)
                    assertTrue(e.detail.contains(case.getString("message_contains")), e.detail)
                    assertFalse(e.toString().contains("X-Injected"))
                }
            }
        }
    }

    @TestFactory
    fun `path ids are refused before sending`(): List<DynamicTest> {
        val client = Sandbox.shared.client()
        return contract.getJSONArray("path_ids").objects().map { case ->
            dynamicTest(case.getString("name")) {
                val e = assertThrows<YotiAgeException.Failed> { runBlocking { client.getResult(case.getString("id")) } }
                if (case.has("code")) {
                    assertEquals(case.getString("code"), e.code)
                    assertEquals(listOf(case.getString("field")), e.fieldErrors.map { it.field })
                } else {
                    assertEquals(case.getString("sent_code"), e.code)
                }
            }
        }
    }

    @TestFactory
    fun `terminal ids that cannot be headers are refused`(): List<DynamicTest> {
        val client = Sandbox.shared.client()
        return contract.getJSONArray("terminal_ids").objects().map { case ->
            dynamicTest(case.getString("name")) {
                val config = sessionConfigFromJson(OVER18).copy(terminalId = case.getString("terminal_id"))
                val e = assertThrows<YotiAgeException.Failed> { runBlocking { client.createSession(config) } }
                assertEquals(case.getString("code"), e.code)
                assertEquals(listOf(case.getString("field")), e.fieldErrors.map { it.field })
            }
        }
    }

    @Test
    fun `extra fields are read from JSON and never shadow modelled ones`() {
        val config = sessionConfigFromJson("""{"type":"OVER","ttl":900,"age_estimation":{"threshold":18},"extra":{"new_flag":true}}""")
        assertEquals(mapOf("new_flag" to "true"), config.extra)
        assertNull(sessionConfigFromJson("""{"ttl":900}""").extra)
        val shadowing = sessionConfigFromJson("""{"ttl":900,"age_estimation":{"threshold":18},"extra":{"ttl":5}}""")
        val e = assertThrows<YotiAgeException.Failed> { validateSessionConfig(shadowing) }
        assertEquals(listOf("extra.ttl" to "format"), e.fieldErrors.map { it.field to it.rule })
    }
}

/** tests/vectors/model_fields.json: every field of each core response model is a record property. */
class ModelFieldsTest {
    private val fields = Vectors.load("model_fields")

    private fun camel(name: String): String =
        name.split('_').mapIndexed { i, part -> if (i == 0) part else part.replaceFirstChar { it.uppercase() } }.joinToString("")

    @TestFactory
    fun `every core field is a property of the Kotlin record`(): List<DynamicTest> =
        fields.keySet().filter { it != "description" }.sorted().map { model ->
            dynamicTest(model) {
                val properties = Class.forName("com.yoti.age.models.$model").declaredFields.map { it.name }.toSet()
                // The one rename: the API's `type` is `sessionType`.
                val missing = (0 until fields.getJSONArray(model).length())
                    .map { fields.getJSONArray(model).getString(it) }
                    .map { if (it == "type") "sessionType" else camel(it) }
                    .filter { it !in properties }
                assertEquals(emptyList<String>(), missing, "$model lacks $missing")
            }
        }
}
