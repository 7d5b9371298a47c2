/* Every client operation against the sandbox, and their error paths. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

TEST(create_session_from_builder_then_get_result_and_view) {
    yoti_client *client = sandbox_client();
    yoti_session_config *config = NULL;
    yoti_error *err = NULL;
    CHECK_OK(yoti_session_config_new(&config), NULL);
    CHECK_OK(yoti_session_config_set_type(config, "AGE"), NULL);
    CHECK_OK(yoti_session_config_set_ttl(config, 900), NULL);
    CHECK_OK(yoti_session_config_allow_method(config, "age_estimation", 18), NULL);
    CHECK_OK(yoti_session_config_set_reference_id(config, "c-test"), NULL);
    CHECK_OK(yoti_session_config_set_terminal_id(config, "till-9"), NULL);
    yoti_created_session *created = NULL;
    CHECK_OK(yoti_client_create_session(client, config, &created, &err), err);
    const char *id = yoti_created_session_id(created);
    CHECK(id != NULL && strlen(id) > 0);
    CHECK_INT(yoti_created_session_status(created), YOTI_SESSION_STATUS_PENDING);
    CHECK(yoti_created_session_expires_at(created) != NULL);
    CHECK(strstr(yoti_created_session_raw_json(created), id) != NULL);

    yoti_session_view *view = NULL;
    CHECK_OK(yoti_client_get_session(client, id, &view, &err), err);
    CHECK_STR(yoti_session_view_id(view), id);
    CHECK_INT(yoti_session_view_status(view), YOTI_SESSION_STATUS_PENDING);
    CHECK_STR(yoti_session_view_status_text(view), "PENDING");
    char *json = NULL;
    CHECK_OK(yoti_session_view_to_json(view, &json, &err), err);
    CHECK(strstr(json, "\"reference_id\":\"c-test\"") != NULL);
    yoti_string_free(json);
    CHECK(yoti_session_view_raw_json(view) != NULL);
    yoti_session_view_free(view);

    yoti_session_result *result = NULL;
    CHECK_OK(yoti_client_get_result(client, id, &result, &err), err);
    CHECK_INT(yoti_session_result_status(result), YOTI_SESSION_STATUS_PENDING);
    CHECK(!yoti_session_result_is_terminal(result));
    uint32_t age = 0, made = 9, left = 9;
    CHECK(!yoti_session_result_age(result, &age));
    CHECK(yoti_session_result_method(result) == NULL);
    CHECK_STR(yoti_session_result_terminal_id(result), "till-9");
    CHECK_STR(yoti_session_result_type(result), "AGE");
    CHECK(yoti_session_result_attempts(result, "AGE_ESTIMATION", &made, &left));
    CHECK_INT(made, 0);
    CHECK_INT(left, 1);
    yoti_session_result_free(result);

    sandbox_complete(id, "{\"age\":34}");
    CHECK_OK(yoti_client_get_result(client, id, &result, &err), err);
    CHECK_INT(yoti_session_result_status(result), YOTI_SESSION_STATUS_COMPLETE);
    CHECK(yoti_session_result_is_terminal(result));
    CHECK(yoti_session_result_age(result, &age));
    CHECK_INT(age, 34);
    CHECK_STR(yoti_session_result_method(result), "AGE_ESTIMATION");
    CHECK(yoti_session_result_evidence_id(result) != NULL);
    CHECK_STR(yoti_session_result_reference_id(result), "c-test");
    yoti_session_result_free(result);

    yoti_created_session_free(created);
    yoti_session_config_free(config);
    yoti_client_free(client);
}

TEST(create_session_from_json_and_wait_for_result) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    yoti_created_session *created = NULL;
    CHECK_OK(yoti_client_create_session_json(client,
        "{\"type\":\"OVER\",\"ttl\":900,\"digital_id\":{\"allowed\":true,\"threshold\":18}}", &created, &err), err);
    const char *id = yoti_created_session_id(created);
    /* Waiting on a pending session returns the last result at the deadline, not an error. */
    yoti_wait_options quick = {200, 50, 100};
    yoti_session_result *result = NULL;
    CHECK_OK(yoti_client_wait_for_result(client, id, &quick, &result, &err), err);
    CHECK_INT(yoti_session_result_status(result), YOTI_SESSION_STATUS_PENDING);
    yoti_session_result_free(result);
    sandbox_complete(id, "{\"age\":16}");
    CHECK_OK(yoti_client_wait_for_result(client, id, NULL, &result, &err), err);
    CHECK_INT(yoti_session_result_status(result), YOTI_SESSION_STATUS_FAIL);
    CHECK_STR(yoti_session_result_method(result), "DIGITAL_ID");
    yoti_session_result_free(result);
    yoti_created_session_free(created);
    yoti_client_free(client);
}

