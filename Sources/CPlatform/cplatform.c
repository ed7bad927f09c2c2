#define _GNU_SOURCE
#include "cplatform.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
#endif

#include <signal.h>

static volatile sig_atomic_t received = 0;

static void record(int signal) { received = signal; }

void ambsim_interrupts_record(void) {
    received = 0;
    signal(SIGINT, record);
    signal(SIGTERM, record);
}

void ambsim_interrupts_restore(void) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
}

int ambsim_interrupt_received(void) { return received; }

int ambsim_stdout_failed(void) {
    int flushed = fflush(stdout);
    return flushed != 0 || ferror(stdout) ? 1 : 0;
}

int ambsim_rename_exchange(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#elif defined(__APPLE__)
    return renamex_np(a, b, RENAME_SWAP);
#else
    errno = ENOSYS;
    return -1;
#endif
}
