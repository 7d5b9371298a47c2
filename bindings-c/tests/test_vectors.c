/* The shared tests/vectors, loaded unchanged and checked from C: session config validation,
 * response parsing, webhooks, and API error bodies (served by the sandbox's fault injection).
 * Every expectation key is checked; an unknown key fails, so new vector fields are noticed. */
#include <stdlib.h>

#include "harness.h"

static const char *name_of(const cJSON *c) {
    return cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring;
}

/* Compares an optional string accessor with an expectation (JSON null or string). */
static void expect_str(const char *vector, const char *key, const char *actual, const cJSON *expected) {
    if (cJSON_IsNull(expected)) {
        if (actual != NULL) harness_fail(__FILE__, __LINE__, "%s: %s is \"%s\", expected null", vector, key, actual);
    } else if (!actual || !cJSON_IsString(expected) || strcmp(actual, expected->valuestring) != 0) {
        harness_fail(__FILE__, __LINE__, "%s: %s is \"%s\", expected \"%s\"", vector, key,
                     actual ? actual : "(null)", cJSON_IsString(expected) ? expected->valuestring : "?");
    }
}

/* An optional number read with a `bool f(handle, uint32_t *)` accessor. */
static void expect_u32(const char *vector, const char *key, bool present, uint32_t actual, const cJSON *expected) {
    if (cJSON_IsNull(expected)) {
        if (present) harness_fail(__FILE__, __LINE__, "%s: %s is %u, expected null", vector, key, actual);
    } else if (!present || (double)actual != expected->valuedouble) {
        harness_fail(__FILE__, __LINE__, "%s: %s is %s%u, expected %g", vector, key,
                     present ? "" : "absent ", actual, expected->valuedouble);
    }
}

static void expect_bool(const char *vector, const char *key, bool actual, const cJSON *expected) {
    if (!cJSON_IsBool(expected) || actual != (bool)cJSON_IsTrue(expected))
        harness_fail(__FILE__, __LINE__, "%s: %s is %d", vector, key, (int)actual);
}

TEST(session_configs_valid) {
    const cJSON *c;
    size_t n = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(vectors("session_configs.json"), "valid")) {
        char *json = cJSON_PrintUnformatted(cJSON_GetObjectItem(c, "config"));
        yoti_session_config *config = NULL;
        yoti_error *err = NULL;
        if (yoti_session_config_from_json(json, &config, &err) != YOTI_STATUS_OK ||
            yoti_session_config_validate(config, &err) != YOTI_STATUS_OK)
            harness_fail(__FILE__, __LINE__, "%s: %s", name_of(c), yoti_error_message(err));
        yoti_error_free(err);
        yoti_session_config_free(config);
        cJSON_free(json);
        n++;
    }
    CHECK(n > 0);
}

TEST(session_configs_invalid_report_exactly_the_listed_errors) {
    const cJSON *c;
    size_t n = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(vectors("session_configs.json"), "invalid")) {
        const char *name = name_of(c);
        char *json = cJSON_PrintUnformatted(cJSON_GetObjectItem(c, "config"));
        yoti_session_config *config = NULL;
        yoti_error *err = NULL;
        yoti_status status = yoti_session_config_from_json(json, &config, &err);
        if (status == YOTI_STATUS_OK) status = yoti_session_config_validate(config, &err);
        const cJSON *expected = cJSON_GetObjectItem(c, "errors");
        if (status != YOTI_STATUS_ERROR || strcmp(yoti_error_code(err), "validation") != 0) {
            harness_fail(__FILE__, __LINE__, "%s: status %d, code %s", name, (int)status,
                         err ? yoti_error_code(err) : "-");
        } else if ((int)yoti_error_field_count(err) != cJSON_GetArraySize(expected)) {
            harness_fail(__FILE__, __LINE__, "%s: %zu field errors (%s), expected %d", name,
                         yoti_error_field_count(err), yoti_error_message(err), cJSON_GetArraySize(expected));
        } else {
            const cJSON *e;
            cJSON_ArrayForEach(e, expected) {
                const char *field = cJSON_GetObjectItem(e, "field")->valuestring;
                const char *rule = cJSON_GetObjectItem(e, "rule")->valuestring;
                bool found = false;
                for (size_t i = 0; i < yoti_error_field_count(err); i++)
                    if (strcmp(yoti_error_field_path(err, i), field) == 0 &&
                        strcmp(yoti_error_field_rule(err, i), rule) == 0)
                        found = true;
                if (!found) harness_fail(__FILE__, __LINE__, "%s: no %s/%s in %s", name, field, rule, yoti_error_message(err));
            }
        }
        yoti_error_free(err);
        yoti_session_config_free(config);
        cJSON_free(json);
        n++;
    }
    CHECK(n > 0);
}

