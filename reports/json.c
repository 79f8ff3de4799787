/* json.c - the JSON report (--format json), described by docs/schema/concur-report-v1.schema.json
 * and docs/formats.md.
 *
 *   {"version": "1", "tool": {...}, "root": "/abs", "files": [...], "findings": [...],
 *    "problems": [...], "advice": [], "summary": {...}}
 *
 * Keys come in a fixed order and arrays in the program's order (findings are sorted by unit,
 * line, column and code), so the same input gives the same bytes. Paths are relative to the root
 * when inside it. A string that is not valid UTF-8 (file names are bytes) has each bad byte
 * replaced by U+FFFD; everything else is escaped by jansson. */
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "concur/advice.h"
#include "concur/rule.h"
#include "json_util.h"
#include "report.h"

/* The report's schema version: bumped (with a new schema file) on an incompatible change. */
#define JSON_SCHEMA_VERSION "1"


/* path, line, column, end_line, end_column of a span in a unit (the end is exclusive). */
static void json__location(json_t *obj, const cc_program *prog, const cc_report_options *opts,
                           uint32_t unit, const cc_span *span)
{
    char buf[PATH_MAX + 16];
    cc_json_set(obj, "path",
              unit < cc_program_unit_count(prog)
                  ? cc_json_text(cc_report_relpath(prog, opts, unit, buf, sizeof buf))
                  : json_null());
    cc_json_set(obj, "line", json_integer(span->line));
    cc_json_set(obj, "column", json_integer(span->col));
    cc_json_set(obj, "end_line", json_integer(span->end_line));
    cc_json_set(obj, "end_column", json_integer(span->end_col));
}

static json_t *json__diag(const cc_program *prog, const cc_report_options *opts,
                          const cc_diag *d)
{
    const cc_rule *rule = cc_rule_find(d->code);
    json_t *obj = cc_json_must(json_object());
    cc_json_set(obj, "code", cc_json_text(d->code));
    cc_json_set(obj, "name", rule ? cc_json_text(rule->name) : json_null());
    cc_json_set(obj, "severity", cc_json_text(cc_severity_name(d->severity)));
    json__location(obj, prog, opts, d->unit, &d->span);
    cc_json_set(obj, "message", cc_json_text(d->message));
    cc_json_set(obj, "help", cc_json_text(d->help));
    json_t *related = cc_json_must(json_array());
    for (uint32_t i = 0; i < d->nrelated; i++) {
        json_t *r = cc_json_must(json_object());
        json__location(r, prog, opts, d->related[i].unit, &d->related[i].span);
        cc_json_set(r, "message", cc_json_text(d->related[i].message));
        cc_json_push(related, r);
    }
    cc_json_set(obj, "related", related);
    cc_json_set(obj, "fingerprint", cc_json_text(d->fingerprint));
    return obj;
}

/* The analysed files, relative to the root like every other path. Unit i was read from file i;
 * a file list that does not match the units is written as given. */
static json_t *json__files(const cc_program *prog, const cc_report_options *opts)
{
    json_t *files = cc_json_must(json_array());
    char buf[PATH_MAX + 16];
    for (size_t i = 0; i < opts->nfiles; i++) {
        const char *path = opts->files[i];
        if (i < cc_program_unit_count(prog) &&
            !strcmp(cc_program_unit(prog, (uint32_t)i)->path, path))
            path = cc_report_relpath(prog, opts, (uint32_t)i, buf, sizeof buf);
        cc_json_push(files, cc_json_text(path));
    }
    return files;
}

static void render_json(const cc_program *prog, const cc_report_options *opts, FILE *out)
{
    json_t *doc = cc_json_must(json_object());
    cc_json_set(doc, "version", json_string(JSON_SCHEMA_VERSION));
    json_t *tool = cc_json_must(json_object());
    cc_json_set(tool, "name", json_string("concur"));
    cc_json_set(tool, "version", cc_json_text(opts->version ? opts->version : "unknown"));
    cc_json_set(doc, "tool", tool);
    cc_json_set(doc, "root", cc_json_text(opts->root ? opts->root : ""));
    cc_json_set(doc, "files", json__files(prog, opts));

    json_t *findings = cc_json_must(json_array()), *problems = cc_json_must(json_array());
    size_t counts[3] = {0}, files_bad = 0;
    uint32_t last_bad = CC_NONE;
    for (uint32_t i = 0, n = cc_program_finding_count(prog); i < n; i++) {
        const cc_diag *d = cc_program_finding(prog, i);
        if (d->severity <= CC_SEV_ERROR)
            counts[d->severity]++;
        bool problem = !strcmp(d->code, "CC000");
        /* Findings are sorted by unit, so a unit's problems are adjacent among its findings. */
        if (problem && (files_bad == 0 || d->unit != last_bad)) {
            files_bad++;
            last_bad = d->unit;
        }
        cc_json_push(problem ? problems : findings, json__diag(prog, opts, d));
    }
    cc_json_set(doc, "findings", findings);
    cc_json_set(doc, "problems", problems);
    json_t *advice = cc_json_must(json_array());
    const cc_advice_set *set = cc_program_advice(prog);
    for (uint32_t i = 0; i < cc_advice_count(set); i++) {
        const cc_advice *a = cc_advice_at(set, i);
        json_t *obj = cc_json_must(json_object());
        json__location(obj, prog, opts, a->unit, &a->span);
        json_t *rec = cc_report_advice_json(a);
        if (json_object_update(obj, rec))
            cc_json_must(NULL);
        json_decref(rec);
        cc_json_set(obj, "verification", cc_report_verification_json(opts, i));
        cc_json_push(advice, obj);
    }
    cc_json_set(doc, "advice", advice);
    cc_json_set(doc, "cost_model", cc_report_cost_model_json(prog));

    json_t *summary = cc_json_must(json_object());
    cc_json_set(summary, "errors", json_integer((json_int_t)counts[CC_SEV_ERROR]));
    cc_json_set(summary, "warnings", json_integer((json_int_t)counts[CC_SEV_WARNING]));
    cc_json_set(summary, "notes", json_integer((json_int_t)counts[CC_SEV_NOTE]));
    cc_json_set(summary, "files", json_integer((json_int_t)opts->nfiles));
    cc_json_set(summary, "files_not_fully_analysed", json_integer((json_int_t)files_bad));
    cc_json_set(summary, "suppressed", json_integer((json_int_t)opts->nsuppressed));
    cc_json_set(summary, "baselined", json_integer((json_int_t)opts->nbaselined));
    cc_json_set(doc, "summary", summary);

    json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(doc);
}

/* The --format json reporter (see report.h). */
const cc_reporter cc_report_json = {"json", render_json};
