// Operating-system calls Swift cannot reach directly.
#ifndef AMBSIM_CPLATFORM_H
#define AMBSIM_CPLATFORM_H

/// Atomically exchanges the two paths (both must exist): Linux renameat2(RENAME_EXCHANGE),
/// macOS renamex_np(RENAME_SWAP). Returns 0 on success, -1 with errno set otherwise
/// (EINVAL or ENOSYS where the file system or kernel cannot exchange).
int ambsim_rename_exchange(const char *a, const char *b);

/// Flushes standard output and reports whether anything written to it was lost
/// (1: a write failed, as on a full disk or `> /dev/full`; 0: all written).
int ambsim_stdout_failed(void);

/// While a result folder is being written: Ctrl-C (SIGINT) and SIGTERM are recorded instead
/// of ending the process at once, so that the writer can remove its partial folder and
/// leave the previous result whole. `ambsim_interrupts_restore` puts the default back.
void ambsim_interrupts_record(void);
void ambsim_interrupts_restore(void);
/// The signal recorded since `ambsim_interrupts_record` (0: none).
int ambsim_interrupt_received(void);

#endif
