/* CC204 mt-unsafe-call
 *
 * ## What it does
 * Finds calls that are not safe while other threads run, made where other threads may be
 * running: in a function that runs in a thread (a thread function, a thread-pool task, anything
 * they call), or in the main thread between a thread's start and its join.
 *
 * In C these are the functions POSIX does not require to be thread-safe (XSH 2.9.1: `strtok`,
 * `localtime`, `rand`, `getenv`, `readdir`, ...) and those the GNU C Library manual marks
 * MT-Unsafe (`strtok`, `localtime`, `setenv`, `exit`, `ecvt`, ...). The two lists differ and the
 * message names the source: glibc's `rand`, `getenv` and `inet_ntoa` are MT-Safe, so for them only
 * POSIX — that is, portability to other C libraries — is the reason.
 *
 * In Python, where the GIL makes each call atomic, it finds calls that change state belonging to
 * the whole process, which other threads rely on without knowing: `os.chdir` and
 * `contextlib.chdir` (the working directory), `os.umask`, writes to the environment
 * (`os.environ[k] = v`, `os.putenv`, `os.environ.update`, ... which call C's `setenv`),
 * `locale.setlocale`, `contextlib.redirect_stdout`/`redirect_stderr`, and
 * `warnings.catch_warnings`; and, in threads only, `signal.signal` and `signal.set_wakeup_fd`,
 * which raise `ValueError` outside the main thread.
 *
 * ## Why is this bad?
 * An MT-Unsafe function keeps state in static storage — `strtok`'s position, `localtime`'s
 * result buffer, the environment — so two threads calling it, or one calling it while another
 * reads that state, corrupt each other's results or crash (`setenv` frees the environment that a
 * `getenv` in another thread is reading). The process-wide Python calls change what every thread
 * sees: a `chdir` in one thread makes another thread's relative `open()` read the wrong file.
 *
 * ## Example
 * ```c
 * static void *parse_lines(void *arg)
 * {
 *     for (char *tok = strtok(arg, ","); tok; tok = strtok(NULL, ","))
 *         handle(tok);
 *     return NULL;
 * }
 * ```
 *
 * ## Use instead
 * ```c
 * static void *parse_lines(void *arg)
 * {
 *     char *save;
 *     for (char *tok = strtok_r(arg, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
 *         handle(tok);
 *     return NULL;
 * }
 * ```
 * In Python, pass absolute paths (or `cwd=`/`env=` to `subprocess`) instead of changing the
 * process's directory or environment from a thread, and set the locale, signal handlers and
 * warning filters once in the main thread before starting threads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/analysis.h"
#include "concur/arena.h"
#include "concur/forks.h"
#include "concur/program.h"
#include "knowledge/kb.h"

typedef struct candidate {
    uint32_t unit, func, op, gid;
    const cc_kb_entry *e[4];
    uint32_t ne;
} candidate;

/* Reentrant or safer replacements, for the help line. */
static const char *const ALTERNATIVES[][2] = {
    {"strtok", "strtok_r"},
    {"localtime", "localtime_r"},
    {"gmtime", "gmtime_r"},
    {"ctime", "ctime_r (or strftime on a localtime_r result)"},
    {"asctime", "asctime_r (or strftime)"},
    {"rand", "rand_r, or a generator state per thread"},
    {"srand48", "a per-thread state with erand48/nrand48"},
    {"drand48", "erand48 with a per-thread state"},
    {"lrand48", "nrand48 with a per-thread state"},
    {"mrand48", "jrand48 with a per-thread state"},
    {"strerror", "strerror_r"},
    {"strsignal", "a table of your own, or psignal"},
    {"getpwnam", "getpwnam_r"},
    {"getpwuid", "getpwuid_r"},
    {"getgrnam", "getgrnam_r"},
    {"getgrgid", "getgrgid_r"},
    {"gethostbyname", "getaddrinfo"},
    {"gethostbyname2", "getaddrinfo"},
    {"gethostbyaddr", "getnameinfo"},
    {"inet_ntoa", "inet_ntop"},
    {"ttyname", "ttyname_r"},
    {"getlogin", "getlogin_r"},
    {"ptsname", "ptsname_r"},
    {"tmpnam", "mkstemp"},
    {"crypt", "crypt_r"},
    {"hsearch", "hsearch_r"},
    {"hcreate", "hcreate_r"},
    {"lgamma", "lgamma_r"},
    {"lgammaf", "lgammaf_r"},
    {"lgammal", "lgammal_r"},
    {"ecvt", "snprintf"},
    {"fcvt", "snprintf"},
    {"readdir", "one DIR stream per thread (or readdir under a lock)"},
    {"getenv", "reading the variable once, before starting threads"},
    {"setenv", "setting the environment before starting threads"},
    {"putenv", "setting the environment before starting threads"},
    {"unsetenv", "setting the environment before starting threads"},
    {"setlocale", "uselocale with a newlocale object per thread"},
    {"localeconv", "nl_langinfo_l with a locale object"},
    {"getopt", "parsing options before starting threads"},
    {"exit", "telling the threads to stop and joining them first"},
    {"mblen", "mbrlen with a per-call state"},
    {"mbtowc", "mbrtowc with a per-call state"},
    {"wctomb", "wcrtomb with a per-call state"},
};

