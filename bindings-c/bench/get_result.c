/*
 * Sequential get_result through the C API: `get_result AVS_URL SDK_ID API_KEY SESSION_ID N`
 * prints "c_api_ns_per_call <ns>" after a warm-up. Run by bindings-c/bench/run.sh against the
 * loopback server of examples/bench_get_result.rs, which times the pure-Rust blocking client
 * against the same server and prints the ratio.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "yoti_age.h"

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s AVS_URL SDK_ID API_KEY SESSION_ID N\n", argv[0]);
        return 2;
    }
    long n = strtol(argv[5], NULL, 10);
    yoti_client_options *options = NULL;
    yoti_client *client = NULL;
    yoti_error *err = NULL;
    yoti_client_options_new(&options);
    yoti_client_options_set_urls(options, argv[1], NULL, NULL);
    yoti_client_options_set_sdk_id(options, argv[2]);
    yoti_client_options_set_api_key(options, argv[3]);
    if (yoti_client_new(options, &client, &err) != YOTI_STATUS_OK) {
        fprintf(stderr, "client: %s\n", yoti_error_message(err));
        return 1;
    }
    yoti_client_options_free(options);
    for (long round = 0; round < 2; round++) {
        long calls = round == 0 ? n / 10 : n; /* warm-up, then the measured run */
        double start = now_ns();
        for (long i = 0; i < calls; i++) {
            yoti_session_result *result = NULL;
            if (yoti_client_get_result(client, argv[4], &result, &err) != YOTI_STATUS_OK ||
                yoti_session_result_status(result) != YOTI_SESSION_STATUS_COMPLETE) {
                fprintf(stderr, "get_result: %s\n", err ? yoti_error_message(err) : "unexpected status");
                return 1;
            }
            yoti_session_result_free(result);
        }
        if (round == 1) printf("c_api_ns_per_call %.0f\n", (now_ns() - start) / (double)calls);
    }
    yoti_client_free(client);
    return 0;
}
