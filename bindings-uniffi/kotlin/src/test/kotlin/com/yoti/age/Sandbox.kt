package com.yoti.age

import com.yoti.age.models.Environment
import com.yoti.age.models.RetryPolicy
import org.json.JSONArray
import org.json.JSONObject
import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

/**
 * The local sandbox for the tests: `yoti-age sandbox --port 0 --host 127.0.0.1 --print-config`
 * (the CLI cargo built, path in the `yoti.cli` system property), as the C tests start it.
 * It stops when its stdin closes: at JVM exit, or by [close].
 */
class Sandbox private constructor(private val process: Process, val config: JSONObject) : AutoCloseable {
    val baseUrl: String = config.getString("base_url")
    val avsUrl: String = config.getString("avs_url")
    val poaUrl: String = config.getString("poa_url")
    val authUrl: String = config.getString("auth_url")
    val sdkId: String = config.getString("sdk_id")
    val apiKey: String = config.getString("api_key")
    val webhookPublicKeyPem: String = config.getString("webhook_public_key_pem")

    private val http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()

    /** A builder for a client of this sandbox (API key and PoA token). */
    fun builder(): ClientBuilder = ClientBuilder()
        .sdkId(sdkId)
        .apiKey(apiKey)
        .poaToken(apiKey)
        .environment(Environment.Custom(avsUrl, poaUrl, authUrl))

    /** A client of this sandbox with fast retries (milliseconds instead of seconds). */
    fun client(): Client = builder()
        .retryPolicy(RetryPolicy(2u, Duration.ofMillis(5), Duration.ofMillis(20)))
        .build()

    /** Calls the control API (`/__sandbox/...`); answers the status and body text. */
    fun control(method: String, path: String, body: String? = null): Pair<Int, String> {
        val request = HttpRequest.newBuilder(URI.create("$baseUrl/__sandbox/$path"))
            .header("content-type", "application/json")
            .method(method, body?.let { HttpRequest.BodyPublishers.ofString(it) } ?: HttpRequest.BodyPublishers.noBody())
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() < 300) { "control $method $path: ${response.statusCode()} ${response.body()}" }
        return response.statusCode() to response.body()
    }

    /** Arms a fault (status, retry_after, kind, method, path, times, body, delay_ms). */
    fun addFault(fault: JSONObject) = control("POST", "faults", fault.toString())

    /** Disarms every fault. */
    fun clearFaults() = control("DELETE", "faults")

    /** Plays the user: records an attempt with this outcome (`age`, `method`, `status`). */
    fun complete(sessionId: String, outcome: JSONObject) =
        control("POST", "sessions/$sessionId/complete", outcome.toString())

    /** The request log, oldest first. */
    fun requests(): JSONArray = JSONArray(control("GET", "requests").second)

    /** Requests received whose path starts with [prefix] (faulted ones included). */
    fun attempts(prefix: String): Int = requests().count { entry ->
        entry as JSONObject
        entry.optString("kind") == "request" && entry.optString("path").startsWith(prefix)
    }

    override fun close() {
        process.outputStream.close()
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroy()
    }

    companion object {
        /** One sandbox for the whole test run, started on first use. */
        val shared: Sandbox by lazy { start().also { sb -> Runtime.getRuntime().addShutdownHook(Thread { sb.close() }) } }

        /** Starts a fresh sandbox (for tests that need their own request log). */
        fun start(): Sandbox {
            val cli = System.getProperty("yoti.cli") ?: error("system property yoti.cli is not set")
            check(File(cli).canExecute()) { "$cli is not built: cargo build -p yoti-age-cli" }
            val process = ProcessBuilder(cli, "sandbox", "--port", "0", "--host", "127.0.0.1", "--print-config")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start()
            val line = process.inputStream.bufferedReader().readLine()
                ?: error("the sandbox exited before printing its configuration")
            return Sandbox(process, JSONObject(line))
        }
    }
}

/** The shared vectors, loaded unchanged from tests/vectors (path in `yoti.vectors`). */
object Vectors {
    fun load(name: String): JSONObject {
        val dir = System.getProperty("yoti.vectors") ?: error("system property yoti.vectors is not set")
        return JSONObject(File(dir, "$name.json").readText())
    }
}

/** The objects of a JSON array. */
fun JSONArray.objects(): List<JSONObject> = (0 until length()).map { getJSONObject(it) }

/** A JSON value as Kotlin compares it: `null` for JSON null, else the value. */
fun JSONObject.optValue(key: String): Any? = if (isNull(key)) null else get(key)
