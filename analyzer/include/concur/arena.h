/* arena.h - bump allocators that own everything built for one object (a unit's IR, a run's
 * findings) and are freed all at once. Never freed piece by piece. Not thread-safe: one arena is
 * written by one thread at a time. */
#ifndef CONCUR_ARENA_H
#define CONCUR_ARENA_H

#include <stddef.h>

typedef struct cc_arena cc_arena;

/* Returns a new empty arena, or NULL when out of memory. Free it with cc_arena_delete. */
cc_arena *cc_arena_new(void);

/* Frees the arena and every block handed out from it. NULL is allowed. */
void cc_arena_delete(cc_arena *self);

/* Returns size bytes aligned for any type, zero-filled, owned by the arena. Aborts the process
 * when memory is exhausted (the analyzer cannot continue without memory; see cc_xmalloc). */
void *cc_arena_alloc(cc_arena *self, size_t size);

/* Like cc_arena_alloc, but the contents are undefined: for blocks the caller fills whole. */
void *cc_arena_alloc_raw(cc_arena *self, size_t size);

/* Copies n bytes into the arena and returns the copy. */
void *cc_arena_dup(cc_arena *self, const void *src, size_t n);

/* Copies a string of len bytes and NUL-terminates it. */
char *cc_arena_strndup(cc_arena *self, const char *s, size_t len);

/* printf into the arena. */
char *cc_arena_printf(cc_arena *self, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Bytes handed out so far (for memory figures). */
size_t cc_arena_used(const cc_arena *self);

/* malloc/realloc/calloc that abort with a message when memory is exhausted. */
void *cc_xmalloc(size_t n);
void *cc_xrealloc(void *p, size_t n);
void *cc_xcalloc(size_t count, size_t n);

/* A growable array for builders: CC_VEC_PUSH(ptr, len, cap, value). Memory from cc_xrealloc. */
#define CC_VEC_PUSH(ptr, len, cap, value)                                                   \
    do {                                                                                   \
        if ((len) == (cap)) {                                                              \
            (cap) = (cap) ? (cap) * 2 : 8;                                                 \
            (ptr) = cc_xrealloc((ptr), (size_t)(cap) * sizeof(*(ptr)));                    \
        }                                                                                  \
        (ptr)[(len)++] = (value);                                                          \
    } while (0)

#endif
