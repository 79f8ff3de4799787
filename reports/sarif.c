/* sarif.c - SARIF 2.1.0 for code-scanning services (--format sarif); the mapping is described in
 * docs/formats.md.
 *
 * One run: the driver lists every rule of cc_rules() (id = code, name in PascalCase, descriptions
 * and help from the rule's documentation, default level from its severity) and CA001
 * (ConcurrencyAdvice) last; results point at files through URIs relative to %SRCROOT%, the root
 * folder; columns count Unicode code points (columnKind). Per-file problems are results of rule
 * CC000. Keys come in a fixed order, so the same input gives the same bytes. */
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "concur/advice.h"
#include "concur/rule.h"
#include "json_util.h"
#include "report.h"

#define SARIF_SCHEMA                                                                           \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define SARIF_INFORMATION_URI "https://github.com/concur-dev/concur"
#define SARIF_SRCROOT "%SRCROOT%"
/* partialFingerprints key: renamed when the fingerprint's algorithm changes incompatibly. */
#define SARIF_FINGERPRINT_KEY "concur/v1"

/* The advice rule: not in cc_rules() because advice is not a finding (no CC code, no exit
 * code); it always follows the CC rules in the driver's list. */
#define CA001_SUMMARY "Advice on the concurrency model of a spawn site."
#define CA001_DOC                                                                              \
    "## What it does\n"                                                                        \
    "For every place that starts concurrent work (a thread, a process, a pool, an executor), "  \
    "concur estimates what the work does (GIL-holding CPU work, GIL-releasing native work, "    \
    "blocking waits, payload sizes) and recommends the model that fits it: threads, "         \
    "processes, asyncio, an interpreter pool, a free-threaded build, or serial code when the "  \
    "overhead dominates. With `--verify` the advice is checked by a micro-benchmark of the "    \
    "same shape on this machine.\n"                                                            \
    "\n"                                                                                       \
    "## Why is this bad?\n"                                                                    \
    "Advice is not a defect. Threads running GIL-holding Python code run one at a time, and "  \
    "processes pay for start-up and for pickling every task and result: the wrong model "       \
    "costs speed without failing any test.\n"                                                  \
    "\n"                                                                                       \
    "## Reading the results\n"                                                                 \
    "A result at level `note` recommends a model other than the one the code uses, with the "  \
    "reasons and a confidence in its properties. A result of kind `pass` means the code "      \
    "already uses the recommended model. Advice never changes concur's exit code.\n"


/* {"text": s} */
static json_t *sarif__message(const char *s)
{
    json_t *m = cc_json_must(json_object());
    cc_json_set(m, "text", cc_json_text(s));
    return m;
}

/* Appends path to buf as a URI path: every byte other than an unreserved character (RFC 3986)
 * or '/' is percent-encoded, so spaces, '%', '#', '?', ':' and non-ASCII survive any parser. */
static void sarif__uri_path(char *buf, size_t cap, size_t *n, const char *path)
{
    static const char HEX[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p && *n + 4 < cap; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            buf[(*n)++] = (char)c;
        } else {
            buf[(*n)++] = '%';
            buf[(*n)++] = HEX[c >> 4];
            buf[(*n)++] = HEX[c & 15];
        }
    }
    buf[*n] = 0;
}

/* artifactLocation of a unit: a relative URI against %SRCROOT% when the file is inside the root,
 * else an absolute file URI. index is the unit's entry in run.artifacts, or -1. */
static json_t *sarif__artifact_location(const cc_program *prog, const cc_report_options *opts,
                                        uint32_t unit, long index)
{
    char rel[PATH_MAX + 16], uri[3 * (PATH_MAX + 16) + 16];
    size_t n = 0;
    cc_report_relpath(prog, opts, unit, rel, sizeof rel);
    json_t *loc = cc_json_must(json_object());
    if (rel[0] == '/') {
        memcpy(uri, "file://", 8);
        n = 7;
        sarif__uri_path(uri, sizeof uri, &n, rel);
        cc_json_set(loc, "uri", json_string(uri));
    } else {
        sarif__uri_path(uri, sizeof uri, &n, rel);
        cc_json_set(loc, "uri", json_string(uri));
        cc_json_set(loc, "uriBaseId", json_string(SARIF_SRCROOT));
    }
    if (index >= 0)
        cc_json_set(loc, "index", json_integer(index));
    return loc;
}

