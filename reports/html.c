/* html.c - one self-contained HTML page: a summary, the advice table, a table of contents by
 * file, and the findings grouped by file with source excerpts.
 *
 * Self-contained: inline CSS, no external resources, no JavaScript (files collapse with
 * <details>). Every byte that comes from the analysed program (paths, source lines, messages,
 * identifiers in them) goes through html__text, which escapes & < > " ', replaces invalid UTF-8
 * with U+FFFD and shows control characters as visible symbols, so no input can open an element,
 * an attribute or an entity. Element ids are made from indexes and rule codes only.
 *
 * The output is deterministic: no clock unless SOURCE_DATE_EPOCH fixes one, and the only absolute
 * path is the root, shown once in the header (paths of files outside the root stay as given). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "concur/advice.h"
#include "concur/verify.h"
#include "concur/rule.h"
#include "report.h"

enum {
    CONTEXT_LINES = 2,      /* excerpt lines shown before and after a finding's span */
    MAX_SPAN_LINES = 10,    /* a longer span shows its first 9 lines, a gap and its last line */
    WINDOW_CP = 240,        /* code points of one source line shown at most */
    WINDOW_LEAD_CP = 80,    /* ...of which before the span's column, when the line is cut */
};

/* ---- escaping ------------------------------------------------------------------------------ */

/* Decodes one code point of s[*i..n) and advances *i; an invalid or truncated sequence reads as
 * U+FFFD and advances by one byte. This function can't fail. */
static uint32_t html__decode(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    uint32_t c = p[0], cp, min;
    size_t len;
    if (c < 0x80) {
        *i += 1;
        return c;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, cp = c & 0x07, min = 0x10000;
    } else {
        *i += 1;
        return 0xFFFD;
    }
    if (left < len) {
        *i += 1;
        return 0xFFFD;
    }
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            *i += 1;
            return 0xFFFD;
        }
        cp = cp << 6 | (p[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *i += 1;
        return 0xFFFD;
    }
    *i += len;
    return cp;
}

static void html__put_utf8(uint32_t cp, FILE *out)
{
    if (cp < 0x80) {
        fputc((int)cp, out);
    } else if (cp < 0x800) {
        fputc((int)(0xC0 | cp >> 6), out);
        fputc((int)(0x80 | (cp & 0x3F)), out);
    } else if (cp < 0x10000) {
        fputc((int)(0xE0 | cp >> 12), out);
        fputc((int)(0x80 | (cp >> 6 & 0x3F)), out);
        fputc((int)(0x80 | (cp & 0x3F)), out);
    } else {
        fputc((int)(0xF0 | cp >> 18), out);
        fputc((int)(0x80 | (cp >> 12 & 0x3F)), out);
        fputc((int)(0x80 | (cp >> 6 & 0x3F)), out);
        fputc((int)(0x80 | (cp & 0x3F)), out);
    }
}

/* Writes one code point as HTML text (safe in element content and in quoted attributes). Tabs
 * stay; other C0 controls and DEL show as their Unicode control pictures (U+2400...), C1 controls
 * as U+FFFD. */
static void html__put_cp(uint32_t cp, FILE *out)
{
    switch (cp) {
    case '&': fputs("&amp;", out); return;
    case '<': fputs("&lt;", out); return;
    case '>': fputs("&gt;", out); return;
    case '"': fputs("&quot;", out); return;
    case '\'': fputs("&#39;", out); return;
    case '\t': fputc('\t', out); return;
    default: break;
    }
    if (cp < 0x20)
        cp = 0x2400 + cp;
    else if (cp == 0x7F)
        cp = 0x2421;
    else if (cp >= 0x80 && cp <= 0x9F)
        cp = 0xFFFD;
    html__put_utf8(cp, out);
}

/* Writes n bytes of s as HTML text. This function can't fail. */
static void html__text_n(const char *s, size_t n, FILE *out)
{
    for (size_t i = 0; i < n;)
        html__put_cp(html__decode(s, n, &i), out);
}

static void html__text(const char *s, FILE *out)
{
    html__text_n(s, strlen(s), out);
}

/* Writes a message as HTML text, with `backquoted` parts as <code>. An unpaired backquote stays
 * as it is. */
static void html__prose(const char *s, FILE *out)
{
    while (*s) {
        const char *open = strchr(s, '`');
        const char *close = open ? strchr(open + 1, '`') : NULL;
        if (!close) {
            html__text(s, out);
            return;
        }
        html__text_n(s, (size_t)(open - s), out);
        fputs("<code>", out);
        html__text_n(open + 1, (size_t)(close - open - 1), out);
        fputs("</code>", out);
        s = close + 1;
    }
}

/* ---- data about the run -------------------------------------------------------------------- */

static const char *html__sev(cc_severity s)
{
    return s == CC_SEV_ERROR ? "error" : s == CC_SEV_WARNING ? "warning" : "note";
}

