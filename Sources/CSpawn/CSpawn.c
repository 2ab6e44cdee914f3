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

/* The child's side of a spawn, from fork to exec: only async-signal-safe calls. Reports
   the exec's errno on `report` and exits 127 when it fails. */
static void become(const char *path, char *const argv[], char *const envp[], const char *dir,
                   int stdin_fd, int stdout_fd, int stderr_fd, pid_t parent,
                   int parent_death_signal, int subreaper, int report) {
    setpgid(0, 0);
    if (parent_death_signal > 0) {
        prctl(PR_SET_PDEATHSIG, parent_death_signal);
        if (getppid() != parent) raise(parent_death_signal);
    }
    if (subreaper) prctl(PR_SET_CHILD_SUBREAPER, 1);
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
    if (dir == NULL || chdir(dir) == 0) execve(path, argv, envp ? envp : environ);
    int failure = errno;
    (void)!write(report, &failure, sizeof failure);
    _exit(127);
}

/* Waits for the exec report on `report`: 0 when the exec happened, else its errno. */
static int exec_failure(int report) {
    int failure = 0;
    ssize_t got;
    do {
        got = read(report, &failure, sizeof failure);
    } while (got < 0 && errno == EINTR);
    close(report);
    return got == (ssize_t)sizeof failure ? failure : 0;
}

static pid_t spawn(const char *path, char *const argv[], char *const envp[], int stdin_fd,
                   int stdout_fd, int stderr_fd, int parent_death_signal, int subreaper) {
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
        close(report[0]);
        become(path, argv, envp, NULL, stdin_fd, stdout_fd, stderr_fd, parent,
               parent_death_signal, subreaper, report[1]);
    }
    close(report[1]);
    int failure = exec_failure(report[0]);
    if (failure != 0) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        errno = failure;
        return -1;
    }
    return pid;
}

pid_t cspawn_start(const char *path, char *const argv[], char *const envp[], int stdin_fd,
                   int stdout_fd, int stderr_fd, int parent_death_signal) {
    return spawn(path, argv, envp, stdin_fd, stdout_fd, stderr_fd, parent_death_signal, 0);
}

pid_t cspawn_start_subreaper(const char *path, char *const argv[], char *const envp[],
                             int stdin_fd, int stdout_fd, int stderr_fd) {
    return spawn(path, argv, envp, stdin_fd, stdout_fd, stderr_fd, SIGKILL, 1);
}

/* The reaper's life after starting the program: report the program's wait status once,
   collect every orphan the kernel hands over, and stay (holding the family) until killed. */
static void reap_forever(pid_t program, int status_fd) {
    int reported = 0;
    for (;;) {
        int status;
        pid_t got = waitpid(-1, &status, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            /* No descendants left, so none can be adopted later: wait to be killed. */
            pause();
            continue;
        }
        if (got == program && !reported) {
            (void)!write(status_fd, &status, sizeof status);
            reported = 1;
        }
    }
}

pid_t cspawn_start_reaped(const char *path, char *const argv[], char *const envp[],
                          const char *dir, int stdin_fd, int stdout_fd, int stderr_fd,
                          int status_fd, pid_t *program) {
    pid_t tutor = getpid();
    int report[2], handover[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -1;
    if (pipe2(handover, O_CLOEXEC) != 0) {
        close(report[0]);
        close(report[1]);
        return -1;
    }
    pid_t reaper = fork();
    if (reaper < 0) {
        int saved = errno;
        close(report[0]);
        close(report[1]);
        close(handover[0]);
        close(handover[1]);
        errno = saved;
        return -1;
    }
    if (reaper == 0) {
        /* Only async-signal-safe calls: this is a copy of a threaded process. */
        close(report[0]);
        close(handover[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != tutor) raise(SIGKILL);
        prctl(PR_SET_CHILD_SUBREAPER, 1);
        pid_t me = getpid();
        pid_t child = fork();
        if (child == 0) {
            close(handover[1]);
            become(path, argv, envp, dir, stdin_fd, stdout_fd, stderr_fd, me, SIGKILL, 0,
                   report[1]);
        }
        close(report[1]);
        (void)!write(handover[1], &child, sizeof child);
        close(handover[1]);
        if (child < 0) _exit(127);
        /* Keep only the status channel: a descriptor of the tutor's held here could keep
           some reader of it from ever seeing EOF. */
        if (status_fd != 3) dup2(status_fd, 3);
        close(0);
        close(1);
        close(2);
        if (close_range(4, ~0U, 0) != 0) {
            for (int fd = 4; fd < 65536; fd++) close(fd);
        }
        reap_forever(child, 3);
    }
    close(report[1]);
    close(handover[1]);
    pid_t child = -1;
    ssize_t got;
    do {
        got = read(handover[0], &child, sizeof child);
    } while (got < 0 && errno == EINTR);
    close(handover[0]);
    int failure = got == (ssize_t)sizeof child && child > 0 ? exec_failure(report[0]) : EAGAIN;
    if (got != (ssize_t)sizeof child || child <= 0) close(report[0]);
    if (failure != 0) {
        int status;
        kill(reaper, SIGKILL);
        while (waitpid(reaper, &status, 0) < 0 && errno == EINTR) {}
        errno = failure;
        return -1;
    }
    *program = child;
    return reaper;
}
