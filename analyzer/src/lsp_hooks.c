/* lsp_hooks.c - where the advice engine and benchmark verdicts reach the language server; see
 * lsp.h. The advice engine is built separately: until it lands these return nothing, and hovers
 * and inlay hints show findings only. Replace the bodies, not the signatures: the server calls
 * them as they are declared. */
#include <stdlib.h>

#include "concur/lsp.h"

char *cc_lsp_hook_spawn_advice(const cc_program *prog, uint32_t unit, uint32_t offset)
{
    (void)prog;
    (void)unit;
    (void)offset;
    return NULL;
}

char *cc_lsp_hook_bench_verdict(const cc_program *prog, uint32_t unit, uint32_t offset)
{
    (void)prog;
    (void)unit;
    (void)offset;
    return NULL;
}

uint32_t cc_lsp_hook_inlay_hints(const cc_program *prog, uint32_t unit, uint32_t start,
                                 uint32_t end, cc_lsp_inlay_hint **out)
{
    (void)prog;
    (void)unit;
    (void)start;
    (void)end;
    *out = NULL;
    return 0;
}
