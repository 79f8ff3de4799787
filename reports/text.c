/* text.c - compiler-style text output, and its one-line-per-finding "concise" form.
 *
 *   path:line:col: error[CC302]: message
 *      |
 *   12 |     pool.map(lambda x: x, data)
 *      |              ^^^^^^^^^^^^^
 *      = help: ...
 */
#include <string.h>

#include "concur/advice.h"
#include "concur/verify.h"
#include "report.h"

#define RED "\033[1;31m"
#define GREEN "\033[1;32m"
#define YELLOW "\033[1;33m"
#define CYAN "\033[1;36m"
#define BLUE "\033[1;34m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static const char *sev_color(cc_severity s)
{
    return s == CC_SEV_ERROR ? RED : s == CC_SEV_WARNING ? YELLOW : CYAN;
}

static const char *path_of(const cc_program *prog, const cc_diag *d)
{
    return d->unit < cc_program_unit_count(prog) ? cc_program_unit(prog, d->unit)->path : "-";
}

/* Writes the line with tabs shown as spaces, and counts the display width up to column col
 * (1-based, code points). */
static void snippet(const cc_unit *u, const cc_diag *d, const cc_report_options *o, FILE *out)
{
    uint32_t len;
    const char *line = cc_unit_line(u, d->span.line, &len);
    if (d->span.line == 0 || d->span.line > u->nlines)
        return;
    int w = snprintf(NULL, 0, "%u", d->span.line);
    const char *g = o->color ? BLUE : "", *r = o->color ? RESET : "";
    fprintf(out, "%*s %s|%s\n", w, "", g, r);
    fprintf(out, "%s%u |%s ", g, d->span.line, r);
    /* Cap very long lines: show up to 200 code points from a window around the column. */
    uint32_t cp = 0, start_cp = d->span.col > 120 ? d->span.col - 60 : 1;
    uint32_t shown = 0;
    for (uint32_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        if ((c & 0xC0) != 0x80)
            cp++;
        if (cp < start_cp)
            continue;
        if ((c & 0xC0) != 0x80 && ++shown > 200)
            break;
        if (c == '\t')
            fputc(' ', out);
        else if (c < 0x20)
            fputc('?', out);
        else
            fputc(c, out);
    }
    fputc('\n', out);
    uint32_t caret_from = d->span.col >= start_cp ? d->span.col - start_cp : 0;
    uint32_t caret_len = 1;
    if (d->span.end_line == d->span.line && d->span.end_col > d->span.col)
        caret_len = d->span.end_col - d->span.col;
    if (caret_from + caret_len > 200)
        caret_len = caret_from < 200 ? 200 - caret_from : 1;
    fprintf(out, "%*s %s|%s ", w, "", g, r);
    fprintf(out, "%*s%s", (int)caret_from, "", o->color ? sev_color(d->severity) : "");
    for (uint32_t i = 0; i < caret_len; i++)
        fputc('^', out);
    fprintf(out, "%s\n", r);
    if (d->help)
        fprintf(out, "%*s %s=%s %shelp%s: %s\n", w, "", g, r, o->color ? BOLD : "", r, d->help);
}

/* The advice shown in text: with the default, only records that recommend a change. */
static bool shown(const cc_advice *a, const cc_report_options *o)
{
    return o->advice == CC_REPORT_ADVICE_ALL ||
           (o->advice == CC_REPORT_ADVICE_DIFFERING && cc_advice_differs(a));
}

/* A note per advice record: the headline and the first reason, the call, then the other
 * reasons (all of them with --advice, one by default). */
static void advice_notes(const cc_program *prog, const cc_report_options *o, FILE *out)
{
    const cc_advice_set *set = cc_program_advice(prog);
    const char *b = o->color ? BOLD : "", *r = o->color ? RESET : "";
    const char *g = o->color ? BLUE : "";
    for (uint32_t i = 0; i < cc_advice_count(set); i++) {
        const cc_advice *a = cc_advice_at(set, i);
        if (!shown(a, o))
            continue;
        char head[256];
        cc_report_advice_headline(a, head, sizeof head);
        fprintf(out, "%s%s:%u:%u:%s %snote[CA001]%s: %s%s: %s%s\n", b,
                cc_program_unit(prog, a->unit)->path, a->span.line, a->span.col, r,
                o->color ? CYAN : "", r, b, head, a->reasons[0], r);
        cc_diag d = {.code = "CA001", .severity = CC_SEV_NOTE, .unit = a->unit, .span = a->span};
        snippet(cc_program_unit(prog, a->unit), &d, o, out);
        int w = snprintf(NULL, 0, "%u", a->span.line);
        uint32_t last = o->advice == CC_REPORT_ADVICE_ALL ? a->nreasons : (a->nreasons > 1 ? 2 : 1);
        for (uint32_t k = 1; k < last; k++)
            fprintf(out, "%*s %s=%s %swhy%s: %s\n", w, "", g, r, b, r, a->reasons[k]);
        if (o->verify) {
            char line[1024];
            const cc_verification *v = &o->verify[i];
            const char *vc = !o->color                                   ? ""
                             : v->verdict == CC_VERDICT_CONFIRMED ? GREEN
                             : v->verdict == CC_VERDICT_REFUTED   ? RED
                                                                  : YELLOW;
            fprintf(out, "%*s %s=%s %sverify%s: %s%s%s\n", w, "", g, r, b, r, vc,
                    cc_verification_line(v, line, sizeof line), o->color ? RESET : "");
        }
        fputc('\n', out);
    }
}