static const char *html__plural(uint32_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

typedef struct html__counts {
    uint32_t sev[3];
    uint32_t files_with_findings;
    uint32_t files_not_analysed;     /* units with a CC000 problem */
} html__counts;

/* This function can't fail. */
static html__counts html__count(const cc_program *prog)
{
    html__counts c = {0};
    uint32_t n = cc_program_finding_count(prog);
    uint32_t last_unit = UINT32_MAX, last_cc000 = UINT32_MAX;
    for (uint32_t i = 0; i < n; i++) {
        const cc_diag *d = cc_program_finding(prog, i);
        c.sev[d->severity <= CC_SEV_ERROR ? d->severity : CC_SEV_ERROR]++;
        if (d->unit != last_unit)
            c.files_with_findings++;
        last_unit = d->unit;
        if (!strcmp(d->code, "CC000") && d->unit != last_cc000) {
            c.files_not_analysed++;
            last_cc000 = d->unit;
        }
    }
    return c;
}

/* The findings of one file: [first, end) of the sorted findings, all with the same unit. */
static uint32_t html__group_end(const cc_program *prog, uint32_t first)
{
    uint32_t n = cc_program_finding_count(prog);
    uint32_t unit = cc_program_finding(prog, first)->unit, end = first + 1;
    while (end < n && cc_program_finding(prog, end)->unit == unit)
        end++;
    return end;
}

static void html__group_path(const cc_program *prog, const cc_report_options *o, uint32_t unit,
                             char *buf, size_t cap)
{
    if (unit < cc_program_unit_count(prog))
        cc_report_relpath(prog, o, unit, buf, cap);
    else
        snprintf(buf, cap, "(no file)");
}

/* Writes one pill per severity present among findings [first, end). */
static void html__pills(const cc_program *prog, uint32_t first, uint32_t end, FILE *out)
{
    uint32_t sev[3] = {0};
    for (uint32_t i = first; i < end; i++) {
        cc_severity s = cc_program_finding(prog, i)->severity;
        sev[s <= CC_SEV_ERROR ? s : CC_SEV_ERROR]++;
    }
    fputs("<span class=\"pills\">", out);
    for (int s = CC_SEV_ERROR; s >= CC_SEV_NOTE; s--)
        if (sev[s])
            fprintf(out, "<span class=\"pill %s\" title=\"%u %s%s\">%u</span>", html__sev(s),
                    sev[s], html__sev(s), sev[s] == 1 ? "" : "s", sev[s]);
    fputs("</span>", out);
}

/* ---- page parts ---------------------------------------------------------------------------- */

/* Written piece by piece: ISO C caps string literals at 4095 bytes. */
static const char *const STYLE[] = {
    ":root{--bg:#f6f8fa;--panel:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;",
    "--code-bg:#f6f8fa;--err:#cf222e;--err-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;",
    "--note:#0969da;--note-bg:#ddf4ff;--ok:#1a7f37;--ok-bg:#dafbe1;--mark:#ffd33d66;",
    "--hit:#fff8c580;--link:#0969da}\n",
    "@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--panel:#151b23;--fg:#e6edf3;",
    "--muted:#9198a1;--line:#3d444d;--code-bg:#0d1117;--err:#ff7b72;--err-bg:#490202;",
    "--warn:#d29922;--warn-bg:#3b2300;--note:#58a6ff;--note-bg:#0c2d6b;--ok:#3fb950;",
    "--ok-bg:#033a16;--mark:#bb800966;--hit:#bb800926;--link:#58a6ff}}\n",
    "*{box-sizing:border-box}\n",
    "html{-webkit-text-size-adjust:100%}\n",
    "body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,",
    "\"Segoe UI\",\"Noto Sans\",Helvetica,Arial,sans-serif}\n",
    "code,.src,.mono{font-family:ui-monospace,SFMono-Regular,\"SF Mono\",Menlo,Consolas,",
    "\"DejaVu Sans Mono\",\"Liberation Mono\",monospace;font-size:13px}\n",
    "a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}\n",
    ".layout{display:grid;grid-template-columns:minmax(0,1fr);max-width:1400px;margin:0 auto}\n",
    "@media (min-width:1000px){.layout{grid-template-columns:290px minmax(0,1fr)}",
    ".side{position:sticky;top:0;height:100vh;overflow:auto;border-right:1px solid var(--line)}}\n",
    ".side{padding:20px 18px;background:var(--panel)}\n",
    ".brand{font-weight:700;font-size:18px;margin:0 0 2px}\n",
    ".brand small{font-weight:400;color:var(--muted);font-size:13px}\n",
    ".side h2{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);",
    "margin:20px 0 6px}\n",
    ".side ol,.side ul{list-style:none;margin:0;padding:0}\n",
    ".side li{margin:2px 0}\n",
    ".toc a{display:flex;gap:8px;justify-content:space-between;align-items:baseline;",
    "padding:3px 6px;border-radius:6px;color:var(--fg)}\n",
    ".toc a:hover{background:var(--bg);text-decoration:none}\n",
    ".toc .p{overflow-wrap:anywhere;font-size:13px}\n",
    "main{padding:24px 32px 48px;min-width:0}\n",
    "header.top h1{margin:0;font-size:26px}\n",
    ".meta{color:var(--muted);margin:4px 0 0;overflow-wrap:anywhere}\n",
    "section{margin-top:28px}\n",
    "h3.sub{font-size:15px;margin:18px 0 8px}\n",
    "section>h2{font-size:19px;margin:0 0 12px;padding-bottom:6px;",
    "border-bottom:1px solid var(--line)}\n",
    ".cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:14px}\n",
    ".card{background:var(--panel);border:1px solid var(--line);border-left-width:4px;",
    "border-radius:8px;padding:10px 16px;min-width:130px}\n",
    ".card .num{display:block;font-size:26px;font-weight:700;line-height:1.2}\n",
    ".card .lbl{color:var(--muted);font-size:13px}\n",
    ".card.error{border-left-color:var(--err)}.card.error .num{color:var(--err)}\n",
    ".card.warning{border-left-color:var(--warn)}.card.warning .num{color:var(--warn)}\n",
    ".card.note{border-left-color:var(--note)}.card.note .num{color:var(--note)}\n",
    ".card.files{border-left-color:var(--muted)}\n",
    ".status{border-radius:8px;padding:10px 14px;margin:0 0 14px;font-weight:600}\n",
    ".status.ok{background:var(--ok-bg);color:var(--ok)}\n",
    ".status.error{background:var(--err-bg);color:var(--err)}\n",
    ".status.warning{background:var(--warn-bg);color:var(--warn)}\n",
    ".status.note{background:var(--note-bg);color:var(--note)}\n",
    "table.grid{border-collapse:collapse;width:100%;background:var(--panel);",
    "border:1px solid var(--line);border-radius:8px;overflow:hidden}\n",
    "table.grid th,table.grid td{text-align:left;padding:7px 12px;",
    "border-bottom:1px solid var(--line);vertical-align:top}\n",
    "table.grid th{background:var(--bg);font-size:13px;color:var(--muted);font-weight:600}\n",
    "table.grid tr:last-child td{border-bottom:0}\n",
    "table.grid td.nowrap{white-space:nowrap}\n",
    "table.grid td.n{text-align:right;font-variant-numeric:tabular-nums}\n",
    "table.grid tr.head td{border-bottom:0;padding-bottom:2px}\n",
    "table.grid tr.why td{padding-top:0}\n",
    "table.grid tr.why ul{margin:0}\n",
    ".empty{color:var(--muted);background:var(--panel);border:1px dashed var(--line);",
    "border-radius:8px;padding:12px 16px;margin:0}\n",
    ".badge,.pill{display:inline-block;border-radius:999px;font-size:12px;font-weight:600;",
    "line-height:18px;padding:0 8px;white-space:nowrap}\n",
    ".pills{display:inline-flex;gap:4px;flex:none}\n",
    ".error.badge,.error.pill{background:var(--err-bg);color:var(--err)}\n",
    ".warning.badge,.warning.pill{background:var(--warn-bg);color:var(--warn)}\n",
    ".note.badge,.note.pill{background:var(--note-bg);color:var(--note)}\n",
    "details.file{background:var(--panel);border:1px solid var(--line);border-radius:8px;",
    "margin:0 0 16px}\n",
    "details.file>summary{cursor:pointer;padding:10px 14px;display:flex;gap:10px;",
    "align-items:center;font-weight:600;border-bottom:1px solid var(--line)}\n",
    "details.file:not([open])>summary{border-bottom:0}\n",
    "details.file>summary .p{overflow-wrap:anywhere}\n",
    ".finding{padding:14px 16px;border-top:1px solid var(--line);border-left:4px solid ",
    "transparent}\n",
    ".finding:first-of-type{border-top:0}\n",
    ".finding.error{border-left-color:var(--err)}\n",
    ".finding.warning{border-left-color:var(--warn)}\n",
    ".finding.note{border-left-color:var(--note)}\n",
    ".fhead{display:flex;flex-wrap:wrap;gap:8px;align-items:center}\n",
    ".fhead .code{font-weight:700}\n",
    ".fhead .rname{color:var(--muted)}\n",
    ".fhead .loc{margin-left:auto;color:var(--muted);overflow-wrap:anywhere}\n",
    ".msg{margin:8px 0;font-size:15px}\n",
    ".msg code,.help code,.empty code{background:var(--code-bg);border:1px solid var(--line);",
    "border-radius:4px;padding:0 4px}\n",
    ".excerpt{overflow-x:auto;border:1px solid var(--line);border-radius:6px;",
    "background:var(--code-bg);margin:8px 0}\n",
    ".excerpt table{border-collapse:collapse;min-width:100%}\n",
    ".excerpt td{padding:0 10px;line-height:20px}\n",
    ".excerpt td.ln{text-align:right;color:var(--muted);user-select:none;width:1%;",
    "border-right:1px solid var(--line);font-variant-numeric:tabular-nums}\n",
    ".excerpt td.src{white-space:pre;tab-size:4}\n",
    ".excerpt tr.hit td{background:var(--hit)}\n",
    ".excerpt tr.hit td.ln{color:var(--fg);font-weight:600}\n",
    ".excerpt mark{background:var(--mark);color:inherit;border-radius:2px;",
    "text-decoration:underline wavy;text-decoration-skip-ink:none}\n",
    ".finding.error mark{text-decoration-color:var(--err)}\n",
    ".finding.warning mark{text-decoration-color:var(--warn)}\n",
    ".finding.note mark{text-decoration-color:var(--note)}\n",
    ".excerpt .cut{color:var(--muted)}\n",
    ".help{margin:6px 0 0}\n",
    ".help .label{font-weight:700;color:var(--ok)}\n",
    ".related{margin:6px 0 0;padding-left:20px;color:var(--muted)}\n",
    ".allfiles ul{margin:6px 0 0;padding-left:22px;columns:2 320px}\n",
    ".allfiles summary{cursor:pointer;color:var(--muted)}\n",
    "footer{color:var(--muted);font-size:13px;margin-top:36px;padding-top:12px;",
    "border-top:1px solid var(--line)}\n",
    "@media print{.side{display:none}.layout{display:block}details.file{break-inside:avoid}}\n",
};

static void html__head(const html__counts *c, const cc_report_options *o, FILE *out)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
          out);
    fputs("<meta name=\"generator\" content=\"concur ", out);
    html__text(o->version ? o->version : "", out);
    fputs("\">\n", out);
    fprintf(out, "<title>concur report: %u %s, %u %s, %u %s</title>\n", c->sev[CC_SEV_ERROR],
            html__plural(c->sev[CC_SEV_ERROR], "error", "errors"), c->sev[CC_SEV_WARNING],
            html__plural(c->sev[CC_SEV_WARNING], "warning", "warnings"), c->sev[CC_SEV_NOTE],
            html__plural(c->sev[CC_SEV_NOTE], "note", "notes"));
    fputs("<style>\n", out);
    for (size_t i = 0; i < sizeof STYLE / sizeof STYLE[0]; i++)
        fputs(STYLE[i], out);
    fputs("</style>\n</head>\n", out);
}

