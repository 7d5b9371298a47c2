/* Proof of Age against the sandbox's magic QR values, PoA webhook authentication, and a live
 * AVS webhook: the sandbox delivers a signed notification to a loopback socket here, and the C
 * side verifies the raw body. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

/* A fresh magic QR value (each works once). */
static const char *qr(const char *kind) {
    static char value[128];
    static int counter;
    snprintf(value, sizeof value, "sandbox:%s:%ld-%d-%d", kind, (long)time(NULL), (int)getpid(), counter++);
    return value;
}

static yoti_poa_result *verify(yoti_client *client, const char *value, yoti_error **err) {
    yoti_poa_request *request = NULL;
    CHECK_OK(yoti_poa_request_new(value, "till-1", &request), NULL);
    CHECK_OK(yoti_poa_request_set_store_id(request, "store-7"), NULL);
    yoti_poa_result *result = NULL;
    yoti_client_poa_verify(client, request, &result, err);
    yoti_poa_request_free(request);
    return result;
}

TEST(poa_success_and_failure) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    yoti_poa_result *r = verify(client, qr("success:21"), &err);
    CHECK(r != NULL);
    CHECK_INT(yoti_poa_result_status(r), YOTI_POA_STATUS_SUCCESS);
    CHECK(!yoti_poa_result_is_pending(r));
    uint32_t age_over = 0;
    CHECK(yoti_poa_result_age_over(r, &age_over));
    CHECK_INT(age_over, 21);
    CHECK_STR(yoti_poa_result_provider(r), "YOTI");
    CHECK_INT(yoti_poa_result_check_count(r), 2);
    CHECK(yoti_poa_result_failure_reason(r) == NULL);
    char *json = NULL;
    CHECK_OK(yoti_poa_result_to_json(r, &json, &err), err);
    CHECK(strstr(json, "\"age_over\":21") != NULL);
    yoti_string_free(json);
    CHECK(yoti_poa_result_raw_json(r) != NULL);
    yoti_poa_result_free(r);

    r = verify(client, qr("failure:USER_DID_NOT_CONSENT"), &err);
    CHECK_INT(yoti_poa_result_status(r), YOTI_POA_STATUS_FAILURE);
    CHECK_STR(yoti_poa_result_status_text(r), "FAILURE");
    CHECK_STR(yoti_poa_result_failure_reason(r), "USER_DID_NOT_CONSENT");
    CHECK(!yoti_poa_result_age_over(r, &age_over));
    yoti_poa_result_free(r);
    yoti_client_free(client);
}

TEST(poa_pending_then_get_and_wait) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    yoti_poa_result *r = verify(client, qr("pending:2"), &err);
    CHECK(r != NULL);
    CHECK(yoti_poa_result_is_pending(r));
    CHECK_INT(yoti_poa_result_status(r), YOTI_POA_STATUS_PENDING);
    char id[128];
    snprintf(id, sizeof id, "%s", yoti_poa_result_id(r));
    yoti_poa_result_free(r);
    CHECK_OK(yoti_client_poa_get(client, id, &r, &err), err);
    CHECK_STR(yoti_poa_result_id(r), id);
    yoti_poa_result_free(r);
    yoti_wait_options options = {10000, 20, 100};
    CHECK_OK(yoti_client_poa_wait(client, id, &options, &r, &err), err);
    CHECK_INT(yoti_poa_result_status(r), YOTI_POA_STATUS_SUCCESS);
    yoti_poa_result_free(r);

    /* Never completes: wait returns the pending result at the deadline. */
    r = verify(client, qr("pending:never"), &err);
    snprintf(id, sizeof id, "%s", yoti_poa_result_id(r));
    CHECK_STR(yoti_poa_result_waiting_on(r), "USER_CONSENT");
    yoti_poa_result_free(r);
    yoti_wait_options brief = {150, 20, 50};
    CHECK_OK(yoti_client_poa_wait(client, id, &brief, &r, &err), err);
    CHECK(yoti_poa_result_is_pending(r));
    yoti_poa_result_free(r);
    CHECK_ERR(yoti_client_poa_get(client, "no-such-verification", &r, &err), err, "not_found");
    yoti_error_free(err);
    yoti_client_free(client);
}

TEST(poa_stale_qr_and_validation_send_nothing) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    yoti_poa_request *request = NULL;
    yoti_poa_result *r = NULL;
    CHECK_OK(yoti_poa_request_new(qr("success:18"), "till-1", &request), NULL);
    CHECK_OK(yoti_poa_request_set_scanned_at_unix_ms(request, ((int64_t)time(NULL) - 120) * 1000), NULL);
    CHECK_ERR(yoti_client_poa_verify(client, request, &r, &err), err, "poa.qr_stale");
    CHECK_INT(yoti_error_get_kind(err), YOTI_ERROR_POA_QR_STALE);
    CHECK(r == NULL);
    yoti_error_free(err);
    yoti_poa_request_free(request);

    CHECK_OK(yoti_poa_request_new("", "", &request), NULL);
    CHECK_OK(yoti_poa_request_set_notification(request, "not a url", "PATCH"), NULL);
    CHECK_ERR(yoti_client_poa_verify(client, request, &r, &err), err, "validation");
    CHECK_INT(yoti_error_field_count(err), 4);
    yoti_error_free(err);
    yoti_poa_request_free(request);
    yoti_client_free(client);
}

