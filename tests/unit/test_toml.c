/* test_toml.c - the TOML value tree (frontends/toml/toml.h): every type and escape, positions,
 * the table rules of TOML 1.0, and each error class with its line, column and key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toml/toml.h"

/* ---- helpers --------------------------------------------------------------------------------- */

static cc_toml_document *parse_n(const char *text, size_t len)
{
    cc_toml_document *d = NULL;
    cc_toml_error e;
    memset(&e, 0, sizeof e);
    cc_status st = cc_toml_document_new(text, len, &d, &e);
    if (st != CC_OK)
        fail_msg("unexpected error at %u:%u: %s\n--- input:\n%s", e.pos.line, e.pos.col,
                 e.message, text);
    assert_non_null(d);
    return d;
}

static cc_toml_document *parse(const char *text)
{
    return parse_n(text, strlen(text));
}

/* Parses text expecting an error of `kind` at line:col; returns the error. */
static cc_toml_error bad_n(const char *text, size_t len, cc_toml_error_kind kind, uint32_t line,
                           uint32_t col)
{
    cc_toml_document *d = (cc_toml_document *)1;
    cc_toml_error e;
    memset(&e, 0, sizeof e);
    cc_status st = cc_toml_document_new(text, len, &d, &e);
    if (st == CC_OK) {
        cc_toml_document_delete(d);
        fail_msg("expected an error (kind %d) at %u:%u for:\n%s", kind, line, col, text);
    }
    assert_int_equal(st, CC_ERR_PARSE);
    assert_null(d);
    if (e.kind != kind || e.pos.line != line || e.pos.col != col)
        fail_msg("expected kind %d at %u:%u, got kind %d at %u:%u: %s\n--- input:\n%s", kind, line,
                 col, e.kind, e.pos.line, e.pos.col, e.message, text);
    assert_true(e.message[0] != '\0');
    return e;
}

static cc_toml_error bad(const char *text, cc_toml_error_kind kind, uint32_t line, uint32_t col)
{
    return bad_n(text, strlen(text), kind, line, col);
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("`%s` does not contain `%s`", hay, needle);
}

/* The value at a dotted path of plain keys ("a.b.c"); fails when absent. */
static const cc_toml_value *at(const cc_toml_document *d, const char *path)
{
    const cc_toml_value *v = cc_toml_document_root(d);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k; k = strtok_r(NULL, ".", &save)) {
        const cc_toml_value *next = cc_toml_table_get(v, k);
        if (!next)
            fail_msg("no key `%s` in path `%s`", k, path);
        v = next;
    }
    return v;
}

static void assert_str(const cc_toml_value *v, const char *s, size_t len)
{
    assert_int_equal(v->type, CC_TOML_STRING);
    assert_int_equal(v->string.len, len);
    assert_memory_equal(v->string.data, s, len);
    assert_int_equal(v->string.data[len], '\0');
}

/* ---- values ---------------------------------------------------------------------------------- */

