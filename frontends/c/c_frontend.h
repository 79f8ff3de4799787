/* c_frontend.h - C source → the common IR, through libclang 19.
 *
 * Two layers:
 *  - cc_c_parser: the in-process translator (one CXIndex, many units). It is what a worker
 *    process runs, and what unit tests call directly. libclang can crash or recurse without bound
 *    on pathological input, so the driver never calls it in the analyzer's own process.
 *  - cc_frontend_c: the front end the driver sees. Its per-thread worker is a client of one worker
 *    process (`concur --internal-c-worker FD`), started lazily and replaced when it crashes or
 *    hangs; a crashed or timed-out file becomes a unit holding one CC000 diagnostic.
 *
 * Conventions of the IR produced for C (see docs/c-frontend.md):
 *  - function 0 is <module>: global initialisers, and for every function defined in the file a
 *    FUNC op stored into the GLOBAL name of the function (as Python's `def` does), so a call
 *    `f(x)` is CALL(LOAD(NAME.global f)) and resolves to the definition.
 *  - globals and static locals are NAME.global places (a static local `n` of `f` is named `f.n`);
 *    locals and parameters are NAME.local; a parameter is PARAM #i stored into its NAME.local.
 *  - NAME.ival carries CC_C_NAME_TLS (_Thread_local/__thread) and CC_C_NAME_ATOMIC (_Atomic).
 *  - `&x` is UNOP "&" whose operand a is the place x; `*p` is the place UNOP "*" whose operand a is
 *    the value of p (LOAD/STORE take it as a place). `s.f` is FIELD(UNOP "&" s) and `p->f` is
 *    FIELD(LOAD p): a FIELD's base is always a pointer value. Arrays decay to UNOP "&" of their
 *    place, so `a[i]` is INDEX(UNOP "&" a, i).
 *  - CALL.sub is CC_C_CALL_DIRECT when the callee names a function, CC_C_CALL_INDIRECT when it is a
 *    function pointer value (kept as the CALL's operand a).
 *  - stores: `=` plain; compound assignment, ++ and -- are CC_STORE_RMW (compound ones also carry
 *    CC_OPF_AUGMENTED); `x = x op v` is RMW too.
 *  - switch: a BRANCH on the condition, a TRUE edge per case and a FALSE edge to `default` (or past
 *    the switch); cases fall through with NEXT edges. goto is a GOTO edge to the label's block.
 *  - Positions of macro-expanded code are at the expansion site in the main file.
 */
#ifndef CONCUR_C_FRONTEND_H
#define CONCUR_C_FRONTEND_H

#include <stddef.h>

#include "concur/intern.h"
#include "concur/ir.h"
#include "frontend.h"

enum {
    CC_C_NAME_TLS = 1,      /* NAME.ival: thread-local storage */
    CC_C_NAME_ATOMIC = 2,   /* NAME.ival: _Atomic-qualified object */
};

enum {
    CC_C_CALL_DIRECT = 0,   /* CALL.sub: callee is a function named in the code */
    CC_C_CALL_INDIRECT = 1, /* CALL.sub: callee is a function pointer value */
};

extern const cc_frontend cc_frontend_c;

typedef struct cc_c_parser cc_c_parser;

/* Returns a new in-process parser (loads libclang's index), or NULL when out of memory. */
cc_c_parser *cc_c_parser_new(void);
void cc_c_parser_delete(cc_c_parser *self);

/* Translates bytes[0..len) read from path. Flags come from the compilation database found in
 * cdb_dir when not NULL, else from a compile_commands.json found upward from the file's folder,
 * else defaults plus the project's include folders. Problems (missing headers, syntax errors,
 * nesting too deep) are CC000 diagnostics of the unit. Never returns NULL. */
cc_unit *cc_c_parser_parse(cc_c_parser *self, cc_interner *in, const char *path,
                           const char *bytes, size_t len, const char *cdb_dir);

/* Computes the compiler arguments used for path (without the file itself), as libclang will be
 * given them. *argv (NULL-terminated) and its strings are malloc'ed; free with cc_c_args_free.
 * Returns the number of arguments. Exposed for tests. */
int cc_c_parser_args(cc_c_parser *self, const char *path, const char *cdb_dir, char ***argv);
void cc_c_args_free(char **argv);

/* The hidden subcommand `concur --internal-c-worker FD`: serves parse requests on the socket FD
 * until it is closed. argv[0] is "--internal-c-worker". Returns the process exit status. */
int cc_c_worker_main(int argc, char **argv);

#endif
