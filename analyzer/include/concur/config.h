/* config.h - the concur configuration: `[tool.concur]` in pyproject.toml, or `.concur.toml`.
 *
 * cc_config_find locates the file for a run; cc_config_load reads and validates it into a plain
 * const struct that the CLI reads directly. Command-line flags win over every value here: the
 * CLI applies the config first and its flags after. Every key is optional; an unset key leaves
 * the built-in default (see docs/config.md). Unknown keys, wrong types and bad values are errors
 * that name the file, the line, the column and the key.
 *
 * Everything a cc_config points to is owned by it and lives until cc_config_delete. A cc_config
 * is never modified after cc_config_load returns, so any number of threads may read it. */
#ifndef CONCUR_CONFIG_H
#define CONCUR_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "concur/diag.h"
#include "concur/program.h"
#include "concur/status.h"

/* A Python version: the target runtime (`3.13t`) or the minimum of `requires-python`. */
typedef struct cc_pyversion {
    int major, minor;        /* 0.0 when unknown */
    bool free_threaded;      /* the `t` builds (3.13t and later) */
} cc_pyversion;

/* Reads "X.Y" or "X.Yt" (major 3, minor 0-99, nothing else around them) into *out. Returns
 * false, leaving *out untouched, when text has another form. This function can't fail. */
bool cc_pyversion_parse(const char *text, cc_pyversion *out);

typedef enum cc_fail_on {
    CC_FAIL_ON_UNSET,        /* not in the file: the CLI's default applies */
    CC_FAIL_ON_NOTE,
    CC_FAIL_ON_WARNING,
    CC_FAIL_ON_ERROR,
    CC_FAIL_ON_NEVER,
} cc_fail_on;

/* One `[severity]` entry: the findings of the rules `pattern` selects get `severity`. */
typedef struct cc_config_severity {
    const char *pattern;     /* a code or prefix, upper case ("CC101", "CC3"), or "ALL" */
    cc_severity severity;
} cc_config_severity;

/* One `per-file-ignores` entry: files matching `glob` never report the rules `codes` select. */
typedef struct cc_config_per_file {
    const char *glob;
    const char *const *codes;  /* codes or prefixes, upper case */
    size_t ncodes;
} cc_config_per_file;

/* What a user's `[[knowledge]]` entry says a function does. */
typedef enum cc_config_effect {
    CC_EFFECT_IO_BOUND,      /* blocks on I/O: its time is waiting, not CPU */
    CC_EFFECT_GIL_RELEASING, /* native work that releases the GIL */
    CC_EFFECT_MT_UNSAFE,     /* must not run in two threads at once */
    CC_EFFECT_POOL_NEW,      /* creates a pool of `model` workers */
    CC_EFFECT_START,         /* starts a thread or process */
    CC_EFFECT_SUBMIT,        /* hands a callable (argument `function_arg`) to workers */
    CC_EFFECT_JOIN,          /* waits for a thread, process, future or pool */
    CC_EFFECT_LOCK_NEW,      /* creates a lock */
    CC_EFFECT_UNPICKLABLE,   /* returns an object that cannot be pickled (`what`) */
} cc_config_effect;

/* The configuration spelling of an effect ("io-bound"). This function can't fail. */
const char *cc_config_effect_name(cc_config_effect effect);

typedef struct cc_config_knowledge {
    const char *name;        /* dotted qualified name: "pkg.mod.func", "pkg.mod.Class.method" */
    cc_config_effect effect;
    cc_model model;          /* POOL_NEW, START, SUBMIT: thread or process; else UNKNOWN */
    const char *what;        /* UNPICKLABLE: what the object is, for messages; or NULL */
    int function_arg;        /* SUBMIT: positional index of the callable; -1 when not given */
    uint32_t line, column;   /* where the entry's table starts in the file */
} cc_config_knowledge;

/* Numeric knobs of the rules that use them; 0 when not set (set values are positive). */
typedef struct cc_config_thresholds {
    double min_task_seconds;     /* tasks shorter than this are too small for their dispatch */
    int64_t large_payload_bytes; /* payloads at least this large are large */
    int64_t cpu_bound_steps;     /* work of at least this many steps is CPU-bound */
} cc_config_thresholds;

