// Swift quickstart: create a session, send the user to the hosted page, wait for the result.
// Reads YOTI_SDK_ID, YOTI_API_KEY (and YOTI_AVS_URL / YOTI_POA_URL for the local sandbox:
// `cargo run -p yoti-age-cli -- sandbox`). Every name used here is in the generated
// Sources/YotiAge/*.swift; compiled on Apple CI, not in this project's Linux CI.
import Foundation
import YotiAge

func quickstart() async throws {
    let client = try Client.fromEnv()
    let session = try await client.createSession(config: SessionConfig(
        sessionType: .over,
        ttl: 900,
        referenceId: "swift-quickstart",
        methods: Methods(ageEstimation: MethodConfig(allowed: true, threshold: 18))
    ))
    let url = try client.userViewUrl(sessionId: session.id)
    print("send the user to \(url)")
    let result = try await client.waitForResult(
        sessionId: session.id,
        options: WaitOptions(timeout: 120, initialInterval: 1, maxInterval: 5)
    )
    let age = result.age.map { String($0) } ?? "-"
    print("status \(sessionStatusWire(value: result.status)), age \(age)")
}

do {
    try await quickstart()
} catch let YotiAgeError.Failed(
    code: code, detail: detail, status: status, requestId: requestId,
    apiCode: _, retryAfterMs: _, fieldErrors: _
) {
    // `code` is the same stable code as in every other language (e.g. "validation").
    let httpStatus = status.map { String($0) } ?? "-"
    print("failed: \(code) (status \(httpStatus), request \(requestId ?? "-")): \(detail)")
    exit(1)
} catch {
    print("failed: \(error)")
    exit(1)
}
