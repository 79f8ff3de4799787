/* registry.c - the table of output formats. */
#include <string.h>

#include "report.h"

extern const cc_reporter cc_report_text, cc_report_concise;

static const cc_reporter *const REPORTERS[] = {&cc_report_text, &cc_report_concise, NULL};

const cc_reporter *cc_reporter_find(const char *name)
{
    for (int i = 0; REPORTERS[i]; i++)
        if (!strcmp(REPORTERS[i]->name, name))
            return REPORTERS[i];
    return NULL;
}

const char *cc_reporter_names(void)
{
    return "text, concise";
}
