/* Conventions without a server: versions, NULL and non-UTF-8 arguments, panics, frees,
 * accessors on NULL, the session config builder. */
#include <stdlib.h>

#include "harness.h"

static const char BAD_UTF8[] = {'a', (char)0xff, 'b', 0};

#define CHECK_INVALID(call) CHECK_INT((call), YOTI_STATUS_INVALID_ARGUMENT)

TEST(version_macros_match_the_library) {
    char text[32];
    snprintf(text, sizeof text, "%d.%d.%d", YOTI_AGE_VERSION_MAJOR, YOTI_AGE_VERSION_MINOR,
             YOTI_AGE_VERSION_PATCH);
    CHECK_STR(text, YOTI_AGE_VERSION);
    CHECK_STR(yoti_version(), YOTI_AGE_VERSION);
}

TEST(status_values_are_fixed) {
    CHECK_INT(YOTI_STATUS_OK, 0);
    CHECK_INT(YOTI_STATUS_ERROR, 1);
    CHECK_INT(YOTI_STATUS_INVALID_ARGUMENT, 2);
    CHECK_INT(YOTI_STATUS_PANIC, 3);
    CHECK_INT(YOTI_ERROR_VALIDATION, 2);
    CHECK_INT(YOTI_ERROR_INTERNAL, 24);
    CHECK_INT(YOTI_SESSION_STATUS_COMPLETE, 3);
    CHECK_INT(YOTI_POA_STATUS_SUCCESS, 1);
}

TEST(panic_is_caught_and_reported) {
    yoti_error *err = NULL;
    CHECK_INT(yoti_selftest_panic(&err), YOTI_STATUS_PANIC);
    CHECK(err != NULL);
    CHECK_STR(yoti_error_code(err), "internal");
    CHECK_INT(yoti_error_get_kind(err), YOTI_ERROR_INTERNAL);
    CHECK(strstr(yoti_error_message(err), "panic") != NULL);
    yoti_error_free(err);
    /* Without an error out-parameter too. */
    CHECK_INT(yoti_selftest_panic(NULL), YOTI_STATUS_PANIC);
}

TEST(every_free_accepts_null) {
    yoti_error_free(NULL);
    yoti_string_free(NULL);
    yoti_client_options_free(NULL);
    yoti_client_free(NULL);
    yoti_session_config_free(NULL);
    yoti_created_session_free(NULL);
    yoti_session_view_free(NULL);
    yoti_session_result_free(NULL);
    yoti_selfie_outcome_free(NULL);
    yoti_poa_request_free(NULL);
    yoti_poa_result_free(NULL);
    yoti_webhook_verifier_free(NULL);
    yoti_avs_notification_free(NULL);
    CHECK(true);
}

