/* rule.h - the rule registry. One rule per file under rules/<family>/, one line per rule in
 * rules/rules.def; the documentation of a rule is its file's header comment, extracted at build
 * time for `concur explain` and SARIF help. Rules cannot fail: they only report. */
#ifndef CONCUR_RULE_H
#define CONCUR_RULE_H

#include "concur/diag.h"
#include "concur/program.h"

typedef void (*cc_rule_fn)(cc_program *prog);

typedef struct cc_rule {
    const char *code;        /* "CC302" */
    const char *name;        /* "unpicklable-task" */
    cc_severity severity;    /* default severity */
    const char *summary;     /* one line */
    cc_rule_fn run;          /* computes the rule's findings (CC000's is empty: the driver and
                                front ends report per-file problems as they read files) */
    const char *doc;         /* Markdown: What it does / Why is this bad? / Example / Use instead */
} cc_rule;

/* All rules, sorted by code; *n receives the count. This function can't fail. */
const cc_rule *cc_rules(uint32_t *n);

/* Returns the rule with this code (case-insensitive), or NULL. */
const cc_rule *cc_rule_find(const char *code);

/* True when `pattern` selects `code`: an exact code, a prefix ("CC3", "CC30"), or "ALL". */
bool cc_rule_matches(const char *pattern, const char *code);

#endif
