/* gate.h - what a CI gate does with the findings once the rules have run: fingerprints,
 * `concur: ignore` suppressions, rule selection and severities, the baseline, and `--diff`.
 *
 * Every rule runs on every check; selection only decides what is reported, so a suppression
 * comment can be judged used or unused whatever is selected. */
#ifndef CONCUR_GATE_H
#define CONCUR_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "concur/program.h"
#include "concur/status.h"

typedef struct cc_gate_options {
    /* Which codes are reported (NULL: all). */
    bool (*selected)(const char *code, void *ctx);
    void *selected_ctx;
    /* Severity of a code when overridden (config), or -1 for the rule's default. */
    int (*severity_of)(const char *code, void *ctx);
    void *severity_ctx;
    /* Per-path ignores (configuration): true when `code` is ignored for the file at relpath. */
    bool (*ignored_for_path)(const char *relpath, const char *code, void *ctx);
    void *ignored_ctx;
    const char *root;               /* paths in fingerprints and baselines are relative to it */
    const char *baseline;           /* --baseline FILE: known findings stay quiet */
    const char *write_baseline;     /* --write-baseline FILE */
    bool report_unused_suppressions;/* --report-unused-suppressions: CC001 findings */
    const char *diff_rev;           /* --diff REV: only findings touching files changed since */
} cc_gate_options;

typedef struct cc_gate_result {
    size_t nsuppressed;             /* silenced by comments */
    size_t nbaselined;              /* silenced by the baseline */
    size_t nunchanged;              /* left out by --diff */
    size_t nwritten;                /* findings written to the new baseline */
} cc_gate_result;

/* Applies the options to the program's findings (which it edits: fingerprints set, some
 * removed, CC001 findings added) and writes the baseline when asked. Returns CC_ERR_IO or
 * CC_ERR_CONFIG (a baseline that cannot be read or parsed, a folder that does not exist for the
 * new baseline) or CC_ERR_USAGE (git failed for --diff) with a message in err. */
cc_status cc_gate_apply(cc_program *prog, const cc_gate_options *opts, cc_gate_result *res,
                        char *err, size_t errcap);

/* Writes a file atomically: the content goes to a temporary file in the same folder, which is
 * renamed over `path` only when write() succeeded. write returns false on failure. Returns
 * CC_ERR_IO with a message in err (a folder that does not exist is named as such). */
cc_status cc_atomic_write(const char *path, bool (*write)(FILE *out, void *ctx), void *ctx,
                          char *err, size_t errcap);

#endif