TEST(accessors_on_null_handles_return_empty_values) {
    uint32_t n = 7;
    uint64_t ms = 7;
    bool flag = false;
    CHECK(yoti_error_code(NULL) == NULL);
    CHECK(yoti_error_message(NULL) == NULL);
    CHECK_INT(yoti_error_http_status(NULL), 0);
    CHECK(yoti_error_api_code(NULL) == NULL);
    CHECK(yoti_error_request_id(NULL) == NULL);
    CHECK(yoti_error_body(NULL) == NULL);
    CHECK(!yoti_error_retry_after_ms(NULL, &ms));
    CHECK_INT(yoti_error_field_count(NULL), 0);
    CHECK(yoti_error_field_path(NULL, 0) == NULL);
    CHECK(yoti_error_field_rule(NULL, 0) == NULL);
    CHECK(yoti_error_field_message(NULL, 0) == NULL);
    CHECK_INT(yoti_error_get_kind(NULL), YOTI_ERROR_INTERNAL);
    CHECK(yoti_created_session_id(NULL) == NULL);
    CHECK(yoti_created_session_status_text(NULL) == NULL);
    CHECK_INT(yoti_created_session_status(NULL), YOTI_SESSION_STATUS_OTHER);
    CHECK(yoti_created_session_expires_at(NULL) == NULL);
    CHECK(yoti_created_session_raw_json(NULL) == NULL);
    CHECK(yoti_session_view_id(NULL) == NULL);
    CHECK_INT(yoti_session_view_status(NULL), YOTI_SESSION_STATUS_OTHER);
    CHECK(yoti_session_view_status_text(NULL) == NULL);
    CHECK(yoti_session_view_raw_json(NULL) == NULL);
    CHECK(yoti_session_result_id(NULL) == NULL);
    CHECK_INT(yoti_session_result_status(NULL), YOTI_SESSION_STATUS_OTHER);
    CHECK(yoti_session_result_status_text(NULL) == NULL);
    CHECK(!yoti_session_result_is_terminal(NULL));
    CHECK(!yoti_session_result_age(NULL, &n));
    CHECK(yoti_session_result_method(NULL) == NULL);
    CHECK(yoti_session_result_evidence_id(NULL) == NULL);
    CHECK(yoti_session_result_type(NULL) == NULL);
    CHECK(yoti_session_result_reference_id(NULL) == NULL);
    CHECK(yoti_session_result_terminal_id(NULL) == NULL);
    CHECK(!yoti_session_result_attempts(NULL, "AGE_ESTIMATION", &n, &n));
    CHECK(yoti_session_result_raw_json(NULL) == NULL);
    CHECK_INT(yoti_selfie_outcome_status(NULL), YOTI_SESSION_STATUS_OTHER);
    CHECK(yoti_selfie_outcome_status_text(NULL) == NULL);
    CHECK(!yoti_selfie_outcome_attempts_remaining(NULL, &n));
    CHECK(!yoti_selfie_outcome_retries_depleted(NULL, &flag));
    CHECK(yoti_poa_result_id(NULL) == NULL);
    CHECK_INT(yoti_poa_result_status(NULL), YOTI_POA_STATUS_OTHER);
    CHECK(yoti_poa_result_status_text(NULL) == NULL);
    CHECK(!yoti_poa_result_is_pending(NULL));
    CHECK(!yoti_poa_result_age_over(NULL, &n));
    CHECK(yoti_poa_result_failure_reason(NULL) == NULL);
    CHECK(yoti_poa_result_provider(NULL) == NULL);
    CHECK(yoti_poa_result_waiting_on(NULL) == NULL);
    CHECK_INT(yoti_poa_result_check_count(NULL), 0);
    CHECK(yoti_poa_result_check(NULL, 0) == NULL);
    CHECK(yoti_poa_result_raw_json(NULL) == NULL);
    CHECK(yoti_avs_notification_id(NULL) == NULL);
    CHECK(yoti_avs_notification_session_key(NULL) == NULL);
    CHECK(yoti_avs_notification_state(NULL) == NULL);
    CHECK(yoti_avs_notification_method(NULL) == NULL);
    CHECK(yoti_avs_notification_evidence_id(NULL) == NULL);
    CHECK(yoti_avs_notification_reference_id(NULL) == NULL);
    CHECK(!yoti_avs_notification_age(NULL, &n));
    CHECK(!yoti_avs_notification_sequence_number(NULL, &n));
    CHECK_INT(yoti_avs_notification_timestamp(NULL), 0);
    CHECK(yoti_avs_notification_raw_json(NULL) == NULL);
    CHECK_INT(n, 7);
    CHECK_INT(ms, 7);
}

