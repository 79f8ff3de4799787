/* ir.h - the common, language-neutral IR of concur.
 *
 * A unit is one source file. It owns, in its arena, the functions found in it; function 0 is the
 * module's top-level code. A function is a CFG of basic blocks; block 0 is the entry and block 1
 * the exit. Operations live in one array per function and are named by their index; an operation's
 * operands are indices of earlier operations of the same function. Everything across units is
 * referred to by ids (cc_func_id), never by pointers, so one unit can be rebuilt alone.
 *
 * IR nodes are plain structs that analyses and rules read directly; they are built only through
 * the cc_builder API below and are immutable once cc_builder_finish returns. */
#ifndef CONCUR_IR_H
#define CONCUR_IR_H

#include <stdbool.h>
#include <stdint.h>

#include "concur/arena.h"
#include "concur/diag.h"
#include "concur/intern.h"

#define CC_NONE UINT32_MAX

typedef enum cc_op_kind {
#define CC_OP(n, t) CC_OP_##n,
#include "concur/ir_kinds.def"
    CC_OP__COUNT
} cc_op_kind;

typedef enum cc_sem_kind {
#define CC_SEM(n, t) CC_SEM_##n,
#include "concur/ir_kinds.def"
    CC_SEM__COUNT
} cc_sem_kind;

typedef enum cc_edge_kind {
#define CC_EDGE(n, t) CC_EDGE_##n,
#include "concur/ir_kinds.def"
    CC_EDGE__COUNT
} cc_edge_kind;

typedef enum cc_trip_kind {
#define CC_TRIP(n, t) CC_TRIP_##n,
#include "concur/ir_kinds.def"
    CC_TRIP__COUNT
} cc_trip_kind;

typedef enum cc_store_kind {
#define CC_STORE(n, t) CC_STORE_##n,
#include "concur/ir_kinds.def"
    CC_STORE__COUNT
} cc_store_kind;

typedef enum cc_alloc_kind {
#define CC_ALLOC(n, t) CC_ALLOC_##n,
#include "concur/ir_kinds.def"
    CC_ALLOC__COUNT
} cc_alloc_kind;

typedef enum cc_scope {
#define CC_SCOPE(n, t) CC_SCOPE_##n,
#include "concur/ir_kinds.def"
    CC_SCOPE__COUNT
} cc_scope;

typedef enum cc_const_kind {
#define CC_CONST(n, t) CC_CONST_##n,
#include "concur/ir_kinds.def"
    CC_CONST__COUNT
} cc_const_kind;

typedef enum cc_index_kind {
#define CC_INDEX(n, t) CC_INDEX_##n,
#include "concur/ir_kinds.def"
    CC_INDEX__COUNT
} cc_index_kind;

/* Names of the kinds above, for dumps and messages. These functions can't fail. */
const char *cc_op_kind_name(cc_op_kind k);
const char *cc_sem_kind_name(cc_sem_kind k);
const char *cc_edge_kind_name(cc_edge_kind k);
const char *cc_trip_kind_name(cc_trip_kind k);
const char *cc_store_kind_name(cc_store_kind k);
const char *cc_alloc_kind_name(cc_alloc_kind k);
const char *cc_scope_name(cc_scope k);
const char *cc_const_kind_name(cc_const_kind k);
const char *cc_index_kind_name(cc_index_kind k);

typedef enum cc_lang { CC_LANG_PYTHON, CC_LANG_C } cc_lang;

/* A function anywhere in the program. */
typedef struct cc_func_id {
    uint32_t unit;
    uint32_t func;
} cc_func_id;

/* An operation anywhere in the program. */
typedef struct cc_op_id {
    uint32_t unit;
    uint32_t func;
    uint32_t op;
} cc_op_id;

