/* decode.c - see decode.h. Conversion from declared encodings goes through glibc's iconv. */
#include "decode.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concur/arena.h"

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        while (b->len + n + 1 > b->cap)
            b->cap = b->cap ? b->cap * 2 : 256;
        b->p = cc_xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF). */
static int utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    int n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c == 0xE0) {
        n = 3;
        lo = 0xA0;
    } else if (c >= 0xE1 && c <= 0xEC)
        n = 3;
    else if (c == 0xED) {
        n = 3;
        hi = 0x9F;
    } else if (c >= 0xEE && c <= 0xEF)
        n = 3;
    else if (c == 0xF0) {
        n = 4;
        lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3)
        n = 4;
    else if (c == 0xF4) {
        n = 4;
        hi = 0x8F;
    } else
        return 0;
    if (avail < (size_t)n)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (int i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

static void utf8_copy(const char *bytes, size_t len, py_decoded *out, buf *b)
{
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        int n;
        for (;;) {
            /* ASCII eight bytes at a time; the rest sequence by sequence. */
            while (run + 8 <= len) {
                uint64_t w;
                memcpy(&w, bytes + run, 8);
                if (w & 0x8080808080808080ULL)
                    break;
                run += 8;
            }
            if (run >= len || (n = utf8_seq((const unsigned char *)bytes + run, len - run)) <= 0)
                break;
            run += (size_t)n;
        }
        put(b, bytes + i, run - i);
        i = run;
        if (i < len) {
            if (!out->problem) {
                out->problem = 1;
                out->problem_offset = b->len;
                snprintf(out->problem_detail, sizeof out->problem_detail, "byte 0x%02X",
                         (unsigned char)bytes[i]);
            }
            put(b, REPLACEMENT, 3);
            i++;
        }
    }
}

/* Finds a PEP 263 cookie in one line: a comment matching coding[:=]\s*([-\w.]+). */
static int cookie_in_line(const char *s, size_t n, char *name, size_t cap)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f'))
        i++;
    if (i >= n || s[i] != '#')
        return 0;
    for (; i + 6 < n; i++) {
        if (memcmp(s + i, "coding", 6) != 0 || (s[i + 6] != ':' && s[i + 6] != '='))
            continue;
        size_t j = i + 7;
        while (j < n && (s[j] == ' ' || s[j] == '\t'))
            j++;
        size_t k = 0;
        while (j < n && k + 1 < cap &&
               (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '_' || s[j] == '.'))
            name[k++] = (char)tolower((unsigned char)s[j++]);
        name[k] = 0;
        return k > 0;
    }
    return 0;
}

/* Maps Python's codec names to iconv's; returns NULL for UTF-8. */
static const char *iconv_name(char *name)
{
    for (char *p = name; *p; p++)
        if (*p == '_')
            *p = '-';
    if (!strcmp(name, "utf-8") || !strcmp(name, "utf8") || !strncmp(name, "utf-8-", 6))
        return NULL;
    if (!strcmp(name, "latin-1") || !strcmp(name, "iso-latin-1") || !strcmp(name, "latin1") ||
        !strncmp(name, "iso-8859-1-", 11) || !strncmp(name, "latin-1-", 8))
        return "ISO-8859-1";
    if (!strncmp(name, "iso-8859-1", 10) && name[10] == 0)
        return "ISO-8859-1";
    return name;
}

void py_decode(const char *bytes, size_t len, py_decoded *out)
{
    memset(out, 0, sizeof(*out));
    buf b = {0};
    strcpy(out->encoding, "utf-8");
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        strcpy(out->encoding, "utf-8-sig");
        /* CPython refuses a BOM with a cookie that does not say exactly utf-8. */
        size_t start = 3;
        for (int line = 0; line < 2 && start < len; line++) {
            const char *nl = memchr(bytes + start, '\n', len - start);
            size_t end = nl ? (size_t)(nl - bytes) : len;
            char name[40];
            if (cookie_in_line(bytes + start, end - start, name, sizeof name)) {
                for (char *c = name; *c; c++)
                    if (*c == '_')
                        *c = '-';
                if (strcmp(name, "utf-8") != 0 && strncmp(name, "utf-8-", 6) != 0) {
                    out->problem = 3;
                    snprintf(out->problem_detail, sizeof out->problem_detail, "%s", name);
                }
                break;
            }
            start = end + 1;
        }
        utf8_copy(bytes + 3, len - 3, out, &b);
        goto done;
    }
    char name[40] = {0};
    int found = 0;
    size_t start = 0;
    for (int line = 0; line < 2 && start < len && !found; line++) {
        const char *nl = memchr(bytes + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - bytes) : len;
        found = cookie_in_line(bytes + start, end - start, name, sizeof name);
        /* A second line is only looked at when the first is a comment or blank. */
        if (!found && line == 0) {
            size_t i = start;
            while (i < end && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\f' ||
                               bytes[i] == '\r'))
                i++;
            if (i < end && bytes[i] != '#')
                break;
        }
        start = end + 1;
    }
    const char *conv = found ? iconv_name(name) : NULL;
    if (!conv) {
        utf8_copy(bytes, len, out, &b);
        goto done;
    }
    iconv_t cd = iconv_open("UTF-8", conv);
    if (cd == (iconv_t)-1) {
        out->problem = 2;
        snprintf(out->problem_detail, sizeof out->problem_detail, "%s", name);
        utf8_copy(bytes, len, out, &b);
        goto done;
    }
    snprintf(out->encoding, sizeof out->encoding, "%s", name);
    char *in = (char *)bytes;
    size_t inleft = len;
    char tmp[4096];
    while (inleft > 0) {
        char *o = tmp;
        size_t oleft = sizeof tmp;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        put(&b, tmp, (size_t)(o - tmp));
        if (r == (size_t)-1 && errno != E2BIG) {
            if (!out->problem) {
                out->problem = 1;
                out->problem_offset = b.len;
                snprintf(out->problem_detail, sizeof out->problem_detail,
                         "byte 0x%02X is not valid %s", (unsigned char)*in, name);
            }
            put(&b, REPLACEMENT, 3);
            in++;
            inleft--;
        }
    }
    iconv_close(cd);
done:
    if (!b.p)
        put(&b, "", 0);
    out->text = b.p;
    out->len = b.len;
}
