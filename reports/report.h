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
    int advice;              /* which advice records the text formats show (CC_REPORT_ADVICE_*);
                                json, sarif and html always carry every record */
    const struct cc_verification *verify; /* --verify: one per advice record, in advice order;
                                             NULL when it did not run */
    const char *verify_mode;              /* "synthetic" or "run" with verify */
} cc_report_options;

enum {
    CC_REPORT_ADVICE_DIFFERING = 0, /* default: text and github show advice that recommends a
                                       change; concise shows none */
    CC_REPORT_ADVICE_ALL = 1,       /* --advice: every record, with all its reasons */
    CC_REPORT_ADVICE_NONE = -1,     /* --no-advice */
};

/* Headline of an advice record for one-line formats: "threads -> processes (confidence 0.72)"
 * or "threads fit (confidence 0.8)". Written to buf; returns buf. */
struct cc_advice;
const char *cc_report_advice_headline(const struct cc_advice *a, char *buf, size_t cap);

/* The advice record as a JSON object (the JSON report's `advice` items, without the location,
 * which the caller adds first), and the cost model as one; new references (abort when out of
 * memory). Declared with void to keep jansson out of this header: the result is a json_t *. */
void *cc_report_advice_json(const struct cc_advice *a);
void *cc_report_cost_model_json(const cc_program *prog);

/* The `verification` object of advice record i (concur-report-v1 schema), or JSON null when
 * --verify did not run; a new reference, a json_t *. */
void *cc_report_verification_json(const cc_report_options *opts, uint32_t i);

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
