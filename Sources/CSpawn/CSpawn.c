#define _GNU_SOURCE
#include "CSpawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <linux/close_range.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void use_as(int fd, int target, int flags) {
    if (fd < 0) fd = open("/dev/null", flags);
    if (fd >= 0 && fd != target) dup2(fd, target);
}

pid_t cspawn_start(const char *path, char *const argv[], char *const envp[], int stdin_fd,
                   int stdout_fd, int stderr_fd, int parent_death_signal) {
    pid_t parent = getpid();
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(report[0]);
        close(report[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        /* Only async-signal-safe calls from here to exec. */
        close(report[0]);
        setpgid(0, 0);
        if (parent_death_signal > 0) {
            prctl(PR_SET_PDEATHSIG, parent_death_signal);
            if (getppid() != parent) raise(parent_death_signal);
        }
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGINT, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        /* Move the chosen streams above any descriptor dup2 will overwrite, then install. */
        int in = stdin_fd >= 0 ? fcntl(stdin_fd, F_DUPFD_CLOEXEC, 10) : -1;
        int out = stdout_fd >= 0 ? fcntl(stdout_fd, F_DUPFD_CLOEXEC, 10) : -1;
        int err = stderr_fd >= 0 ? fcntl(stderr_fd, F_DUPFD_CLOEXEC, 10) : -1;
        use_as(in, 0, O_RDONLY);
        use_as(out, 1, O_WRONLY);
        use_as(err, 2, O_WRONLY);
        /* Descriptors the tutor opened (sockets, pipes of other children) must not leak
           into a long-lived server: a leaked pipe end keeps some reader from seeing EOF. */
        if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
            for (int fd = 3; fd < 65536; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
        execve(path, argv, envp ? envp : environ);
        int failure = errno;
        (void)!write(report[1], &failure, sizeof failure);
        _exit(127);
    }
    close(report[1]);
    int failure = 0;
    ssize_t got;
    do {
        got = read(report[0], &failure, sizeof failure);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof failure) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        errno = failure;
        return -1;
    }
    return pid;
}