static void test_scalars(void **state)
{
    (void)state;
    cc_toml_document *d = parse("s = \"hello\"\n"
                                "i = 42\n"
                                "neg = -17\n"
                                "plus = +99\n"
                                "under = 1_000_000\n"
                                "hex = 0xDEAD_beef\n"
                                "oct = 0o755\n"
                                "bin = 0b1101\n"
                                "max = 9_223_372_036_854_775_807\n"
                                "min = -9223372036854775808\n"
                                "zero = -0\n"
                                "f1 = 3.14\n"
                                "f2 = -0.01\n"
                                "f3 = 5e+22\n"
                                "f4 = 6.626e-34\n"
                                "f5 = 9_224_617.445_991\n"
                                "f6 = 1E2\n"
                                "pinf = +inf\n"
                                "ninf = -inf\n"
                                "nan = nan\n"
                                "negz = -0.0\n"
                                "t = true\n"
                                "f = false\n"
                                "odt = 1979-05-27T07:32:00Z\n"
                                "odt2 = 1979-05-27 00:32:00.999999-07:00\n"
                                "ldt = 1979-05-27T07:32:00\n"
                                "ld = 2000-02-29\n"
                                "lt = 00:32:00.999999\n");
    assert_str(at(d, "s"), "hello", 5);
    assert_int_equal(at(d, "i")->integer, 42);
    assert_int_equal(at(d, "neg")->integer, -17);
    assert_int_equal(at(d, "plus")->integer, 99);
    assert_int_equal(at(d, "under")->integer, 1000000);
    assert_int_equal(at(d, "hex")->integer, 0xDEADBEEF);
    assert_int_equal(at(d, "oct")->integer, 0755);
    assert_int_equal(at(d, "bin")->integer, 13);
    assert_true(at(d, "max")->integer == INT64_MAX);
    assert_true(at(d, "min")->integer == INT64_MIN);
    assert_int_equal(at(d, "zero")->integer, 0);
    assert_int_equal(at(d, "f1")->type, CC_TOML_FLOAT);
    assert_true(at(d, "f1")->floating == 3.14);
    assert_true(at(d, "f2")->floating == -0.01);
    assert_true(at(d, "f3")->floating == 5e22);
    assert_true(at(d, "f4")->floating == 6.626e-34);
    assert_true(at(d, "f5")->floating == 9224617.445991);
    assert_true(at(d, "f6")->floating == 100.0);
    assert_true(isinf(at(d, "pinf")->floating) && at(d, "pinf")->floating > 0);
    assert_true(isinf(at(d, "ninf")->floating) && at(d, "ninf")->floating < 0);
    assert_true(isnan(at(d, "nan")->floating));
    assert_true(at(d, "negz")->floating == 0.0 && signbit(at(d, "negz")->floating));
    assert_int_equal(at(d, "t")->type, CC_TOML_BOOLEAN);
    assert_true(at(d, "t")->boolean);
    assert_false(at(d, "f")->boolean);
    static const struct {
        const char *key, *text;
        cc_toml_datetime_kind kind;
        const char *describe;
    } DT[] = {
        {"odt", "1979-05-27T07:32:00Z", CC_TOML_OFFSET_DATE_TIME, "offset date-time"},
        {"odt2", "1979-05-27 00:32:00.999999-07:00", CC_TOML_OFFSET_DATE_TIME, "offset date-time"},
        {"ldt", "1979-05-27T07:32:00", CC_TOML_LOCAL_DATE_TIME, "local date-time"},
        {"ld", "2000-02-29", CC_TOML_LOCAL_DATE, "local date"},
        {"lt", "00:32:00.999999", CC_TOML_LOCAL_TIME, "local time"},
    };
    for (size_t i = 0; i < sizeof DT / sizeof DT[0]; i++) {
        const cc_toml_value *v = at(d, DT[i].key);
        assert_int_equal(v->type, CC_TOML_DATETIME);
        assert_int_equal(v->datetime.kind, DT[i].kind);
        assert_string_equal(v->datetime.text, DT[i].text);
        assert_int_equal(v->datetime.len, strlen(DT[i].text));
        assert_string_equal(cc_toml_value_describe(v), DT[i].describe);
        assert_string_equal(cc_toml_type_name(v->type), "datetime");
    }
    /* Positions of keys and values, 1-based. */
    const cc_toml_entry *e = cc_toml_table_find(cc_toml_document_root(d), "neg");
    assert_non_null(e);
    assert_int_equal(e->pos.line, 3);
    assert_int_equal(e->pos.col, 1);
    assert_int_equal(e->value->pos.line, 3);
    assert_int_equal(e->value->pos.col, 7);
    assert_null(cc_toml_table_find(cc_toml_document_root(d), "nope"));
    assert_null(cc_toml_table_find(at(d, "i"), "x")); /* not a table */
    cc_toml_document_delete(d);
}

static void test_string_escapes(void **state)
{
    (void)state;
    cc_toml_document *d = parse("b = \"\\b\\t\\n\\f\\r\\\"\\\\\"\n"
                                "u = \"caf\\u00e9 \\U0001F600 \\u4E2D\"\n"
                                "nul = \"a\\u0000b\"\n"
                                "raw = \"tab\there\"\n"
                                "lit = 'C:\\Users\\n'\n"
                                "lit2 = '<\\i\\c*\\s*>'\n"
                                "utf = \"é😀\"\n"
                                "empty = \"\"\n"
                                "elit = ''\n");
    assert_str(at(d, "b"), "\b\t\n\f\r\"\\", 7);
    assert_str(at(d, "u"), "caf\xC3\xA9 \xF0\x9F\x98\x80 \xE4\xB8\xAD", 14);
    assert_str(at(d, "nul"), "a\0b", 3);
    assert_str(at(d, "raw"), "tab\there", 8);
    assert_str(at(d, "lit"), "C:\\Users\\n", 10);
    assert_str(at(d, "lit2"), "<\\i\\c*\\s*>", 10);
    assert_str(at(d, "utf"), "\xC3\xA9\xF0\x9F\x98\x80", 6);
    assert_str(at(d, "empty"), "", 0);
    assert_str(at(d, "elit"), "", 0);
    cc_toml_document_delete(d);
}

