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
    /* C (c_posix.def, c_mt_unsafe.def) */
    CC_KB_DETACH,            /* pthread_detach / thrd_detach: the handle is never joined */
    CC_KB_TRYLOCK,           /* acquires the lock at arg 0 on its success edge only */
    CC_KB_COND_WAIT,         /* releases the mutex at arg 1, waits on the condition at arg 0,
                                acquires the mutex again */
    CC_KB_NOTIFY,            /* wakes waiters of the condition at arg 0 */
    CC_KB_ONCE,              /* runs the function at fn_pos once across threads */
    CC_KB_TLS_KEY,           /* thread-specific data: key create/get/set/delete */
    CC_KB_ATOMIC,            /* an atomic read-modify-write or load/store of the object at
                                arg 0 (C11 atomic_*, __atomic_*, __sync_*) */
    CC_KB_ATOMIC_SECTION,    /* a function whose whole body is atomic (__VERIFIER_atomic_*,
                                matched as a name prefix: CC_KBF_PREFIX) */
    CC_KB_FORK,              /* fork/vfork: a child process copies this one */
    CC_KB_EXEC,              /* exec*: replaces the process image */
    CC_KB_SPAWN,             /* posix_spawn*: starts a process without forking this one */
    CC_KB_IPC_NEW,           /* creates an inter-process channel (pipe, socket, mq, shm) */
    CC_KB_MT_UNSAFE,         /* not safe to call from several threads; `source` says who says
                                so ("posix" or "glibc"; NULL for Python), `what` why */
    CC_KB_FORK_EXEC,         /* starts a program by fork + exec done in C (subprocess.Popen):
                                safe in a threaded process, unless the keyword `fn_kw`
                                (preexec_fn) runs Python code in the child before the exec */
    CC_KB_EXIT,              /* ends the calling process; never returns (_exit, os._exit) */
    CC_KB_AS_SAFE,           /* async-signal-safe: may run in the child of a threaded process
                                between fork and exec (dup2, close, setsid) */
    /* Costs, for the workload rules (user entries from configuration today) */
    CC_KB_IO_BOUND,          /* blocks on I/O: its time is waiting, not CPU */
    CC_KB_GIL_RELEASING,     /* native work that releases the GIL */
} cc_kb_effect;

enum {
    CC_KBF_INHERIT_ONLY = 1u << 0, /* may cross to a Process, never in a pool task */
    CC_KBF_STARTS_WORKERS = 1u << 1, /* POOL_NEW: workers start at creation (multiprocessing.Pool) */
    CC_KBF_STARTS_ON_SUBMIT = 1u << 2, /* SUBMIT: may start workers (ProcessPoolExecutor) */
    CC_KBF_STARMAP = 1u << 3,      /* SUBMIT: items are argument tuples */
    CC_KBF_SELF_TARGET = 1u << 4,  /* START: the object's own run() is the target */
    CC_KBF_SHARED = 1u << 5,       /* ACQUIRE/TRYLOCK: shared mode (rwlock read lock) */
    CC_KBF_PREFIX = 1u << 6,       /* the name is a prefix: every function starting with it */
    CC_KBF_TIMED = 1u << 7,        /* TRYLOCK/COND_WAIT: may time out */
    CC_KBF_MAIN_THREAD_ONLY = 1u << 8, /* MT_UNSAFE: may only be called from the main thread
                                          (signal.signal raises ValueError elsewhere) */
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
    const char *source;      /* C entries: "posix", "c11", "gnu", "glibc", "sv-comp"; NULL for
                                Python's */
} cc_kb_entry;

/* All built-in entries; *n receives the count. This function can't fail. */
const cc_kb_entry *cc_kb_builtin(uint32_t *n);

#endif