/* A field with no accessor, read from the result's to_json (the API's shape: "" when unset). */
static void expect_json_field(const char *vector, const char *key, yoti_session_result *r, const cJSON *expected) {
    char *json = NULL;
    if (yoti_session_result_to_json(r, &json, NULL) != YOTI_STATUS_OK) {
        harness_fail(__FILE__, __LINE__, "%s: to_json failed", vector);
        return;
    }
    cJSON *body = cJSON_Parse(json);
    const cJSON *actual = cJSON_GetObjectItem(body, key);
    const char *text = cJSON_IsString(actual) && actual->valuestring[0] ? actual->valuestring : NULL;
    expect_str(vector, key, text, expected);
    cJSON_Delete(body);
    yoti_string_free(json);
}

TEST(session_results_parse) {
    const cJSON *c;
    size_t n = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(vectors("results.json"), "session_results")) {
        const char *name = name_of(c);
        char *body = cJSON_PrintUnformatted(cJSON_GetObjectItem(c, "body"));
        yoti_session_result *r = NULL;
        yoti_error *err = NULL;
        if (yoti_session_result_from_json(body, &r, &err) != YOTI_STATUS_OK) {
            harness_fail(__FILE__, __LINE__, "%s: %s", name, yoti_error_message(err));
            yoti_error_free(err);
            cJSON_free(body);
            continue;
        }
        const cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItem(c, "expect")) {
            const char *key = e->string;
            uint32_t value = 0;
            if (strcmp(key, "id") == 0) expect_str(name, key, yoti_session_result_id(r), e);
            else if (strcmp(key, "status") == 0) expect_str(name, key, yoti_session_result_status_text(r), e);
            else if (strcmp(key, "status_known") == 0)
                expect_bool(name, key, yoti_session_result_status(r) != YOTI_SESSION_STATUS_OTHER, e);
            else if (strcmp(key, "terminal") == 0) expect_bool(name, key, yoti_session_result_is_terminal(r), e);
            else if (strcmp(key, "age") == 0) {
                bool present = yoti_session_result_age(r, &value);
                expect_u32(name, key, present, value, e);
            } else if (strcmp(key, "method") == 0) expect_str(name, key, yoti_session_result_method(r), e);
            else if (strcmp(key, "method_known") == 0) {
                /* Known methods are the wire names of this version (a closed list in C). */
                const char *known[] = {"AGE_ESTIMATION", "DIGITAL_ID", "DOC_SCAN", "CREDIT_CARD", "MOBILE",
                                       "YOTI_KEY", "AGE_KEY", "LOGIN", "ELECTRONIC_ID", "LA_WALLET",
                                       "SOCIAL_SECURITY_NUMBER", "US_FLORIDA_HB3", "DOUBLE_ANONYMITY",
                                       "EMAIL", "SINGPASS", "CPF", "ADDRESS"};
                bool is_known = false;
                for (size_t i = 0; i < sizeof known / sizeof *known; i++)
                    if (yoti_session_result_method(r) && strcmp(yoti_session_result_method(r), known[i]) == 0)
                        is_known = true;
                expect_bool(name, key, is_known, e);
            } else if (strcmp(key, "evidence_id") == 0) expect_str(name, key, yoti_session_result_evidence_id(r), e);
            else if (strcmp(key, "type") == 0) expect_str(name, key, yoti_session_result_type(r), e);
            else if (strcmp(key, "reference_id") == 0) expect_str(name, key, yoti_session_result_reference_id(r), e);
            else if (strcmp(key, "terminal_id") == 0) expect_str(name, key, yoti_session_result_terminal_id(r), e);
            else if (strcmp(key, "rule_id") == 0 || strcmp(key, "account_id") == 0 ||
                     strcmp(key, "created_at") == 0 || strcmp(key, "biometric_consent_given_at") == 0)
                expect_json_field(name, key, r, e);
            else if (strcmp(key, "attempts") == 0) {
                const cJSON *m;
                cJSON_ArrayForEach(m, e) {
                    uint32_t made = 0, left = 0;
                    bool present = yoti_session_result_attempts(r, m->string, &made, &left);
                    if (cJSON_IsNull(m)) {
                        if (present) harness_fail(__FILE__, __LINE__, "%s: attempts %s present", name, m->string);
                    } else if (!present || (int)made != cJSON_GetArrayItem(m, 0)->valueint ||
                               (int)left != cJSON_GetArrayItem(m, 1)->valueint) {
                        harness_fail(__FILE__, __LINE__, "%s: attempts %s = %u/%u", name, m->string, made, left);
                    }
                }
            } else harness_fail(__FILE__, __LINE__, "%s: unhandled expectation %s", name, key);
        }
        yoti_session_result_free(r);
        cJSON_free(body);
        n++;
    }
    CHECK_INT(n, cJSON_GetArraySize(cJSON_GetObjectItem(vectors("results.json"), "session_results")));
}

