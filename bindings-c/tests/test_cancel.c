/* Cancelling a call from another thread: a call blocked on a server that never answers (with
 * hour-long timeouts) returns `cancelled` once its token is cancelled, and a client whose
 * token is already cancelled sends nothing. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

/* A loopback socket that listens and never accepts: connects succeed, requests never get an
 * answer. Returns the socket; writes its port. */
static int hanging_listener(int *out_port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0);
    CHECK(listen(fd, 8) == 0);
    socklen_t len = sizeof addr;
    CHECK(getsockname(fd, (struct sockaddr *)&addr, &len) == 0);
    *out_port = ntohs(addr.sin_port);
    return fd;
}

static yoti_client *client_for(int port, const yoti_cancel_token *token) {
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v1", port);
    yoti_client_options *options = NULL;
    CHECK_OK(yoti_client_options_new(&options), NULL);
    CHECK_OK(yoti_client_options_set_sdk_id(options, "sdk"), NULL);
    CHECK_OK(yoti_client_options_set_api_key(options, "key"), NULL);
    CHECK_OK(yoti_client_options_set_urls(options, url, NULL, NULL), NULL);
    CHECK_OK(yoti_client_options_set_timeouts(options, 5000, 3600000, 3600000), NULL);
    yoti_client *base = NULL, *client = NULL;
    yoti_error *err = NULL;
    CHECK_OK(yoti_client_new(options, &base, &err), err);
    CHECK_OK(yoti_client_with_cancel_token(base, token, &client), NULL);
    yoti_client_free(base);
    yoti_client_options_free(options);
    return client;
}

struct call {
    yoti_client *client;
    yoti_status status;
    yoti_error *error;
};

static void *get_result(void *arg) {
    struct call *c = arg;
    yoti_session_result *result = NULL;
    c->status = yoti_client_get_result(c->client, "session-1", &result, &c->error);
    yoti_session_result_free(result);
    return NULL;
}

TEST(cancel_token_stops_a_call_in_flight) {
    int port = 0;
    int listener = hanging_listener(&port);
    yoti_cancel_token *token = NULL;
    CHECK_OK(yoti_cancel_token_new(&token), NULL);
    struct call c = {client_for(port, token), YOTI_STATUS_OK, NULL};
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, get_result, &c) == 0);
    /* Let the request reach the server; cancelling earlier would also end in `cancelled`. */
    struct timespec pause = {0, 200 * 1000 * 1000};
    nanosleep(&pause, NULL);
    CHECK(!yoti_cancel_token_is_cancelled(token));
    CHECK_OK(yoti_cancel_token_cancel(token), NULL);
    CHECK(yoti_cancel_token_is_cancelled(token));
    CHECK(pthread_join(thread, NULL) == 0); /* without cancellation this waits an hour */
    CHECK_ERR(c.status, c.error, "cancelled");
    yoti_error_free(c.error);
    yoti_client_free(c.client);
    yoti_cancel_token_free(token);
    close(listener);
}

TEST(cancelled_token_sends_nothing) {
    int port = 0;
    int listener = hanging_listener(&port);
    yoti_cancel_token *token = NULL;
    CHECK_OK(yoti_cancel_token_new(&token), NULL);
    CHECK_OK(yoti_cancel_token_cancel(token), NULL);
    yoti_client *client = client_for(port, token);
    yoti_cancel_token_free(token); /* the client keeps its own reference */
    yoti_session_result *result = NULL;
    yoti_error *err = NULL;
    CHECK_ERR(yoti_client_get_result(client, "session-1", &result, &err), err, "cancelled");
    yoti_error_free(err);
    yoti_client_free(client);
    CHECK_INT(yoti_cancel_token_is_cancelled(NULL), 0);
    CHECK_INT(yoti_cancel_token_cancel(NULL), YOTI_STATUS_INVALID_ARGUMENT);
    close(listener);
}
