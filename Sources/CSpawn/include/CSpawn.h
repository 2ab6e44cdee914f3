#ifndef CSPAWN_H
#define CSPAWN_H

#include <sys/types.h>

#include "CSpawnKeeper.h"

/// Starts `path` with `argv` (NULL-terminated) in its own process group, so a Ctrl-C at the
/// tutor's terminal does not reach it, and asks the kernel to send it `parent_death_signal`
/// (when > 0) if the tutor dies, so a crashed tutor leaves no orphan server.
/// `envp` NULL inherits the environment. `stdin_fd`, `stdout_fd` and `stderr_fd` become the
/// child's standard streams; -1 means /dev/null. No other descriptor is inherited.
/// Returns the child's pid, or -1 with errno set.
pid_t cspawn_start(const char *path, char *const argv[], char *const envp[], int stdin_fd,
                   int stdout_fd, int stderr_fd, int parent_death_signal);

/// Like `cspawn_start` (SIGKILL when the tutor dies), but the child is a child subreaper
/// (PR_SET_CHILD_SUBREAPER, kept across exec): any of its descendants orphaned by a dying
/// parent, even one that called setsid, is re-parented to it rather than to init, so
/// everything it ever started stays below it.
pid_t cspawn_start_subreaper(const char *path, char *const argv[], char *const envp[],
                             int stdin_fd, int stdout_fd, int stderr_fd);

/// Starts `path` in `dir` (NULL: here) below a reaper: a small forked process that is a
/// child subreaper, so every descendant of the program stays below the reaper whatever it
/// does. The program is started as by `cspawn_start` with SIGKILL if the reaper dies.
/// The reaper writes the program's wait status (an int, as from waitpid) to `status_fd`
/// when the program exits, collects orphans, and lives on until it is killed; kill the
/// reaper's descendants first, then the reaper, then collect it with waitpid.
/// Returns the reaper's pid and sets `*program` to the program's, or -1 with errno set
/// (the exec's errno when the program could not start).
pid_t cspawn_start_reaped(const char *path, char *const argv[], char *const envp[],
                          const char *dir, int stdin_fd, int stdout_fd, int stderr_fd,
                          int status_fd, pid_t *program);

#endif