TEST(created_sessions_parse) {
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(vectors("results.json"), "created_sessions")) {
        const char *name = name_of(c);
        char *body = cJSON_PrintUnformatted(cJSON_GetObjectItem(c, "body"));
        yoti_created_session *s = NULL;
        yoti_error *err = NULL;
        CHECK_OK(yoti_created_session_from_json(body, &s, &err), err);
        const cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItem(c, "expect")) {
            if (strcmp(e->string, "id") == 0) expect_str(name, e->string, yoti_created_session_id(s), e);
            else if (strcmp(e->string, "status") == 0) expect_str(name, e->string, yoti_created_session_status_text(s), e);
            else if (strcmp(e->string, "expires_at") == 0) expect_str(name, e->string, yoti_created_session_expires_at(s), e);
            else harness_fail(__FILE__, __LINE__, "%s: unhandled expectation %s", name, e->string);
        }
        CHECK_STR(yoti_created_session_raw_json(s), body);
        yoti_created_session_free(s);
        cJSON_free(body);
    }
}

TEST(poa_results_parse) {
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(vectors("results.json"), "poa_results")) {
        const char *name = name_of(c);
        char *body = cJSON_PrintUnformatted(cJSON_GetObjectItem(c, "body"));
        yoti_poa_result *p = NULL;
        yoti_error *err = NULL;
        CHECK_OK(yoti_poa_result_from_json(body, &p, &err), err);
        /* http_status 202 is what makes a verify answer pending; parsed bodies say it by status. */
        bool accepted = cJSON_GetObjectItem(c, "http_status")->valueint == 202;
        CHECK(accepted == (yoti_poa_result_status(p) == YOTI_POA_STATUS_PENDING));
        const cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItem(c, "expect")) {
            const char *key = e->string;
            uint32_t value = 0;
            if (strcmp(key, "id") == 0) expect_str(name, key, yoti_poa_result_id(p), e);
            else if (strcmp(key, "status") == 0) expect_str(name, key, yoti_poa_result_status_text(p), e);
            else if (strcmp(key, "pending") == 0) expect_bool(name, key, yoti_poa_result_is_pending(p), e);
            else if (strcmp(key, "age_over") == 0) {
                bool present = yoti_poa_result_age_over(p, &value);
                expect_u32(name, key, present, value, e);
            } else if (strcmp(key, "provider") == 0) expect_str(name, key, yoti_poa_result_provider(p), e);
            else if (strcmp(key, "failure_reason") == 0) expect_str(name, key, yoti_poa_result_failure_reason(p), e);
            else if (strcmp(key, "waiting_on") == 0) expect_str(name, key, yoti_poa_result_waiting_on(p), e);
            else if (strcmp(key, "checks") == 0) {
                CHECK_INT(yoti_poa_result_check_count(p), cJSON_GetArraySize(e));
                for (int i = 0; i < cJSON_GetArraySize(e); i++)
                    expect_str(name, key, yoti_poa_result_check(p, (size_t)i), cJSON_GetArrayItem(e, i));
            } else harness_fail(__FILE__, __LINE__, "%s: unhandled expectation %s", name, key);
        }
        yoti_poa_result_free(p);
        cJSON_free(body);
    }
}