TEST(create_session_validation_error_sends_nothing) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    yoti_created_session *created = NULL;
    CHECK_ERR(yoti_client_create_session_json(client,
        "{\"ttl\":10,\"age_estimation\":{\"allowed\":true,\"threshold\":200}}", &created, &err), err, "validation");
    CHECK(created == NULL);
    CHECK_INT(yoti_error_get_kind(err), YOTI_ERROR_VALIDATION);
    CHECK_INT(yoti_error_http_status(err), 0);
    CHECK(yoti_error_field_count(err) >= 2);
    yoti_error_free(err);
    CHECK_ERR(yoti_client_create_session_json(client, "not json", &created, &err), err, "validation");
    CHECK_STR(yoti_error_field_path(err, 0), "$");
    yoti_error_free(err);
    yoti_client_free(client);
}

TEST(user_view_url_points_at_the_sandbox) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    char *url = NULL;
    CHECK_OK(yoti_client_user_view_url(client, "s-1", NULL, &url, &err), err);
    char expected[512];
    snprintf(expected, sizeof expected, "%s/?sessionId=s-1&sdkId=%s", sb()->base_url, sb()->sdk_id);
    CHECK_STR(url, expected);
    yoti_string_free(url);
    CHECK_ERR(yoti_client_user_view_url(client, "", NULL, &url, &err), err, "validation");
    yoti_error_free(err);
    yoti_client_free(client);
}

static const uint8_t PNG[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};

TEST(headless_selfie_upload_from_a_buffer) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    char *id = sandbox_session(NULL);
    yoti_selfie_outcome *outcome = NULL;
    CHECK_OK(yoti_client_upload_selfie(client, id, PNG, sizeof PNG, 0, "{\"secure\":1}", &outcome, &err), err);
    CHECK_INT(yoti_selfie_outcome_status(outcome), YOTI_SESSION_STATUS_COMPLETE);
    CHECK_STR(yoti_selfie_outcome_status_text(outcome), "COMPLETE");
    yoti_selfie_outcome_free(outcome);
    free(id);

    /* Not an image: the selfie code comes through as the API error code. */
    id = sandbox_session(NULL);
    CHECK_ERR(yoti_client_upload_selfie(client, id, (const uint8_t *)"GIF89a", 6, 1700000000000LL, "{}", &outcome, &err), err, "bad_request");
    CHECK(outcome == NULL);
    CHECK_STR(yoti_error_api_code(err), "UNSUPPORTED_IMAGE_FORMAT");
    yoti_error_free(err);
    CHECK_ERR(yoti_client_upload_selfie(client, id, NULL, 0, 0, "{}", &outcome, &err), err, "bad_request");
    CHECK_STR(yoti_error_api_code(err), "IMAGE_NOT_PROVIDED");
    yoti_error_free(err);
    free(id);
    yoti_client_free(client);
}