typedef struct cc_op {
    uint8_t kind;        /* cc_op_kind */
    uint8_t sub;         /* kind-specific: cc_const_kind, cc_alloc_kind, cc_store_kind, ... */
    uint16_t flags;      /* CC_OPF_* */
    uint32_t block;      /* the block that holds it */
    uint32_t loop;       /* innermost loop around it, or CC_NONE */
    uint32_t a, b;       /* operand op indices or CC_NONE (meaning per kind: see ir_kinds.def) */
    uint32_t nargs;      /* CALL: arguments; ALLOC: elements */
    cc_str name;         /* NAME/FIELD/IMPORT name, CONST text, operator text */
    const uint32_t *args;
    const cc_str *kwnames; /* parallel to args: keyword name, or CC_STR_NONE for positional */
    int64_t ival;        /* CONST int value (saturating), PARAM index, FUNC/CLASS index */
    uint32_t start, end; /* byte offsets in the unit's text; cc_op_span gives lines and columns */
} cc_op;

enum {
    CC_OPF_STARRED = 1u << 0,   /* CALL argument list contains *args or **kwargs */
    CC_OPF_BIGINT = 1u << 1,    /* CONST int did not fit ival */
    CC_OPF_AUGMENTED = 1u << 2, /* STORE written as an augmented assignment (x += v) */
    CC_OPF_ASYNC = 1u << 3,     /* async with / async for */
};

typedef struct cc_edge {
    uint32_t to;
    uint8_t kind;        /* cc_edge_kind */
} cc_edge;

typedef struct cc_block {
    uint32_t first_op;   /* ops of a block are contiguous: [first_op, first_op + nops) */
    uint32_t nops;
    uint32_t nsucc;
    const cc_edge *succ;
    uint32_t loop;       /* loop this block heads, or CC_NONE */
    uint32_t handler_of; /* for an except/finally block: the try's first block, else CC_NONE */
} cc_block;

typedef struct cc_loop {
    uint32_t header;     /* block */
    uint32_t parent;     /* enclosing loop, or CC_NONE */
    uint8_t trip;        /* cc_trip_kind */
    int64_t trip_const;  /* CC_TRIP_CONST: iterations (saturating) */
    uint32_t trip_param; /* CC_TRIP_PARAM: parameter index */
    uint32_t trip_op;    /* CC_TRIP_COLLECTION: the iterated value's op */
    cc_str var;          /* the loop variable when it is a plain name */
    cc_span span;
} cc_loop;

typedef enum cc_func_kind {
    CC_FUNC_MODULE,      /* a unit's top-level code */
    CC_FUNC_FUNCTION,    /* def (a method when class != CC_NONE) */
    CC_FUNC_LAMBDA,
    CC_FUNC_CLASS_BODY,  /* the code of a class statement's body */
} cc_func_kind;

enum {
    CC_FUNCF_ASYNC = 1u << 0,
    CC_FUNCF_GENERATOR = 1u << 1,
    CC_FUNCF_NESTED = 1u << 2,     /* defined inside another function: not importable by name */
    CC_FUNCF_IN_MAIN_GUARD = 1u << 3, /* defined under `if __name__ == "__main__":` */
    CC_FUNCF_VARARGS = 1u << 4,
};

typedef struct cc_func {
    cc_str name;
    cc_str qualname;     /* Python __qualname__ style: Outer.inner, f.<locals>.g */
    uint8_t kind;        /* cc_func_kind */
    uint16_t flags;      /* CC_FUNCF_* */
    uint32_t parent;     /* enclosing function of this unit, or CC_NONE for the module */
    uint32_t class_idx;  /* the class whose body defines it, or CC_NONE */
    uint32_t nparams;
    const cc_str *params;
    uint32_t nops;
    const cc_op *ops;
    uint32_t nblocks;
    const cc_block *blocks;
    uint32_t nloops;
    const cc_loop *loops;
    uint32_t nglobals;   /* names declared `global` */
    const cc_str *globals;
    uint32_t nnonlocals;
    const cc_str *nonlocals;
    cc_span span;
} cc_func;

typedef struct cc_class {
    cc_str name;
    cc_str qualname;
    uint32_t body;       /* the CLASS_BODY function */
    uint32_t outer;      /* function whose code runs the class statement */
    uint32_t nbases;
    const uint32_t *bases; /* op indices (in outer) of the base expressions */
    cc_span span;
} cc_class;

