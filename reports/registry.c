/* registry.c - the table of output formats. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

extern const cc_reporter cc_report_text, cc_report_concise, cc_report_json, cc_report_sarif,
    cc_report_github, cc_report_html;

static const cc_reporter *const REPORTERS[] = {
    &cc_report_text, &cc_report_concise, &cc_report_json, &cc_report_sarif,
    &cc_report_github, &cc_report_html,
};

const cc_reporter *cc_reporter_find(const char *name)
{
    for (size_t i = 0; i < sizeof REPORTERS / sizeof REPORTERS[0]; i++)
        if (REPORTERS[i] && !strcmp(REPORTERS[i]->name, name))
            return REPORTERS[i];
    return NULL;
}

const char *cc_reporter_names(char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = 0;
    for (size_t i = 0; i < sizeof REPORTERS / sizeof REPORTERS[0]; i++)
        if (REPORTERS[i] && n < cap)
            n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", REPORTERS[i]->name);
    return buf;
}

const char *cc_report_relpath(const cc_program *prog, const cc_report_options *opts,
                              uint32_t unit, char *buf, size_t cap)
{
    if (unit >= cc_program_unit_count(prog)) {
        snprintf(buf, cap, "-");
        return buf;
    }
    const char *path = cc_program_unit(prog, unit)->path;
    char real[PATH_MAX];
    if (opts && opts->root && realpath(path, real)) {
        size_t n = strlen(opts->root);
        if (!strncmp(real, opts->root, n) && real[n] == '/') {
            snprintf(buf, cap, "%s", real + n + 1);
            return buf;
        }
    }
    snprintf(buf, cap, "%s", path);
    return buf;
}