TEST(selfie_fail_reports_attempts_remaining) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    /* Two attempts; the first fails through response-config (which records the outcome at
     * once, as on Yoti's sandbox, and keeps it for selfie uploads). */
    yoti_created_session *created = NULL;
    CHECK_OK(yoti_client_create_session_json(client,
        "{\"ttl\":900,\"retry_enabled\":true,\"age_estimation\":{\"allowed\":true,\"threshold\":18,\"retry_limit\":2}}",
        &created, &err), err);
    char *id = strdup(yoti_created_session_id(created));
    yoti_created_session_free(created);
    char path[256];
    snprintf(path, sizeof path, "/sessions/%s/response-config", id);
    uint16_t http_status = 0;
    char *body = NULL;
    CHECK_OK(yoti_client_raw_request(client, "PUT", "avs", path, "{\"age\":12}", &http_status, &body, &err), err);
    CHECK_INT(http_status, 200);
    yoti_string_free(body);
    yoti_selfie_outcome *outcome = NULL;
    CHECK_OK(yoti_client_upload_selfie(client, id, PNG, sizeof PNG, 0, "{}", &outcome, &err), err);
    CHECK_INT(yoti_selfie_outcome_status(outcome), YOTI_SESSION_STATUS_FAIL);
    uint32_t remaining = 9;
    bool depleted = false;
    CHECK(yoti_selfie_outcome_attempts_remaining(outcome, &remaining));
    CHECK_INT(remaining, 0);
    CHECK(yoti_selfie_outcome_retries_depleted(outcome, &depleted));
    CHECK(depleted);
    yoti_selfie_outcome_free(outcome);
    free(id);
    yoti_client_free(client);
}

TEST(raw_request_escape_hatch) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    uint16_t http_status = 0;
    char *body = NULL;
    CHECK_OK(yoti_client_raw_request(client, "GET", "avs", "/webhook-public-key", NULL, &http_status, &body, &err), err);
    CHECK_INT(http_status, 200);
    CHECK(strstr(body, "BEGIN PUBLIC KEY") != NULL);
    yoti_string_free(body);
    CHECK_ERR(yoti_client_raw_request(client, "GET", "ftp", "/x", NULL, &http_status, &body, &err), err, "validation");
    yoti_error_free(err);
    CHECK_ERR(yoti_client_raw_request(client, "POST", "avs", "/sessions", "{oops", &http_status, &body, &err), err, "validation");
    yoti_error_free(err);
    CHECK_ERR(yoti_client_raw_request(client, "GET", "avs", "/sessions/nope", NULL, &http_status, &body, &err), err, "not_found");
    CHECK(body == NULL);
    yoti_error_free(err);
    yoti_client_free(client);
}

TEST(unknown_session_is_not_found_with_request_id) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    yoti_session_result *result = NULL;
    CHECK_ERR(yoti_client_get_result(client, "00000000-0000-4000-8000-000000000000", &result, &err), err, "not_found");
    CHECK(result == NULL);
    CHECK_INT(yoti_error_get_kind(err), YOTI_ERROR_NOT_FOUND);
    CHECK_INT(yoti_error_http_status(err), 404);
    CHECK(yoti_error_request_id(err) != NULL);
    yoti_error_free(err);
    yoti_session_view *view = NULL;
    CHECK_ERR(yoti_client_get_session(client, "00000000-0000-4000-8000-000000000000", &view, &err), err, "not_found");
    yoti_error_free(err);
    /* Errors are optional: the status alone is enough. */
    CHECK_INT(yoti_client_get_result(client, "00000000-0000-4000-8000-000000000000", &result, NULL), YOTI_STATUS_ERROR);
    yoti_client_free(client);
}

