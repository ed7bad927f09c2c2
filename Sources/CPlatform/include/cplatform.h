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

#endif