/* The sidebar: sections, then files with findings. */
static void html__nav(const cc_program *prog, const cc_report_options *o, FILE *out)
{
    uint32_t n = cc_program_finding_count(prog);
    char path[4096];
    fputs("<nav class=\"side\" aria-label=\"Contents\">\n<p class=\"brand\">concur <small>", out);
    html__text(o->version ? o->version : "", out);
    fputs("</small></p>\n<h2>Contents</h2>\n<ol>\n"
          "<li><a href=\"#summary\">Summary</a></li>\n"
          "<li><a href=\"#advice\">Concurrency advice</a></li>\n"
          "<li><a href=\"#findings\">Findings</a></li>\n"
          "<li><a href=\"#files\">Files analysed</a></li>\n</ol>\n"
          "<h2>Files with findings</h2>\n",
          out);
    if (n == 0) {
        fputs("<p class=\"meta\">None.</p>\n</nav>\n", out);
        return;
    }
    fputs("<ul class=\"toc\">\n", out);
    uint32_t group = 0;
    for (uint32_t first = 0, end; first < n; first = end, group++) {
        end = html__group_end(prog, first);
        html__group_path(prog, o, cc_program_finding(prog, first)->unit, path, sizeof path);
        fprintf(out, "<li><a href=\"#file-%u\"><span class=\"p\">", group + 1);
        html__text(path, out);
        fputs("</span> ", out);
        html__pills(prog, first, end, out);
        fputs("</a></li>\n", out);
    }
    fputs("</ul>\n</nav>\n", out);
}

