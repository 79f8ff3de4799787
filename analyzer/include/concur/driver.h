/* driver.h - finding the files of a run and parsing them on a pool of worker threads. */
#ifndef CONCUR_DRIVER_H
#define CONCUR_DRIVER_H

#include <stddef.h>

#include "concur/intern.h"
#include "concur/ir.h"
#include "concur/status.h"

typedef struct cc_filelist {
    char **paths;            /* display paths, sorted, unique; owned */
    size_t n, cap;
} cc_filelist;

void cc_filelist_free(cc_filelist *self);

/* Finds the source files under paths[0..npaths): files given by name are taken as they are;
 * directories are walked for the extensions of the front ends (*.py, not *.pyi; *.c and *.h) and
 * extension-less files with a python shebang,
 * skipping VCS folders, virtual environments, caches, node_modules, build output and paths that
 * match one of the exclude globs (fnmatch against the path and each of its components).
 * Returns CC_ERR_NOTFOUND (with the path in err) when a path does not exist. */
cc_status cc_discover(const char *const *paths, size_t npaths, const char *const *excludes,
                      size_t nexcludes, cc_filelist *out, char *err, size_t errcap);

/* Reads and parses every file on `jobs` threads (0: the usable cores). Returns one unit per file,
 * in the order of files, whatever the timing; unreadable, binary or oversized files give units
 * that hold only a CC000 diagnostic. The array and units are owned by the caller. */
cc_unit **cc_parse_files(const cc_filelist *files, int jobs, cc_interner *in);

struct cc_frontend_opts;
/* Like cc_parse_files, with options for the front ends (C: --compile-commands DIR, the worker
 * executable, the per-file time limit); opts may be NULL. C files are parsed in worker processes
 * (one per thread): a crash or a hang on one file is a CC000 diagnostic of that file. */
cc_unit **cc_parse_files_opts(const cc_filelist *files, int jobs, cc_interner *in,
                              const struct cc_frontend_opts *opts);

/* Number of CPUs this process may run on (affinity mask, then cgroup CPU quota). */
int cc_usable_cores(void);

/* Largest file analysed, in bytes; bigger files get CC000. */
#define CC_MAX_FILE_BYTES (32u << 20)

#endif