/* An operation of a unit: function and op indices. */
typedef struct cc_op_ref {
    uint32_t func;
    uint32_t op;
} cc_op_ref;

typedef struct cc_unit {
    uint32_t id;         /* index in the program */
    cc_lang lang;
    const char *path;    /* as given or discovered */
    cc_str module;       /* dotted module name, set by the linker */
    bool is_package_init;/* __init__.py */
    bool is_dunder_main; /* a package's __main__.py */
    const char *text;    /* UTF-8 text (decoded from the file's encoding) */
    uint32_t len;
    const char *encoding;/* the encoding the file was decoded from */
    uint32_t nlines;
    const uint32_t *line_starts; /* byte offset of each line in text */
    uint32_t nfuncs;
    const cc_func *funcs;
    uint32_t nclasses;
    const cc_class *classes;
    uint32_t ndiags;     /* per-file problems (CC000) */
    const cc_diag *diags;
    /* The linker's naming of the file (module, is_package_init, is_dunder_main and these), kept
     * for the next link of the same naming epoch (cc_program_options.naming_epoch); 0: none. */
    uint64_t naming_epoch;
    const char *real_path, *dir;
    uint32_t nimports;   /* its IMPORT ops, in function and op order (cc_unit_index) */
    const cc_op_ref *imports;
    cc_arena *arena;     /* owns everything above */
} cc_unit;

/* Fills the unit's indexes derived from its functions (imports), in its arena. The builder and
 * the deserialiser call it; this function can't fail. */
void cc_unit_index(cc_unit *self);

/* Frees a unit and all it owns. NULL is allowed. */
void cc_unit_delete(cc_unit *self);

/* Returns the function with index i of the unit. */
static inline const cc_func *cc_unit_func(const cc_unit *u, uint32_t i) { return &u->funcs[i]; }

/* Converts a byte offset of the unit's text to a 1-based line and a 1-based column counted in
 * Unicode code points. This function can't fail (offsets past the end clamp). */
void cc_unit_position(const cc_unit *self, uint32_t offset, uint32_t *line, uint32_t *col);

/* The span (lines, columns in code points) of an op of this unit. This function can't fail. */
cc_span cc_op_span(const cc_unit *self, const cc_op *op);

/* Returns the text of 1-based line `line` (without its newline) and its length. */
const char *cc_unit_line(const cc_unit *self, uint32_t line, uint32_t *len);

/* ---- building ------------------------------------------------------------------------------ */

typedef struct cc_builder cc_builder;

/* Starts a unit. text (UTF-8, len bytes) is copied into the unit's arena. Returns NULL only when
 * out of memory. The builder owns the unit until cc_builder_finish. */
cc_builder *cc_builder_new(cc_interner *in, cc_lang lang, const char *path, const char *text,
                           uint32_t len, const char *encoding);

/* Returns the unit's text (the builder's copy, stable until finish) and its length. */
const char *cc_builder_text(const cc_builder *self, uint32_t *len);

/* Returns the interner the builder writes names to. */
cc_interner *cc_builder_interner(cc_builder *self);