static void test_multiline_strings(void **state)
{
    (void)state;
    cc_toml_document *d = parse("a = \"\"\"\nRoses are red\nViolets are blue\"\"\"\n"
                                "b = \"\"\"\\\n    The quick \\\n\n    brown fox.\\\n    \"\"\"\n"
                                "c = \"\"\"one \\   \n  two\"\"\"\n" /* backslash, spaces, end */
                                "d = \"\"\"Here are \"two\" quotes: \"\".\"\"\"\"\n"
                                "e = '''\nfirst newline trimmed\n  kept \\n raw'''\n"
                                "f = ''''That,' she said'''''\n"
                                "g = \"\"\"tab\\tand \\u00e9\"\"\"\n"
                                "h = \"\"\"\"\"\"\n");
    assert_str(at(d, "a"), "Roses are red\nViolets are blue", 30);
    assert_str(at(d, "b"), "The quick brown fox.", 20);
    assert_str(at(d, "c"), "one two", 7);
    assert_str(at(d, "d"), "Here are \"two\" quotes: \"\".\"", 27);
    assert_str(at(d, "e"), "first newline trimmed\n  kept \\n raw", 35);
    assert_str(at(d, "f"), "'That,' she said''", 18);
    assert_str(at(d, "g"), "tab\tand \xC3\xA9", 10);
    assert_str(at(d, "h"), "", 0);
    cc_toml_document_delete(d);
}

static void test_crlf_and_bom(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF" "a = 1\r\nb = \"\"\"x\r\ny\"\"\"\r\n[t]\r\nc = 'z'\r\n";
    cc_toml_document *d = parse(text);
    assert_int_equal(at(d, "a")->integer, 1);
    assert_str(at(d, "b"), "x\ny", 3);
    assert_str(at(d, "t.c"), "z", 1);
    /* The BOM is not a column. */
    assert_int_equal(cc_toml_table_find(cc_toml_document_root(d), "a")->pos.col, 2);
    assert_int_equal(cc_toml_table_find(at(d, "t"), "c")->pos.line, 5);
    cc_toml_document_delete(d);
    /* Empty documents and comments only. */
    d = parse("");
    assert_int_equal(cc_toml_document_root(d)->table.count, 0);
    assert_int_equal(cc_toml_document_root(d)->table.kind, CC_TOML_TABLE_ROOT);
    cc_toml_document_delete(d);
    d = parse("# just a comment\n\n   # another\n");
    assert_int_equal(cc_toml_document_root(d)->table.count, 0);
    cc_toml_document_delete(d);
}