TEST(wrong_credentials_are_auth_errors) {
    yoti_client_options *options = sandbox_options();
    yoti_error *err = NULL;
    yoti_client *client = NULL;
    CHECK_OK(yoti_client_options_set_api_key(options, "wrong-key-canary"), NULL);
    CHECK_OK(yoti_client_new(options, &client, &err), err);
    yoti_session_result *result = NULL;
    CHECK_ERR(yoti_client_get_result(client, "x", &result, &err), err, "auth.forbidden");
    CHECK(strstr(yoti_error_message(err), "canary") == NULL);
    yoti_error_free(err);
    yoti_client_free(client);
    CHECK_OK(yoti_client_options_set_sdk_id(options, "unknown-sdk"), NULL);
    CHECK_OK(yoti_client_new(options, &client, &err), err);
    CHECK_ERR(yoti_client_get_result(client, "x", &result, &err), err, "auth.unauthenticated");
    CHECK_INT(yoti_error_get_kind(err), YOTI_ERROR_AUTH_UNAUTHENTICATED);
    yoti_error_free(err);
    yoti_client_free(client);
    yoti_client_options_free(options);
}

TEST(retries_recover_from_a_503) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    char *id = sandbox_session(NULL);
    char fault[512];
    snprintf(fault, sizeof fault, "{\"path\":\"/api/v1/sessions/%s/result\",\"status\":503,\"times\":2}", id);
    sandbox_fault(fault);
    yoti_session_result *result = NULL;
    CHECK_OK(yoti_client_get_result(client, id, &result, &err), err);
    yoti_session_result_free(result);
    /* Without retries the same fault is an error. */
    yoti_client *no_retries = NULL;
    CHECK_OK(yoti_client_with_retry_policy(client, 0, 0, 0, &no_retries), NULL);
    snprintf(fault, sizeof fault, "{\"path\":\"/api/v1/sessions/%s/result\",\"status\":503,\"times\":1}", id);
    sandbox_fault(fault);
    CHECK_ERR(yoti_client_get_result(no_retries, id, &result, &err), err, "server");
    CHECK_INT(yoti_error_http_status(err), 503);
    yoti_error_free(err);
    /* 429 carries Retry-After. */
    snprintf(fault, sizeof fault, "{\"path\":\"/api/v1/sessions/%s/result\",\"status\":429,\"retry_after\":7}", id);
    sandbox_fault(fault);
    CHECK_ERR(yoti_client_get_result(no_retries, id, &result, &err), err, "rate_limited");
    uint64_t retry_after = 0;
    CHECK(yoti_error_retry_after_ms(err, &retry_after));
    CHECK_INT(retry_after, 7000);
    yoti_error_free(err);
    yoti_client_free(no_retries);
    free(id);
    yoti_client_free(client);
}

TEST(timeouts_per_client_and_per_call) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    char *id = sandbox_session(NULL);
    char fault[512];
    snprintf(fault, sizeof fault, "{\"path\":\"/api/v1/sessions/%s/result\",\"delay_ms\":1500,\"times\":3}", id);
    sandbox_fault(fault);
    yoti_client *quick = NULL;
    CHECK_OK(yoti_client_with_timeouts(client, 0, 200, 400, &quick), NULL);
    yoti_session_result *result = NULL;
    CHECK_ERR(yoti_client_get_result(quick, id, &result, &err), err, "timeout");
    CHECK_INT(yoti_error_get_kind(err), YOTI_ERROR_TIMEOUT);
    yoti_error_free(err);
    yoti_client_free(quick);
    sandbox_http("DELETE", "/__sandbox/faults", NULL, NULL);
    free(id);
    yoti_client_free(client);
}