TEST(webhooks_verify_or_fail_with_their_code) {
    const cJSON *file = vectors("webhooks.json");
    yoti_webhook_verifier *verifier = NULL;
    yoti_error *err = NULL;
    CHECK_OK(yoti_webhook_verifier_new_pem(cJSON_GetObjectItem(file, "public_key_pem")->valuestring, &verifier, &err), err);
    const cJSON *c;
    size_t n = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(file, "cases")) {
        const char *name = name_of(c);
        const char *body = cJSON_GetObjectItem(c, "body")->valuestring;
        yoti_avs_notification *note = NULL;
        yoti_status status = yoti_webhook_verify(verifier, (const uint8_t *)body, strlen(body), &note, &err);
        if (cJSON_IsTrue(cJSON_GetObjectItem(c, "valid"))) {
            if (status != YOTI_STATUS_OK) {
                harness_fail(__FILE__, __LINE__, "%s: %s", name, yoti_error_message(err));
            } else {
                const cJSON *e;
                cJSON_ArrayForEach(e, cJSON_GetObjectItem(c, "expect")) {
                    uint32_t value = 0;
                    if (strcmp(e->string, "id") == 0) expect_str(name, e->string, yoti_avs_notification_id(note), e);
                    else if (strcmp(e->string, "session_key") == 0) expect_str(name, e->string, yoti_avs_notification_session_key(note), e);
                    else if (strcmp(e->string, "state") == 0) expect_str(name, e->string, yoti_avs_notification_state(note), e);
                    else if (strcmp(e->string, "sequence_number") == 0) {
                        bool present = yoti_avs_notification_sequence_number(note, &value);
                        expect_u32(name, e->string, present, value, e);
                    } else harness_fail(__FILE__, __LINE__, "%s: unhandled expectation %s", name, e->string);
                }
                CHECK_STR(yoti_avs_notification_raw_json(note), body);
            }
        } else {
            const char *code = cJSON_GetObjectItem(c, "error_code")->valuestring;
            if (status != YOTI_STATUS_ERROR || strcmp(yoti_error_code(err), code) != 0)
                harness_fail(__FILE__, __LINE__, "%s: status %d code %s, expected %s", name, (int)status,
                             err ? yoti_error_code(err) : "-", code);
            CHECK(note == NULL);
        }
        yoti_avs_notification_free(note);
        yoti_error_free(err);
        err = NULL;
        n++;
    }
    CHECK_INT(n, cJSON_GetArraySize(cJSON_GetObjectItem(file, "cases")));
    yoti_webhook_verifier_free(verifier);
}

TEST(error_bodies_map_to_codes_through_the_client) {
    /* Each body is served by the sandbox (a status fault on this session's result path) to a
     * client without retries, so the real response path maps it. */
    yoti_client *base = sandbox_client();
    yoti_client *client = NULL;
    CHECK_OK(yoti_client_with_retry_policy(base, 0, 0, 0, &client), NULL);
    char *id = sandbox_session(NULL);
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(vectors("results.json"), "error_bodies")) {
        const char *name = name_of(c);
        cJSON *fault = cJSON_CreateObject();
        char path[256];
        snprintf(path, sizeof path, "/api/v1/sessions/%s/result", id);
        cJSON_AddStringToObject(fault, "path", path);
        cJSON_AddNumberToObject(fault, "status", cJSON_GetObjectItem(c, "status")->valueint);
        cJSON_AddStringToObject(fault, "body", cJSON_GetObjectItem(c, "body")->valuestring);
        char *fault_json = cJSON_PrintUnformatted(fault);
        sandbox_fault(fault_json);
        yoti_session_result *r = NULL;
        yoti_error *err = NULL;
        yoti_status status = yoti_client_get_result(client, id, &r, &err);
        CHECK(r == NULL);
        if (status != YOTI_STATUS_ERROR) {
            harness_fail(__FILE__, __LINE__, "%s: status %d", name, (int)status);
        } else {
            CHECK_INT(yoti_error_http_status(err), cJSON_GetObjectItem(c, "status")->valueint);
            CHECK(yoti_error_request_id(err) != NULL);
            const cJSON *e;
            cJSON_ArrayForEach(e, cJSON_GetObjectItem(c, "expect")) {
                if (strcmp(e->string, "code") == 0) expect_str(name, e->string, yoti_error_code(err), e);
                else if (strcmp(e->string, "api_code") == 0) expect_str(name, e->string, yoti_error_api_code(err), e);
                else if (strcmp(e->string, "message") == 0) expect_str(name, e->string, yoti_error_message(err), e);
                else if (strcmp(e->string, "fields") == 0) {
                    CHECK_INT(yoti_error_field_count(err), cJSON_GetArraySize(e));
                    for (int i = 0; i < cJSON_GetArraySize(e); i++)
                        expect_str(name, e->string, yoti_error_field_path(err, (size_t)i), cJSON_GetArrayItem(e, i));
                } else harness_fail(__FILE__, __LINE__, "%s: unhandled expectation %s", name, e->string);
            }
            expect_str(name, "body", yoti_error_body(err), cJSON_GetObjectItem(c, "body"));
        }
        yoti_error_free(err);
        cJSON_free(fault_json);
        cJSON_Delete(fault);
    }
    free(id);
    yoti_client_free(client);
    yoti_client_free(base);
}
