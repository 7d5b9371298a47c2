/*
 * A small test harness for the C binding: TEST(name) registers a test; each test binary runs
 * one named test (as ctest calls it) or all of them. Helpers read the running sandbox's config
 * (YOTI_TEST_SANDBOX: the JSON line printed by `yoti-age sandbox --print-config`), drive its
 * control API over a plain loopback socket, and load the shared tests/vectors files with cJSON.
 */
#ifndef YOTI_TEST_HARNESS_H
#define YOTI_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "yoti_age.h"

typedef void (*test_fn)(void);
void harness_register(const char *name, test_fn fn);
void harness_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int harness_main(int argc, char **argv);

#define TEST(name)                                                                            \
    static void name(void);                                                                   \
    __attribute__((constructor)) static void register_##name(void) {                          \
        harness_register(#name, name);                                                        \
    }                                                                                         \
    static void name(void)

#define CHECK(cond)                                                                           \
    do {                                                                                      \
        if (!(cond)) harness_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);                    \
    } while (0)

/* Compares two strings, either of which may be NULL. */
#define CHECK_STR(actual, expected)                                                           \
    do {                                                                                      \
        const char *a_ = (actual), *e_ = (expected);                                          \
        if (!((a_ == NULL && e_ == NULL) || (a_ && e_ && strcmp(a_, e_) == 0)))               \
            harness_fail(__FILE__, __LINE__, "%s is \"%s\", expected \"%s\"", #actual,        \
                         a_ ? a_ : "(null)", e_ ? e_ : "(null)");                             \
    } while (0)

#define CHECK_INT(actual, expected)                                                           \
    do {                                                                                      \
        long long a_ = (long long)(actual), e_ = (long long)(expected);                       \
        if (a_ != e_)                                                                         \
            harness_fail(__FILE__, __LINE__, "%s is %lld, expected %lld", #actual, a_, e_);   \
    } while (0)

/* Checks a call's status; on an unexpected status prints the error's code and message. */
#define CHECK_OK(call_with_err, err)                                                          \
    do {                                                                                      \
        yoti_status s_ = (call_with_err);                                                     \
        if (s_ != YOTI_STATUS_OK)                                                             \
            harness_fail(__FILE__, __LINE__, "%s returned %d (%s: %s)", #call_with_err,       \
                         (int)s_, yoti_error_code(err) ? yoti_error_code(err) : "-",          \
                         yoti_error_message(err) ? yoti_error_message(err) : "-");            \
    } while (0)

/* Checks that a call failed with YOTI_STATUS_ERROR and the given stable code. */
#define CHECK_ERR(call_with_err, err, code)                                                   \
    do {                                                                                      \
        yoti_status s_ = (call_with_err);                                                     \
        if (s_ != YOTI_STATUS_ERROR || !(err) || strcmp(yoti_error_code(err), (code)) != 0)   \
            harness_fail(__FILE__, __LINE__, "%s: status %d, code %s (%s), expected %s",      \
                         #call_with_err, (int)s_, (err) ? yoti_error_code(err) : "(no error)",\
                         (err) ? yoti_error_message(err) : "-", (code));                      \
    } while (0)

/* The running sandbox. */
typedef struct sandbox {
    char base_url[256], avs_url[256], poa_url[256], auth_url[256];
    char sdk_id[128], api_key[256];
    char *webhook_public_key_pem; /* owned by the harness */
    char host[64];
    int port;
} sandbox;

const sandbox *sb(void);
/* A client for the sandbox with fast retries (base 10 ms); free with yoti_client_free. */
yoti_client *sandbox_client(void);
/* Options for the sandbox (URLs and credentials set); free with yoti_client_options_free. */
yoti_client_options *sandbox_options(void);
/* Sends one request to the sandbox; returns the HTTP status (0 on socket errors) and, when
 * out_body is not NULL, the body (free()). */
int sandbox_http(const char *method, const char *path, const char *json_body, char **out_body);
/* Creates an OVER 18 age-estimation session (ttl 900) and returns its id (free()). */
char *sandbox_session(const char *extra_json_fields);
/* Plays the user: POST /__sandbox/sessions/{id}/complete with this outcome JSON. */
void sandbox_complete(const char *session_id, const char *outcome_json);
/* Arms a fault (POST /__sandbox/faults). */
void sandbox_fault(const char *fault_json);

/* A file of tests/vectors parsed with cJSON (cached; freed at exit). */
cJSON *vectors(const char *file_name);
/* Reads a whole file (free()); NULL when unreadable. */
char *read_file(const char *path, size_t *out_len);

#endif
