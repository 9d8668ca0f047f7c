#ifndef GANTRY_CCURL_SHIM_H
#define GANTRY_CCURL_SHIM_H
#include <curl/curl.h>

// curl_easy_setopt / curl_easy_getinfo / curl_multi_setopt are variadic and cannot be
// called from Swift: one typed wrapper per argument kind.
static inline CURLcode gantry_curl_easy_setopt_long(CURL *h, CURLoption o, long v) { return (curl_easy_setopt)(h, o, v); }
static inline CURLcode gantry_curl_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return (curl_easy_setopt)(h, o, v); }
static inline CURLcode gantry_curl_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return (curl_easy_setopt)(h, o, v); }
static inline CURLcode gantry_curl_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return (curl_easy_setopt)(h, o, v); }
static inline CURLcode gantry_curl_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return (curl_easy_setopt)(h, o, v); }
static inline CURLcode gantry_curl_easy_setopt_write_callback(CURL *h, CURLoption o,
    size_t (*cb)(char *, size_t, size_t, void *)) { return (curl_easy_setopt)(h, o, cb); }
static inline CURLcode gantry_curl_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return (curl_easy_getinfo)(h, i, v); }
static inline CURLcode gantry_curl_easy_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return (curl_easy_getinfo)(h, i, v); }
static inline CURLcode gantry_curl_easy_getinfo_double(CURL *h, CURLINFO i, double *v) { return (curl_easy_getinfo)(h, i, v); }
static inline CURLMcode gantry_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return (curl_multi_setopt)(m, o, v); }
// CURL_GLOBAL_DEFAULT is a macro built from other macros; one call keeps Swift out of it.
static inline CURLcode gantry_curl_global_init_default(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }
#endif