typedef struct cc_config {
    const char *path;            /* the file, absolute */
    const char *dir;             /* its folder, absolute: relative paths in the file start here */
    bool pyproject;              /* read from [tool.concur] of a pyproject.toml */

    bool has_select;             /* `select` given (an empty list selects nothing) */
    const char *const *select;   /* codes or prefixes, upper case, or "ALL" */
    size_t nselect;
    const char *const *ignore;
    size_t nignore;
    const cc_config_severity *severities;
    size_t nseverities;
    cc_fail_on fail_on;

    cc_pyversion target_python;  /* `target-python`; major 0 when not set */
    const char *requires_python; /* [project] requires-python of the same pyproject.toml, as
                                    written; NULL when absent */
    cc_pyversion requires_python_min; /* its lowest allowed version; major 0 when it sets no
                                         lower bound */

    const char *const *source_roots; /* absolute, normalised (no `.`, `..` or `//`) */
    size_t nsource_roots;
    const char *const *exclude;  /* globs as written (the CLI adds them to --exclude) */
    size_t nexclude;
    const cc_config_per_file *per_file_ignores;
    size_t nper_file_ignores;
    cc_config_thresholds thresholds;
    const cc_config_knowledge *knowledge;
    size_t nknowledge;
} cc_config;

typedef struct cc_config_error {
    char path[4096];             /* the file, as given to cc_config_load (truncated to fit) */
    uint32_t line, column;       /* 1-based; 0 when the problem has no position (unreadable) */
    char key[256];               /* the dotted key ("tool.concur.select"), "" when none */
    char message[768];           /* "[tool.concur] unknown key `selct` (did you mean `select`?)" */
} cc_config_error;

/* Finds the configuration file for a run over paths[0..n) (the current folder when n is 0).
 * From each path (its folder, when it is a file) upward to the root, the first folder holding
 * `.concur.toml`, or a `pyproject.toml` with a [tool.concur] table, gives the file; in one folder
 * `.concur.toml` wins. A pyproject.toml without [tool.concur] is skipped; one that is not valid
 * TOML is taken, so that cc_config_load reports its error. The first path that has a file
 * decides. On success returns CC_OK and sets *found; when found, out_path[0..cap) receives the
 * absolute path of the file. Returns CC_ERR_IO with the unreadable file in out_path when a
 * pyproject.toml cannot be read, CC_ERR_USAGE when cap is too small for the path, CC_ERR_IO when
 * the current folder cannot be named. */
cc_status cc_config_find(const char *const *paths, size_t n, char *out_path, size_t cap,
                         bool *found);

/* Reads the configuration file at path: a file named pyproject.toml is read from its
 * [tool.concur] table (and [project] requires-python); any other file's top level is the concur
 * table. On success returns CC_OK and *out owns a new config (free it with cc_config_delete); a
 * pyproject.toml without [tool.concur] gives a config with nothing set but requires-python. On
 * failure sets *out to NULL, fills *err (if not NULL) and returns CC_ERR_IO (unreadable),
 * CC_ERR_CONFIG (invalid TOML or an invalid configuration) or CC_ERR_NOMEM. */
cc_status cc_config_load(const char *path, cc_config **out, cc_config_error *err);

/* Frees a config from cc_config_load and everything it points to. NULL is allowed. */
void cc_config_delete(cc_config *self);

/* Writes "path:line:column: message" (or "path: message" without a position) into buf, like
 * snprintf: returns the length it wanted. This function can't fail. */
int cc_config_error_format(const cc_config_error *self, char *buf, size_t cap);

/* The target Python: `target-python` when set, else the minimum of `requires-python`, else
 * 0.0. self may be NULL. This function can't fail. */
cc_pyversion cc_config_target(const cc_config *self);

/* True when file `path` is in a `per-file-ignores` entry whose codes select `code`. Globs are
 * matched with fnmatch (without FNM_PATHNAME: `*` crosses `/`) against the path relative to the
 * config's folder (a relative path is first taken from the current folder) and against its file
 * name alone. self may be NULL. This function can't fail. */
bool cc_config_ignores(const cc_config *self, const char *path, const char *code);

/* The severity config gives to `code`: the `[severity]` entry with the longest pattern selecting
 * it (a code beats a prefix, a prefix beats "ALL"), else `fallback`. self may be NULL. This
 * function can't fail. */
cc_severity cc_config_severity_of(const cc_config *self, const char *code, cc_severity fallback);

#endif