/* True when unit i was read from opts->files[i]: then it is entry i of run.artifacts. */
static bool sarif__is_artifact(const cc_program *prog, const cc_report_options *opts,
                               uint32_t unit)
{
    return unit < opts->nfiles && unit < cc_program_unit_count(prog) &&
           !strcmp(cc_program_unit(prog, unit)->path, opts->files[unit]);
}

/* A location with its physicalLocation; NULL when the unit is unknown. */
static json_t *sarif__location(const cc_program *prog, const cc_report_options *opts,
                               uint32_t unit, const cc_span *span)
{
    if (unit >= cc_program_unit_count(prog))
        return NULL;
    json_t *phys = cc_json_must(json_object());
    cc_json_set(phys, "artifactLocation",
               sarif__artifact_location(prog, opts, unit,
                                        sarif__is_artifact(prog, opts, unit) ? (long)unit : -1));
    if (span->line >= 1 && span->col >= 1) {
        json_t *region = cc_json_must(json_object());
        cc_json_set(region, "startLine", json_integer(span->line));
        cc_json_set(region, "startColumn", json_integer(span->col));
        /* cc_span's end is exclusive, as SARIF's endColumn is. */
        if (span->end_line > span->line ||
            (span->end_line == span->line && span->end_col >= span->col)) {
            cc_json_set(region, "endLine", json_integer(span->end_line));
            cc_json_set(region, "endColumn", json_integer(span->end_col));
        }
        cc_json_set(phys, "region", region);
    }
    json_t *loc = cc_json_must(json_object());
    cc_json_set(loc, "physicalLocation", phys);
    return loc;
}

static const char *sarif__level(cc_severity s)
{
    return s == CC_SEV_ERROR ? "error" : s == CC_SEV_WARNING ? "warning" : "note";
}

/* "unpicklable-task" -> "UnpicklableTask" */
static json_t *sarif__pascal(const char *name)
{
    char buf[256];
    size_t n = 0;
    bool up = true;
    for (const char *p = name; *p && n + 1 < sizeof buf; p++) {
        if (*p == '-' || *p == '_' || *p == ' ') {
            up = true;
            continue;
        }
        buf[n++] = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        up = false;
    }
    return cc_json_textn(buf, n);
}

/* The text of a "## heading" section of a rule's Markdown documentation, without surrounding
 * blank lines; *len is 0 when the section is missing. */
static const char *sarif__section(const char *doc, const char *heading, size_t *len)
{
    *len = 0;
    size_t hl = strlen(heading);
    for (const char *p = doc; *p;) {
        if (!strncmp(p, "## ", 3) && !strncmp(p + 3, heading, hl) &&
            (p[3 + hl] == '\n' || p[3 + hl] == 0)) {
            const char *s = p + 3 + hl, *e = s;
            while (*e && strncmp(e, "\n## ", 4))
                e++;
            while (s < e && (*s == '\n' || *s == ' '))
                s++;
            while (e > s && (e[-1] == '\n' || e[-1] == ' '))
                e--;
            *len = (size_t)(e - s);
            return s;
        }
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    return NULL;
}

/* Markdown prose as plain text: the lines of a paragraph joined by spaces, paragraphs kept
 * apart by a blank line. */
static json_t *sarif__unwrap(const char *s, size_t len)
{
    char *buf = malloc(len + 1);
    if (!buf)
        cc_json_must(NULL);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        bool lone_newline = s[i] == '\n' && (i + 1 >= len || s[i + 1] != '\n') &&
                            (i == 0 || s[i - 1] != '\n');
        buf[n++] = lone_newline ? ' ' : s[i];
    }
    json_t *v = cc_json_textn(buf, n);
    free(buf);
    return v;
}

