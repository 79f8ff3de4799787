/* lsp_text.c - document text, its line index, and LSP positions; see lsp.h. */
#include <stdlib.h>
#include <string.h>

#include "concur/arena.h"
#include "concur/lsp.h"

void cc_lsp_text_init(cc_lsp_text *self)
{
    memset(self, 0, sizeof *self);
    self->cap = 16;
    self->text = cc_xcalloc(self->cap, 1);
    self->caplines = 16;
    self->lines = cc_xmalloc(self->caplines * sizeof(uint32_t));
    self->lines[0] = 0;
    self->nlines = 1;
}

void cc_lsp_text_free(cc_lsp_text *self)
{
    free(self->text);
    free(self->lines);
    memset(self, 0, sizeof *self);
}

/* Whether a line starts at q of t[0..len): the byte before is "\n", or a "\r" not followed by
 * "\n". It depends on t[q-1] and t[q] only, which is what lets an edit rescan only its bytes. */
static bool text__line_starts_at(const char *t, uint32_t len, uint32_t q)
{
    if (q == 0 || q > len)
        return q == 0;
    char c = t[q - 1];
    return c == '\n' || (c == '\r' && (q == len || t[q] != '\n'));
}

static void text__reserve(cc_lsp_text *self, uint32_t need)
{
    if (need + 1 <= self->cap)
        return;
    size_t cap = self->cap ? self->cap : 16;
    while (cap < (size_t)need + 1)
        cap *= 2;
    self->text = cc_xrealloc(self->text, cap);
    self->cap = (uint32_t)(cap > UINT32_MAX ? UINT32_MAX : cap);
}

static void text__lines_reserve(cc_lsp_text *self, uint32_t need)
{
    if (need <= self->caplines)
        return;
    uint32_t cap = self->caplines ? self->caplines : 16;
    while (cap < need)
        cap *= 2;
    self->lines = cc_xrealloc(self->lines, (size_t)cap * sizeof(uint32_t));
    self->caplines = cap;
}

cc_status cc_lsp_text_set(cc_lsp_text *self, const char *s, size_t len)
{
    if (len > CC_LSP_MAX_TEXT)
        return CC_ERR_USAGE;
    return cc_lsp_text_replace(self, 0, self->len, s, len);
}

cc_status cc_lsp_text_replace(cc_lsp_text *self, uint32_t start, uint32_t end, const char *s,
                              size_t len)
{
    if (start > end)
        start = end;
    if (end > self->len)
        end = self->len;
    if (start > end)
        start = end;
    size_t newlen = (size_t)self->len - (end - start) + len;
    if (newlen > CC_LSP_MAX_TEXT)
        return CC_ERR_USAGE;
    uint32_t new_end = start + (uint32_t)len;
    /* The text. */
    text__reserve(self, (uint32_t)newlen);
    memmove(self->text + new_end, self->text + end, self->len - end);
    if (len)
        memcpy(self->text + start, s, len);
    self->len = (uint32_t)newlen;
    self->text[self->len] = 0;
    /* The line index: starts in [start, end] of the old text go, starts in [start, new_end] of
     * the new text come, later starts shift by the length difference. */
    int64_t delta = (int64_t)new_end - (int64_t)end;
    uint32_t lo = 1, hi = self->nlines;
    /* first index >= 1 whose start >= start */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (self->lines[mid] < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t i0 = lo;
    uint32_t i1 = i0;
    while (i1 < self->nlines && self->lines[i1] <= end)
        i1++;
    /* Count the new starts first, to move the tail once. */
    uint32_t qfrom = start ? start : 1, nnew = 0;
    for (uint32_t q = qfrom; q <= new_end; q++)
        if (text__line_starts_at(self->text, self->len, q))
            nnew++;
    uint32_t tail = self->nlines - i1;
    uint32_t nlines = i0 + nnew + tail;
    text__lines_reserve(self, nlines);
    memmove(self->lines + i0 + nnew, self->lines + i1, (size_t)tail * sizeof(uint32_t));
    uint32_t w = i0;
    for (uint32_t q = qfrom; q <= new_end; q++)
        if (text__line_starts_at(self->text, self->len, q))
            self->lines[w++] = q;
    for (uint32_t i = i0 + nnew; i < nlines; i++)
        self->lines[i] = (uint32_t)((int64_t)self->lines[i] + delta);
    self->nlines = nlines;
    return CC_OK;
}

uint32_t cc_lsp_text_line_of(const cc_lsp_text *self, uint32_t offset)
{
    uint32_t lo = 0, hi = self->nlines;
    /* last index whose start <= offset */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (self->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

void cc_lsp_text_line_range(const cc_lsp_text *self, uint32_t line, uint32_t *start, uint32_t *end)
{
    if (line >= self->nlines) {
        *start = *end = self->len;
        return;
    }
    uint32_t s = self->lines[line];
    uint32_t e = line + 1 < self->nlines ? self->lines[line + 1] : self->len;
    if (e > s && self->text[e - 1] == '\n')
        e--;
    if (e > s && self->text[e - 1] == '\r')
        e--;
    *start = s;
    *end = e;
}

/* Length of the UTF-8 sequence starting at s[0..n), and its code point; ill-formed bytes are one
 * byte long. */
static uint32_t text__utf8_len(const unsigned char *s, uint32_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    uint32_t need, min, v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 1, min = 0x80, v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2, min = 0x800, v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3, min = 0x10000, v = c & 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (n < need + 1) {
        *cp = 0xFFFD;
        return 1;
    }
    for (uint32_t i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return need + 1;
}

uint32_t cc_lsp_units(const char *s, uint32_t len, cc_lsp_encoding enc)
{
    if (enc == CC_LSP_UTF8)
        return len;
    uint32_t n = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (uint32_t i = 0; i < len;) {
        if (u[i] < 0x80) {
            i++;
            n++;
            continue;
        }
        uint32_t cp;
        uint32_t l = text__utf8_len(u + i, len - i, &cp);
        i += l;
        n += cp >= 0x10000 ? 2 : 1;
    }
    return n;
}

uint32_t cc_lsp_text_offset(const cc_lsp_text *self, uint32_t line, uint32_t character,
                            cc_lsp_encoding enc)
{
    if (line >= self->nlines)
        return self->len;
    uint32_t s, e;
    cc_lsp_text_line_range(self, line, &s, &e);
    const unsigned char *u = (const unsigned char *)self->text;
    uint32_t count = 0, i = s;
    while (i < e && count < character) {
        uint32_t cp;
        uint32_t l = u[i] < 0x80 ? (cp = u[i], 1) : text__utf8_len(u + i, e - i, &cp);
        uint32_t w = enc == CC_LSP_UTF8 ? l : (cp >= 0x10000 ? 2 : 1);
        if (count + w > character)
            break; /* inside this character: its start */
        count += w;
        i += l;
    }
    return i;
}

void cc_lsp_text_position(const cc_lsp_text *self, uint32_t offset, cc_lsp_encoding enc,
                          uint32_t *line, uint32_t *character)
{
    if (offset > self->len)
        offset = self->len;
    uint32_t l = cc_lsp_text_line_of(self, offset);
    uint32_t s, e;
    cc_lsp_text_line_range(self, l, &s, &e);
    if (offset > e)
        offset = e; /* inside the line break: the end of the line */
    *line = l;
    *character = cc_lsp_units(self->text + s, offset - s, enc);
}
