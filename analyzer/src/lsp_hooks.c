/* lsp_hooks.c - where the advice engine and benchmark verdicts reach the language server; see
 * lsp.h. Hovers over a spawn site show its advice; inlay hints name the recommended model after
 * each spawn call. Benchmark verdicts are not made by the server, which never runs code: a hover
 * shows the verdict `concur check --verify` (or the editor's "Verify advice" command) left in the
 * cache for the site's current shape, and nothing once the code changes that shape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/advice.h"
#include "concur/arena.h"
#include "concur/lsp.h"
#include "concur/verify.h"

static const cc_advice *advice_around(const cc_program *prog, uint32_t unit, uint32_t offset)
{
    const cc_advice_set *set = cc_program_advice(prog);
    for (uint32_t i = 0; i < cc_advice_count(set); i++) {
        const cc_advice *a = cc_advice_at(set, i);
        if (a->unit == unit && a->span.start <= offset && offset <= a->span.end)
            return a;
    }
    return NULL;
}

char *cc_lsp_hook_spawn_advice(const cc_program *prog, uint32_t unit, uint32_t offset)
{
    const cc_advice *a = advice_around(prog, unit, offset);
    if (!a)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = cc_xmalloc(cap);
    len += (size_t)snprintf(buf + len, cap - len, "**concur advice: %s** (now %s; confidence %.0f%%)\n\n",
                            cc_advice_model_name((cc_advice_model)a->recommended),
                            cc_advice_model_name((cc_advice_model)a->current),
                            a->confidence * 100.0);
    for (uint32_t i = 0; i < a->nreasons && len + 1 < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "- %s\n", a->reasons[i]);
    if (len >= cap)
        buf[cap - 1] = 0;
    return buf;
}

char *cc_lsp_hook_bench_verdict(const cc_program *prog, uint32_t unit, uint32_t offset)
{
    const cc_advice *a = advice_around(prog, unit, offset);
    char line[512], when[32];
    if (!a || !cc_verify_cache_lookup(prog, a, line, sizeof line, when, sizeof when))
        return NULL;
    size_t cap = strlen(line) + 256;
    char *buf = cc_xmalloc(cap);
    snprintf(buf, cap,
             "**benchmark on this machine:** %s\n\n(`concur check --verify`, measured %s, for "
             "this site's current shape)",
             line, when);
    return buf;
}

uint32_t cc_lsp_hook_inlay_hints(const cc_program *prog, uint32_t unit, uint32_t start,
                                 uint32_t end, cc_lsp_inlay_hint **out)
{
    const cc_advice_set *set = cc_program_advice(prog);
    uint32_t n = 0, cap = 0;
    *out = NULL;
    for (uint32_t i = 0; i < cc_advice_count(set); i++) {
        const cc_advice *a = cc_advice_at(set, i);
        if (a->unit != unit || a->span.end < start || a->span.end > end)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            *out = cc_xrealloc(*out, cap * sizeof **out);
        }
        char label[64];
        snprintf(label, sizeof label, "%s %s", cc_advice_differs(a) ? "→" : "✓",
                 cc_advice_model_name((cc_advice_model)a->recommended));
        (*out)[n].offset = a->span.end;
        size_t ll = strlen(label) + 1;
        (*out)[n].label = memcpy(cc_xmalloc(ll), label, ll);
        (*out)[n].tooltip = cc_lsp_hook_spawn_advice(prog, unit, a->span.start);
        n++;
    }
    return n;
}
