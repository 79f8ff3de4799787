/* toml.h - TOML 1.0 documents as a neutral, validated value tree.
 *
 * The text is parsed with tree-sitter (npm @tree-sitter-grammars/tree-sitter-toml 0.7.0); this
 * module adds what a syntax tree does not check: escapes and Unicode scalar values, 64-bit
 * integer range, float range, calendar dates, one key/value pair per line, duplicate keys, table
 * redefinition, and extending inline tables or static arrays. Nothing outside frontends/toml sees
 * a tree-sitter node: callers read the plain const structs below.
 *
 * Positions are 1-based; columns count Unicode code points. A leading UTF-8 byte order mark is
 * skipped (positions still count from the first byte of the text). No value in a tree is nested
 * more than CC_TOML_MAX_DEPTH levels deep, so callers may walk trees recursively. */
#ifndef CONCUR_TOML_H
#define CONCUR_TOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "concur/status.h"

enum {
    CC_TOML_MAX_DEPTH = 128,       /* tables, arrays and inline tables nested in each other */
    CC_TOML_MAX_BYTES = 16u << 20, /* longest text accepted */
};

typedef enum cc_toml_type {
    CC_TOML_TABLE,
    CC_TOML_ARRAY,
    CC_TOML_STRING,
    CC_TOML_INTEGER,
    CC_TOML_FLOAT,
    CC_TOML_BOOLEAN,
    CC_TOML_DATETIME,  /* kept as its text; see cc_toml_datetime_kind */
} cc_toml_type;

typedef enum cc_toml_datetime_kind {
    CC_TOML_OFFSET_DATE_TIME,  /* 1979-05-27T07:32:00Z */
    CC_TOML_LOCAL_DATE_TIME,   /* 1979-05-27T07:32:00 */
    CC_TOML_LOCAL_DATE,        /* 1979-05-27 */
    CC_TOML_LOCAL_TIME,        /* 07:32:00 */
} cc_toml_datetime_kind;

/* How a table came to exist: where its keys were written. */
typedef enum cc_toml_table_kind {
    CC_TOML_TABLE_ROOT,      /* the document */
    CC_TOML_TABLE_HEADER,    /* [a.b] */
    CC_TOML_TABLE_IMPLICIT,  /* `a` of a [a.b] header, never defined by its own header */
    CC_TOML_TABLE_DOTTED,    /* `a` of a dotted key `a.b = 1` */
    CC_TOML_TABLE_INLINE,    /* { ... } */
    CC_TOML_TABLE_ELEMENT,   /* one [[a]] element of an array of tables */
} cc_toml_table_kind;

typedef struct cc_toml_pos {
    uint32_t line, col;      /* 1-based; 0 when there is no position */
} cc_toml_pos;

typedef struct cc_toml_value cc_toml_value;

/* One key of a table. Keys are decoded (escapes of quoted keys resolved) and NUL-terminated; a
 * key may hold U+0000 itself, so key_len is its true length. */
typedef struct cc_toml_entry {
    const char *key;
    uint32_t key_len;
    cc_toml_pos pos;              /* where this key was written: in a dotted key or header, its
                                     own component */
    const cc_toml_value *value;
} cc_toml_entry;

struct cc_toml_value {
    cc_toml_type type;
    cc_toml_pos pos;              /* the value's first character; for a header table its `[`, for
                                     an implicit or dotted table the key that created it */
    union {
        struct {
            const char *data;     /* decoded UTF-8, NUL-terminated; may hold U+0000 */
            size_t len;
        } string;
        int64_t integer;
        double floating;          /* also inf and nan */
        bool boolean;
        struct {
            cc_toml_datetime_kind kind;
            const char *text;     /* as written, NUL-terminated; the date is a real date */
            size_t len;
        } datetime;
        struct {
            cc_toml_table_kind kind;
            uint32_t count;
            const cc_toml_entry *entries; /* in the order the keys were first written */
        } table;
        struct {
            bool of_tables;       /* made by [[a]] headers (its items are ELEMENT tables) */
            uint32_t count;
            const cc_toml_value *const *items;
        } array;
    };
};