/* {"text": ..., "markdown": ...} from Markdown (trimmed of surrounding blank lines). */
static json_t *sarif__multiformat(const char *md, bool unwrap)
{
    size_t len = strlen(md);
    while (len && (md[len - 1] == '\n' || md[len - 1] == ' '))
        len--;
    json_t *m = cc_json_must(json_object());
    cc_json_set(m, "text", unwrap ? sarif__unwrap(md, len) : cc_json_textn(md, len));
    cc_json_set(m, "markdown", cc_json_textn(md, len));
    return m;
}

static json_t *sarif__rule(const char *id, const char *name, const char *summary,
                           const char *doc, const char *level, const char *family)
{
    json_t *r = cc_json_must(json_object());
    cc_json_set(r, "id", cc_json_text(id));
    cc_json_set(r, "name", sarif__pascal(name));
    /* Summaries are one sentence without a final period; SARIF wants one. */
    size_t sl = strlen(summary);
    char *shortdesc = malloc(sl + 2);
    if (!shortdesc)
        cc_json_must(NULL);
    memcpy(shortdesc, summary, sl + 1);
    if (sl && summary[sl - 1] != '.')
        memcpy(shortdesc + sl, ".", 2);
    cc_json_set(r, "shortDescription", sarif__message(shortdesc));
    free(shortdesc);
    size_t wl;
    const char *what = doc ? sarif__section(doc, "What it does", &wl) : NULL;
    if (what && wl) {
        char *w = malloc(wl + 1);
        if (!w)
            cc_json_must(NULL);
        memcpy(w, what, wl);
        w[wl] = 0;
        cc_json_set(r, "fullDescription", sarif__multiformat(w, true));
        free(w);
    }
    if (doc)
        cc_json_set(r, "help", sarif__multiformat(doc, false));
    json_t *conf = cc_json_must(json_object());
    cc_json_set(conf, "level", json_string(level));
    cc_json_set(r, "defaultConfiguration", conf);
    json_t *props = cc_json_must(json_object()), *tags = cc_json_must(json_array());
    cc_json_push(tags, json_string("concurrency"));
    cc_json_push(tags, json_string(family));
    cc_json_set(props, "tags", tags);
    cc_json_set(r, "properties", props);
    return r;
}

/* The rule family, from the code's first digit (DESIGN: rules/<family>/). */
static const char *sarif__family(const char *code)
{
    switch (strlen(code) == 5 ? code[2] : 0) {
    case '0':
        return "core";
    case '1':
        return "workload";
    case '2':
        return "state";
    case '3':
        return "process";
    default:
        return "other";
    }
}

static json_t *sarif__driver(const cc_report_options *opts)
{
    json_t *d = cc_json_must(json_object());
    const char *version = opts->version ? opts->version : "0.0.0";
    cc_json_set(d, "name", json_string("concur"));
    cc_json_set(d, "version", cc_json_text(version));
    cc_json_set(d, "semanticVersion", cc_json_text(version));
    cc_json_set(d, "informationUri", json_string(SARIF_INFORMATION_URI));
    json_t *rules = cc_json_must(json_array());
    uint32_t n;
    const cc_rule *r = cc_rules(&n);
    for (uint32_t i = 0; i < n; i++)
        cc_json_push(rules, sarif__rule(r[i].code, r[i].name, r[i].summary, r[i].doc,
                                       sarif__level(r[i].severity), sarif__family(r[i].code)));
    cc_json_push(rules, sarif__rule("CA001", "ConcurrencyAdvice", CA001_SUMMARY, CA001_DOC, "note",
                                   "advice"));
    cc_json_set(d, "rules", rules);
    return d;
}