TEST(transport_error_when_nothing_listens) {
    /* A loopback port that was just free: bind, read the port, close. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    CHECK(bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0);
    CHECK(getsockname(fd, (struct sockaddr *)&addr, &len) == 0);
    close(fd);
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v1", ntohs(addr.sin_port));
    yoti_client_options *options = sandbox_options();
    CHECK_OK(yoti_client_options_set_urls(options, url, NULL, NULL), NULL);
    CHECK_OK(yoti_client_options_set_retry_policy(options, 0, 0, 0), NULL);
    yoti_client *client = NULL;
    yoti_error *err = NULL;
    CHECK_OK(yoti_client_new(options, &client, &err), err);
    yoti_session_result *result = NULL;
    CHECK_ERR(yoti_client_get_result(client, "x", &result, &err), err, "transport");
    CHECK_INT(yoti_error_get_kind(err), YOTI_ERROR_TRANSPORT);
    yoti_error_free(err);
    /* PoA without a PoA URL is a configuration error. */
    yoti_poa_result *poa = NULL;
    CHECK_ERR(yoti_client_poa_get(client, "x", &poa, &err), err, "config");
    yoti_error_free(err);
    yoti_client_free(client);
    yoti_client_options_free(options);
}

TEST(malformed_response_is_a_decode_error) {
    yoti_client *client = sandbox_client();
    yoti_error *err = NULL;
    char *id = sandbox_session(NULL);
    char fault[512];
    snprintf(fault, sizeof fault, "{\"path\":\"/api/v1/sessions/%s/result\",\"kind\":\"malformed\"}", id);
    sandbox_fault(fault);
    yoti_session_result *result = NULL;
    CHECK_ERR(yoti_client_get_result(client, id, &result, &err), err, "decode");
    CHECK_INT(yoti_error_http_status(err), 200);
    yoti_error_free(err);
    free(id);
    yoti_client_free(client);
}

TEST(client_from_env) {
    const sandbox *s = sb();
    setenv("YOTI_SDK_ID", s->sdk_id, 1);
    setenv("YOTI_API_KEY", s->api_key, 1);
    setenv("YOTI_AVS_URL", s->avs_url, 1);
    setenv("YOTI_POA_URL", s->poa_url, 1);
    yoti_client *client = NULL;
    yoti_error *err = NULL;
    CHECK_OK(yoti_client_from_env(&client, &err), err);
    char *id = sandbox_session(NULL);
    yoti_session_result *result = NULL;
    CHECK_OK(yoti_client_get_result(client, id, &result, &err), err);
    CHECK_STR(yoti_session_result_id(result), id);
    yoti_session_result_free(result);
    yoti_client_free(client);
    free(id);
    setenv("YOTI_ENV", "moon", 1);
    CHECK_ERR(yoti_client_from_env(&client, &err), err, "config");
    CHECK(client == NULL);
    yoti_error_free(err);
    unsetenv("YOTI_ENV");
}

static const char *PRIVATE_KEY_ENV = "YOTI_TEST_PRIVATE_KEY_FILE";
static const char *PUBLIC_KEY_ENV = "YOTI_TEST_PUBLIC_KEY_FILE";

static void register_client_key(const char *sdk_id) {
    char *public_pem = read_file(getenv(PUBLIC_KEY_ENV), NULL);
    CHECK(public_pem != NULL);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "sdk_id", sdk_id);
    cJSON_AddStringToObject(body, "public_key_pem", public_pem ? public_pem : "");
    char *json = cJSON_PrintUnformatted(body);
    CHECK_INT(sandbox_http("POST", "/__sandbox/client-keys", json, NULL), 204);
    cJSON_free(json);
    cJSON_Delete(body);
    free(public_pem);
}

