/*
 * yoti-age from C: create a session, send the user to the user view, wait for the result.
 *
 *   cc -o quickstart examples/c/quickstart.c $(pkg-config --cflags --libs yoti_age)
 *   YOTI_SDK_ID=… YOTI_API_KEY=… ./quickstart     # or the URLs printed by `yoti-age sandbox`
 *
 * With YOTI_QUICKSTART_COMPLETE set (CI does), the example plays the user itself through the
 * local sandbox's control API, so that it finishes without a browser.
 */
#include <stdio.h>
#include <stdlib.h>

#include <yoti_age.h>

/* Prints the error of a failed call and frees it. */
static int fail(const char *what, yoti_error *err) {
    fprintf(stderr, "%s failed: [%s] %s\n", what, yoti_error_code(err), yoti_error_message(err));
    if (yoti_error_request_id(err)) fprintf(stderr, "  request id: %s\n", yoti_error_request_id(err));
    for (size_t i = 0; i < yoti_error_field_count(err); i++)
        fprintf(stderr, "  %s: %s\n", yoti_error_field_path(err, i), yoti_error_field_message(err, i));
    yoti_error_free(err);
    return 1;
}

int main(void) {
    yoti_error *err = NULL;
    yoti_client *client = NULL;
    /* YOTI_SDK_ID and YOTI_API_KEY (production), or the sandbox's YOTI_AVS_URL etc. */
    if (yoti_client_from_env(&client, &err) != YOTI_STATUS_OK) return fail("client", err);

    /* Over 18 by age estimation (threshold 21, as Yoti advises) or Digital ID, 15 minutes. */
    yoti_session_config *config = NULL;
    yoti_session_config_new(&config);
    yoti_session_config_set_type(config, "OVER");
    yoti_session_config_allow_method(config, "age_estimation", 21);
    yoti_session_config_allow_method(config, "digital_id", 18);
    yoti_session_config_set_ttl(config, 900);
    yoti_session_config_set_callback(config, "https://shop.example/age-checked", true);

    yoti_created_session *session = NULL;
    yoti_status status = yoti_client_create_session(client, config, &session, &err);
    yoti_session_config_free(config);
    if (status != YOTI_STATUS_OK) {
        yoti_client_free(client);
        return fail("create session", err);
    }
    const char *id = yoti_created_session_id(session); /* borrowed from `session` */

    char *url = NULL;
    if (yoti_client_user_view_url(client, id, NULL, &url, &err) == YOTI_STATUS_OK) {
        printf("send the user to %s\n", url);
        yoti_string_free(url);
    } else {
        fail("user view URL", err);
    }

    if (getenv("YOTI_QUICKSTART_COMPLETE")) {
        /* Local sandbox only: play the user (POST /__sandbox/sessions/{id}/complete). */
        char path[256];
        snprintf(path, sizeof path, "/../../__sandbox/sessions/%s/complete", id);
        uint16_t http_status = 0;
        char *body = NULL;
        if (yoti_client_raw_request(client, "POST", "avs", path, "{\"age\":25}", &http_status, &body,
                                    &err) != YOTI_STATUS_OK)
            fail("sandbox complete", err);
        yoti_string_free(body);
    }

    yoti_wait_options wait = {.timeout_ms = 120000};
    yoti_session_result *result = NULL;
    if (yoti_client_wait_for_result(client, id, &wait, &result, &err) != YOTI_STATUS_OK) {
        yoti_created_session_free(session);
        yoti_client_free(client);
        return fail("wait for result", err);
    }
    const char *method = yoti_session_result_method(result);
    printf("%s by %s\n", yoti_session_result_status_text(result), method ? method : "-");
    int code = yoti_session_result_status(result) == YOTI_SESSION_STATUS_COMPLETE ? 0 : 10;

    yoti_session_result_free(result);
    yoti_created_session_free(session);
    yoti_client_free(client);
    return code;
}
