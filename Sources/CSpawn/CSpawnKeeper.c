#define _GNU_SOURCE
#include "CSpawnKeeper.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <linux/close_range.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void sleep_ms(int milliseconds) {
    struct timespec delay = {milliseconds / 1000, (long)(milliseconds % 1000) * 1000000L};
    while (nanosleep(&delay, &delay) != 0 && errno == EINTR) {}
}

static void write_all(int fd, const void *bytes, size_t count) {
    const char *cursor = bytes;
    while (count > 0) {
        ssize_t written = write(fd, cursor, count);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;
        cursor += written;
        count -= (size_t)written;
    }
}

/* Closes every descriptor from 3 up except `first` and `second` (each may be -1). */
static void close_all_except(int first, int second) {
    int low = first < second ? first : second;
    int high = first < second ? second : first;
    int from = 3;
    int kept[2] = {low, high};
    for (int index = 0; index < 2; index++) {
        if (kept[index] < from) continue;
        if (kept[index] > from) close_range((unsigned)from, (unsigned)kept[index] - 1, 0);
        from = kept[index] + 1;
    }
    close_range((unsigned)from, ~0U, 0);
}

/* Waits up to `milliseconds` for `child` to exit; 1 when it has. */
static int reaped_within(pid_t child, int milliseconds) {
    for (int waited = 0;; waited += 10) {
        int status;
        pid_t result = waitpid(child, &status, WNOHANG);
        if (result == child || (result < 0 && errno == ECHILD)) return 1;
        if (waited >= milliseconds) return 0;
        sleep_ms(10);
    }
}

/* The keeper's life: start the server, report its pid (or the exec error), then watch. */
static void keep(const char *path, char *const argv[], char *const envp[], int users_fd,
                 int report, int poll_ms, int grace_ms) {
    prctl(PR_SET_NAME, "rt-sandbox-keep");
    int exec_check[2];
    if (pipe2(exec_check, O_CLOEXEC) != 0) {
        int failure = -errno;
        write_all(report, &failure, sizeof failure);
        _exit(1);
    }
    pid_t keeper = getpid();
    /* vfork: the child only sets its death signal and execs, so it needs no copy of the
       keeper's memory (a copy of the tutor's), which a fork would make only to throw away. */
    pid_t server = vfork();
    if (server < 0) {
        int failure = -errno;
        write_all(report, &failure, sizeof failure);
        _exit(1);
    }
    if (server == 0) {
        close(exec_check[0]);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != keeper) raise(SIGTERM);
        execve(path, argv, envp != NULL ? envp : environ);
        int failure = errno;
        write_all(exec_check[1], &failure, sizeof failure);
        _exit(127);
    }
    close(exec_check[1]);
    int failure = 0;
    ssize_t got;
    do {
        got = read(exec_check[0], &failure, sizeof failure);
    } while (got < 0 && errno == EINTR);
    close(exec_check[0]);
    if (got == (ssize_t)sizeof failure) {
        reaped_within(server, 1000);
        failure = -failure;
        write_all(report, &failure, sizeof failure);
        _exit(1);
    }
    int started = (int)server;
    write_all(report, &started, sizeof started);
    close(report);
    for (;;) {
        sleep_ms(poll_ms);
        if (reaped_within(server, 0)) _exit(0);
        if (flock(users_fd, LOCK_EX | LOCK_NB) == 0) {
            kill(server, SIGTERM);
            if (!reaped_within(server, grace_ms)) {
                kill(server, SIGKILL);
                reaped_within(server, 5000);
            }
            _exit(0);
        }
    }
}

pid_t cspawn_keep(const char *path, char *const argv[], char *const envp[],
                  const char *users_path, int poll_ms, int grace_ms) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -1;
    pid_t middle = fork();
    if (middle < 0) {
        int saved = errno;
        close(report[0]);
        close(report[1]);
        errno = saved;
        return -1;
    }
    if (middle == 0) {
        /* Only async-signal-safe calls from here on: this is a copy of a threaded process. */
        close(report[0]);
        setsid();
        /* The server's files (data, log, pid file) are the learner's alone. */
        umask(077);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int signal_number = 1; signal_number < 32; signal_number++) {
            if (signal_number != SIGKILL && signal_number != SIGSTOP) {
                signal(signal_number, SIG_DFL);
            }
        }
        signal(SIGHUP, SIG_IGN);
        signal(SIGINT, SIG_IGN);
        signal(SIGPIPE, SIG_IGN);
        int users_fd = open(users_path, O_RDWR | O_CLOEXEC);
        if (users_fd < 0) {
            int failure = -errno;
            write_all(report[1], &failure, sizeof failure);
            _exit(1);
        }
        /* Hold none of the tutor's descriptors: a pipe end kept open here would keep whoever
           reads the tutor's output from ever seeing its end. */
        int null_fd = open("/dev/null", O_RDWR);
        if (null_fd >= 0) {
            dup2(null_fd, 0);
            dup2(null_fd, 1);
            dup2(null_fd, 2);
        }
        close_all_except(users_fd, report[1]);
        pid_t keeper = fork();
        if (keeper != 0) _exit(keeper < 0 ? 1 : 0);
        /* The keeper: orphaned on purpose, so it outlives the process that started it. */
        keep(path, argv, envp, users_fd, report[1], poll_ms, grace_ms);
        _exit(0);
    }
    close(report[1]);
    int status;
    while (waitpid(middle, &status, 0) < 0 && errno == EINTR) {}
    int answer = 0;
    ssize_t got;
    do {
        got = read(report[0], &answer, sizeof answer);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got != (ssize_t)sizeof answer) {
        errno = ECHILD;
        return -1;
    }
    if (answer < 0) {
        errno = -answer;
        return -1;
    }
    return (pid_t)answer;
}