/* Writes " · generated YYYY-MM-DD HH:MM UTC" when SOURCE_DATE_EPOCH holds a valid time. */
static void html__generated(FILE *out)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (!e || !*e)
        return;
    char *end;
    errno = 0;
    long long t = strtoll(e, &end, 10);
    if (*end || errno || t < 0)
        return;
    time_t tt = (time_t)t;
    struct tm tm;
    char buf[64];
    if (!gmtime_r(&tt, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm))
        return;
    fprintf(out, " · generated %s", buf);
}

static void html__summary(const cc_program *prog, const html__counts *c,
                          const cc_report_options *o, FILE *out)
{
    fputs("<header class=\"top\">\n<h1>Concurrency report</h1>\n<p class=\"meta\">concur ", out);
    html__text(o->version ? o->version : "", out);
    fputs(" · root <code>", out);
    html__text(o->root ? o->root : ".", out);
    fputs("</code>", out);
    html__generated(out);
    fputs("</p>\n</header>\n", out);

    uint32_t total = cc_program_finding_count(prog);
    fputs("<section id=\"summary\">\n<h2>Summary</h2>\n", out);
    if (total == 0)
        fprintf(out, "<p class=\"status ok\">All checks passed: no findings in %zu %s.</p>\n",
                o->nfiles, o->nfiles == 1 ? "file" : "files");
    else
        fprintf(out, "<p class=\"status %s\">%u %s in %u of %zu %s analysed.</p>\n",
                c->sev[CC_SEV_ERROR] ? "error" : c->sev[CC_SEV_WARNING] ? "warning" : "note",
                total, html__plural(total, "finding", "findings"), c->files_with_findings,
                o->nfiles, o->nfiles == 1 ? "file" : "files");
    fputs("<div class=\"cards\">\n", out);
    static const char *const LABEL[3][2] = {
        {"note", "notes"}, {"warning", "warnings"}, {"error", "errors"}};
    for (int s = CC_SEV_ERROR; s >= CC_SEV_NOTE; s--)
        fprintf(out, "<div class=\"card %s\"><span class=\"num\">%u</span> "
                     "<span class=\"lbl\">%s</span></div>\n",
                html__sev(s), c->sev[s], LABEL[s][c->sev[s] != 1]);
    fprintf(out, "<div class=\"card files\"><span class=\"num\">%zu</span> "
                 "<span class=\"lbl\">%s analysed</span></div>\n</div>\n",
            o->nfiles, o->nfiles == 1 ? "file" : "files");
    bool extra = c->files_not_analysed || o->nsuppressed || o->nbaselined;
    if (extra) {
        fputs("<p class=\"meta\">", out);
        const char *sep = "";
        if (c->files_not_analysed) {
            fprintf(out, "%u %s not fully analysed (CC000).", c->files_not_analysed,
                    html__plural(c->files_not_analysed, "file", "files"));
            sep = " ";
        }
        if (o->nsuppressed) {
            fprintf(out, "%s%zu %s silenced by <code>concur: ignore</code> comments.", sep,
                    o->nsuppressed, o->nsuppressed == 1 ? "finding" : "findings");
            sep = " ";
        }
        if (o->nbaselined)
            fprintf(out, "%s%zu %s silenced by the baseline.", sep, o->nbaselined,
                    o->nbaselined == 1 ? "finding" : "findings");
        fputs("</p>\n", out);
    }
    if (total == 0) {
        fputs("</section>\n", out);
        return;
    }

    /* Per rule, in code order: the registry's rules first, then any code it does not know. */
    fputs("<h3 class=\"sub\">Findings per rule</h3>\n<table class=\"grid\">\n<thead><tr>"
          "<th>Code</th><th>Rule</th><th>Severity</th><th>Findings</th><th>What it flags</th>"
          "</tr></thead>\n<tbody>\n",
          out);
    uint32_t nrules;
    const cc_rule *rules = cc_rules(&nrules);
    for (uint32_t r = 0; r <= nrules; r++) {
        for (uint32_t i = 0; i < total; i++) {
            const cc_diag *d = cc_program_finding(prog, i);
            bool known = cc_rule_find(d->code) != NULL;
            if (r < nrules ? strcmp(d->code, rules[r].code) != 0 : known)
                continue;
            if (r == nrules) {
                /* An unknown code: write its row once, at its first finding. */
                uint32_t j = 0;
                while (strcmp(cc_program_finding(prog, j)->code, d->code))
                    j++;
                if (j != i)
                    continue;
            }
            uint32_t count = 0;
            cc_severity worst = CC_SEV_NOTE;
            for (uint32_t k = i; k < total; k++) {
                const cc_diag *e = cc_program_finding(prog, k);
                if (!strcmp(e->code, d->code)) {
                    count++;
                    worst = e->severity > worst ? e->severity : worst;
                }
            }
            fputs("<tr id=\"rule-", out);
            html__text(d->code, out);
            fputs("\"><td class=\"mono\">", out);
            html__text(d->code, out);
            fputs("</td><td class=\"nowrap\">", out);
            html__text(r < nrules ? rules[r].name : "", out);
            fprintf(out, "</td><td><span class=\"badge %s\">%s</span></td><td class=\"n\">%u</td>"
                         "<td>",
                    html__sev(worst), html__sev(worst), count);
            if (r < nrules && rules[r].summary)
                html__prose(rules[r].summary, out);
            fputs("</td></tr>\n", out);
            if (r < nrules)
                break;
        }
    }
    fputs("</tbody>\n</table>\n</section>\n", out);
}