static void test_tables_arrays_keys(void **state)
{
    (void)state;
    cc_toml_document *d = parse("title = \"x\"\n"
                                "site.\"google.com\" = true\n"
                                "\"quoted key\" = 1\n"
                                "'lit.key' = 2\n"
                                "\"\\u00e9t\\u00e9\" = 3\n"
                                "3.14 = \"pi\"\n"
                                "arr = [1, [2, \"two\"], {x = 1, y.z = 2}, [], # comment\n"
                                "  3,\n"
                                "]\n"
                                "[server]  # a comment\n"
                                "ip = \"10.0.0.1\"\n"
                                "[server.alpha]\n"
                                "port = 8001\n"
                                "[ a . b . c ]\n"
                                "k = 1\n"
                                "[[products]]\n"
                                "name = \"Hammer\"\n"
                                "[products.dims]\n"
                                "w = 1\n"
                                "[[products]]\n"
                                "[[products]]\n"
                                "name = \"Nail\"\n"
                                "[products.dims]\n"
                                "w = 2\n");
    const cc_toml_value *root = cc_toml_document_root(d);
    /* Keys stay in the order they were written. */
    assert_string_equal(root->table.entries[0].key, "title");
    assert_string_equal(root->table.entries[1].key, "site");
    assert_true(cc_toml_table_get(at(d, "site"), "google.com")->boolean);
    assert_int_equal(at(d, "site")->table.kind, CC_TOML_TABLE_DOTTED);
    assert_int_equal(cc_toml_table_get(root, "quoted key")->integer, 1);
    assert_int_equal(cc_toml_table_get(root, "lit.key")->integer, 2);
    assert_int_equal(cc_toml_table_get(root, "\xC3\xA9t\xC3\xA9")->integer, 3);
    assert_str(cc_toml_table_get(cc_toml_table_get(root, "3"), "14"), "pi", 2);

    const cc_toml_value *arr = at(d, "arr");
    assert_int_equal(arr->type, CC_TOML_ARRAY);
    assert_false(arr->array.of_tables);
    assert_int_equal(arr->array.count, 5);
    assert_int_equal(arr->array.items[0]->integer, 1);
    assert_int_equal(arr->array.items[1]->array.count, 2);
    assert_str(arr->array.items[1]->array.items[1], "two", 3);
    const cc_toml_value *inl = arr->array.items[2];
    assert_int_equal(inl->type, CC_TOML_TABLE);
    assert_int_equal(inl->table.kind, CC_TOML_TABLE_INLINE);
    assert_string_equal(cc_toml_value_describe(inl), "inline table");
    assert_int_equal(cc_toml_table_get(cc_toml_table_get(inl, "y"), "z")->integer, 2);
    assert_int_equal(arr->array.items[3]->array.count, 0);
    assert_int_equal(arr->array.items[4]->integer, 3);
    assert_int_equal(arr->array.items[4]->pos.line, 8);
    assert_int_equal(arr->array.items[4]->pos.col, 3);

    assert_int_equal(at(d, "server")->table.kind, CC_TOML_TABLE_HEADER);
    assert_int_equal(at(d, "server")->pos.line, 10);
    assert_str(at(d, "server.ip"), "10.0.0.1", 8);
    assert_int_equal(at(d, "server.alpha.port")->integer, 8001);
    assert_int_equal(at(d, "a")->table.kind, CC_TOML_TABLE_IMPLICIT);
    assert_int_equal(at(d, "a.b.c.k")->integer, 1);
    /* The key `c` of [ a . b . c ] is at column 11. */
    assert_int_equal(cc_toml_table_find(at(d, "a.b"), "c")->pos.col, 11);

    const cc_toml_value *p = at(d, "products");
    assert_true(p->array.of_tables);
    assert_string_equal(cc_toml_value_describe(p), "array of tables");
    assert_int_equal(p->array.count, 3);
    assert_int_equal(p->array.items[0]->table.kind, CC_TOML_TABLE_ELEMENT);
    assert_str(cc_toml_table_get(p->array.items[0], "name"), "Hammer", 6);
    assert_int_equal(
        cc_toml_table_get(cc_toml_table_get(p->array.items[0], "dims"), "w")->integer, 1);
    assert_int_equal(p->array.items[1]->table.count, 0);
    assert_int_equal(
        cc_toml_table_get(cc_toml_table_get(p->array.items[2], "dims"), "w")->integer, 2);
    assert_int_equal(p->array.items[2]->pos.line, 21);
    cc_toml_document_delete(d);
}

/* Table arrangements TOML 1.0 allows. */
static void test_valid_table_rules(void **state)
{
    (void)state;
    static const char *const OK[] = {
        /* a sub-table under a table made by dotted keys */
        "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n"
        "[fruit.apple.texture]\nsmooth = true\n",
        /* a super-table defined after its sub-table */
        "[x.y.z.w]\n[x]\n",
        /* dotted keys extending a table in the same section */
        "a.b = 1\na.c = 2\n[t]\nx.y = 1\nx.z = 2\n",
        /* dotted keys inside an inline table */
        "p = {x.y = 1, x.z = 2}\n",
        /* arrays of tables with sub-tables in each element */
        "[[a]]\n[a.b]\nx = 1\n[[a]]\n[a.b]\nx = 2\n",
        /* a sub-table of an array of tables element, then more elements */
        "[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = \"red\"\n"
        "[[fruits.varieties]]\nname = \"red delicious\"\n[[fruits]]\nname = \"banana\"\n",
        /* an implicit table (from a header) extended by dotted keys from its parent */
        "[a.b.c]\nz = 1\n[a]\nb.d = 2\n",
        /* the same key in different tables */
        "[a]\nk = 1\n[b]\nk = 2\n",
    };
    for (size_t i = 0; i < sizeof OK / sizeof OK[0]; i++)
        cc_toml_document_delete(parse(OK[i]));
}