static const char *python_help(const char *name)
{
    if (strstr(name, "chdir"))
        return "use absolute paths (or cwd= for subprocess) instead of changing the process's "
               "working directory while threads run";
    if (!strncmp(name, "os.environ", 10) || !strcmp(name, "os.putenv") ||
        !strcmp(name, "os.unsetenv"))
        return "set the environment before starting threads, or pass env= to subprocess";
    if (!strcmp(name, "os.umask"))
        return "set the umask once before starting threads, or pass mode= when creating files";
    if (!strcmp(name, "locale.setlocale"))
        return "set the locale once at start-up, before starting threads";
    if (strstr(name, "redirect_std"))
        return "pass the stream explicitly (print(file=...), a logging handler) instead of "
               "redirecting the process's stream";
    if (!strcmp(name, "warnings.catch_warnings"))
        return "configure warning filters once at start-up, before starting threads";
    return "call it in the main thread, before starting threads";
}

static const char *fname(const cc_program *prog, cc_func_id f)
{
    const cc_func *fn = &cc_program_unit(prog, f.unit)->funcs[f.func];
    if (fn->kind == CC_FUNC_MODULE)
        return "module code";
    return cc_str_text(cc_program_interner(prog), fn->qualname);
}

/* Library calls the index knows, and Python writes to os.environ. */
static void collect(cc_program *prog, const cc_kbindex *kb, const cc_pointsto *pt,
                    candidate **out, uint32_t *n, uint32_t *cap)
{
    const cc_interner *in = cc_program_interner(prog);
    for (uint32_t u = 0; u < cc_program_unit_count(prog); u++) {
        const cc_unit *un = cc_program_unit(prog, u);
        for (uint32_t f = 0; f < un->nfuncs; f++) {
            const cc_func *fn = &un->funcs[f];
            for (uint32_t o = 0; o < fn->nops; o++) {
                const cc_op *op = &fn->ops[o];
                candidate c = {u, f, o, 0, {NULL}, 0};
                if (op->kind == CC_OP_CALL) {
                    c.ne = cc_kbindex_call(kb, u, f, o, c.e, 4);
                } else if (un->lang == CC_LANG_PYTHON &&
                           (op->kind == CC_OP_STORE || op->kind == CC_OP_DELETE) &&
                           op->a != CC_NONE && fn->ops[op->a].kind == CC_OP_INDEX) {
                    /* os.environ[k] = v, del os.environ[k] */
                    const cc_op *ix = &fn->ops[op->a];
                    const cc_op *base = ix->a != CC_NONE ? &fn->ops[ix->a] : NULL;
                    if (base && base->kind == CC_OP_LOAD && base->a != CC_NONE)
                        base = &fn->ops[base->a];
                    if (!base || (base->kind != CC_OP_NAME && base->kind != CC_OP_FIELD) ||
                        strcmp(cc_str_text(in, base->name), "environ") != 0)
                        continue;
                    cc_aval v = cc_resolve(prog, u, f, ix->a);
                    if (v.kind != CC_V_EXTERN || strcmp(cc_str_text(in, v.qname), "os.environ"))
                        continue;
                    c.ne = cc_kbindex_find(kb,
                                           op->kind == CC_OP_STORE ? "os.environ.__setitem__"
                                                                   : "os.environ.__delitem__",
                                           c.e, 4);
                }
                if (c.ne == 0)
                    continue;
                if (c.ne > 4)
                    c.ne = 4;
                c.gid = cc_pointsto_gid(pt, u, f);
                CC_VEC_PUSH(*out, *n, *cap, c);
            }
        }
    }
}

/* "`strtok()` is not thread-safe: glibc marks it MT-Unsafe (race:strtok) and POSIX does not
 * require it to be" */
