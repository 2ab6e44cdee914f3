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

#endif
