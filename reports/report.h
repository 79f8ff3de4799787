/* report.h - output formats. One renderer per file behind one interface. */
#ifndef CONCUR_REPORT_H
#define CONCUR_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "concur/program.h"

typedef struct cc_report_options {
    bool color;              /* ANSI colours (only on a TTY and never with NO_COLOR) */
    size_t nfiles;           /* files analysed, for the summary */
} cc_report_options;

typedef struct cc_reporter {
    const char *name;        /* the --format value */
    void (*render)(const cc_program *prog, const cc_report_options *opts, FILE *out);
} cc_reporter;

/* Returns the reporter for a --format value, or NULL. */
const cc_reporter *cc_reporter_find(const char *name);

/* The names of all formats, comma-separated, for messages. */
const char *cc_reporter_names(void);

#endif