TEST(null_arguments_are_invalid_arguments) {
    yoti_client *client = NULL;
    yoti_client_options *options = NULL;
    yoti_session_config *config = NULL;
    yoti_error *err = NULL;
    char *text = NULL;
    CHECK_INVALID(yoti_client_options_new(NULL));
    CHECK_OK(yoti_client_options_new(&options), NULL);
    CHECK_OK(yoti_session_config_new(&config), NULL);

    /* Options setters: NULL handle and NULL value. */
    CHECK_INVALID(yoti_client_options_set_sdk_id(NULL, "x"));
    CHECK_INVALID(yoti_client_options_set_sdk_id(options, NULL));
    CHECK_INVALID(yoti_client_options_set_api_key(options, NULL));
    CHECK_INVALID(yoti_client_options_set_poa_token(options, NULL));
    CHECK_INVALID(yoti_client_options_set_environment(options, NULL));
    CHECK_INVALID(yoti_client_options_set_environment(options, "moon"));
    CHECK_INVALID(yoti_client_options_set_urls(options, NULL, NULL, NULL));
    CHECK_INVALID(yoti_client_options_set_central_auth_pem(options, NULL, "s", NULL));
    CHECK_INVALID(yoti_client_options_set_central_auth_pem(options, "pem", NULL, NULL));
    CHECK_INVALID(yoti_client_options_set_central_auth_file(options, NULL, "s", NULL, &err));
    CHECK_STR(yoti_error_code(err), "invalid_argument");
    CHECK_INT(yoti_error_get_kind(err), YOTI_ERROR_INVALID_ARGUMENT);
    CHECK(strstr(yoti_error_message(err), "path") != NULL);
    yoti_error_free(err);
    CHECK_INVALID(yoti_client_options_set_timeouts(NULL, 1, 1, 1));
    CHECK_INVALID(yoti_client_options_set_retry_policy(NULL, 1, 1, 1));
    CHECK_INVALID(yoti_client_options_add_ca_pem(options, NULL));
    CHECK_INVALID(yoti_client_options_set_proxy(options, NULL));
    CHECK_INVALID(yoti_client_options_set_user_agent_suffix(options, NULL));

    /* Client construction and operations. */
    CHECK_INVALID(yoti_client_new(NULL, &client, &err));
    yoti_error_free(err);
    CHECK_INVALID(yoti_client_new(options, NULL, NULL));
    CHECK_INVALID(yoti_client_from_env(NULL, NULL));
    CHECK_INVALID(yoti_client_with_timeouts(NULL, 0, 0, 0, &client));
    CHECK(client == NULL);
    CHECK_INVALID(yoti_client_with_retry_policy(NULL, 0, 0, 0, &client));

    yoti_created_session *created = (yoti_created_session *)&text; /* must be reset to NULL */
    CHECK_INVALID(yoti_client_create_session(NULL, config, &created, NULL));
    CHECK(created == NULL);
    CHECK_INVALID(yoti_client_create_session_json(NULL, "{}", &created, NULL));
    yoti_session_view *view = NULL;
    CHECK_INVALID(yoti_client_get_session(NULL, "id", &view, NULL));
    yoti_session_result *result = NULL;
    CHECK_INVALID(yoti_client_get_result(NULL, "id", &result, NULL));
    CHECK_INVALID(yoti_client_wait_for_result(NULL, "id", NULL, &result, NULL));
    CHECK_INVALID(yoti_client_user_view_url(NULL, "id", NULL, &text, NULL));
    yoti_selfie_outcome *outcome = NULL;
    CHECK_INVALID(yoti_client_upload_selfie(NULL, "id", (const uint8_t *)"x", 1, 0, "t", &outcome, NULL));
    yoti_poa_result *poa = NULL;
    CHECK_INVALID(yoti_client_poa_verify(NULL, NULL, &poa, NULL));
    CHECK_INVALID(yoti_client_poa_get(NULL, "id", &poa, NULL));
    CHECK_INVALID(yoti_client_poa_wait(NULL, "id", NULL, &poa, NULL));
    uint16_t http_status = 0;
    CHECK_INVALID(yoti_client_raw_request(NULL, "GET", "avs", "/x", NULL, &http_status, &text, NULL));

    /* Session config builder. */
    CHECK_INVALID(yoti_session_config_new(NULL));
    yoti_session_config *parsed = (yoti_session_config *)&text;
    CHECK_INVALID(yoti_session_config_from_json(NULL, &parsed, NULL));
    CHECK(parsed == NULL); /* out-parameters are NULL after any failure */
    CHECK_INVALID(yoti_session_config_to_json(NULL, &text, NULL));
    CHECK_INVALID(yoti_session_config_to_json(config, NULL, NULL));
    CHECK_INVALID(yoti_session_config_validate(NULL, NULL));
    CHECK_INVALID(yoti_session_config_set_type(NULL, "OVER"));
    CHECK_INVALID(yoti_session_config_set_type(config, NULL));
    CHECK_INVALID(yoti_session_config_set_ttl(NULL, 900));
    CHECK_INVALID(yoti_session_config_set_reference_id(NULL, "r"));
    CHECK_INVALID(yoti_session_config_set_retry_enabled(NULL, true));
    CHECK_INVALID(yoti_session_config_set_callback(config, NULL, true));
    CHECK_INVALID(yoti_session_config_add_blocked_location(config, NULL));
    CHECK_INVALID(yoti_session_config_allow_method(config, NULL, 18));
    CHECK_INVALID(yoti_session_config_allow_method(config, "retina_scan", 18));
    CHECK_INVALID(yoti_session_config_set_method_level(config, "age_estimation", NULL));
    CHECK_INVALID(yoti_session_config_set_method_allowed(NULL, "age_estimation", true));
    CHECK_INVALID(yoti_session_config_set_method_threshold(config, "nope", 1));
    CHECK_INVALID(yoti_session_config_set_method_retry_enabled(config, NULL, true));
    CHECK_INVALID(yoti_session_config_set_method_retry_limit(config, NULL, 1));
    CHECK_INVALID(yoti_session_config_set_digital_id_age_estimation(NULL, true, 25));
    CHECK_INVALID(yoti_session_config_set_doc_scan_authenticity(config, NULL));
    CHECK_INVALID(yoti_session_config_set_yoti_key_authentication(NULL, true));
    CHECK_INVALID(yoti_session_config_add_electronic_id_sub_method(config, NULL));
    CHECK_INVALID(yoti_session_config_set_email(config, NULL, "GB", NULL));

    /* Results parsed from JSON, PoA, webhooks. */
    CHECK_INVALID(yoti_session_result_from_json(NULL, &result, NULL));
    CHECK_INVALID(yoti_session_result_from_json("{}", NULL, NULL));
    CHECK_INVALID(yoti_session_result_to_json(NULL, &text, NULL));
    CHECK_INVALID(yoti_created_session_from_json(NULL, &created, NULL));
    CHECK_INVALID(yoti_session_view_to_json(NULL, &text, NULL));
    CHECK_INVALID(yoti_poa_result_from_json(NULL, &poa, NULL));
    CHECK_INVALID(yoti_poa_result_to_json(NULL, &text, NULL));
    yoti_poa_request *request = NULL;
    CHECK_INVALID(yoti_poa_request_new(NULL, "till", &request));
    CHECK_INVALID(yoti_poa_request_new("qr", NULL, &request));
    CHECK_INVALID(yoti_poa_request_new("qr", "till", NULL));
    CHECK_INVALID(yoti_poa_request_set_scanned_at_unix_ms(NULL, 0));
    CHECK_INVALID(yoti_poa_request_set_store_id(NULL, "s"));
    CHECK_INVALID(yoti_poa_request_set_notification(NULL, "https://x.example", NULL));
    CHECK_OK(yoti_poa_request_new("qr", "till", &request), NULL);
    CHECK_INVALID(yoti_poa_request_set_notification(request, NULL, NULL));
    CHECK_INVALID(yoti_poa_request_add_notification_header(request, "X-Secret", "v"));
    CHECK_INVALID(yoti_poa_request_set_notification_verify_tls(request, true));
    yoti_webhook_verifier *verifier = NULL;
    CHECK_INVALID(yoti_webhook_verifier_new_production(NULL));
    CHECK_INVALID(yoti_webhook_verifier_new_pem(NULL, &verifier, NULL));
    CHECK_INVALID(yoti_webhook_verifier_set_tolerance(NULL, 10));
    yoti_avs_notification *notification = NULL;
    CHECK_INVALID(yoti_webhook_verify(NULL, (const uint8_t *)"{}", 2, &notification, NULL));
    CHECK_OK(yoti_webhook_verifier_new_production(&verifier), NULL);
    CHECK_INVALID(yoti_webhook_verify(verifier, NULL, 5, &notification, NULL));
    CHECK_INVALID(yoti_webhook_verify(verifier, (const uint8_t *)"{}", 2, NULL, NULL));
    CHECK_INVALID(yoti_webhook_verify_at(verifier, (const uint8_t *)"{}", 2, 0, NULL, NULL));
    CHECK_INVALID(yoti_avs_notification_to_json(NULL, &text, NULL));
    CHECK_INVALID(yoti_poa_webhook_verify(NULL, 1, NULL, 0, NULL, 0, &poa, NULL));
    yoti_header bad_header = {NULL, "v"};
    CHECK_INVALID(yoti_poa_webhook_verify(&bad_header, 1, NULL, 0, NULL, 0, &poa, NULL));

    yoti_webhook_verifier_free(verifier);
    yoti_poa_request_free(request);
    yoti_session_config_free(config);
    yoti_client_options_free(options);
}

