// Kotlin quickstart: create a session, send the user to the hosted page, wait for the result.
//
// Needs the native library (cargo build -p yoti-age-uniffi) on jna.library.path and YOTI_*
// variables (YOTI_SDK_ID, YOTI_API_KEY; YOTI_AVS_URL/YOTI_POA_URL for the local sandbox).
// CI runs quickstart() against the sandbox (bindings-uniffi/kotlin QuickstartTest).
package com.yoti.age.examples

import com.yoti.age.Client
import com.yoti.age.YotiAgeException
import com.yoti.age.models.MethodConfig
import com.yoti.age.models.Methods
import com.yoti.age.models.SessionConfig
import com.yoti.age.models.SessionType
import com.yoti.age.models.WaitOptions
import com.yoti.age.sessionStatusWire
import kotlinx.coroutines.runBlocking
import java.time.Duration

/**
 * Creates an over-18 session, prints the user-view URL and waits for the outcome.
 * [onUserView] is where an app sends the user to the URL (the test plays the user there).
 */
suspend fun quickstart(
    client: Client,
    waitFor: Duration = Duration.ofMinutes(2),
    onUserView: suspend (sessionId: String, url: String) -> Unit = { _, url -> println("send the user to $url") },
): String {
    val session = client.createSession(
        SessionConfig(
            sessionType = SessionType.Over,
            ttl = 900u,
            referenceId = "kotlin-quickstart",
            methods = Methods(ageEstimation = MethodConfig(allowed = true, threshold = 18u)),
        ),
    )
    onUserView(session.id, client.userViewUrl(session.id))
    val result = client.waitForResult(session.id, WaitOptions(waitFor, Duration.ofSeconds(1), Duration.ofSeconds(5)))
    println("status ${sessionStatusWire(result.status)}, age ${result.age}")
    return sessionStatusWire(result.status)
}

fun main() = runBlocking {
    try {
        quickstart(Client.fromEnv())
        Unit
    } catch (e: YotiAgeException.Failed) {
        System.err.println("failed: ${e.code} (status ${e.status}, request ${e.requestId}): ${e.detail}")
        kotlin.system.exitProcess(1)
    }
}
