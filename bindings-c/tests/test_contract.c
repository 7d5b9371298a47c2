/* tests/vectors/contract.json from C: config JSON text, terminal_id read from a JSON config,
 * raw-request target names and environment names give the answers every language gives. */
#include <stdlib.h>
#include <time.h>

#include "harness.h"

static const cJSON *item(const cJSON *c, const char *key) {
    return cJSON_GetObjectItemCaseSensitive(c, key);
}

/* Whether err's field errors are exactly `expected` ([{field, rule}], any order). */
static bool same_field_errors(const yoti_error *err, const cJSON *expected) {
    if ((int)yoti_error_field_count(err) != cJSON_GetArraySize(expected)) return false;
    const cJSON *e;
    cJSON_ArrayForEach(e, expected) {
        bool found = false;
        for (size_t i = 0; i < yoti_error_field_count(err); i++)
            found |= strcmp(yoti_error_field_path(err, i), item(e, "field")->valuestring) == 0 &&
                     strcmp(yoti_error_field_rule(err, i), item(e, "rule")->valuestring) == 0;
        if (!found) return false;
    }
    return true;
}

TEST(config_json_text) {
    const cJSON *c;
    size_t n = 0;
    cJSON_ArrayForEach(c, item(vectors("contract.json"), "config_json_text")) {
        yoti_session_config *config = NULL;
        yoti_error *err = NULL;
        yoti_status status = yoti_session_config_from_json(item(c, "text")->valuestring, &config, &err);
        if (status != YOTI_STATUS_ERROR || strcmp(yoti_error_code(err), item(c, "code")->valuestring) != 0 ||
            !same_field_errors(err, item(c, "errors")))
            harness_fail(__FILE__, __LINE__, "%s: status %d, %s", item(c, "name")->valuestring, (int)status,
                         err ? yoti_error_message(err) : "no error");
        yoti_error_free(err);
        yoti_session_config_free(config);
        n++;
    }
    CHECK(n > 0);
}

TEST(terminal_id_in_a_json_config_is_sent) {
    const cJSON *v = item(vectors("contract.json"), "terminal_id");
    char *json = cJSON_PrintUnformatted(item(v, "config"));
    yoti_client *client = sandbox_client();
    yoti_session_config *config = NULL;
    yoti_created_session *created = NULL;
    yoti_session_result *result = NULL;
    yoti_error *err = NULL;
    CHECK_OK(yoti_session_config_from_json(json, &config, &err), err);
    CHECK_OK(yoti_client_create_session(client, config, &created, &err), err);
    CHECK_OK(yoti_client_get_result(client, yoti_created_session_id(created), &result, &err), err);
    CHECK_STR(yoti_session_result_terminal_id(result), item(v, "expected_terminal_id")->valuestring);
    yoti_session_result_free(result);
    yoti_created_session_free(created);
    yoti_session_config_free(config);
    yoti_client_free(client);
    cJSON_free(json);
}

TEST(raw_targets) {
    yoti_client *client = sandbox_client();
    char *id = sandbox_session(NULL);
    char path[256];
    snprintf(path, sizeof path, "sessions/%s", id);
    const cJSON *c;
    cJSON_ArrayForEach(c, item(vectors("contract.json"), "raw_targets")) {
        const char *target = item(c, "name")->valuestring;
        const cJSON *resolves = item(c, "resolves_to");
        uint16_t http_status = 0;
        char *body = NULL;
        yoti_error *err = NULL;
        if (resolves && strcmp(resolves->valuestring, "avs") == 0) {
            CHECK_OK(yoti_client_raw_request(client, "GET", target, path, NULL, &http_status, &body, &err), err);
            CHECK(strstr(body, id) != NULL);
        } else if (resolves) {
            /* Reached PoA: the verify endpoint answers with a status (on the AVS base it is a 404). */
            char request[256];
            time_t now = time(NULL);
            char stamp[32];
            strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
            snprintf(request, sizeof request,
                     "{\"qr\":{\"value\":\"sandbox:success:18\",\"scanned_at\":\"%s\"},\"terminal\":{\"id\":\"t\"}}", stamp);
            CHECK_OK(yoti_client_raw_request(client, "POST", target, "/poa/v1/verify", request, &http_status, &body, &err), err);
            CHECK(strstr(body, "\"status\"") != NULL);
        } else {
            CHECK_ERR(yoti_client_raw_request(client, "GET", target, "sessions", NULL, &http_status, &body, &err), err,
                      item(c, "code")->valuestring);
            CHECK_INT(yoti_error_field_count(err), 1);
            CHECK_STR(yoti_error_field_path(err, 0), item(c, "field")->valuestring);
        }
        yoti_string_free(body);
        yoti_error_free(err);
    }
    free(id);
    yoti_client_free(client);
}

