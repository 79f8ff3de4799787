/* json_util.c - see json_util.h. */
#include "json_util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *cc_json_must(json_t *v)
{
    if (!v) {
        fprintf(stderr, "concur: out of memory while writing the report\n");
        abort();
    }
    return v;
}

void cc_json_set(json_t *obj, const char *key, json_t *v)
{
    if (json_object_set_new(obj, key, cc_json_must(v)))
        cc_json_must(NULL);
}

void cc_json_push(json_t *arr, json_t *v)
{
    if (json_array_append_new(arr, cc_json_must(v)))
        cc_json_must(NULL);
}

/* Length of the well-formed UTF-8 sequence at s, or 0. */
static size_t utf8__seq(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    if (n > avail)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

json_t *cc_json_textn(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, k;
    while (i < len && (k = utf8__seq(u + i, len - i)))
        i += k;
    if (i == len)
        return cc_json_must(json_stringn(s, len));
    char *fixed = malloc(len * 3 + 1);
    if (!fixed)
        cc_json_must(NULL);
    size_t n = 0;
    for (i = 0; i < len;) {
        k = utf8__seq(u + i, len - i);
        if (k) {
            memcpy(fixed + n, s + i, k);
            n += k, i += k;
        } else {
            memcpy(fixed + n, "\xEF\xBF\xBD", 3);
            n += 3, i++;
        }
    }
    json_t *v = cc_json_must(json_stringn(fixed, n));
    free(fixed);
    return v;
}

json_t *cc_json_text(const char *s)
{
    return s ? cc_json_textn(s, strlen(s)) : json_null();
}
