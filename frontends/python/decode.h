/* decode.h - turning the bytes of a Python file into UTF-8 text, as CPython reads source:
 * a UTF-8 BOM, else a PEP 263 coding cookie on line 1 or 2, else UTF-8. */
#ifndef CONCUR_PY_DECODE_H
#define CONCUR_PY_DECODE_H

#include <stddef.h>
#include <stdint.h>

typedef struct py_decoded {
    char *text;              /* UTF-8, NUL-terminated; free() it */
    size_t len;
    char encoding[48];       /* the encoding the bytes were read as ("utf-8", "koi8-r") */
    int problem;             /* 0 none, 1 invalid bytes replaced, 2 unknown encoding,
                                3 a BOM with a cookie that is not utf-8 */
    size_t problem_offset;   /* offset in text of the first replaced character */
    char problem_detail[96];
} py_decoded;

/* Decodes bytes[0..len). Invalid sequences become U+FFFD and are reported through `problem`.
 * This function can't fail (aborts when out of memory). */
void py_decode(const char *bytes, size_t len, py_decoded *out);

#endif
