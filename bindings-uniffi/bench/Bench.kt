// The Kotlin side of bench/run.sh (a benchmark, not a test): compiled with the tests so it
// cannot rot, and skipped unless bench/run.sh passes -Dyoti.bench.session=....
package com.yoti.age.bench

import com.yoti.age.ClientBuilder
import com.yoti.age.models.Environment
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.condition.EnabledIfSystemProperty

class Bench {
    @Test
    @EnabledIfSystemProperty(named = "yoti.bench.session", matches = ".+")
    fun run() = runBlocking {
        val p = { name: String -> System.getProperty("yoti.bench.$name") ?: error("yoti.bench.$name") }
        val client = ClientBuilder().sdkId(p("sdk_id")).apiKey(p("api_key"))
            .environment(Environment.Custom(p("avs_url"), "", "")).build()
        val session = p("session")
        val seconds = p("seconds").toDouble()

        // Per-call overhead: a trivial synchronous call (a String back from Rust), and one
        // with an argument that builds a URL in Rust.
        fun perCallNs(n: Int, call: () -> Unit): Double {
            repeat(n / 10) { call() } // warm-up (JIT)
            val started = System.nanoTime()
            repeat(n) { call() }
            return (System.nanoTime() - started).toDouble() / n
        }
        val sdkIdNs = perCallNs(200_000) { client.sdkId() }
        val urlNs = perCallNs(200_000) { client.userViewUrl(session) }

        // Sequential getResult round trips for `seconds`.
        client.getResult(session)
        var calls = 0L
        val started = System.nanoTime()
        val deadline = started + (seconds * 1e9).toLong()
        while (System.nanoTime() < deadline) {
            client.getResult(session)
            calls++
        }
        val elapsed = (System.nanoTime() - started) / 1e9
        println("BENCH {\"sdk_id_ns\": %.1f, \"user_view_url_ns\": %.1f, \"calls\": %d, \"seconds\": %.3f, \"per_second\": %.1f}"
            .format(sdkIdNs, urlNs, calls, elapsed, calls / elapsed))
    }
}