static void test_many_keys(void **state)
{
    (void)state;
    size_t cap = 20000 * 24, n = 0;
    char *text = malloc(cap);
    for (int i = 0; i < 20000; i++)
        n += (size_t)snprintf(text + n, cap - n, "k%d = %d\n", i, i);
    cc_toml_document *d = parse_n(text, n);
    const cc_toml_value *root = cc_toml_document_root(d);
    assert_int_equal(root->table.count, 20000);
    char k[16];
    for (int i = 0; i < 20000; i += 997) {
        snprintf(k, sizeof k, "k%d", i);
        assert_int_equal(cc_toml_table_get(root, k)->integer, i);
    }
    assert_null(cc_toml_table_get(root, "k20000"));
    cc_toml_document_delete(d);
    /* A duplicate among many keys is still found (through the hash index). */
    n += (size_t)snprintf(text + n, cap - n, "k1234 = 0\n");
    cc_toml_error e = bad_n(text, n, CC_TOML_ERR_DUPLICATE_KEY, 20001, 1);
    assert_int_equal(e.first.line, 1235);
    free(text);
}

static void test_key_format(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(cc_toml_key_format("plain-key_1", 11, buf, sizeof buf), 11);
    assert_string_equal(buf, "plain-key_1");
    cc_toml_key_format("a b", 3, buf, sizeof buf);
    assert_string_equal(buf, "\"a b\"");
    cc_toml_key_format("q\"\\\n", 4, buf, sizeof buf);
    assert_string_equal(buf, "\"q\\\"\\\\\\u000A\"");
    cc_toml_key_format("", 0, buf, sizeof buf);
    assert_string_equal(buf, "\"\"");
    /* Truncation keeps a terminator and reports the full length. */
    assert_int_equal(cc_toml_key_format("abcdef", 6, buf, 4), 6);
    assert_string_equal(buf, "abc");
}

/* ---- errors ---------------------------------------------------------------------------------- */

static void test_error_syntax(void **state)
{
    (void)state;
    cc_toml_error e = bad("a = 1 b = 2\n", CC_TOML_ERR_SYNTAX, 1, 7);
    assert_contains(e.message, "new line");
    bad("x = 0\n[t]\nc = 2 d = 3\n", CC_TOML_ERR_SYNTAX, 3, 7);
    bad("a = 1 [b]\n", CC_TOML_ERR_SYNTAX, 1, 7);
    bad("a = {x = 1,}\n", CC_TOML_ERR_SYNTAX, 1, 11);
    bad("a = [1 2]\n", CC_TOML_ERR_SYNTAX, 1, 8);
    e = bad("ok = 1\nb =\n", CC_TOML_ERR_SYNTAX, 2, 4);
    assert_contains(e.message, "missing value");
    e = bad("a = tru\n", CC_TOML_ERR_SYNTAX, 1, 5);
    assert_contains(e.message, "invalid value `tru`");
    e = bad("a = 'x\n'\n", CC_TOML_ERR_SYNTAX, 1, 5);
    assert_contains(e.message, "unterminated string");
    e = bad("a = \"x\nb = 1\n", CC_TOML_ERR_SYNTAX, 1, 5);
    assert_contains(e.message, "unterminated string");
    e = bad("a = {a = 1 b = 2}\n", CC_TOML_ERR_SYNTAX, 1, 12);
    assert_contains(e.message, "expected `,` or `}`");
    e = bad("a = '''x''''''\n", CC_TOML_ERR_SYNTAX, 1, 9);
    assert_contains(e.message, "three `'` in a row");
    bad("a = \"\"\"x\"\"\"\"\"\"\n", CC_TOML_ERR_SYNTAX, 1, 9);
    bad("= 1\n", CC_TOML_ERR_SYNTAX, 1, 1);
    /* Found by fuzzing: the root itself is an ERROR node (it has no parent). */
    e = bad("x = {a.b = 1, c = [1.5, -inf# 07:3:00]}\ny = 1979-05-27 # f\n", CC_TOML_ERR_SYNTAX,
            1, 5);
    assert_contains(e.message, "inline table not closed");
    bad("a = \"x\" \"y\"\n", CC_TOML_ERR_SYNTAX, 1, 9);
    bad("[a\nb = 1\n", CC_TOML_ERR_SYNTAX, 1, 2);
    e = bad("a = [1,2\n", CC_TOML_ERR_SYNTAX, 1, 5);
    assert_contains(e.message, "array not closed");
    e = bad("a = {x = 1\n, y = 2}\n", CC_TOML_ERR_SYNTAX, 1, 11);
    assert_contains(e.message, "end of line");
    e = bad("a = 1979-05-27x\n", CC_TOML_ERR_SYNTAX, 1, 5);
    assert_contains(e.message, "1979-05-27x");
}