static void summary(const cc_program *prog, const cc_report_options *o, FILE *out)
{
    uint32_t n = cc_program_finding_count(prog), counts[3] = {0}, files_bad = 0;
    uint32_t last_unit = UINT32_MAX;
    for (uint32_t i = 0; i < n; i++) {
        const cc_diag *d = cc_program_finding(prog, i);
        counts[d->severity]++;
        if (!strcmp(d->code, "CC000") && d->unit != last_unit) {
            files_bad++;
            last_unit = d->unit;
        }
    }
    char quiet[128] = "";
    if (o->nsuppressed || o->nbaselined)
        snprintf(quiet, sizeof quiet, "; %zu suppressed by comments, %zu by the baseline",
                 o->nsuppressed, o->nbaselined);
    if (n == 0) {
        fprintf(out, "%sAll checks passed%s: %zu file%s analysed%s.\n", o->color ? BOLD : "",
                o->color ? RESET : "", o->nfiles, o->nfiles == 1 ? "" : "s", quiet);
        return;
    }
    /* only the severities that occur ("Found 2 errors and 1 warning"): advice is printed as
     * note[CA001] too, and "0 notes" under it reads as a contradiction */
    static const struct { cc_severity sev; const char *word; } kinds[] = {
        {CC_SEV_ERROR, "error"}, {CC_SEV_WARNING, "warning"}, {CC_SEV_NOTE, "note"}};
    char what[160] = "";
    size_t used = 0, nk = 0, k_total = 0;
    const size_t nkinds = sizeof kinds / sizeof *kinds;
    for (size_t k = 0; k < nkinds; k++)
        k_total += counts[kinds[k].sev] != 0;
    for (size_t k = 0; k < nkinds; k++) {
        unsigned c = counts[kinds[k].sev];
        if (!c)
            continue;
        const char *sep = nk == 0 ? "" : nk + 1 == k_total ? " and " : ", ";
        int w = snprintf(what + used, sizeof what - used, "%s%u %s%s", sep, c, kinds[k].word,
                         c == 1 ? "" : "s");
        if (w > 0 && (size_t)w < sizeof what - used)
            used += (size_t)w;
        nk++;
    }
    fprintf(out, "%sFound %s%s in %zu file%s analysed", o->color ? BOLD : "", what,
            o->color ? RESET : "", o->nfiles, o->nfiles == 1 ? "" : "s");
    if (files_bad)
        fprintf(out, " (%u not fully analysed, CC000)", files_bad);
    fprintf(out, "%s.\n", quiet);
}

/* One line about the advice after the summary, when there is advice to mention. */
static void advice_summary(const cc_program *prog, const cc_report_options *o, FILE *out)
{
    const cc_advice_set *set = cc_program_advice(prog);
    uint32_t n = cc_advice_count(set), differ = 0;
    for (uint32_t i = 0; i < n; i++)
        differ += cc_advice_differs(cc_advice_at(set, i));
    if (o->advice == CC_REPORT_ADVICE_NONE || n == 0)
        return;
    if (differ == 0 && o->advice != CC_REPORT_ADVICE_ALL)
        return;
    fprintf(out, "Advice: %u of %u spawn site%s would fit another model%s.\n", differ, n,
            n == 1 ? "" : "s",
            o->advice == CC_REPORT_ADVICE_ALL ? "" : " (concur check --advice shows every site)");
}

static void render_text(const cc_program *prog, const cc_report_options *o, FILE *out)
{
    uint32_t n = cc_program_finding_count(prog);
    for (uint32_t i = 0; i < n; i++) {
        const cc_diag *d = cc_program_finding(prog, i);
        const char *b = o->color ? BOLD : "", *r = o->color ? RESET : "";
        fprintf(out, "%s%s:%u:%u:%s %s%s[%s]%s: %s%s%s\n", b, path_of(prog, d), d->span.line,
                d->span.col, r, o->color ? sev_color(d->severity) : "",
                cc_severity_name(d->severity), d->code, r, b, d->message, r);
        if (d->unit < cc_program_unit_count(prog))
            snippet(cc_program_unit(prog, d->unit), d, o, out);
        fputc('\n', out);
    }
    advice_notes(prog, o, out);
    summary(prog, o, out);
    advice_summary(prog, o, out);
}

static void render_concise(const cc_program *prog, const cc_report_options *o, FILE *out)
{
    uint32_t n = cc_program_finding_count(prog);
    for (uint32_t i = 0; i < n; i++) {
        const cc_diag *d = cc_program_finding(prog, i);
        fprintf(out, "%s:%u:%u: %s[%s]: %s\n", path_of(prog, d), d->span.line, d->span.col,
                cc_severity_name(d->severity), d->code, d->message);
    }
    /* Advice only on request: concise output is one line per finding for tools and grep. */
    if (o->advice != CC_REPORT_ADVICE_ALL)
        return;
    const cc_advice_set *set = cc_program_advice(prog);
    for (uint32_t i = 0; i < cc_advice_count(set); i++) {
        const cc_advice *a = cc_advice_at(set, i);
        char head[256];
        fprintf(out, "%s:%u:%u: note[CA001]: %s: %s", cc_program_unit(prog, a->unit)->path,
                a->span.line, a->span.col, cc_report_advice_headline(a, head, sizeof head),
                a->reasons[0]);
        if (o->verify)
            fprintf(out, " [verify: %s]", cc_verdict_name((cc_verdict)o->verify[i].verdict));
        fputc('\n', out);
    }
}

const cc_reporter cc_report_text = {"text", render_text};
const cc_reporter cc_report_concise = {"concise", render_concise};
