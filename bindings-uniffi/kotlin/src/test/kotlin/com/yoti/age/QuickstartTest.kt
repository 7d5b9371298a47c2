package com.yoti.age

import com.yoti.age.examples.quickstart
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.Duration

/** Runs examples/kotlin/Quickstart.kt against the sandbox, playing the user at the URL. */
class QuickstartTest {
    @Test
    fun `the quickstart example completes against the sandbox`() = runBlocking {
        val sb = Sandbox.shared
        val status = quickstart(sb.client(), Duration.ofSeconds(20)) { sessionId, url ->
            assertTrue(url.startsWith(sb.baseUrl), url)
            sb.complete(sessionId, JSONObject().put("age", 30))
        }
        assertEquals("COMPLETE", status)
    }
}