static void test_error_encoding(void **state)
{
    (void)state;
    cc_toml_error e = bad("a = 1\nb = \"\xFF\"\n", CC_TOML_ERR_ENCODING, 2, 6);
    assert_contains(e.message, "0xFF");
    bad("a = \"\xC0\xAF\"\n", CC_TOML_ERR_ENCODING, 1, 6);         /* overlong */
    bad("a = \"\xED\xA0\x80\"\n", CC_TOML_ERR_ENCODING, 1, 6);     /* a surrogate */
    bad("é = \"\xF4\x90\x80\x80\"\n", CC_TOML_ERR_ENCODING, 1, 6); /* above U+10FFFF */
}

static void test_error_escape(void **state)
{
    (void)state;
    cc_toml_error e = bad("a = \"x\\qy\"\n", CC_TOML_ERR_ESCAPE, 1, 7);
    assert_contains(e.message, "`\\q`");
    e = bad("a = \"x\\u12\"\n", CC_TOML_ERR_ESCAPE, 1, 7);
    assert_contains(e.message, "4 hexadecimal digits");
    e = bad("a = \"\\U0001F60\"\n", CC_TOML_ERR_ESCAPE, 1, 6);
    assert_contains(e.message, "8 hexadecimal digits");
    e = bad("ok = 1\na = \"\\uD800\"\n", CC_TOML_ERR_ESCAPE, 2, 6);
    assert_contains(e.message, "U+D800");
    e = bad("a = \"\\U00110000\"\n", CC_TOML_ERR_ESCAPE, 1, 6);
    assert_contains(e.message, "U+110000");
    bad("\"k\\uDFFF\" = 1\n", CC_TOML_ERR_ESCAPE, 1, 3);         /* in a quoted key */
    bad("a = \"\"\"x\\e\"\"\"\n", CC_TOML_ERR_ESCAPE, 1, 9);     /* \e is TOML 1.1 */
    bad("a = \"x\\ \"\n", CC_TOML_ERR_ESCAPE, 1, 7);             /* not multi-line */
    e = bad("a = \"x\x01y\"\n", CC_TOML_ERR_ESCAPE, 1, 7);        /* raw control character */
    assert_contains(e.message, "U+0001");
    bad("a = \"\"\"x\ry\"\"\"\n", CC_TOML_ERR_ESCAPE, 1, 9);     /* a lone CR */
    bad("a = 1 # bell \x07\n", CC_TOML_ERR_ESCAPE, 1, 14);       /* in a comment */
    bad_n("a = \"x\0\"\n", 9, CC_TOML_ERR_ESCAPE, 1, 7);         /* NUL */
}

static void test_error_numbers(void **state)
{
    (void)state;
    cc_toml_error e = bad("a = 9223372036854775808\n", CC_TOML_ERR_INTEGER, 1, 5);
    assert_contains(e.message, "out of range");
    bad("a = -9223372036854775809\n", CC_TOML_ERR_INTEGER, 1, 5);
    bad("a = 99999999999999999999999999\n", CC_TOML_ERR_INTEGER, 1, 5);
    bad("a = 0x8000000000000000\n", CC_TOML_ERR_INTEGER, 1, 5);
    bad("a = 0o1777777777777777777777\n", CC_TOML_ERR_INTEGER, 1, 5);
    e = bad("x = 1\na = 012\n", CC_TOML_ERR_INTEGER, 2, 5);
    assert_contains(e.message, "`012`");
    bad("a = 1__0\n", CC_TOML_ERR_INTEGER, 1, 5);
    bad("a = 1_000_\n", CC_TOML_ERR_INTEGER, 1, 5);
    bad("a = +0x10\n", CC_TOML_ERR_INTEGER, 1, 5);
    bad("a = 1.e5\n", CC_TOML_ERR_INTEGER, 1, 5);
    e = bad("a = 1e400\n", CC_TOML_ERR_FLOAT, 1, 5);
    assert_contains(e.message, "out of range");
    e = bad("a = 1979-02-29\n", CC_TOML_ERR_DATETIME, 1, 5);
    assert_contains(e.message, "28 days");
    bad("a = 1900-02-29T00:00:00Z\n", CC_TOML_ERR_DATETIME, 1, 5);
    bad("a = 2021-04-31\n", CC_TOML_ERR_DATETIME, 1, 5);
    bad("a = 12021-04-01\n", CC_TOML_ERR_DATETIME, 1, 5);
}

