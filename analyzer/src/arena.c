/* arena.c - bump allocation in chunks; see arena.h. */
#include "concur/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    max_align_t data[];
} chunk;

struct cc_arena {
    chunk *head;
    size_t total;
};

enum { CHUNK_MIN = 64 * 1024 };

static void oom(size_t n)
{
    fprintf(stderr, "concur: out of memory (asked for %zu bytes)\n", n);
    abort();
}

void *cc_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *cc_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

void *cc_xcalloc(size_t count, size_t n)
{
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (!p)
        oom(count * n);
    return p;
}

cc_arena *cc_arena_new(void)
{
    return calloc(1, sizeof(cc_arena));
}

void cc_arena_delete(cc_arena *self)
{
    if (!self)
        return;
    for (chunk *c = self->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(self);
}


void *cc_arena_alloc(cc_arena *self, size_t size)
{
    void *p = cc_arena_alloc_raw(self, size);
    memset(p, 0, size);
    return p;
}

void *cc_arena_alloc_raw(cc_arena *self, size_t size)
{
    const size_t align = sizeof(max_align_t);
    if (size > SIZE_MAX - align - sizeof(chunk))
        oom(size);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    chunk *c = self->head;
    if (!c || c->size - c->used < size) {
        size_t cap = size > CHUNK_MIN ? size : CHUNK_MIN;
        c = malloc(sizeof(chunk) + cap);
        if (!c)
            oom(cap);
        c->size = cap;
        c->used = 0;
        /* A big block gets its own chunk behind the head so the head keeps its free space. */
        if (self->head && size > CHUNK_MIN) {
            c->next = self->head->next;
            self->head->next = c;
        } else {
            c->next = self->head;
            self->head = c;
        }
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    self->total += size;
    return p;
}

void *cc_arena_dup(cc_arena *self, const void *src, size_t n)
{
    void *p = cc_arena_alloc_raw(self, n);
    if (n)
        memcpy(p, src, n);
    return p;
}

char *cc_arena_strndup(cc_arena *self, const char *s, size_t len)
{
    char *p = cc_arena_alloc_raw(self, len + 1);
    memcpy(p, s, len);
    p[len] = 0;
    return p;
}

char *cc_arena_printf(cc_arena *self, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = cc_arena_alloc(self, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

size_t cc_arena_used(const cc_arena *self)
{
    return self->total;
}
