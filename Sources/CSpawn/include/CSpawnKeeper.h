#ifndef CSPAWN_KEEPER_H
#define CSPAWN_KEEPER_H

#include <sys/types.h>

/// Starts `path` with `argv` (NULL-terminated) and `envp` (NULL-terminated; NULL inherits the
/// caller's environment) under a small keeper process that outlives the
/// caller, so a server shared by several tutor processes lives while any of them uses it.
///
/// The keeper runs in a session of its own, holds the server as its child (the server gets
/// SIGTERM if the keeper dies) and every `poll_ms` milliseconds tries an exclusive `flock` on
/// `users_path`: each process using the server holds a shared lock there, so the keeper wins
/// only when no user is left, crashed users included (the kernel drops their locks). It then
/// sends the server SIGTERM (a clean shutdown that saves as configured) and SIGKILL if it is
/// still running `grace_ms` later, and exits. It also exits when the server exits.
/// The server runs with umask 077, so every file it writes is private to the learner.
/// The keeper and the server hold none of the caller's descriptors; their standard streams are
/// /dev/null (the server logs to its own file).
/// Returns the server's pid, or -1 with errno set.
pid_t cspawn_keep(const char *path, char *const argv[], char *const envp[],
                  const char *users_path, int poll_ms, int grace_ms);

#endif
