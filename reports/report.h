/* report.h - output formats. One renderer per file behind one interface.
 *
 * A renderer writes the program's findings (already filtered by selection, suppressions and the
 * baseline, and sorted) to `out`. It cannot fail except by the stream's own errors, which the
 * caller checks with ferror(). Everything taken from the analysed source is escaped for the
 * format (JSON strings, HTML, workflow-command properties). */
#ifndef CONCUR_REPORT_H
#define CONCUR_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "concur/program.h"

typedef struct cc_report_options {
    bool color;              /* ANSI colours (text only; on a TTY and never with NO_COLOR) */
    size_t nfiles;           /* files analysed, for the summary */
    const char *const *files;/* their display paths (nfiles of them) */
    const char *version;     /* concur's version, e.g. "0.1.0" */
    const char *root;        /* absolute folder that relative paths and SARIF URIs are relative
                                to (the working directory); ends without '/' */
    size_t nsuppressed;      /* findings silenced by `concur: ignore` comments */
    size_t nbaselined;       /* findings silenced by the baseline */
} cc_report_options;

typedef struct cc_reporter {
    const char *name;        /* the --format value */
    void (*render)(const cc_program *prog, const cc_report_options *opts, FILE *out);
} cc_reporter;

/* Returns the reporter for a --format value, or NULL. */
const cc_reporter *cc_reporter_find(const char *name);

/* Writes the names of all formats, comma-separated, to buf and returns it. */
const char *cc_reporter_names(char *buf, size_t cap);

/* Path of a unit relative to opts->root when it is inside it, else as given; "-" for none.
 * Written to buf (cap bytes) and returned. */
const char *cc_report_relpath(const cc_program *prog, const cc_report_options *opts,
                              uint32_t unit, char *buf, size_t cap);

#endif
