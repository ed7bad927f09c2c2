// Operating-system calls Swift cannot reach directly.
#ifndef AMBSIM_CPLATFORM_H
#define AMBSIM_CPLATFORM_H

/// Atomically exchanges the two paths (both must exist): Linux renameat2(RENAME_EXCHANGE),
/// macOS renamex_np(RENAME_SWAP). Returns 0 on success, -1 with errno set otherwise
/// (EINVAL or ENOSYS where the file system or kernel cannot exchange).
int ambsim_rename_exchange(const char *a, const char *b);

#endif
