/* diag.h - diagnostics: findings of rules and per-file problems, with spans. */
#ifndef CONCUR_DIAG_H
#define CONCUR_DIAG_H

#include <stdint.h>

typedef enum cc_severity {
    CC_SEV_NOTE,
    CC_SEV_WARNING,
    CC_SEV_ERROR,
} cc_severity;

/* Returns "note", "warning" or "error". This function can't fail. */
const char *cc_severity_name(cc_severity s);

/* A range of one unit's text. Lines and columns are 1-based; columns count Unicode code points.
 * The end is exclusive. */
typedef struct cc_span {
    uint32_t start, end;         /* byte offsets in the unit's UTF-8 text */
    uint32_t line, col;
    uint32_t end_line, end_col;
} cc_span;

typedef struct cc_related {
    uint32_t unit;
    cc_span span;
    const char *message;
} cc_related;

typedef struct cc_diag {
    const char *code;            /* "CC302"; "CC000" for per-file problems */
    cc_severity severity;
    uint32_t unit;               /* unit id; CC_NONE for problems with no unit */
    cc_span span;
    const char *message;
    const char *help;            /* one line telling how to fix it, or NULL */
    uint32_t nrelated;
    const cc_related *related;
    const char *fingerprint;     /* stable identity for baselines and SARIF, "v1:<hex>"; NULL
                                    until the gate computes it */
} cc_diag;

#endif
