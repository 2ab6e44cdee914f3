#ifndef CSPAWN_H
#define CSPAWN_H

#include <sys/types.h>

/// Starts `path` with `argv` (NULL-terminated) in its own process group, so a Ctrl-C at the
/// tutor's terminal does not reach it, and asks the kernel to send it `parent_death_signal`
/// when the calling thread's process dies, so a crashed tutor leaves no orphan server.
/// stdout and stderr go to `output_fd` when it is >= 0, else to /dev/null.
/// Returns the child's pid, or -1 with errno set.
pid_t cspawn_start(const char *path, char *const argv[], int output_fd, int parent_death_signal);

#endif