TEST(invalid_utf8_is_an_invalid_argument) {
    yoti_client_options *options = NULL;
    yoti_session_config *config = NULL;
    yoti_error *err = NULL;
    CHECK_OK(yoti_client_options_new(&options), NULL);
    CHECK_OK(yoti_session_config_new(&config), NULL);
    CHECK_INVALID(yoti_client_options_set_sdk_id(options, BAD_UTF8));
    CHECK_INVALID(yoti_client_options_set_api_key(options, BAD_UTF8));
    CHECK_INVALID(yoti_session_config_set_reference_id(config, BAD_UTF8));
    CHECK_INVALID(yoti_session_config_allow_method(config, BAD_UTF8, 18));
    yoti_session_config *parsed = NULL;
    CHECK_INVALID(yoti_session_config_from_json(BAD_UTF8, &parsed, &err));
    CHECK(strstr(yoti_error_message(err), "UTF-8") != NULL);
    yoti_error_free(err);
    yoti_poa_request *request = NULL;
    CHECK_INVALID(yoti_poa_request_new(BAD_UTF8, "till", &request));
    CHECK(request == NULL);
    yoti_session_config_free(config);
    yoti_client_options_free(options);
}

TEST(api_key_never_appears_in_errors) {
    /* A secret in an invalid configuration: the error names the field, never the value. */
    yoti_client_options *options = NULL;
    yoti_client *client = NULL;
    yoti_error *err = NULL;
    CHECK_OK(yoti_client_options_new(&options), NULL);
    CHECK_OK(yoti_client_options_set_api_key(options, "canary-secret-3f9a"), NULL);
    CHECK_OK(yoti_client_options_set_central_auth_pem(options, "-----BEGIN PRIVATE KEY-----canary-pem-77", "s", NULL), NULL);
    CHECK_OK(yoti_client_options_set_sdk_id(options, "sdk"), NULL);
    CHECK_ERR(yoti_client_new(options, &client, &err), err, "config");
    CHECK(client == NULL);
    CHECK(strstr(yoti_error_message(err), "canary") == NULL);
    yoti_error_free(err);
    yoti_client_options_free(options);
}

