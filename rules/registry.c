/* registry.c - the rule table, from rules.def, with documentation extracted at build time. */
#include <ctype.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "concur/rule.h"

const char *cc_rule_doc_text(const char *code); /* generated: rule_docs.c */

#define CC_RULE(code, name, sev, fn, summary) void fn(cc_program *prog);
#include "rules.def"
#undef CC_RULE

static cc_rule RULES[] = {
#define CC_RULE(code, name, sev, fn, summary) {#code, name, CC_SEV_##sev, summary, fn, NULL},
#include "rules.def"
#undef CC_RULE
};

enum { NRULES = sizeof RULES / sizeof RULES[0] };

static pthread_once_t docs_once = PTHREAD_ONCE_INIT;

static void fill_docs(void)
{
    for (uint32_t i = 0; i < NRULES; i++)
        RULES[i].doc = cc_rule_doc_text(RULES[i].code);
}

const cc_rule *cc_rules(uint32_t *n)
{
    /* The documentation table is generated separately; join it once, whatever thread asks. */
    pthread_once(&docs_once, fill_docs);
    *n = NRULES;
    return RULES;
}

const cc_rule *cc_rule_find(const char *code)
{
    uint32_t n;
    const cc_rule *r = cc_rules(&n);
    for (uint32_t i = 0; i < n; i++)
        if (!strcasecmp(r[i].code, code) || !strcmp(r[i].name, code))
            return &r[i];
    return NULL;
}

bool cc_rule_matches(const char *pattern, const char *code)
{
    if (!strcasecmp(pattern, "ALL"))
        return true;
    size_t n = strlen(pattern);
    return n > 0 && n <= strlen(code) && !strncasecmp(pattern, code, n);
}