/* message.text: the finding's message, then its help line ("help: ...") on a line of its own. */
static json_t *sarif__result_message(const cc_diag *d)
{
    if (!d->help)
        return sarif__message(d->message);
    size_t ml = strlen(d->message), hl = strlen(d->help);
    char *s = malloc(ml + hl + 8);
    if (!s)
        cc_json_must(NULL);
    snprintf(s, ml + hl + 8, "%s\nhelp: %s", d->message, d->help);
    json_t *m = sarif__message(s);
    free(s);
    return m;
}

static json_t *sarif__result(const cc_program *prog, const cc_report_options *opts,
                             const cc_diag *d)
{
    uint32_t nrules;
    const cc_rule *rules = cc_rules(&nrules);
    json_t *res = cc_json_must(json_object());
    cc_json_set(res, "ruleId", cc_json_text(d->code));
    for (uint32_t i = 0; i < nrules; i++)
        if (!strcmp(rules[i].code, d->code))
            cc_json_set(res, "ruleIndex", json_integer(i));
    cc_json_set(res, "level", json_string(sarif__level(d->severity)));
    cc_json_set(res, "message", sarif__result_message(d));
    json_t *loc = sarif__location(prog, opts, d->unit, &d->span);
    if (loc) {
        json_t *locs = cc_json_must(json_array());
        cc_json_push(locs, loc);
        cc_json_set(res, "locations", locs);
    }
    if (d->nrelated) {
        json_t *related = cc_json_must(json_array());
        for (uint32_t i = 0; i < d->nrelated; i++) {
            const cc_related *r = &d->related[i];
            json_t *rl = sarif__location(prog, opts, r->unit, &r->span);
            if (!rl)
                rl = cc_json_must(json_object());
            /* ids number the related locations from 1, in order; the id comes first. */
            json_t *id = cc_json_must(json_object());
            cc_json_set(id, "id", json_integer((json_int_t)i + 1));
            if (json_object_update(id, rl))
                cc_json_must(NULL);
            json_decref(rl);
            if (r->message)
                cc_json_set(id, "message", sarif__message(r->message));
            cc_json_push(related, id);
        }
        cc_json_set(res, "relatedLocations", related);
    }
    if (d->fingerprint) {
        json_t *fp = cc_json_must(json_object());
        cc_json_set(fp, SARIF_FINGERPRINT_KEY, cc_json_text(d->fingerprint));
        cc_json_set(res, "partialFingerprints", fp);
    }
    return res;
}

/* An advice record as a result of rule CA001: a note when it recommends a change, kind "pass"
 * when the code already uses the recommended model. The numbers go in properties. */
static json_t *sarif__advice(const cc_program *prog, const cc_report_options *opts,
                             const cc_advice *a, uint32_t index)
{
    uint32_t nrules;
    cc_rules(&nrules);
    json_t *res = cc_json_must(json_object());
    cc_json_set(res, "ruleId", json_string("CA001"));
    cc_json_set(res, "ruleIndex", json_integer(nrules));
    if (!cc_advice_differs(a))
        cc_json_set(res, "kind", json_string("pass"));
    cc_json_set(res, "level", json_string(cc_advice_differs(a) ? "note" : "none"));
    char head[256];
    cc_report_advice_headline(a, head, sizeof head);
    size_t len = strlen(head) + 4;
    for (uint32_t i = 0; i < a->nreasons; i++)
        len += strlen(a->reasons[i]) + 1;
    char *text = malloc(len);
    if (!text)
        cc_json_must(NULL);
    size_t n = (size_t)snprintf(text, len, "%s:", head);
    for (uint32_t i = 0; i < a->nreasons; i++)
        n += (size_t)snprintf(text + n, len - n, " %s", a->reasons[i]);
    cc_json_set(res, "message", sarif__message(text));
    free(text);
    json_t *loc = sarif__location(prog, opts, a->unit, &a->span);
    if (loc) {
        json_t *locs = cc_json_must(json_array());
        cc_json_push(locs, loc);
        cc_json_set(res, "locations", locs);
    }
    json_t *props = cc_report_advice_json(a);
    cc_json_set(props, "verification", cc_report_verification_json(opts, index));
    cc_json_set(res, "properties", props);
    return res;
}