TEST(client_configuration_errors) {
    yoti_client_options *options = NULL;
    yoti_client *client = NULL;
    yoti_error *err = NULL;
    CHECK_OK(yoti_client_options_new(&options), NULL);
    /* No SDK id. */
    CHECK_ERR(yoti_client_new(options, &client, &err), err, "config");
    yoti_error_free(err);
    /* Plain http to a non-loopback host. */
    CHECK_OK(yoti_client_options_set_sdk_id(options, "sdk"), NULL);
    CHECK_OK(yoti_client_options_set_api_key(options, "key"), NULL);
    CHECK_OK(yoti_client_options_set_urls(options, "http://example.com/api/v1", NULL, NULL), NULL);
    CHECK_ERR(yoti_client_new(options, &client, &err), err, "config");
    CHECK_INT(yoti_error_get_kind(err), YOTI_ERROR_CONFIG);
    CHECK(strstr(yoti_error_message(err), "avs_base") != NULL);
    yoti_error_free(err);
    /* Unreadable central-auth key file. */
    CHECK_ERR(yoti_client_options_set_central_auth_file(options, "/nonexistent/key.pem", "s", NULL, &err), err, "config");
    yoti_error_free(err);
    /* Named environments build. */
    CHECK_OK(yoti_client_options_set_environment(options, "yoti_sandbox"), NULL);
    CHECK_OK(yoti_client_new(options, &client, &err), err);
    yoti_client_free(client);
    CHECK_OK(yoti_client_options_set_environment(options, "production"), NULL);
    CHECK_OK(yoti_client_options_set_timeouts(options, 1000, 2000, 3000), NULL);
    CHECK_OK(yoti_client_options_set_user_agent_suffix(options, "c-tests"), NULL);
    CHECK_OK(yoti_client_new(options, &client, &err), err);
    yoti_client *derived = NULL;
    CHECK_OK(yoti_client_with_timeouts(client, 0, 0, 5000, &derived), NULL);
    yoti_client_free(client); /* the derived client stays usable */
    char *url = NULL;
    CHECK_OK(yoti_client_user_view_url(derived, "abc", "age-estimation", &url, &err), err);
    CHECK(url && strncmp(url, "https://age.yoti.com/age-estimation?sessionId=abc&sdkId=sdk", 58) == 0);
    yoti_string_free(url);
    CHECK_ERR(yoti_client_user_view_url(derived, "abc", "teleport", &url, &err), err, "config");
    CHECK(url == NULL);
    yoti_error_free(err);
    yoti_client_free(derived);
    yoti_client_options_free(options);
}