static void c_reason(const candidate *c, char *buf, size_t cap)
{
    const char *glibc = NULL, *name = c->e[0]->name;
    char gl[200];
    bool posix = false;
    for (uint32_t i = 0; i < c->ne; i++) {
        const char *src = c->e[i]->source ? c->e[i]->source : "";
        if (!strcmp(src, "glibc")) {
            /* "MT-Unsafe race:tmbuf env locale" -> "MT-Unsafe (race:tmbuf env locale)" */
            const char *w = c->e[i]->what ? c->e[i]->what : "";
            if (!strncmp(w, "MT-Unsafe", 9))
                w += 9;
            while (*w == ' ')
                w++;
            snprintf(gl, sizeof gl, *w ? "MT-Unsafe (%s)" : "MT-Unsafe", w);
            glibc = gl;
        }
        else
            posix = true;
    }
    if (glibc && posix)
        snprintf(buf, cap,
                 "`%s()` is not thread-safe: glibc marks it %s and POSIX does not require it to "
                 "be thread-safe",
                 name, glibc);
    else if (glibc)
        snprintf(buf, cap,
                 "`%s()` is not thread-safe in glibc, which marks it %s (POSIX does not list it)",
                 name, glibc);
    else
        snprintf(buf, cap,
                 "POSIX does not require `%s()` to be thread-safe (glibc's is MT-Safe; other C "
                 "libraries' may not be)",
                 name);
}

/* True when gid runs in the main thread, or in no context the thread model knows (a function
 * nothing in the codebase calls: an entry point or a library API, called from the main thread
 * as far as anyone can tell). */
static bool runs_in_main(const cc_threads *th, cc_ctxview *cv, uint32_t gid)
{
    if (cc_threads_runs_in(th, gid, 0))
        return true;
    for (uint32_t k = 1; k < cc_threads_count(th); k++)
        if (cc_ctxview_runs_in(cv, gid, k))
            return false;
    return true;
}