/* With --verify only (so reports without it stay byte for byte the same): the styles of the
 * verdict column and a sentence on how it was measured. */
static void html__verify_intro(const cc_report_options *o, FILE *out)
{
    fputs("<style>\n"
          ".verdict{white-space:nowrap}\n"
          ".verdict.confirmed{background:var(--ok-bg);color:var(--ok)}\n"
          ".verdict.refuted{background:var(--err-bg);color:var(--err)}\n"
          ".verdict.inconclusive{background:var(--warn-bg);color:var(--warn)}\n"
          ".vbars{margin:6px 0 0;font-size:12px;min-width:190px}\n"
          ".vbar{display:flex;align-items:center;gap:6px;margin:2px 0}\n"
          ".vbar .l{width:84px;color:var(--muted);white-space:nowrap}\n"
          ".vbar .t{position:relative;flex:1;height:10px;background:var(--bg);"
          "border-radius:3px}\n"
          ".vbar .b{position:absolute;left:0;top:0;bottom:0;background:var(--note);"
          "border-radius:3px}\n"
          ".vbar .ci{position:absolute;top:4px;height:2px;background:var(--fg)}\n"
          ".vbar .one{position:absolute;top:-2px;bottom:-2px;width:1px;background:var(--fg)}\n"
          ".vbar .v{width:44px;text-align:right;font-variant-numeric:tabular-nums}\n"
          ".vnote{color:var(--muted);font-size:12px;margin-top:4px}\n"
          "</style>\n",
          out);
    fprintf(out, "<p class=\"meta\">Verified on this machine (<code>--verify=%s</code>): a "
                 "micro-benchmark of each site's shape, run serially, in threads and in processes, "
                 "repeated in fresh processes. Bars are speedups over serial with their 95%% "
                 "bootstrap intervals; the line marks 1&times;.</p>\n",
            o->verify_mode ? o->verify_mode : "synthetic");
}