typedef enum cc_toml_error_kind {
    CC_TOML_ERR_NONE,
    CC_TOML_ERR_ENCODING,         /* not UTF-8, or longer than CC_TOML_MAX_BYTES */
    CC_TOML_ERR_SYNTAX,           /* the grammar rejects the text (ERROR/MISSING nodes), two
                                     pairs or headers share a line, or three quotes in a row sit
                                     inside a multi-line string */
    CC_TOML_ERR_ESCAPE,           /* an invalid escape, a \u/\U that is not a Unicode scalar
                                     value, or a raw control character in a string */
    CC_TOML_ERR_INTEGER,          /* outside the 64-bit signed range, or a malformed number */
    CC_TOML_ERR_FLOAT,            /* outside the binary64 range */
    CC_TOML_ERR_DATETIME,         /* a date that does not exist (1979-02-30) */
    CC_TOML_ERR_DUPLICATE_KEY,    /* a key defined twice in one table (`first` is the first) */
    CC_TOML_ERR_TABLE_REDEFINED,  /* [a] twice, [a] after a dotted key defined `a`, dotted keys
                                     into a table another section defined, [a] vs [[a]] */
    CC_TOML_ERR_INLINE_EXTENDED,  /* adding to an inline table or a static array after it */
    CC_TOML_ERR_TOO_DEEP,         /* nested deeper than CC_TOML_MAX_DEPTH */
} cc_toml_error_kind;

typedef struct cc_toml_error {
    cc_toml_error_kind kind;
    cc_toml_pos pos;              /* where the problem is */
    cc_toml_pos first;            /* DUPLICATE_KEY, TABLE_REDEFINED: the earlier definition;
                                     otherwise 0:0 */
    char key[256];                /* the dotted key involved ("tool.concur.select"), quoted where
                                     TOML needs quotes, "" when none; truncated to fit */
    char message[512];            /* one line, lower-case, no position: "duplicate key `a` (first
                                     defined at line 2, column 1)" */
} cc_toml_error;

typedef struct cc_toml_document cc_toml_document;

/* Parses text[0..len) (it need not be NUL-terminated) into *out. On success returns CC_OK and
 * *out owns the whole tree; free it with cc_toml_document_delete. On failure returns
 * CC_ERR_PARSE, sets *out to NULL and describes the first problem in *err (if err is not NULL).
 * Returns CC_ERR_NOMEM only when tree-sitter cannot allocate. Thread-safe: documents share
 * nothing. */
cc_status cc_toml_document_new(const char *text, size_t len, cc_toml_document **out,
                               cc_toml_error *err);

/* Frees the document and every value, key and string read from it. NULL is allowed. */
void cc_toml_document_delete(cc_toml_document *self);

/* The document's root table. Owned by the document. This function can't fail. */
const cc_toml_value *cc_toml_document_root(const cc_toml_document *self);

/* The entry of `key` in table `self`, or NULL when self is NULL, not a table, or lacks the key.
 * Lookups take constant time on average. */
const cc_toml_entry *cc_toml_table_find(const cc_toml_value *self, const char *key);

/* The value of `key` in table `self`, or NULL (as cc_toml_table_find). */
const cc_toml_value *cc_toml_table_get(const cc_toml_value *self, const char *key);

/* "table", "array", "string", "integer", "float", "boolean" or "datetime". This function can't
 * fail. */
const char *cc_toml_type_name(cc_toml_type type);

/* Describes a value's type for messages: as cc_toml_type_name, but "array of tables",
 * "inline table", "offset date-time", "local date-time", "local date", "local time" where they
 * apply. This function can't fail. */
const char *cc_toml_value_describe(const cc_toml_value *self);

/* Writes key[0..len) to buf as one TOML key component: bare when it can be, else a basic string
 * with escapes. Truncates to cap - 1 bytes; returns the length it wanted, like snprintf. */
size_t cc_toml_key_format(const char *key, size_t len, char *buf, size_t cap);

#endif