/* Records a per-file problem (CC000) of the unit. */
void cc_builder_diag(cc_builder *self, cc_severity sev, uint32_t start, uint32_t end,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Starts a function; it becomes the current one until cc_builder_func_end. Functions nest (a def
 * inside a def): ending one makes its parent current again. Returns the function index. The new
 * function has an entry block (0, current) and an exit block (1). */
uint32_t cc_builder_func_begin(cc_builder *self, cc_func_kind kind, cc_str name, cc_str qualname,
                               uint32_t class_idx, uint16_t flags, uint32_t start, uint32_t end);
void cc_builder_func_param(cc_builder *self, cc_str name);
void cc_builder_func_global(cc_builder *self, cc_str name, bool nonlocal);
void cc_builder_func_set_flags(cc_builder *self, uint16_t flags);
/* Ends the current function: the current block, if still open, falls through to the exit. */
void cc_builder_func_end(cc_builder *self);
/* Index of the current function. */
uint32_t cc_builder_func_current(const cc_builder *self);

/* Records a class defined by code of the current function; returns its index. Its body function
 * is set with cc_builder_class_body once begun (so methods can name their class first). */
uint32_t cc_builder_class(cc_builder *self, cc_str name, cc_str qualname, const uint32_t *bases,
                          uint32_t nbases, uint32_t start, uint32_t end);
void cc_builder_class_body(cc_builder *self, uint32_t cls, uint32_t body);

/* Blocks of the current function. A new block is not current until cc_builder_block_set. */
uint32_t cc_builder_block_new(cc_builder *self);
void cc_builder_block_set(cc_builder *self, uint32_t block);
uint32_t cc_builder_block_current(const cc_builder *self);
/* Number of blocks of the current function so far (block ids are 0..count-1, in creation order). */
uint32_t cc_builder_block_count(const cc_builder *self);
/* True when the current block has ended (after a return/raise/break/continue): ops emitted now
 * go to a fresh, unreachable block. */
bool cc_builder_block_closed(const cc_builder *self);
void cc_builder_edge(cc_builder *self, uint32_t from, uint32_t to, cc_edge_kind kind);
/* Adds an edge from the current block and closes it. */
void cc_builder_jump(cc_builder *self, uint32_t to, cc_edge_kind kind);
void cc_builder_set_handler_of(cc_builder *self, uint32_t block, uint32_t try_block);

/* Loops: begin at the header block; ops emitted until loop_end are inside it. */
uint32_t cc_builder_loop_begin(cc_builder *self, uint32_t header, uint32_t start, uint32_t end);
void cc_builder_loop_trip(cc_builder *self, uint32_t loop, cc_trip_kind trip, int64_t trip_const,
                          uint32_t trip_param, uint32_t trip_op, cc_str var);
void cc_builder_loop_end(cc_builder *self);

/* Emits an op into the current block and returns its index. start/end are byte offsets. */
uint32_t cc_builder_op(cc_builder *self, cc_op_kind kind, uint8_t sub, uint32_t a, uint32_t b,
                       cc_str name, int64_t ival, uint32_t start, uint32_t end);
/* Emits a CALL (or an ALLOC with elements) with its arguments. kwnames may be NULL. */
uint32_t cc_builder_call(cc_builder *self, cc_op_kind kind, uint8_t sub, uint32_t callee,
                         const uint32_t *args, const cc_str *kwnames, uint32_t nargs,
                         uint16_t flags, uint32_t start, uint32_t end);
void cc_builder_op_flags(cc_builder *self, uint32_t op, uint16_t flags);
/* Sets the name of an op of the current function (e.g. what an UNKNOWN op stands for). */
void cc_builder_op_name(cc_builder *self, uint32_t op, cc_str name);
/* Functions built so far, for a front end's passes before finish: their ops are mutable until
 * cc_builder_finish (operand indices are emission order); the returned function carries kind,
 * flags, parent, params, globals and nonlocals. */
uint32_t cc_builder_func_count(const cc_builder *self);
cc_op *cc_builder_func_ops(cc_builder *self, uint32_t func, uint32_t *nops);
const cc_func *cc_builder_func_info(cc_builder *self, uint32_t func);

/* Reads back an op of the current function (valid until the next emit). */
const cc_op *cc_builder_op_get(const cc_builder *self, uint32_t op);

/* Freezes the unit and returns it; the builder is deleted. Never NULL. */
cc_unit *cc_builder_finish(cc_builder *self);
/* Abandons the unit. */
void cc_builder_delete(cc_builder *self);

/* ---- dumping ------------------------------------------------------------------------------- */
#include <stdio.h>
struct cc_program;
/* Writes the unit's IR readably to out. With prog (linked and lowered) the semantic operations
 * are shown beside the calls they come from. */
void cc_unit_dump(const cc_unit *self, const cc_interner *in, const struct cc_program *prog,
                  FILE *out);

#endif
