/* github.c - GitHub Actions workflow commands: one annotation per finding.
 *
 *   ::error file=app/pool.py,line=9,col=28,endLine=9,endColumn=43,title=CC302 unpicklable-task::MSG
 *
 * The runner splits a command at the first `::` after the properties, the properties at `,` and
 * each property at its first `=`, then decodes %25, %0D, %0A, %3A and %2C; nothing else is
 * decoded. So data (the message) escapes `%`, CR and LF, and property values escape `:` and `,`
 * as well. Escaping anything more would arrive as literal text.
 *
 * Severity maps error -> error, warning -> warning, note -> notice. Columns are 1-based code
 * points; endColumn is the exclusive end of the span, as in SARIF. The help line and related
 * locations follow the message on their own (escaped) lines. Nothing else is written: no summary,
 * so every line of the output is a workflow command. */
#include <string.h>

#include "concur/advice.h"
#include "concur/rule.h"
#include "report.h"

/* Writes s as workflow-command data; as a property value too when prop is set. */
static void github__escape(const char *s, bool prop, FILE *out)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':': prop ? fputs("%3A", out) : fputc(':', out); break;
        case ',': prop ? fputs("%2C", out) : fputc(',', out); break;
        default: fputc(*s, out); break;
        }
    }
}

static const char *github__command(cc_severity s)
{
    return s == CC_SEV_ERROR ? "error" : s == CC_SEV_WARNING ? "warning" : "notice";
}

/* Writes the position properties of span (with a leading comma): nothing when the span has no
 * line, the end clamped to the start when it lies before it. */
static void github__position(const cc_span *sp, FILE *out)
{
    if (sp->line == 0)
        return;
    uint32_t col = sp->col ? sp->col : 1;
    uint32_t end_line = sp->end_line, end_col = sp->end_col;
    if (end_line < sp->line || (end_line == sp->line && end_col < col)) {
        end_line = sp->line;
        end_col = col;
    }
    fprintf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u", sp->line, col, end_line,
            end_col ? end_col : 1);
}

static void github__render(const cc_program *prog, const cc_report_options *opts, FILE *out)
{
    uint32_t n = cc_program_finding_count(prog);
    char path[4096];
    for (uint32_t i = 0; i < n; i++) {
        const cc_diag *d = cc_program_finding(prog, i);
        bool has_file = d->unit < cc_program_unit_count(prog);
        fprintf(out, "::%s ", github__command(d->severity));
        if (has_file) {
            fputs("file=", out);
            github__escape(cc_report_relpath(prog, opts, d->unit, path, sizeof path), true, out);
            github__position(&d->span, out);
            fputc(',', out);
        }
        const cc_rule *rule = cc_rule_find(d->code);
        fputs("title=", out);
        github__escape(d->code, true, out);
        if (rule) {
            fputc(' ', out);
            github__escape(rule->name, true, out);
        }
        fputs("::", out);
        github__escape(d->message, false, out);
        if (d->help) {
            fputs("%0Ahelp: ", out);
            github__escape(d->help, false, out);
        }
        for (uint32_t k = 0; k < d->nrelated; k++) {
            const cc_related *r = &d->related[k];
            fputs("%0Asee also: ", out);
            github__escape(cc_report_relpath(prog, opts, r->unit, path, sizeof path), false, out);
            fprintf(out, ":%u:%u", r->span.line, r->span.col);
            if (r->message && r->message[0]) {
                fputs(": ", out);
                github__escape(r->message, false, out);
            }
        }
        fputc('\n', out);
    }
    /* Advice that recommends a change, as notices (all of it with --advice; none with
     * --no-advice): a hint on the pull request, never a failure. */
    const cc_advice_set *set = cc_program_advice(prog);
    for (uint32_t i = 0; i < cc_advice_count(set); i++) {
        const cc_advice *a = cc_advice_at(set, i);
        if (opts->advice == CC_REPORT_ADVICE_NONE ||
            (opts->advice != CC_REPORT_ADVICE_ALL && !cc_advice_differs(a)))
            continue;
        char head[256];
        fputs("::notice file=", out);
        github__escape(cc_report_relpath(prog, opts, a->unit, path, sizeof path), true, out);
        github__position(&a->span, out);
        fputs(",title=CA001 concurrency advice::", out);
        github__escape(cc_report_advice_headline(a, head, sizeof head), false, out);
        for (uint32_t k = 0; k < a->nreasons; k++) {
            fputs("%0A", out);
            github__escape(a->reasons[k], false, out);
        }
        fputc('\n', out);
    }
}

const cc_reporter cc_report_github = {"github", github__render};
