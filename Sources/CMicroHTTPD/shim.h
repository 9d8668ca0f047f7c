#ifndef GANTRY_CMICROHTTPD_SHIM_H
#define GANTRY_CMICROHTTPD_SHIM_H
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdarg.h>
#include <microhttpd.h>

// MHD_start_daemon and MHD_get_daemon_info are variadic: typed wrappers for what Gantry uses.

/// Starts a daemon with one internal polling thread on `address`, with a per-connection
/// memory limit (bounds request bodies together with the handler's own limit), a
/// connection timeout, and a completion callback that frees per-request state.
static inline struct MHD_Daemon *gantry_mhd_start(const struct sockaddr *address,
                                                  MHD_AccessHandlerCallback handler, void *context,
                                                  MHD_RequestCompletedCallback completed,
                                                  size_t memory_limit, unsigned int timeout_seconds) {
    return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, 0, NULL, NULL,
                            handler, context,
                            MHD_OPTION_SOCK_ADDR, address,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, context,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory_limit,
                            MHD_OPTION_CONNECTION_TIMEOUT, timeout_seconds,
                            MHD_OPTION_END);
}

/// The port the daemon listens on (useful when started on port 0).
static inline uint16_t gantry_mhd_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}
#endif