TEST(poa_webhook_checks_the_header_secret) {
    const char *body = "{\"id\":\"v1\",\"status\":\"SUCCESS\",\"result\":{\"age_over\":18,\"checks\":[]}}";
    yoti_header expected[] = {{"X-Till-Secret", "s3cret"}};
    yoti_header good[] = {{"content-type", "application/json"}, {"x-till-secret", "s3cret"}};
    yoti_header bad[] = {{"x-till-secret", "guess"}};
    yoti_poa_result *r = NULL;
    yoti_error *err = NULL;
    CHECK_OK(yoti_poa_webhook_verify(expected, 1, good, 2, (const uint8_t *)body, strlen(body), &r, &err), err);
    CHECK_INT(yoti_poa_result_status(r), YOTI_POA_STATUS_SUCCESS);
    yoti_poa_result_free(r);
    CHECK_ERR(yoti_poa_webhook_verify(expected, 1, bad, 1, (const uint8_t *)body, strlen(body), &r, &err), err, "webhook.invalid_secret");
    CHECK(strstr(yoti_error_message(err), "guess") == NULL);
    CHECK(strstr(yoti_error_message(err), "s3cret") == NULL);
    yoti_error_free(err);
    CHECK_ERR(yoti_poa_webhook_verify(NULL, 0, good, 2, (const uint8_t *)body, strlen(body), &r, &err), err, "webhook.invalid_secret");
    yoti_error_free(err);
    CHECK_ERR(yoti_poa_webhook_verify(expected, 1, good, 2, (const uint8_t *)"{", 1, &r, &err), err, "webhook.malformed");
    yoti_error_free(err);
    CHECK_ERR(yoti_poa_webhook_verify(expected, 1, good, 2, (const uint8_t *)"{}", 2, &r, &err), err, "webhook.missing_field");
    yoti_error_free(err);
}

TEST(poa_request_with_notification_headers) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    yoti_poa_request *request = NULL;
    CHECK_OK(yoti_poa_request_new(qr("success:18"), "till-2", &request), NULL);
    CHECK_OK(yoti_poa_request_set_notification(request, "http://127.0.0.1:9/poa", "POST"), NULL);
    CHECK_OK(yoti_poa_request_add_notification_header(request, "X-Till-Secret", "s3cret"), NULL);
    CHECK_OK(yoti_poa_request_set_notification_verify_tls(request, false), NULL);
    yoti_poa_result *r = NULL;
    CHECK_OK(yoti_client_poa_verify(client, request, &r, &err), err);
    CHECK_INT(yoti_poa_result_status(r), YOTI_POA_STATUS_SUCCESS);
    yoti_poa_result_free(r);
    yoti_poa_request_free(request);
    yoti_client_free(client);
}

TEST(webhook_verifier_errors_and_tolerance) {
    yoti_webhook_verifier *v = NULL;
    yoti_error *err = NULL;
    CHECK_ERR(yoti_webhook_verifier_new_pem("not a key", &v, &err), err, "config");
    CHECK(v == NULL);
    yoti_error_free(err);
    /* The first valid vector, signed at 1613482863 (2021-02-16). */
    const cJSON *file = vectors("webhooks.json");
    CHECK_OK(yoti_webhook_verifier_new_pem(cJSON_GetObjectItem(file, "public_key_pem")->valuestring, &v, &err), err);
    const char *body = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(file, "cases"), 0), "body")->valuestring;
    CHECK_OK(yoti_webhook_verifier_set_tolerance(v, 300), NULL);
    yoti_avs_notification *n = NULL;
    CHECK_ERR(yoti_webhook_verify(v, (const uint8_t *)body, strlen(body), &n, &err), err, "webhook.stale");
    yoti_error_free(err);
    CHECK_OK(yoti_webhook_verify_at(v, (const uint8_t *)body, strlen(body), 1613482863 + 60, &n, &err), err);
    CHECK_INT(yoti_avs_notification_timestamp(n), 1613482863);
    CHECK_STR(yoti_avs_notification_method(n), "AGE_ESTIMATION");
    CHECK_STR(yoti_avs_notification_reference_id(n), "shop-42");
    CHECK_STR(yoti_avs_notification_evidence_id(n), "da4070de-3d34-44d7-86d4-7d6fdf547740");
    uint32_t age = 0;
    CHECK(yoti_avs_notification_age(n, &age));
    CHECK_INT(age, 18);
    char *json = NULL;
    CHECK_OK(yoti_avs_notification_to_json(n, &json, &err), err);
    CHECK(strstr(json, "\"session_key\":\"69db8ad4-c983-40b3-b95a-a8fa576e70a6\"") != NULL);
    yoti_string_free(json);
    yoti_avs_notification_free(n);
    /* A production verifier rejects the vector's (test) signature. */
    yoti_webhook_verifier *production = NULL;
    CHECK_OK(yoti_webhook_verifier_new_production(&production), NULL);
    CHECK_ERR(yoti_webhook_verify(production, (const uint8_t *)body, strlen(body), &n, &err), err, "webhook.invalid_signature");
    yoti_error_free(err);
    /* A body that is not UTF-8 is malformed, not an invalid argument: it is bytes. */
    CHECK_ERR(yoti_webhook_verify(v, (const uint8_t *)"\xff\xfe", 2, &n, &err), err, "webhook.malformed");
    yoti_error_free(err);
    CHECK_ERR(yoti_webhook_verify(v, NULL, 0, &n, &err), err, "webhook.malformed");
    yoti_error_free(err);
    yoti_webhook_verifier_free(production);
    yoti_webhook_verifier_free(v);
}