/* The verdict cell: a badge, the bars, the note. */
static void html__verdict(const cc_verification *v, FILE *out)
{
    const char *name = cc_verdict_name((cc_verdict)v->verdict);
    fprintf(out, "<td><span class=\"badge verdict %s\">%s</span>", name, name);
    if (v->measured && v->ratio.point == v->ratio.point)
        fprintf(out, "<div class=\"vnote\">%s vs %s: %.2f&times; [%.2f, %.2f]</div>",
                cc_advice_model_name((cc_advice_model)v->recommended),
                cc_advice_model_name((cc_advice_model)v->compared), v->ratio.point,
                v->ratio.lo, v->ratio.hi);
    if (v->nruns) {
        double top = 1;
        for (uint32_t k = 0; k < v->nruns; k++)
            if (v->runs[k].speedup.hi > top)
                top = v->runs[k].speedup.hi;
        fputs("<div class=\"vbars\">", out);
        for (uint32_t k = 0; k < v->nruns; k++) {
            const cc_verify_run *r = &v->runs[k];
            char label[48];
            if (r->model == CC_AM_SERIAL)
                snprintf(label, sizeof label, "serial");
            else
                snprintf(label, sizeof label, "%s&times;%u",
                         cc_advice_model_name((cc_advice_model)r->model), r->workers);
            fprintf(out,
                    "<div class=\"vbar\"><span class=\"l\">%s</span><span class=\"t\">"
                    "<span class=\"b\" style=\"width:%.1f%%\"></span>"
                    "<span class=\"ci\" style=\"left:%.1f%%;width:%.1f%%\"></span>"
                    "<span class=\"one\" style=\"left:%.1f%%\"></span></span>"
                    "<span class=\"v\">%.2f&times;</span></div>",
                    label, 100 * r->speedup.point / top, 100 * r->speedup.lo / top,
                    100 * (r->speedup.hi - r->speedup.lo) / top, 100 / top, r->speedup.point);
        }
        fputs("</div>", out);
    }
    if (v->note[0]) {
        fputs("<div class=\"vnote\">", out);
        html__text(v->note, out);
        fputs("</div>", out);
    }
    fputs("</td>", out);
}

