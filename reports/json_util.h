/* json_util.h - what the JSON and SARIF reports share on top of jansson. */
#ifndef CONCUR_JSON_UTIL_H
#define CONCUR_JSON_UTIL_H

#include <jansson.h>
#include <stddef.h>

/* Returns v; aborts with a message when it is NULL (jansson's out of memory). */
json_t *cc_json_must(json_t *v);
/* obj[key] = v and arr.append(v), taking v's reference; abort when out of memory. */
void cc_json_set(json_t *obj, const char *key, json_t *v);
void cc_json_push(json_t *arr, json_t *v);
/* A JSON string for the first len bytes of s; bytes that are not well-formed UTF-8 (as jansson
 * requires: no overlongs, surrogates or code points above U+10FFFF) become U+FFFD. */
json_t *cc_json_textn(const char *s, size_t len);
/* The same for a NUL-terminated string; NULL gives JSON null. */
json_t *cc_json_text(const char *s);

#endif