static void central_auth_round_trip(bool from_file) {
    const sandbox *s = sb();
    register_client_key(s->sdk_id);
    yoti_client_options *options = NULL;
    yoti_error *err = NULL;
    CHECK_OK(yoti_client_options_new(&options), NULL);
    CHECK_OK(yoti_client_options_set_urls(options, s->avs_url, s->poa_url, s->auth_url), NULL);
    CHECK_OK(yoti_client_options_set_sdk_id(options, s->sdk_id), NULL);
    if (from_file) {
        CHECK_OK(yoti_client_options_set_central_auth_file(options, getenv(PRIVATE_KEY_ENV),
                 "avs:sessions:create avs:sessions:read poa:verify", NULL, &err), err);
    } else {
        char *pem = read_file(getenv(PRIVATE_KEY_ENV), NULL);
        CHECK(pem != NULL);
        CHECK_OK(yoti_client_options_set_central_auth_pem(options, pem ? pem : "",
                 "avs:sessions:create avs:sessions:read poa:verify", s->sdk_id), NULL);
        free(pem);
    }
    yoti_client *client = NULL;
    CHECK_OK(yoti_client_new(options, &client, &err), err);
    yoti_created_session *created = NULL;
    CHECK_OK(yoti_client_create_session_json(client,
        "{\"ttl\":900,\"age_estimation\":{\"allowed\":true,\"threshold\":18}}", &created, &err), err);
    yoti_poa_request *request = NULL;
    char qr[64];
    snprintf(qr, sizeof qr, "sandbox:success:18:auth-%d-%ld", (int)from_file, (long)time(NULL));
    CHECK_OK(yoti_poa_request_new(qr, "till-1", &request), NULL);
    yoti_poa_result *poa = NULL;
    CHECK_OK(yoti_client_poa_verify(client, request, &poa, &err), err);
    CHECK_INT(yoti_poa_result_status(poa), YOTI_POA_STATUS_SUCCESS);
    yoti_poa_result_free(poa);
    yoti_poa_request_free(request);
    yoti_created_session_free(created);
    yoti_client_free(client);
    yoti_client_options_free(options);
}

TEST(central_auth_from_pem_string) { central_auth_round_trip(false); }
TEST(central_auth_from_pem_file) { central_auth_round_trip(true); }

TEST(central_auth_with_an_unregistered_key_is_a_token_error) {
    const sandbox *s = sb();
    yoti_client_options *options = NULL;
    yoti_error *err = NULL;
    CHECK_OK(yoti_client_options_new(&options), NULL);
    CHECK_OK(yoti_client_options_set_urls(options, s->avs_url, s->poa_url, s->auth_url), NULL);
    CHECK_OK(yoti_client_options_set_sdk_id(options, "sdk-without-keys"), NULL);
    CHECK_OK(yoti_client_options_set_central_auth_file(options, getenv(PRIVATE_KEY_ENV), "avs:sessions:read", NULL, &err), err);
    yoti_client *client = NULL;
    CHECK_OK(yoti_client_new(options, &client, &err), err);
    yoti_session_result *result = NULL;
    yoti_status status = yoti_client_get_result(client, "x", &result, &err);
    CHECK_INT(status, YOTI_STATUS_ERROR);
    CHECK(strcmp(yoti_error_code(err), "token") == 0 || strcmp(yoti_error_code(err), "auth.unauthenticated") == 0);
    CHECK(strstr(yoti_error_message(err), "BEGIN") == NULL);
    yoti_error_free(err);
    yoti_client_free(client);
    yoti_client_options_free(options);
}

struct worker {
    yoti_client *client;
    const char *id;
    int ok;
};

static void *get_results(void *arg) {
    struct worker *w = arg;
    for (int i = 0; i < 10; i++) {
        yoti_session_result *result = NULL;
        if (yoti_client_get_result(w->client, w->id, &result, NULL) == YOTI_STATUS_OK &&
            strcmp(yoti_session_result_id(result), w->id) == 0)
            w->ok++;
        yoti_session_result_free(result);
    }
    return NULL;
}

TEST(one_client_is_shared_by_threads) {
    yoti_client *client = sandbox_client();
    char *id = sandbox_session(NULL);
    pthread_t threads[4];
    struct worker workers[4];
    for (int i = 0; i < 4; i++) {
        workers[i] = (struct worker){client, id, 0};
        CHECK(pthread_create(&threads[i], NULL, get_results, &workers[i]) == 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        CHECK_INT(workers[i].ok, 10);
    }
    free(id);
    yoti_client_free(client);
}