/* Accepts one HTTP request on `listener` (within 15 s), answers 200, returns the body. */
static char *receive_one_request(int listener, size_t *out_len) {
    struct pollfd p = {listener, POLLIN, 0};
    if (poll(&p, 1, 15000) != 1) return NULL;
    int fd = accept(listener, NULL, NULL);
    if (fd < 0) return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    char *body = NULL;
    size_t content_length = 0;
    for (;;) {
        struct pollfd q = {fd, POLLIN, 0};
        if (poll(&q, 1, 5000) != 1) break;
        ssize_t got = read(fd, buf + len, cap - len - 1);
        if (got <= 0) break;
        len += (size_t)got;
        buf[len] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (!end) continue;
        if (!body) {
            /* Header names are case-insensitive; the sandbox's client writes lower case. */
            char *cl = strstr(buf, "content-length:");
            if (!cl) cl = strstr(buf, "Content-Length:");
            if (cl) content_length = (size_t)strtoul(cl + 15, NULL, 10);
            body = end + 4;
        }
        if ((size_t)(buf + len - body) >= content_length) break;
    }
    const char *answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    if (write(fd, answer, strlen(answer)) < 0) { /* the sandbox retries; nothing to do */ }
    close(fd);
    char *result = NULL;
    if (body) {
        *out_len = content_length;
        result = malloc(content_length + 1);
        memcpy(result, body, content_length);
        result[content_length] = '\0';
    }
    free(buf);
    return result;
}

TEST(live_webhook_from_the_sandbox_verifies) {
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    CHECK(bind(listener, (struct sockaddr *)&addr, sizeof addr) == 0);
    CHECK(listen(listener, 4) == 0);
    CHECK(getsockname(listener, (struct sockaddr *)&addr, &len) == 0);
    char extra[256];
    snprintf(extra, sizeof extra, "\"notification_url\":\"http://127.0.0.1:%d/hook\",\"reference_id\":\"live\"",
             ntohs(addr.sin_port));
    char *id = sandbox_session(extra);
    sandbox_complete(id, "{\"age\":30}");
    size_t body_len = 0;
    char *body = receive_one_request(listener, &body_len);
    close(listener);
    CHECK(body != NULL);
    if (body) {
        yoti_webhook_verifier *v = NULL;
        yoti_error *err = NULL;
        CHECK_OK(yoti_webhook_verifier_new_pem(sb()->webhook_public_key_pem, &v, &err), err);
        yoti_avs_notification *n = NULL;
        CHECK_OK(yoti_webhook_verify(v, (const uint8_t *)body, body_len, &n, &err), err);
        CHECK_STR(yoti_avs_notification_session_key(n), id);
        CHECK_STR(yoti_avs_notification_state(n), "COMPLETE");
        CHECK_STR(yoti_avs_notification_reference_id(n), "live");
        uint32_t seq = 0;
        CHECK(yoti_avs_notification_sequence_number(n, &seq));
        CHECK_INT(seq, 1);
        /* One flipped byte breaks the signature. */
        char *tampered = strstr(body, "COMPLETE");
        if (tampered) tampered[0] = 'X';
        yoti_avs_notification *t = NULL;
        CHECK_ERR(yoti_webhook_verify(v, (const uint8_t *)body, body_len, &t, &err), err, "webhook.invalid_signature");
        yoti_error_free(err);
        yoti_avs_notification_free(n);
        yoti_webhook_verifier_free(v);
    }
    free(body);
    free(id);
}
