/* The test harness: registration, running, sandbox helpers, vectors. See harness.h. */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef YOTI_TEST_VECTORS_DIR
#error "YOTI_TEST_VECTORS_DIR must point to tests/vectors"
#endif

#define MAX_TESTS 256
static struct {
    const char *name;
    test_fn fn;
} tests[MAX_TESTS];
static size_t test_count;
static int failures;

void harness_register(const char *name, test_fn fn) {
    if (test_count < MAX_TESTS) {
        tests[test_count].name = name;
        tests[test_count].fn = fn;
        test_count++;
    }
}

void harness_fail(const char *file, int line, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    fprintf(stderr, "FAIL %s:%d: ", file, line);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
    failures++;
}

/* ---- sandbox ---------------------------------------------------------------------------- */

static sandbox the_sandbox;
static bool sandbox_loaded;

static void copy_field(const cJSON *json, const char *name, char *dst, size_t cap) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(json, name);
    if (!cJSON_IsString(item) || strlen(item->valuestring) >= cap) {
        fprintf(stderr, "YOTI_TEST_SANDBOX: missing or oversized %s\n", name);
        exit(2);
    }
    strcpy(dst, item->valuestring);
}

const sandbox *sb(void) {
    if (sandbox_loaded) return &the_sandbox;
    const char *text = getenv("YOTI_TEST_SANDBOX");
    if (!text) {
        fprintf(stderr, "YOTI_TEST_SANDBOX is not set (run through scripts/test.d/40-c.sh)\n");
        exit(2);
    }
    cJSON *json = cJSON_Parse(text);
    if (!json) {
        fprintf(stderr, "YOTI_TEST_SANDBOX is not JSON\n");
        exit(2);
    }
    copy_field(json, "base_url", the_sandbox.base_url, sizeof the_sandbox.base_url);
    copy_field(json, "avs_url", the_sandbox.avs_url, sizeof the_sandbox.avs_url);
    copy_field(json, "poa_url", the_sandbox.poa_url, sizeof the_sandbox.poa_url);
    copy_field(json, "auth_url", the_sandbox.auth_url, sizeof the_sandbox.auth_url);
    copy_field(json, "sdk_id", the_sandbox.sdk_id, sizeof the_sandbox.sdk_id);
    copy_field(json, "api_key", the_sandbox.api_key, sizeof the_sandbox.api_key);
    const cJSON *pem = cJSON_GetObjectItemCaseSensitive(json, "webhook_public_key_pem");
    the_sandbox.webhook_public_key_pem = strdup(cJSON_IsString(pem) ? pem->valuestring : "");
    cJSON_Delete(json);
    /* base_url is http://127.0.0.1:PORT */
    if (sscanf(the_sandbox.base_url, "http://%63[^:]:%d", the_sandbox.host, &the_sandbox.port) != 2 ||
        strcmp(the_sandbox.host, "127.0.0.1") != 0) {
        fprintf(stderr, "the sandbox must listen on 127.0.0.1 (got %s)\n", the_sandbox.base_url);
        exit(2);
    }
    sandbox_loaded = true;
    return &the_sandbox;
}

yoti_client_options *sandbox_options(void) {
    const sandbox *s = sb();
    yoti_client_options *options = NULL;
    if (yoti_client_options_new(&options) != YOTI_STATUS_OK ||
        yoti_client_options_set_urls(options, s->avs_url, s->poa_url, s->auth_url) != YOTI_STATUS_OK ||
        yoti_client_options_set_sdk_id(options, s->sdk_id) != YOTI_STATUS_OK ||
        yoti_client_options_set_api_key(options, s->api_key) != YOTI_STATUS_OK ||
        yoti_client_options_set_poa_token(options, s->api_key) != YOTI_STATUS_OK ||
        yoti_client_options_set_retry_policy(options, 2, 10, 50) != YOTI_STATUS_OK) {
        fprintf(stderr, "cannot build sandbox options\n");
        exit(2);
    }
    return options;
}

yoti_client *sandbox_client(void) {
    yoti_client_options *options = sandbox_options();
    yoti_client *client = NULL;
    yoti_error *err = NULL;
    if (yoti_client_new(options, &client, &err) != YOTI_STATUS_OK) {
        fprintf(stderr, "cannot build the sandbox client: %s\n", yoti_error_message(err));
        exit(2);
    }
    yoti_client_options_free(options);
    return client;
}

