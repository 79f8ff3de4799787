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

#include "concur/rule.h"
#include "report.h"

/* The report's schema version: bumped (with a new schema file) on an incompatible change. */
#define JSON_SCHEMA_VERSION "1"

/* jansson returns NULL when memory runs out; the analyzer cannot go on without memory. */
static json_t *json__must(json_t *v)
{
    if (!v) {
        fprintf(stderr, "concur: out of memory while writing the JSON report\n");
        abort();
    }
    return v;
}

static void json__set(json_t *obj, const char *key, json_t *v)
{
    if (json_object_set_new(obj, key, json__must(v)))
        json__must(NULL);
}

static void json__push(json_t *arr, json_t *v)
{
    if (json_array_append_new(arr, json__must(v)))
        json__must(NULL);
}

/* Length of the well-formed UTF-8 sequence at s (no overlongs, surrogates or code points above
 * U+10FFFF, as jansson demands), or 0. */
static size_t utf8__seq(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* A JSON string for s (null for NULL); bytes that are not UTF-8 become U+FFFD. */
static json_t *json__text(const char *s)
{
    if (!s)
        return json_null();
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), i = 0;
    while (i < len && utf8__seq(u + i))
        i += utf8__seq(u + i);
    if (i == len)
        return json__must(json_stringn(s, len));
    char *fixed = malloc(len * 3 + 1);
    if (!fixed)
        json__must(NULL);
    size_t n = 0;
    for (i = 0; i < len;) {
        size_t k = utf8__seq(u + i);
        if (k) {
            memcpy(fixed + n, s + i, k);
            n += k, i += k;
        } else {
            memcpy(fixed + n, "\xEF\xBF\xBD", 3);
            n += 3, i++;
        }
    }
    json_t *v = json__must(json_stringn(fixed, n));
    free(fixed);
    return v;
}

/* path, line, column, end_line, end_column of a span in a unit (the end is exclusive). */
static void json__location(json_t *obj, const cc_program *prog, const cc_report_options *opts,
                           uint32_t unit, const cc_span *span)
{
    char buf[PATH_MAX + 16];
    json__set(obj, "path",
              unit < cc_program_unit_count(prog)
                  ? json__text(cc_report_relpath(prog, opts, unit, buf, sizeof buf))
                  : json_null());
    json__set(obj, "line", json_integer(span->line));
    json__set(obj, "column", json_integer(span->col));
    json__set(obj, "end_line", json_integer(span->end_line));
    json__set(obj, "end_column", json_integer(span->end_col));
}

static json_t *json__diag(const cc_program *prog, const cc_report_options *opts,
                          const cc_diag *d)
{
    const cc_rule *rule = cc_rule_find(d->code);
    json_t *obj = json__must(json_object());
    json__set(obj, "code", json__text(d->code));
    json__set(obj, "name", rule ? json__text(rule->name) : json_null());
    json__set(obj, "severity", json__text(cc_severity_name(d->severity)));
    json__location(obj, prog, opts, d->unit, &d->span);
    json__set(obj, "message", json__text(d->message));
    json__set(obj, "help", json__text(d->help));
    json_t *related = json__must(json_array());
    for (uint32_t i = 0; i < d->nrelated; i++) {
        json_t *r = json__must(json_object());
        json__location(r, prog, opts, d->related[i].unit, &d->related[i].span);
        json__set(r, "message", json__text(d->related[i].message));
        json__push(related, r);
    }
    json__set(obj, "related", related);
    json__set(obj, "fingerprint", json__text(d->fingerprint));
    return obj;
}

/* The analysed files, relative to the root like every other path. Unit i was read from file i;
 * a file list that does not match the units is written as given. */
static json_t *json__files(const cc_program *prog, const cc_report_options *opts)
{
    json_t *files = json__must(json_array());
    char buf[PATH_MAX + 16];
    for (size_t i = 0; i < opts->nfiles; i++) {
        const char *path = opts->files[i];
        if (i < cc_program_unit_count(prog) &&
            !strcmp(cc_program_unit(prog, (uint32_t)i)->path, path))
            path = cc_report_relpath(prog, opts, (uint32_t)i, buf, sizeof buf);
        json__push(files, json__text(path));
    }
    return files;
}

static void render_json(const cc_program *prog, const cc_report_options *opts, FILE *out)
{
    json_t *doc = json__must(json_object());
    json__set(doc, "version", json_string(JSON_SCHEMA_VERSION));
    json_t *tool = json__must(json_object());
    json__set(tool, "name", json_string("concur"));
    json__set(tool, "version", json__text(opts->version ? opts->version : "unknown"));
    json__set(doc, "tool", tool);
    json__set(doc, "root", json__text(opts->root ? opts->root : ""));
    json__set(doc, "files", json__files(prog, opts));

    json_t *findings = json__must(json_array()), *problems = json__must(json_array());
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
        json__push(problem ? problems : findings, json__diag(prog, opts, d));
    }
    json__set(doc, "findings", findings);
    json__set(doc, "problems", problems);
    /* Advice records come with the advice engine; the schema already describes them. */
    json__set(doc, "advice", json_array());

    json_t *summary = json__must(json_object());
    json__set(summary, "errors", json_integer((json_int_t)counts[CC_SEV_ERROR]));
    json__set(summary, "warnings", json_integer((json_int_t)counts[CC_SEV_WARNING]));
    json__set(summary, "notes", json_integer((json_int_t)counts[CC_SEV_NOTE]));
    json__set(summary, "files", json_integer((json_int_t)opts->nfiles));
    json__set(summary, "files_not_fully_analysed", json_integer((json_int_t)files_bad));
    json__set(summary, "suppressed", json_integer((json_int_t)opts->nsuppressed));
    json__set(summary, "baselined", json_integer((json_int_t)opts->nbaselined));
    json__set(doc, "summary", summary);

    json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(doc);
}

/* The --format json reporter (see report.h). */
const cc_reporter cc_report_json = {"json", render_json};