/* One row per spawn site: where, what runs, the model used and the one that fits, and why. */
static void html__advice(const cc_program *prog, const cc_report_options *o, FILE *out)
{
    const cc_advice_set *set = cc_program_advice(prog);
    uint32_t n = cc_advice_count(set), differ = 0;
    fputs("<section id=\"advice\">\n<h2>Concurrency advice</h2>\n", out);
    if (n == 0) {
        fputs("<p class=\"empty\">No advice records are available in this run.</p>\n"
              "</section>\n",
              out);
        return;
    }
    for (uint32_t i = 0; i < n; i++)
        differ += cc_advice_differs(cc_advice_at(set, i));
    fprintf(out, "<p class=\"meta\">%u spawn %s; %u would fit another model. Advice is not a "
                 "finding: it never changes the exit code.</p>\n",
            n, html__plural(n, "site", "sites"), differ);
    if (o->verify)
        html__verify_intro(o, out);
    fputs("<table class=\"grid\">\n<thead><tr><th>Location</th><th>Work</th><th>Uses</th>"
          "<th>Fits</th><th>Confidence</th>",
          out);
    if (o->verify)
        fputs("<th>Verified</th>", out);
    /* The reasons take a row of their own under each site: as a column they were squeezed to
     * a few words per line next to the verdict's chart. */
    fputs("</tr></thead>\n<tbody>\n", out);
    char path[4096];
    for (uint32_t i = 0; i < n; i++) {
        const cc_advice *a = cc_advice_at(set, i);
        html__group_path(prog, o, a->unit, path, sizeof path);
        fputs("<tr class=\"head\"><td class=\"mono\">", out);
        html__text(path, out);
        fprintf(out, ":%u:%u</td><td class=\"mono\">", a->span.line, a->span.col);
        html__text(a->function ? a->function : "(unknown)", out);
        fprintf(out, "</td><td class=\"nowrap\">%s</td><td class=\"nowrap\">",
                cc_advice_model_name((cc_advice_model)a->current));
        if (cc_advice_differs(a))
            fprintf(out, "<span class=\"note badge\">%s</span>",
                    cc_advice_model_name((cc_advice_model)a->recommended));
        else
            fprintf(out, "%s", cc_advice_model_name((cc_advice_model)a->recommended));
        fprintf(out, "</td><td class=\"n\">%.2f</td>", a->confidence);
        if (o->verify)
            html__verdict(&o->verify[i], out);
        fprintf(out, "</tr>\n<tr class=\"why\"><td colspan=\"%d\"><ul class=\"related\">",
                o->verify ? 6 : 5);
        for (uint32_t k = 0; k < a->nreasons; k++) {
            fputs("<li>", out);
            html__prose(a->reasons[k], out);
            fputs("</li>", out);
        }
        fputs("</ul></td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n</section>\n", out);
}

/* Writes source line `text` (len bytes, without its newline) from code point `from` on, with code
 * points [hl_from, hl_to) inside <mark>; hl_from == 0 marks nothing, and a mark that starts past
 * the end of the line shows as one marked space. */
static void html__source_line(const char *text, uint32_t len, uint32_t from, uint32_t hl_from,
                              uint32_t hl_to, FILE *out)
{
    if (len && text[len - 1] == '\r')
        len--;
    uint32_t cp = 0, shown = 0;
    bool open = false, cut = false;
    size_t i = 0;
    while (i < len) {
        uint32_t c = html__decode(text, len, &i);
        cp++;
        if (cp < from)
            continue;
        if (cp == from && from > 1)
            fputs("<span class=\"cut\">…</span>", out);
        if (shown++ == WINDOW_CP) {
            if (open)
                fputs("</mark>", out);
            open = false;
            cut = true;
            fputs("<span class=\"cut\">…</span>", out);
            break;
        }
        if (hl_from && cp >= hl_from && cp < hl_to && !open) {
            fputs("<mark>", out);
            open = true;
        }
        if (open && cp == hl_to) {
            fputs("</mark>", out);
            open = false;
        }
        html__put_cp(c, out);
    }
    if (open)
        fputs("</mark>", out);
    else if (hl_from && hl_from > cp && !cut)
        fputs("<mark> </mark>", out);
}

static void html__excerpt(const cc_unit *u, const cc_span *sp, FILE *out)
{
    if (sp->line == 0 || sp->line > u->nlines || u->len == 0)
        return;
    uint32_t col = sp->col ? sp->col : 1;
    uint32_t end_line = sp->end_line, end_col = sp->end_col;
    if (end_line < sp->line || (end_line == sp->line && end_col <= col)) {
        end_line = sp->line; /* empty or backwards: mark the one character at the start */
        end_col = col + 1;
    }
    /* A span longer than MAX_SPAN_LINES: its first lines, a gap row, its last line. */
    uint32_t gap_from = end_line - sp->line >= MAX_SPAN_LINES ? sp->line + MAX_SPAN_LINES - 1 : 0;
    uint32_t first = sp->line > CONTEXT_LINES ? sp->line - CONTEXT_LINES : 1;
    uint32_t last = end_line + CONTEXT_LINES < u->nlines ? end_line + CONTEXT_LINES : u->nlines;
    /* One window for every line, so that the lines stay aligned. */
    uint32_t from = col > WINDOW_CP - WINDOW_LEAD_CP ? col - WINDOW_LEAD_CP : 1;
    fputs("<div class=\"excerpt\"><table>\n", out);
    for (uint32_t l = first; l <= last; l++) {
        if (gap_from && l == gap_from) {
            fputs("<tr><td class=\"ln\">⋮</td><td class=\"src cut\">…</td></tr>\n", out);
            l = end_line - 1;
            continue;
        }
        uint32_t len;
        const char *text = cc_unit_line(u, l, &len);
        bool hit = l >= sp->line && l <= end_line;
        uint32_t hl_from = 0, hl_to = 0;
        if (hit) {
            uint32_t indent = 0; /* continuation lines are marked from their first token on */
            while (l != sp->line && indent < len && (text[indent] == ' ' || text[indent] == '\t'))
                indent++;
            hl_from = l == sp->line ? col : indent + 1;
            hl_to = l == end_line ? end_col : UINT32_MAX;
            if (hl_to <= hl_from)
                hl_from = 0; /* a span that ends at the start of this line */
        }
        fprintf(out, "<tr%s><td class=\"ln\">%u</td><td class=\"src\">",
                hit ? " class=\"hit\"" : "", l);
        html__source_line(text, len, from, hl_from, hl_to, out);
        fputs("</td></tr>\n", out);
    }
    fputs("</table></div>\n", out);
}

static void html__finding(const cc_program *prog, const cc_report_options *o, uint32_t index,
                          FILE *out)
{
    const cc_diag *d = cc_program_finding(prog, index);
    const char *sev = html__sev(d->severity);
    bool has_unit = d->unit < cc_program_unit_count(prog);
    char path[4096];
    fprintf(out, "<article class=\"finding %s\" id=\"finding-%u\">\n<div class=\"fhead\">"
                 "<span class=\"badge %s\">%s</span> <a class=\"code mono\" href=\"#rule-",
            sev, index + 1, sev, sev);
    html__text(d->code, out);
    fputs("\">", out);
    html__text(d->code, out);
    fputs("</a> ", out);
    const cc_rule *rule = cc_rule_find(d->code);
    if (rule) {
        fputs("<span class=\"rname\">", out);
        html__text(rule->name, out);
        fputs("</span> ", out);
    }
    fprintf(out, "<a class=\"loc mono\" href=\"#finding-%u\">", index + 1);
    if (has_unit) {
        html__text(cc_report_relpath(prog, o, d->unit, path, sizeof path), out);
        if (d->span.line)
            fprintf(out, ":%u:%u", d->span.line, d->span.col);
    } else {
        fputs("(no file)", out);
    }
    fputs("</a></div>\n<p class=\"msg\">", out);
    html__prose(d->message, out);
    fputs("</p>\n", out);
    if (has_unit)
        html__excerpt(cc_program_unit(prog, d->unit), &d->span, out);
    if (d->help) {
        fputs("<p class=\"help\"><span class=\"label\">help:</span> ", out);
        html__prose(d->help, out);
        fputs("</p>\n", out);
    }
    if (d->nrelated) {
        fputs("<ul class=\"related\">\n", out);
        for (uint32_t k = 0; k < d->nrelated; k++) {
            const cc_related *r = &d->related[k];
            fputs("<li><span class=\"mono\">", out);
            html__text(cc_report_relpath(prog, o, r->unit, path, sizeof path), out);
            fprintf(out, ":%u:%u</span>", r->span.line, r->span.col);
            if (r->message && r->message[0]) {
                fputs(": ", out);
                html__prose(r->message, out);
            }
            fputs("</li>\n", out);
        }
        fputs("</ul>\n", out);
    }
    fputs("</article>\n", out);
}

static void html__findings(const cc_program *prog, const cc_report_options *o, FILE *out)
{
    uint32_t n = cc_program_finding_count(prog);
    char path[4096];
    fputs("<section id=\"findings\">\n<h2>Findings</h2>\n", out);
    if (n == 0)
        fputs("<p class=\"empty\">No findings.</p>\n", out);
    uint32_t group = 0;
    for (uint32_t first = 0, end; first < n; first = end, group++) {
        end = html__group_end(prog, first);
        html__group_path(prog, o, cc_program_finding(prog, first)->unit, path, sizeof path);
        fprintf(out, "<details class=\"file\" id=\"file-%u\" open>\n"
                     "<summary><span class=\"p mono\">",
                group + 1);
        html__text(path, out);
        fputs("</span> ", out);
        html__pills(prog, first, end, out);
        fputs("</summary>\n", out);
        for (uint32_t i = first; i < end; i++)
            html__finding(prog, o, i, out);
        fputs("</details>\n", out);
    }
    fputs("</section>\n", out);
}

static void html__files(const cc_program *prog, const cc_report_options *o, FILE *out)
{
    uint32_t nunits = cc_program_unit_count(prog);
    char path[4096];
    fprintf(out, "<section id=\"files\">\n<h2>Files analysed</h2>\n"
                 "<details class=\"allfiles\"><summary>%u %s</summary>\n<ul>\n",
            nunits, html__plural(nunits, "file", "files"));
    for (uint32_t u = 0; u < nunits; u++) {
        fputs("<li class=\"mono\">", out);
        html__text(cc_report_relpath(prog, o, u, path, sizeof path), out);
        fputs("</li>\n", out);
    }
    fputs("</ul>\n</details>\n</section>\n", out);
}

static void html__render(const cc_program *prog, const cc_report_options *o, FILE *out)
{
    html__counts c = html__count(prog);
    html__head(&c, o, out);
    fputs("<body>\n<div class=\"layout\">\n", out);
    html__nav(prog, o, out);
    fputs("<main>\n", out);
    html__summary(prog, &c, o, out);
    html__advice(prog, o, out);
    html__findings(prog, o, out);
    html__files(prog, o, out);
    fputs("<footer>Generated by concur ", out);
    html__text(o->version ? o->version : "", out);
    fputs(". Lines and columns are 1-based; columns count Unicode code points. "
          "<code>concur explain CODE</code> shows a rule&#39;s documentation.</footer>\n"
          "</main>\n</div>\n</body>\n</html>\n",
          out);
}

const cc_reporter cc_report_html = {"html", html__render};