TEST(environments) {
    const cJSON *c;
    cJSON_ArrayForEach(c, item(vectors("contract.json"), "environments")) {
        const char *name = item(c, "name")->valuestring;
        const cJSON *avs_base = item(c, "avs_base");
        yoti_client_options *options = NULL;
        CHECK_OK(yoti_client_options_new(&options), NULL);
        CHECK_OK(yoti_client_options_set_sdk_id(options, "sdk"), NULL);
        CHECK_OK(yoti_client_options_set_api_key(options, "key"), NULL);
        yoti_status status = yoti_client_options_set_environment(options, name);
        if (!avs_base) {
            /* A setter has no error object: the `config` failure is this status. */
            if (status != YOTI_STATUS_INVALID_ARGUMENT) harness_fail(__FILE__, __LINE__, "%s accepted", name);
            yoti_client_options_free(options);
            continue;
        }
        CHECK_OK(status, NULL);
        yoti_client *client = NULL;
        yoti_error *err = NULL;
        char *url = NULL;
        CHECK_OK(yoti_client_new(options, &client, &err), err);
        CHECK_OK(yoti_client_user_view_url(client, "abc", NULL, &url, &err), err);
        /* The user view lives at the AVS base without /api/v1. */
        size_t root = strlen(avs_base->valuestring) - strlen("/api/v1");
        if (strncmp(url, avs_base->valuestring, root) != 0 || (url[root] != '/' && url[root] != '?') ||
            strstr(url + root, "/sandbox"))
            harness_fail(__FILE__, __LINE__, "%s: user view %s is not under %s", name, url, avs_base->valuestring);
        yoti_string_free(url);
        yoti_client_free(client);
        yoti_client_options_free(options);
    }
}

TEST(credentials_are_trimmed_or_refused) {
    const sandbox *s = sb();
    const cJSON *c;
    cJSON_ArrayForEach(c, item(vectors("contract.json"), "credentials")) {
        const char *name = item(c, "name")->valuestring;
        const cJSON *sdk_suffix = item(c, "sdk_id_suffix"), *key_suffix = item(c, "api_key_suffix");
        char sdk_id[256], api_key[512];
        snprintf(sdk_id, sizeof sdk_id, "%s%s", s->sdk_id, sdk_suffix ? sdk_suffix->valuestring : "");
        snprintf(api_key, sizeof api_key, "%s%s", s->api_key, key_suffix ? key_suffix->valuestring : "");
        yoti_client_options *options = NULL;
        CHECK_OK(yoti_client_options_new(&options), NULL);
        CHECK_OK(yoti_client_options_set_sdk_id(options, sdk_id), NULL);
        CHECK_OK(yoti_client_options_set_api_key(options, api_key), NULL);
        CHECK_OK(yoti_client_options_set_urls(options, s->avs_url, s->poa_url, NULL), NULL);
        yoti_client *client = NULL;
        yoti_error *err = NULL;
        yoti_status status = yoti_client_new(options, &client, &err);
        if (cJSON_IsTrue(item(c, "works"))) {
            CHECK_OK(status, err);
            char *id = NULL;
            yoti_session_result *result = NULL;
            id = sandbox_session(NULL);
            CHECK_OK(yoti_client_get_result(client, id, &result, &err), err);
            yoti_session_result_free(result);
            free(id);
        } else if (status != YOTI_STATUS_ERROR || strcmp(yoti_error_code(err), item(c, "code")->valuestring) != 0 ||
                   !strstr(yoti_error_message(err), item(c, "message_contains")->valuestring) ||
                   strstr(yoti_error_message(err), "X-Injected")) {
            harness_fail(__FILE__, __LINE__, "%s: status %d, %s", name, (int)status, err ? yoti_error_message(err) : "-");
        }
        yoti_error_free(err);
        yoti_client_free(client);
        yoti_client_options_free(options);
    }
}

TEST(path_ids_are_refused_before_sending) {
    yoti_client *client = sandbox_client();
    const cJSON *c;
    cJSON_ArrayForEach(c, item(vectors("contract.json"), "path_ids")) {
        yoti_session_result *result = NULL;
        yoti_error *err = NULL;
        const cJSON *code = item(c, "code");
        CHECK_ERR(yoti_client_get_result(client, item(c, "id")->valuestring, &result, &err), err,
                  code ? code->valuestring : item(c, "sent_code")->valuestring);
        if (code) CHECK_STR(yoti_error_field_path(err, 0), item(c, "field")->valuestring);
        yoti_error_free(err);
    }
    yoti_client_free(client);
}

TEST(terminal_ids_that_cannot_be_headers_are_refused) {
    yoti_client *client = sandbox_client();
    const cJSON *c;
    cJSON_ArrayForEach(c, item(vectors("contract.json"), "terminal_ids")) {
        yoti_session_config *config = NULL;
        yoti_created_session *created = NULL;
        yoti_error *err = NULL;
        CHECK_OK(yoti_session_config_from_json("{\"type\":\"OVER\",\"ttl\":900,\"age_estimation\":{\"threshold\":18}}",
                                               &config, &err), err);
        CHECK_OK(yoti_session_config_set_terminal_id(config, item(c, "terminal_id")->valuestring), NULL);
        CHECK_ERR(yoti_client_create_session(client, config, &created, &err), err, item(c, "code")->valuestring);
        CHECK_STR(yoti_error_field_path(err, 0), item(c, "field")->valuestring);
        yoti_error_free(err);
        yoti_session_config_free(config);
    }
    yoti_client_free(client);
}
