/* ir_dump.c - the readable form of the IR printed by `concur dump-ir`. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "concur/ir.h"
#include "concur/program.h"

static void print_str(FILE *out, const char *s)
{
    fputc('"', out);
    size_t n = 0;
    for (; *s && (n < 60 || ((unsigned char)*s & 0xC0) == 0x80); s++) {
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
        if (*s == '"' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(out, "\\x%02x", (unsigned char)*s);
        else
            fputc(*s, out);
    }
    if (*s)
        fputs("...", out);
    fputc('"', out);
}

static void ref(FILE *out, uint32_t v)
{
    if (v == CC_NONE)
        fputs(" _", out);
    else
        fprintf(out, " %%%u", v);
}

static void dump_op(const cc_unit *u, const cc_op *op, uint32_t i, const cc_interner *in,
                    FILE *out)
{
    const char *name = cc_str_text(in, op->name);
    fprintf(out, "    %%%-4u = %s", i, cc_op_kind_name(op->kind));
    switch (op->kind) {
    case CC_OP_CONST:
        fprintf(out, ".%s ", cc_const_kind_name(op->sub));
        if (op->sub == CC_CONST_STR || op->sub == CC_CONST_BYTES)
            print_str(out, name);
        else if (op->sub == CC_CONST_INT && !(op->flags & CC_OPF_BIGINT))
            fprintf(out, "%" PRId64, op->ival);
        else
            fputs(name, out);
        break;
    case CC_OP_ALLOC:
        fprintf(out, ".%s", cc_alloc_kind_name(op->sub));
        break;
    case CC_OP_PARAM:
        fprintf(out, " #%" PRId64 " %s", op->ival, name);
        break;
    case CC_OP_FUNC:
    case CC_OP_CLASS:
        fprintf(out, " #%" PRId64 " %s", op->ival, name);
        break;
    case CC_OP_IMPORT:
        fprintf(out, " %s", name);
        if (op->ival)
            fprintf(out, " : %s", cc_str_text(in, (cc_str)op->ival));
        if (op->sub == 1)
            fputs(" (binds top package)", out);
        break;
    case CC_OP_NAME:
        fprintf(out, ".%s %s", cc_scope_name(op->sub), name);
        break;
    case CC_OP_FIELD:
        ref(out, op->a);
        fprintf(out, " .%s", name);
        break;
    case CC_OP_INDEX:
        fprintf(out, ".%s", cc_index_kind_name(op->sub));
        ref(out, op->a);
        if (op->b != CC_NONE)
            ref(out, op->b);
        else if (op->sub == CC_INDEX_CONST)
            fprintf(out, " [%" PRId64 "]", op->ival);
        break;
    case CC_OP_STORE:
        fprintf(out, ".%s", cc_store_kind_name(op->sub));
        ref(out, op->a);
        fputs(" <-", out);
        ref(out, op->b);
        break;
    case CC_OP_BRANCH:
        ref(out, op->a);
        if (op->sub == 1)
            fputs(" (__main__ guard)", out);
        else if (op->sub == 2)
            fputs(" (__main__ guard, negated)", out);
        break;
    default:
        if (op->a != CC_NONE)
            ref(out, op->a);
        if (op->b != CC_NONE)
            ref(out, op->b);
        if (name[0] && op->kind != CC_OP_CALL)
            fprintf(out, " %s", name);
        break;
    }
    if (op->nargs) {
        fputs(" (", out);
        for (uint32_t k = 0; k < op->nargs; k++) {
            if (k)
                fputs(",", out);
            if (op->kwnames && op->kwnames[k])
                fprintf(out, " %s=", cc_str_text(in, op->kwnames[k]));
            ref(out, op->args[k]);
        }
        fputs(" )", out);
    }
    if (op->loop != CC_NONE)
        fprintf(out, "  [loop %u]", op->loop);
    cc_span sp = cc_op_span(u, op);
    fprintf(out, "  @%u:%u\n", sp.line, sp.col);
}

void cc_unit_dump(const cc_unit *u, const cc_interner *in, const struct cc_program *prog,
                  FILE *out)
{
    fprintf(out, "unit %s (%s, %s", u->path, u->lang == CC_LANG_PYTHON ? "python" : "c",
            u->encoding);
    if (u->module)
        fprintf(out, ", module %s", cc_str_text(in, u->module));
    fprintf(out, ", %u lines)\n", u->nlines);
    for (uint32_t k = 0; k < u->ndiags; k++)
        fprintf(out, "  problem %u:%u %s\n", u->diags[k].span.line, u->diags[k].span.col,
                u->diags[k].message);
    for (uint32_t c = 0; c < u->nclasses; c++) {
        const cc_class *cl = &u->classes[c];
        fprintf(out, "class #%u %s body=#%u bases=(", c, cc_str_text(in, cl->qualname), cl->body);
        for (uint32_t b = 0; b < cl->nbases; b++)
            fprintf(out, "%s%%%u", b ? ", " : "", cl->bases[b]);
        fprintf(out, ") in #%u  @%u:%u\n", cl->outer, cl->span.line, cl->span.col);
    }
    static const char *const kinds[] = {"module", "function", "lambda", "class-body"};
    uint32_t sem_i = 0, nsems = prog ? cc_program_sem_count(prog) : 0;
    for (uint32_t f = 0; f < u->nfuncs; f++) {
        const cc_func *fn = &u->funcs[f];
        fprintf(out, "\nfunction #%u %s [%s", f, cc_str_text(in, fn->qualname), kinds[fn->kind]);
        if (fn->flags & CC_FUNCF_ASYNC)
            fputs(", async", out);
        if (fn->flags & CC_FUNCF_GENERATOR)
            fputs(", generator", out);
        if (fn->flags & CC_FUNCF_NESTED)
            fputs(", nested", out);
        if (fn->flags & CC_FUNCF_IN_MAIN_GUARD)
            fputs(", in __main__ guard", out);
        fputs("]", out);
        if (fn->parent != CC_NONE)
            fprintf(out, " parent=#%u", fn->parent);
        if (fn->class_idx != CC_NONE)
            fprintf(out, " class=#%u", fn->class_idx);
        fputs(" params=(", out);
        for (uint32_t i = 0; i < fn->nparams; i++)
            fprintf(out, "%s%s", i ? ", " : "", cc_str_text(in, fn->params[i]));
        fprintf(out, ")  @%u:%u\n", fn->span.line, fn->span.col);
        for (uint32_t i = 0; i < fn->nglobals; i++)
            fprintf(out, "  global %s\n", cc_str_text(in, fn->globals[i]));
        for (uint32_t i = 0; i < fn->nnonlocals; i++)
            fprintf(out, "  nonlocal %s\n", cc_str_text(in, fn->nonlocals[i]));
        for (uint32_t l = 0; l < fn->nloops; l++) {
            const cc_loop *lp = &fn->loops[l];
            fprintf(out, "  loop %u: header=b%u trip=%s", l, lp->header,
                    cc_trip_kind_name(lp->trip));
            if (lp->trip == CC_TRIP_CONST)
                fprintf(out, "(%" PRId64 ")", lp->trip_const);
            if (lp->trip == CC_TRIP_COLLECTION)
                fprintf(out, "(%%%u)", lp->trip_op);
            if (lp->var)
                fprintf(out, " var=%s", cc_str_text(in, lp->var));
            if (lp->parent != CC_NONE)
                fprintf(out, " in loop %u", lp->parent);
            if (prog) {
                cc_trip t = cc_loop_trip(prog, u->id, f, l);
                if (t.kind != lp->trip) {
                    fprintf(out, " -> %s", cc_trip_kind_name(t.kind));
                    if (t.kind == CC_TRIP_CONST)
                        fprintf(out, "(%" PRId64 ")", t.n);
                    else if (t.kind == CC_TRIP_PARAM)
                        fprintf(out, "(%u)", t.param);
                }
            }
            fputc('\n', out);
        }
        for (uint32_t b = 0; b < fn->nblocks; b++) {
            const cc_block *blk = &fn->blocks[b];
            fprintf(out, "  b%u%s%s:", b, b == 0 ? " (entry)" : b == 1 ? " (exit)" : "",
                    blk->loop != CC_NONE ? " (loop header)" : "");
            if (blk->handler_of != CC_NONE)
                fprintf(out, " handler of b%u", blk->handler_of);
            fputc('\n', out);
            for (uint32_t o = blk->first_op; o < blk->first_op + blk->nops; o++) {
                dump_op(u, &fn->ops[o], o, in, out);
                /* Semantic operations of this op, in program order. */
                while (sem_i < nsems) {
                    const cc_sem *s = cc_program_sem(prog, sem_i);
                    if (s->at.unit < u->id || (s->at.unit == u->id && (s->at.func < f ||
                        (s->at.func == f && s->at.op < o)))) {
                        sem_i++;
                        continue;
                    }
                    if (s->at.unit != u->id || s->at.func != f || s->at.op != o)
                        break;
                    static const char *const models[] = {"?", "thread", "process"};
                    fprintf(out, "           => %s %s", cc_sem_kind_name(s->kind),
                            models[s->model]);
                    if (s->kind == CC_SEM_SEND)
                        fprintf(out, " %s%%%u pickled=%s", s->role ? s->role : "", s->value,
                                s->pickling == CC_PICKLE_ALWAYS       ? "always"
                                : s->pickling == CC_PICKLE_UNLESS_FORK ? "unless-fork"
                                                                       : "never");
                    else if (s->value != CC_NONE)
                        fprintf(out, " %%%u", s->value);
                    if (s->target_func != CC_NONE)
                        fprintf(out, " target=%s",
                                cc_program_func_name(prog, s->target_unit, s->target_func));
                    fprintf(out, " start-method=%s%s api=%s\n",
                            cc_start_method_name(s->start_method),
                            s->sm_explicit ? " (explicit)" : "", s->api);
                    sem_i++;
                }
            }
            if (blk->nsucc) {
                fputs("      ->", out);
                for (uint32_t e = 0; e < blk->nsucc; e++)
                    fprintf(out, " b%u(%s)", blk->succ[e].to,
                            cc_edge_kind_name(blk->succ[e].kind));
                fputc('\n', out);
            }
        }
    }
}