int sandbox_http(const char *method, const char *path, const char *json_body, char **out_body) {
    const sandbox *s = sb();
    if (out_body) *out_body = NULL;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)s->port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return 0;
    }
    size_t body_len = json_body ? strlen(json_body) : 0;
    char head[1024];
    int n = snprintf(head, sizeof head,
                     "%s %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     method, path, s->host, s->port, body_len);
    if (write(fd, head, (size_t)n) != n ||
        (body_len && write(fd, json_body, body_len) != (ssize_t)body_len)) {
        close(fd);
        return 0;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (len + 1024 >= cap) buf = realloc(buf, cap *= 2);
        ssize_t got = read(fd, buf + len, cap - len - 1);
        if (got <= 0) break;
        len += (size_t)got;
    }
    close(fd);
    buf[len] = '\0';
    int status = 0;
    sscanf(buf, "HTTP/1.1 %d", &status);
    if (out_body) {
        const char *start = strstr(buf, "\r\n\r\n");
        *out_body = strdup(start ? start + 4 : "");
    }
    free(buf);
    return status;
}

char *sandbox_session(const char *extra_json_fields) {
    yoti_client *client = sandbox_client();
    char json[2048];
    snprintf(json, sizeof json,
             "{\"type\":\"OVER\",\"ttl\":900,\"age_estimation\":{\"allowed\":true,\"threshold\":18}%s%s}",
             extra_json_fields ? "," : "", extra_json_fields ? extra_json_fields : "");
    yoti_created_session *created = NULL;
    yoti_error *err = NULL;
    if (yoti_client_create_session_json(client, json, &created, &err) != YOTI_STATUS_OK) {
        fprintf(stderr, "cannot create a session: %s\n", yoti_error_message(err));
        exit(2);
    }
    char *id = strdup(yoti_created_session_id(created));
    yoti_created_session_free(created);
    yoti_client_free(client);
    return id;
}

void sandbox_complete(const char *session_id, const char *outcome_json) {
    char path[512];
    snprintf(path, sizeof path, "/__sandbox/sessions/%s/complete", session_id);
    int status = sandbox_http("POST", path, outcome_json, NULL);
    if (status != 200) harness_fail(__FILE__, __LINE__, "complete %s: HTTP %d", session_id, status);
}

void sandbox_fault(const char *fault_json) {
    int status = sandbox_http("POST", "/__sandbox/faults", fault_json, NULL);
    if (status != 204) harness_fail(__FILE__, __LINE__, "fault %s: HTTP %d", fault_json, status);
}

/* ---- files and vectors ------------------------------------------------------------------ */

char *read_file(const char *path, size_t *out_len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 >= cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    buf[len] = '\0';
    if (out_len) *out_len = len;
    return buf;
}

static struct {
    char name[64];
    cJSON *json;
} cache[8];

cJSON *vectors(const char *file_name) {
    for (size_t i = 0; i < 8; i++)
        if (cache[i].json && strcmp(cache[i].name, file_name) == 0) return cache[i].json;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", YOTI_TEST_VECTORS_DIR, file_name);
    char *text = read_file(path, NULL);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    cJSON *json = cJSON_Parse(text);
    free(text);
    if (!json) {
        fprintf(stderr, "%s is not JSON\n", path);
        exit(2);
    }
    for (size_t i = 0; i < 8; i++)
        if (!cache[i].json) {
            snprintf(cache[i].name, sizeof cache[i].name, "%s", file_name);
            cache[i].json = json;
            return json;
        }
    return json;
}

static void release(void) {
    for (size_t i = 0; i < 8; i++) cJSON_Delete(cache[i].json);
    free(the_sandbox.webhook_public_key_pem);
}

/* ---- main ------------------------------------------------------------------------------- */

int harness_main(int argc, char **argv) {
    atexit(release);
    if (argc > 1 && strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < test_count; i++) printf("%s\n", tests[i].name);
        return 0;
    }
    size_t ran = 0;
    for (size_t i = 0; i < test_count; i++) {
        if (argc > 1 && strcmp(argv[1], tests[i].name) != 0) continue;
        int before = failures;
        tests[i].fn();
        printf("%s %s\n", failures == before ? "ok" : "FAILED", tests[i].name);
        ran++;
    }
    if (ran == 0) {
        fprintf(stderr, "no test named %s\n", argc > 1 ? argv[1] : "(any)");
        return 2;
    }
    return failures ? 1 : 0;
}

int main(int argc, char **argv) { return harness_main(argc, argv); }