TEST(session_config_builder_sets_every_field_and_method) {
    yoti_session_config *c = NULL;
    yoti_error *err = NULL;
    CHECK_OK(yoti_session_config_new(&c), NULL);
    CHECK_OK(yoti_session_config_set_type(c, "OVER"), NULL);
    CHECK_OK(yoti_session_config_set_ttl(c, 900), NULL);
    CHECK_OK(yoti_session_config_set_reference_id(c, "ref-1"), NULL);
    CHECK_OK(yoti_session_config_set_callback(c, "https://shop.example/done", true), NULL);
    CHECK_OK(yoti_session_config_set_callback_url(c, "https://shop.example/legacy"), NULL);
    CHECK_OK(yoti_session_config_set_notification_url(c, "https://shop.example/hook"), NULL);
    CHECK_OK(yoti_session_config_set_block_biometric_consent(c, false), NULL);
    CHECK_OK(yoti_session_config_set_cancel_url(c, "https://shop.example/cancel"), NULL);
    CHECK_OK(yoti_session_config_set_privacy_policy(c, "https://shop.example/privacy"), NULL);
    CHECK_OK(yoti_session_config_set_terms_and_conditions(c, "https://shop.example/terms"), NULL);
    CHECK_OK(yoti_session_config_set_retry_enabled(c, true), NULL);
    CHECK_OK(yoti_session_config_set_resume_enabled(c, true), NULL);
    CHECK_OK(yoti_session_config_add_blocked_location(c, "USA"), NULL);
    CHECK_OK(yoti_session_config_set_target_origin_url(c, "https://shop.example"), NULL);
    CHECK_OK(yoti_session_config_set_synchronous_checks(c, true), NULL);
    CHECK_OK(yoti_session_config_set_account_id(c, "acct"), NULL);
    CHECK_OK(yoti_session_config_set_double_blind(c, false), NULL);
    CHECK_OK(yoti_session_config_set_terminal_id(c, "till-1"), NULL);
    const char *methods[] = {"age_estimation", "digital_id", "doc_scan", "credit_card", "mobile",
                             "yoti_key", "electronic_id", "la_wallet", "social_security_number",
                             "us_florida_hb3", "double_anonymity", "singpass", "cpf"};
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
        CHECK_OK(yoti_session_config_allow_method(c, methods[i], 18), NULL);
        CHECK_OK(yoti_session_config_set_method_retry_enabled(c, methods[i], false), NULL);
        CHECK_OK(yoti_session_config_set_method_retry_limit(c, methods[i], 2), NULL);
    }
    CHECK_OK(yoti_session_config_set_method_allowed(c, "age_key", true), NULL);
    CHECK_OK(yoti_session_config_set_method_allowed(c, "login", true), NULL);
    CHECK_OK(yoti_session_config_set_method_threshold(c, "age_estimation", 21), NULL);
    CHECK_OK(yoti_session_config_set_method_level(c, "age_estimation", "PASSIVE"), NULL);
    CHECK_OK(yoti_session_config_set_digital_id_age_estimation(c, true, 25), NULL);
    CHECK_OK(yoti_session_config_set_doc_scan_authenticity(c, "AUTO"), NULL);
    CHECK_OK(yoti_session_config_set_doc_scan_preset_issuing_country(c, "GBR"), NULL);
    CHECK_OK(yoti_session_config_set_yoti_key_authentication(c, true), NULL);
    CHECK_OK(yoti_session_config_add_electronic_id_sub_method(c, "MIT_ID"), NULL);
    CHECK_OK(yoti_session_config_set_email(c, "john.doe@example.com", "GB", "42.0.12.87"), NULL);
    CHECK_OK(yoti_session_config_set_rule_id(c, "6b7c6f6f-2b64-4a6f-9d33-1c2d3e4f5a6b"), NULL);
    CHECK_OK(yoti_session_config_set_rule_id(c, NULL), NULL); /* NULL clears */

    char *json = NULL;
    CHECK_OK(yoti_session_config_to_json(c, &json, &err), err);
    cJSON *body = cJSON_Parse(json);
    CHECK(body != NULL);
    CHECK_STR(cJSON_GetObjectItem(body, "type")->valuestring, "OVER");
    CHECK_INT(cJSON_GetObjectItem(body, "ttl")->valueint, 900);
    CHECK(cJSON_GetObjectItem(body, "rule_id") == NULL);
    CHECK(cJSON_GetObjectItem(body, "terminal_id") == NULL); /* a header, not a body field */
    CHECK(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(body, "callback"), "auto")));
    CHECK_STR(cJSON_GetArrayItem(cJSON_GetObjectItem(body, "blocked_locations"), 0)->valuestring, "USA");
    const char *keys[] = {"reference_id", "callback_url", "notification_url", "cancel_url",
                          "privacy_policy", "terms_and_conditions", "retry_enabled",
                          "resume_enabled", "target_origin_url", "synchronous_checks",
                          "account_id", "double_blind", "block_biometric_consent",
                          "age_key", "login", "email"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        if (!cJSON_GetObjectItem(body, keys[i])) harness_fail(__FILE__, __LINE__, "missing %s", keys[i]);
    }
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
        cJSON *m = cJSON_GetObjectItem(body, methods[i]);
        if (!m || cJSON_GetObjectItem(m, "retry_limit")->valueint != 2)
            harness_fail(__FILE__, __LINE__, "method %s not set", methods[i]);
    }
    cJSON *ae = cJSON_GetObjectItem(body, "age_estimation");
    CHECK_INT(cJSON_GetObjectItem(ae, "threshold")->valueint, 21);
    CHECK_STR(cJSON_GetObjectItem(ae, "level")->valuestring, "PASSIVE");
    cJSON *did = cJSON_GetObjectItem(body, "digital_id");
    CHECK_INT(cJSON_GetObjectItem(did, "age_estimation_threshold")->valueint, 25);
    CHECK_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(body, "doc_scan"), "preset_issuing_country")->valuestring, "GBR");
    CHECK(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(body, "yoti_key"), "authentication")));
    CHECK_STR(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(body, "electronic_id"), "sub_methods"), 0)->valuestring, "MIT_ID");
    cJSON_Delete(body);
    yoti_string_free(json);

    /* The core validates: yoti_key needs a rule_id, which was cleared. */
    CHECK_ERR(yoti_session_config_validate(c, &err), err, "validation");
    bool rule_id_required = false;
    for (size_t i = 0; i < yoti_error_field_count(err); i++)
        if (strcmp(yoti_error_field_path(err, i), "rule_id") == 0) rule_id_required = true;
    CHECK(rule_id_required);
    CHECK(yoti_error_field_path(err, 999) == NULL);
    yoti_error_free(err);
    CHECK_OK(yoti_session_config_set_rule_id(c, "6b7c6f6f-2b64-4a6f-9d33-1c2d3e4f5a6b"), NULL);
    yoti_session_config_free(c);
}

