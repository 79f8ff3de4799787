/* intern.h - a process-wide, thread-safe table of interned strings.
 *
 * A cc_str is a small integer naming one distinct string; equal strings get equal ids, so names
 * compare with ==. Id 0 is the empty "no string" value. Interning takes a lock; reading the text of
 * an id never does, and the text stays valid and unmoved until the interner is deleted. */
#ifndef CONCUR_INTERN_H
#define CONCUR_INTERN_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t cc_str;
#define CC_STR_NONE ((cc_str)0)

typedef struct cc_interner cc_interner;

/* Returns a new interner, or NULL when out of memory. */
cc_interner *cc_interner_new(void);
void cc_interner_delete(cc_interner *self);

/* Returns the id of s[0..len). Safe to call from many threads at once. This function can't fail
 * (it aborts when memory is exhausted). */
cc_str cc_intern(cc_interner *self, const char *s, size_t len);
cc_str cc_intern_cstr(cc_interner *self, const char *s);

/* Returns the NUL-terminated text of id ("" for CC_STR_NONE). Lock-free. */
const char *cc_str_text(const cc_interner *self, cc_str id);
size_t cc_str_len(const cc_interner *self, cc_str id);

/* Number of distinct strings interned so far. */
size_t cc_interner_count(const cc_interner *self);

#endif
