/* intern.c - the thread-safe string table; see intern.h.
 *
 * Texts live in pages that never move; ids index a fixed directory of pages, so readers need no
 * lock. Writers take one mutex around an open-addressing hash table (xxHash3, from Debian's
 * libxxhash: fast on short identifiers, which are most of what is interned). */
#include "concur/intern.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "concur/arena.h"

enum { PAGE_BITS = 12, PAGE_SIZE = 1 << PAGE_BITS, DIR_SIZE = 1 << 16 };

typedef struct entry {
    const char *text;
    uint32_t len;
} entry;

struct cc_interner {
    pthread_mutex_t mu;
    cc_arena *texts;
    _Atomic(entry *) dir[DIR_SIZE];
    atomic_uint count;     /* ids handed out; id 0 is the empty string */
    uint32_t *slots;       /* hash table of ids, 0 = empty */
    uint64_t *hashes;      /* hash of each slot's string, to skip most compares and to rehash */
    size_t cap;
};

static entry *entry_at(const cc_interner *self, uint32_t id)
{
    entry *page = atomic_load_explicit(&((cc_interner *)self)->dir[id >> PAGE_BITS],
                                       memory_order_acquire);
    return &page[id & (PAGE_SIZE - 1)];
}

cc_interner *cc_interner_new(void)
{
    cc_interner *self = calloc(1, sizeof(*self));
    if (!self)
        return NULL;
    pthread_mutex_init(&self->mu, NULL);
    self->texts = cc_arena_new();
    self->cap = 4096;
    self->slots = cc_xcalloc(self->cap, sizeof(uint32_t));
    self->hashes = cc_xcalloc(self->cap, sizeof(uint64_t));
    entry *page0 = cc_xcalloc(PAGE_SIZE, sizeof(entry));
    page0[0].text = "";
    atomic_store(&self->dir[0], page0);
    atomic_store(&self->count, 1);
    return self;
}

void cc_interner_delete(cc_interner *self)
{
    if (!self)
        return;
    for (size_t i = 0; i < DIR_SIZE; i++)
        free(atomic_load(&self->dir[i]));
    cc_arena_delete(self->texts);
    free(self->slots);
    free(self->hashes);
    pthread_mutex_destroy(&self->mu);
    free(self);
}

static void grow(cc_interner *self)
{
    size_t ncap = self->cap * 2;
    uint32_t *ns = cc_xcalloc(ncap, sizeof(uint32_t));
    uint64_t *nh = cc_xcalloc(ncap, sizeof(uint64_t));
    for (size_t i = 0; i < self->cap; i++) {
        if (!self->slots[i])
            continue;
        size_t j = self->hashes[i] & (ncap - 1);
        while (ns[j])
            j = (j + 1) & (ncap - 1);
        ns[j] = self->slots[i];
        nh[j] = self->hashes[i];
    }
    free(self->slots);
    free(self->hashes);
    self->slots = ns;
    self->hashes = nh;
    self->cap = ncap;
}

cc_str cc_intern(cc_interner *self, const char *s, size_t len)
{
    if (len == 0)
        return CC_STR_NONE;
    uint64_t h = XXH3_64bits(s, len);
    pthread_mutex_lock(&self->mu);
    size_t j = h & (self->cap - 1);
    while (self->slots[j]) {
        if (self->hashes[j] == h) {
            entry *e = entry_at(self, self->slots[j]);
            if (e->len == len && memcmp(e->text, s, len) == 0) {
                uint32_t id = self->slots[j];
                pthread_mutex_unlock(&self->mu);
                return id;
            }
        }
        j = (j + 1) & (self->cap - 1);
    }
    uint32_t id = atomic_load(&self->count);
    if ((id >> PAGE_BITS) >= DIR_SIZE) {
        pthread_mutex_unlock(&self->mu);
        abort(); /* 2^28 distinct strings: far beyond any codebase */
    }
    entry *page = atomic_load(&self->dir[id >> PAGE_BITS]);
    if (!page) {
        page = cc_xcalloc(PAGE_SIZE, sizeof(entry));
        atomic_store_explicit(&self->dir[id >> PAGE_BITS], page, memory_order_release);
    }
    page[id & (PAGE_SIZE - 1)].text = cc_arena_strndup(self->texts, s, len);
    page[id & (PAGE_SIZE - 1)].len = (uint32_t)len;
    self->slots[j] = id;
    self->hashes[j] = h;
    atomic_store_explicit(&self->count, id + 1, memory_order_release);
    if ((size_t)(id + 1) * 2 > self->cap)
        grow(self);
    pthread_mutex_unlock(&self->mu);
    return id;
}

cc_str cc_intern_cstr(cc_interner *self, const char *s)
{
    return cc_intern(self, s, strlen(s));
}

const char *cc_str_text(const cc_interner *self, cc_str id)
{
    return entry_at(self, id)->text;
}

size_t cc_str_len(const cc_interner *self, cc_str id)
{
    return entry_at(self, id)->len;
}

size_t cc_interner_count(const cc_interner *self)
{
    return atomic_load(&((cc_interner *)self)->count) - 1;
}
