#ifndef GANTRY_CGIT2_SHIM_H
#define GANTRY_CGIT2_SHIM_H
#include <git2.h>

// git_libgit2_opts is variadic: typed wrappers for the options Gantry sets.
static inline int gantry_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}
static inline int gantry_git_set_timeout(int option, int milliseconds) {
    return git_libgit2_opts(option, milliseconds);
}
static inline int gantry_git_set_ssl_cert_file(const char *file) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, (const char *)0);
}
#endif