TEST(session_config_from_json_reports_bad_json_at_the_root) {
    yoti_session_config *c = NULL;
    yoti_error *err = NULL;
    CHECK_ERR(yoti_session_config_from_json("{\"ttl\": \"soon\"", &c, &err), err, "validation");
    CHECK(c == NULL);
    CHECK_INT(yoti_error_field_count(err), 1);
    CHECK_STR(yoti_error_field_path(err, 0), "$");
    CHECK_STR(yoti_error_field_rule(err, 0), "format");
    CHECK(yoti_error_field_message(err, 0) != NULL);
    yoti_error_free(err);
}

TEST(results_parse_from_json_and_bad_json_is_decode) {
    yoti_session_result *r = NULL;
    yoti_error *err = NULL;
    CHECK_ERR(yoti_session_result_from_json("[1,2]", &r, &err), err, "decode");
    CHECK_INT(yoti_error_get_kind(err), YOTI_ERROR_DECODE);
    CHECK_INT(yoti_error_http_status(err), 0);
    yoti_error_free(err);
    yoti_poa_result *p = NULL;
    CHECK_ERR(yoti_poa_result_from_json("{}", &p, &err), err, "decode");
    yoti_error_free(err);
    yoti_created_session *s = NULL;
    CHECK_ERR(yoti_created_session_from_json("nope", &s, &err), err, "decode");
    yoti_error_free(err);
    CHECK_OK(yoti_session_result_from_json("{\"id\":\"x\",\"status\":\"COMPLETE\",\"age\":18}", &r, &err), err);
    char *json = NULL;
    CHECK_OK(yoti_session_result_to_json(r, &json, &err), err);
    CHECK(strstr(json, "\"status\":\"COMPLETE\"") != NULL);
    yoti_string_free(json);
    CHECK_STR(yoti_session_result_raw_json(r), "{\"id\":\"x\",\"status\":\"COMPLETE\",\"age\":18}");
    yoti_session_result_free(r);
}

