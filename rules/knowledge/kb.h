/* kb.h - the knowledge base: what library calls do, as data.
 *
 * Each entry names a callable by its qualified name ("multiprocessing.pool.Pool.map") and says
 * its effect in the terms of semantic lowering. Built-in entries come from the .def tables in this
 * folder; users will add entries of the same shape from their configuration. */
#ifndef CONCUR_KB_H
#define CONCUR_KB_H

#include <stdint.h>

#include "concur/program.h"

typedef enum cc_kb_effect {
    CC_KB_POOL_NEW,          /* creates a pool of `model` workers; the value is of `type` */
    CC_KB_HANDLE_NEW,        /* creates a thread/process object (not yet started) of `type` */
    CC_KB_START,             /* method: starts the handle */
    CC_KB_SUBMIT,            /* method: hands a callable (and payloads) to a pool */
    CC_KB_JOIN,              /* method: waits for a handle, future or pool */
    CC_KB_LOCK_NEW,          /* creates a lock-like object of `type` */
    CC_KB_ACQUIRE,
    CC_KB_RELEASE,
    CC_KB_CONTEXT,           /* multiprocessing.get_context(method) */
    CC_KB_SET_START_METHOD,  /* multiprocessing.set_start_method(method) */
    CC_KB_UNPICKLABLE,       /* returns an object that cannot be pickled (`what` says what) */
    CC_KB_PARTIAL,           /* functools.partial: picklable when its parts are */
} cc_kb_effect;

enum {
    CC_KBF_INHERIT_ONLY = 1u << 0, /* may cross to a Process, never in a pool task */
    CC_KBF_STARTS_WORKERS = 1u << 1, /* POOL_NEW: workers start at creation (multiprocessing.Pool) */
    CC_KBF_STARTS_ON_SUBMIT = 1u << 2, /* SUBMIT: may start workers (ProcessPoolExecutor) */
    CC_KBF_STARMAP = 1u << 3,      /* SUBMIT: items are argument tuples */
    CC_KBF_SELF_TARGET = 1u << 4,  /* START: the object's own run() is the target */
};

typedef struct cc_kb_entry {
    const char *name;        /* qualified name of the callable */
    cc_kb_effect effect;
    cc_model model;
    const char *type;        /* the type of the object it creates, or that it is a method of */
    int fn_pos;              /* positional index of the callable run, -1 if none */
    const char *fn_kw;       /* keyword of the callable ("target"), or NULL */
    int args_pos;            /* positional index of an argument tuple, -1 if none */
    const char *args_kw;     /* keyword of the argument tuple ("args"), or NULL */
    int rest_pos;            /* first positional index of payloads sent one by one, -1 */
    int iter_pos;            /* positional index of an iterable whose items are sent, -1 */
    unsigned flags;          /* CC_KBF_* */
    const char *what;        /* UNPICKLABLE/LOCK_NEW: what the object is, for messages */
} cc_kb_entry;

/* All built-in entries; *n receives the count. This function can't fail. */
const cc_kb_entry *cc_kb_builtin(uint32_t *n);

#endif
