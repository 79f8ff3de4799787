/* frontend.h - the one interface every language front end implements.
 *
 * A front end translates the bytes of one file into a cc_unit of the common IR. It knows the
 * language's syntax and nothing about APIs or rules. Per-file problems (undecodable bytes, syntax
 * errors, nesting too deep) become CC000 diagnostics inside the unit; the rest of the file is still
 * translated. */
#ifndef CONCUR_FRONTEND_H
#define CONCUR_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>

#include "concur/intern.h"
#include "concur/ir.h"

/* Options of a run that front ends may use (C: where the compilation database is, how to start
 * worker processes). Zero-initialised means defaults. */
typedef struct cc_frontend_opts {
    const char *compile_commands_dir; /* --compile-commands DIR, or NULL: search upward */
    const char *worker_exe;           /* run as `EXE --internal-c-worker FD`; NULL: this program */
    unsigned timeout_ms;              /* per-file parse limit in a worker process; 0: default */
    bool progress;                    /* print a progress line on stderr (the driver does) */
} cc_frontend_opts;

typedef struct cc_frontend {
    const char *name;                 /* "python" */
    cc_lang lang;
    const char *const *extensions;    /* NULL-terminated: ".py" */
    /* True when an extension-less file with this first line is in the language (a shebang). */
    bool (*claims_first_line)(const char *line, size_t len);
    /* Per-thread state (a parser), created once per worker and reused for many files. Returns
     * NULL when out of memory. */
    void *(*worker_new)(void);
    void (*worker_delete)(void *worker);
    /* Optional: like worker_new, with the run's options; used instead of it when set. */
    void *(*worker_new_opts)(const cc_frontend_opts *opts);
    /* Translates bytes[0..len) read from path. Never returns NULL (aborts when out of memory). */
    cc_unit *(*parse)(void *worker, cc_interner *in, const char *path, const char *bytes,
                      size_t len);
} cc_frontend;

extern const cc_frontend cc_frontend_python;
extern const cc_frontend cc_frontend_c;

/* All front ends, NULL-terminated (frontends/frontends.c). */
extern const cc_frontend *const cc_frontends[];

#endif