static void test_error_duplicate_key(void **state)
{
    (void)state;
    cc_toml_error e = bad("a = 1\nb = 2\na = 3\n", CC_TOML_ERR_DUPLICATE_KEY, 3, 1);
    assert_string_equal(e.key, "a");
    assert_int_equal(e.first.line, 1);
    assert_int_equal(e.first.col, 1);
    assert_contains(e.message, "line 1");
    /* Bare and quoted spellings are the same key. */
    e = bad("[t]\nk = 1\n\"k\" = 2\n", CC_TOML_ERR_DUPLICATE_KEY, 3, 1);
    assert_string_equal(e.key, "t.k");
    e = bad("a.b = 1\na.b = 2\n", CC_TOML_ERR_DUPLICATE_KEY, 2, 3);
    assert_string_equal(e.key, "a.b");
    e = bad("p = {x = 1, x = 2}\n", CC_TOML_ERR_DUPLICATE_KEY, 1, 13);
    assert_string_equal(e.key, "p.x");
    /* A value where a table is wanted. */
    e = bad("a = 1\n[a.b]\n", CC_TOML_ERR_DUPLICATE_KEY, 2, 2);
    assert_contains(e.message, "integer");
    bad("a = 1\na.b = 2\n", CC_TOML_ERR_DUPLICATE_KEY, 2, 1);
    bad("[a]\nb = 1\n[a.b]\n", CC_TOML_ERR_DUPLICATE_KEY, 3, 4);
    e = bad("[tool]\n\"odd key\" = 1\n\"odd key\" = 2\n", CC_TOML_ERR_DUPLICATE_KEY, 3, 1);
    assert_string_equal(e.key, "tool.\"odd key\"");
}

static void test_error_table_redefined(void **state)
{
    (void)state;
    cc_toml_error e = bad("[a]\nx = 1\n[b]\n[a]\n", CC_TOML_ERR_TABLE_REDEFINED, 4, 1);
    assert_string_equal(e.key, "a");
    assert_int_equal(e.first.line, 1);
    assert_contains(e.message, "defined twice");
    e = bad("a.b = 1\n[a]\n", CC_TOML_ERR_TABLE_REDEFINED, 2, 1);
    assert_contains(e.message, "dotted keys");
    assert_int_equal(e.first.line, 1);
    bad("[fruit]\napple.color = \"red\"\n[fruit.apple]\n", CC_TOML_ERR_TABLE_REDEFINED, 3, 1);
    bad("[a.b.c]\nz = 1\n[a]\nb.c.t = 2\n", CC_TOML_ERR_TABLE_REDEFINED, 4, 3);
    bad("[a.b.c.d]\n[a]\nb.c.d.k = 1\n", CC_TOML_ERR_TABLE_REDEFINED, 3, 5);
    /* A dotted table belongs to the section that made it. */
    bad("[a]\nb.c = 1\n[x]\n[a.b]\n", CC_TOML_ERR_TABLE_REDEFINED, 4, 1);
    bad("[a.b.c]\n[a]\nb.d = 1\n[a.b]\n", CC_TOML_ERR_TABLE_REDEFINED, 4, 1);
    e = bad("[[a]]\n[a]\n", CC_TOML_ERR_TABLE_REDEFINED, 2, 1);
    assert_contains(e.message, "array of tables");
    bad("[a]\n[[a]]\n", CC_TOML_ERR_TABLE_REDEFINED, 2, 1);
    /* Dotted keys cannot reach into an array of tables. */
    e = bad("[[t.a]]\n[t]\na.x = 1\n", CC_TOML_ERR_TABLE_REDEFINED, 3, 1);
    assert_string_equal(e.key, "t.a");
}