void cc204_run(cc_program *prog);
void cc204_run(cc_program *prog)
{
    cc_kbindex *kb = cc_kbindex_new(prog, 1ull << CC_KB_MT_UNSAFE);
    candidate *cs = NULL;
    uint32_t ncs = 0, capcs = 0;
    /* the points-to object only numbers functions here; analyses are built only when some
     * candidate exists */
    bool any = false;
    for (uint32_t u = 0; u < cc_program_unit_count(prog) && !any; u++) {
        const cc_unit *un = cc_program_unit(prog, u);
        for (uint32_t f = 0; f < un->nfuncs && !any; f++)
            for (uint32_t o = 0; o < un->funcs[f].nops && !any; o++) {
                const cc_op *op = &un->funcs[f].ops[o];
                const cc_kb_entry *e[1];
                any = (op->kind == CC_OP_CALL && cc_kbindex_call(kb, u, f, o, e, 1)) ||
                      (un->lang == CC_LANG_PYTHON && op->kind == CC_OP_FIELD &&
                       !strcmp(cc_str_text(cc_program_interner(prog), op->name), "environ"));
            }
    }
    if (!any) {
        cc_kbindex_delete(kb);
        return;
    }
    const cc_analyses *an = cc_program_analyses(prog);
    const cc_threads *th = an->th;
    collect(prog, kb, an->pt, &cs, &ncs, &capcs);
    cc_libthreads *lt = NULL;
    cc_ctxview *cv = cc_ctxview_new(prog, an);
    uint32_t *queries = cc_xmalloc((ncs + 1) * sizeof(uint32_t)), nq = 0;
    for (uint32_t i = 0; i < ncs; i++)
        if (runs_in_main(th, cv, cs[i].gid))
            queries[nq++] = cs[i].gid;
    bool any_threads = cc_threads_count(th) > 1;
    for (uint32_t i = 0; i < cc_program_sem_count(prog) && !any_threads; i++) {
        const cc_sem *s = cc_program_sem(prog, i);
        any_threads = s->kind == CC_SEM_POOL_NEW || s->model == CC_MODEL_THREAD;
    }
    if (nq && any_threads)
        lt = cc_libthreads_new(prog, an, queries, nq);
    uint32_t last_unit = CC_NONE, last_line = 0;
    for (uint32_t i = 0; i < ncs; i++) {
        const candidate *c = &cs[i];
        const cc_unit *un = cc_program_unit(prog, c->unit);
        const cc_op *op = &un->funcs[c->func].ops[c->op];
        bool main_only = (c->e[0]->flags & CC_KBF_MAIN_THREAD_ONLY) != 0;
        char where[400] = "";
        cc_related rel = {CC_NONE, {0}, NULL};
        for (uint32_t k = 1; k < cc_threads_count(th) && !where[0]; k++) {
            if (!cc_ctxview_runs_in(cv, c->gid, k))
                continue;
            const cc_context *cx = cc_threads_context(th, k);
            const cc_unit *su = cc_program_unit(prog, cx->start.unit);
            cc_span sp = cc_op_span(su, &su->funcs[cx->start.func].ops[cx->start.op]);
            char desc[64];
            cc_threads_describe(th, k, desc, sizeof desc);
            cc_func_id ef = cc_pointsto_func(an->pt, cx->entry);
            snprintf(where, sizeof where, "runs in `%s` (%s, started at line %u%s%s)",
                     fname(prog, ef), desc, sp.line, su != un ? " of " : "",
                     su != un ? su->path : "");
            rel = (cc_related){cx->start.unit, sp, "the thread starts here"};
        }
        if (!where[0] && !main_only && runs_in_main(th, cv, c->gid)) {
            for (uint32_t k = 1; k < cc_threads_count(th) && !where[0]; k++) {
                if (!cc_ctxview_live_at(cv, c->gid, c->op, k))
                    continue;
                const cc_context *cx = cc_threads_context(th, k);
                const cc_unit *su = cc_program_unit(prog, cx->start.unit);
                cc_span sp = cc_op_span(su, &su->funcs[cx->start.func].ops[cx->start.op]);
                cc_func_id ef = cc_pointsto_func(an->pt, cx->entry);
                snprintf(where, sizeof where,
                         "is called while %s `%s` (started at line %u%s%s) may be running",
                         cx->pool ? "the thread-pool task" : "the thread", fname(prog, ef),
                         sp.line, su != un ? " of " : "", su != un ? su->path : "");
                rel = (cc_related){cx->start.unit, sp, "the thread starts here"};
            }
            uint32_t live[4];
            if (!where[0] && lt && cc_libthreads_live_at(lt, c->gid, c->op, live, 4)) {
                const cc_thread_source *ts = cc_libthreads_source(lt, live[0]);
                const cc_unit *su = cc_program_unit(prog, ts->at.unit);
                cc_span sp = cc_op_span(su, &su->funcs[ts->at.func].ops[ts->at.op]);
                snprintf(where, sizeof where, "is called while %s (line %u%s%s) may be running",
                         ts->what, sp.line, su != un ? " of " : "", su != un ? su->path : "");
                rel = (cc_related){ts->at.unit, sp, "the thread starts here"};
            }
        }
        if (!where[0])
            continue;
        cc_span span = cc_op_span(un, op);
        if (c->unit == last_unit && span.line == last_line)
            continue;
        last_unit = c->unit;
        last_line = span.line;
        char msg[1400], help[300];
        const char *name = c->e[0]->name;
        if (un->lang == CC_LANG_C) {
            char reason[400];
            c_reason(c, reason, sizeof reason);
            snprintf(msg, sizeof msg, "%s, and it %s", reason, where);
            const char *alt = NULL;
            for (size_t k = 0; k < sizeof ALTERNATIVES / sizeof *ALTERNATIVES && !alt; k++)
                if (!strcmp(ALTERNATIVES[k][0], name))
                    alt = ALTERNATIVES[k][1];
            if (alt)
                snprintf(help, sizeof help, "use %s instead, or hold one mutex around every "
                         "call", alt);
            else
                snprintf(help, sizeof help, "hold one mutex around every call, or make the call "
                         "before starting threads");
        } else {
            const char *what = c->e[0]->what ? c->e[0]->what : "it is not thread-safe";
            const char *shown = name;
            if (!strncmp(name, "os.environ.", 11))
                shown = op->kind == CC_OP_CALL ? name : "os.environ[...]";
            snprintf(msg, sizeof msg, "`%s%s` %s%s %s", shown, op->kind == CC_OP_CALL ? "()" : "",
                     where, main_only ? ", but" : ":", what);
            snprintf(help, sizeof help, "%s", python_help(name));
        }
        cc_program_report_related(prog, "CC204", c->unit, span, msg, help, &rel,
                                  rel.unit == CC_NONE ? 0 : 1);
    }
    cc_libthreads_delete(lt);
    cc_ctxview_delete(cv);
    free(queries);
    free(cs);
    cc_kbindex_delete(kb);
}