static void render_sarif(const cc_program *prog, const cc_report_options *opts, FILE *out)
{
    json_t *doc = cc_json_must(json_object());
    cc_json_set(doc, "$schema", json_string(SARIF_SCHEMA));
    cc_json_set(doc, "version", json_string("2.1.0"));
    json_t *run = cc_json_must(json_object());

    json_t *tool = cc_json_must(json_object());
    cc_json_set(tool, "driver", sarif__driver(opts));
    cc_json_set(run, "tool", tool);

    json_t *inv = cc_json_must(json_object()), *invs = cc_json_must(json_array());
    cc_json_set(inv, "executionSuccessful", json_true());
    cc_json_push(invs, inv);
    cc_json_set(run, "invocations", invs);

    /* The root as a file URI ending in '/', so relative URIs resolve under it. */
    const char *root = opts->root ? opts->root : "/";
    size_t cap = 3 * strlen(root) + 16, n = 7;
    char *uri = malloc(cap);
    if (!uri)
        cc_json_must(NULL);
    memcpy(uri, "file://", 8);
    if (root[0] != '/')
        uri[n++] = '/';
    sarif__uri_path(uri, cap, &n, root);
    if (uri[n - 1] != '/')
        uri[n++] = '/', uri[n] = 0;
    json_t *base = cc_json_must(json_object()), *bases = cc_json_must(json_object());
    cc_json_set(base, "uri", cc_json_text(uri));
    free(uri);
    cc_json_set(bases, SARIF_SRCROOT, base);
    cc_json_set(run, "originalUriBaseIds", bases);

    /* Artifacts: the analysed files, in order; results refer to them by index. */
    json_t *artifacts = cc_json_must(json_array());
    for (size_t i = 0; i < opts->nfiles; i++) {
        json_t *a = cc_json_must(json_object());
        if (sarif__is_artifact(prog, opts, (uint32_t)i)) {
            const cc_unit *u = cc_program_unit(prog, (uint32_t)i);
            cc_json_set(a, "location", sarif__artifact_location(prog, opts, (uint32_t)i, -1));
            cc_json_set(a, "sourceLanguage", json_string(u->lang == CC_LANG_C ? "c" : "python"));
        } else {
            /* A file list that does not match the units (not the CLI's): the path as given. */
            json_t *loc = cc_json_must(json_object());
            size_t m = 0;
            char buf[3 * (PATH_MAX + 16) + 16];
            sarif__uri_path(buf, sizeof buf, &m, opts->files[i]);
            cc_json_set(loc, "uri", json_string(buf));
            cc_json_set(loc, "uriBaseId", json_string(SARIF_SRCROOT));
            cc_json_set(a, "location", loc);
        }
        cc_json_push(artifacts, a);
    }
    cc_json_set(run, "artifacts", artifacts);

    json_t *results = cc_json_must(json_array());
    for (uint32_t i = 0, nf = cc_program_finding_count(prog); i < nf; i++)
        cc_json_push(results, sarif__result(prog, opts, cc_program_finding(prog, i)));
    const cc_advice_set *set = cc_program_advice(prog);
    for (uint32_t i = 0; i < cc_advice_count(set); i++)
        cc_json_push(results, sarif__advice(prog, opts, cc_advice_at(set, i), i));
    cc_json_set(run, "results", results);
    cc_json_set(run, "columnKind", json_string("unicodeCodePoints"));

    json_t *runs = cc_json_must(json_array());
    cc_json_push(runs, run);
    cc_json_set(doc, "runs", runs);
    json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(doc);
}

/* The --format sarif reporter (see report.h). */
const cc_reporter cc_report_sarif = {"sarif", render_sarif};