static void test_error_inline_extended(void **state)
{
    (void)state;
    cc_toml_error e = bad("a = {x = 1}\na.y = 2\n", CC_TOML_ERR_INLINE_EXTENDED, 2, 1);
    assert_string_equal(e.key, "a");
    assert_int_equal(e.first.line, 1);
    assert_int_equal(e.first.col, 5);
    bad("a = {x = 1}\n[a]\n", CC_TOML_ERR_INLINE_EXTENDED, 2, 1);
    bad("a = {}\n[a.b]\n", CC_TOML_ERR_INLINE_EXTENDED, 2, 2);
    bad("a = {x = {y = 1}, x.z = 2}\n", CC_TOML_ERR_INLINE_EXTENDED, 1, 19);
    bad("a = {b = {c = 1}}\n[a.b.d]\n", CC_TOML_ERR_INLINE_EXTENDED, 2, 2);
    e = bad("a = []\n[[a]]\n", CC_TOML_ERR_INLINE_EXTENDED, 2, 1);
    assert_contains(e.message, "static array");
    bad("a = [{x = 1}]\n[a.x]\n", CC_TOML_ERR_INLINE_EXTENDED, 2, 2);
}

static void test_error_depth(void **state)
{
    (void)state;
    enum { N = 100000 };
    char *text = malloc(2 * N + 16);
    /* Within the bound: fine. */
    size_t n = (size_t)snprintf(text, 16, "a = ");
    for (int i = 0; i < CC_TOML_MAX_DEPTH; i++)
        text[n++] = '[';
    for (int i = 0; i < CC_TOML_MAX_DEPTH; i++)
        text[n++] = ']';
    text[n++] = '\n';
    cc_toml_document_delete(parse_n(text, n));
    /* 100,000 deep: an error, not a crash. */
    n = (size_t)snprintf(text, 16, "a = ");
    for (int i = 0; i < N; i++)
        text[n++] = '[';
    for (int i = 0; i < N; i++)
        text[n++] = ']';
    text[n++] = '\n';
    bad_n(text, n, CC_TOML_ERR_TOO_DEEP, 1, 5 + CC_TOML_MAX_DEPTH);
    /* Deep dotted keys and inline tables too. */
    n = 0;
    for (int i = 0; i < 5000; i++)
        text[n++] = 'k', text[n++] = '.';
    n += (size_t)snprintf(text + n, 16, "k = 1\n");
    bad_n(text, n, CC_TOML_ERR_TOO_DEEP, 1, 2 * CC_TOML_MAX_DEPTH + 1);
    n = (size_t)snprintf(text, 16, "a = ");
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(text + n, 8, "{x = ");
    text[n++] = '1';
    for (int i = 0; i < 300; i++)
        text[n++] = '}';
    text[n++] = '\n';
    bad_n(text, n, CC_TOML_ERR_TOO_DEEP, 1, 5 + 5 * CC_TOML_MAX_DEPTH);
    free(text);
}

static void test_columns_count_code_points(void **state)
{
    (void)state;
    /* "é" and "😀" are one column each. */
    bad("\"é😀\" = 1 x = 2\n", CC_TOML_ERR_SYNTAX, 1, 10);
    cc_toml_document *d = parse("\"é😀\" = 1\n");
    assert_int_equal(cc_toml_table_find(cc_toml_document_root(d), "é😀")->value->pos.col, 8);
    cc_toml_document_delete(d);
}

static void test_error_without_err_pointer(void **state)
{
    (void)state;
    cc_toml_document *d = (cc_toml_document *)1;
    assert_int_equal(cc_toml_document_new("a = \n", 5, &d, NULL), CC_ERR_PARSE);
    assert_null(d);
    cc_toml_document_delete(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_string_escapes),
        cmocka_unit_test(test_multiline_strings),
        cmocka_unit_test(test_crlf_and_bom),
        cmocka_unit_test(test_tables_arrays_keys),
        cmocka_unit_test(test_valid_table_rules),
        cmocka_unit_test(test_many_keys),
        cmocka_unit_test(test_key_format),
        cmocka_unit_test(test_error_syntax),
        cmocka_unit_test(test_error_encoding),
        cmocka_unit_test(test_error_escape),
        cmocka_unit_test(test_error_numbers),
        cmocka_unit_test(test_error_duplicate_key),
        cmocka_unit_test(test_error_table_redefined),
        cmocka_unit_test(test_error_inline_extended),
        cmocka_unit_test(test_error_depth),
        cmocka_unit_test(test_columns_count_code_points),
        cmocka_unit_test(test_error_without_err_pointer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
