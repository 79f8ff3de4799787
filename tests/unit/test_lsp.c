/* test_lsp.c - the language server's document text (analyzer/src/lsp_text.c): the line index
 * kept up to date through edits, LSP positions in UTF-16 and UTF-8; and the Python front end's
 * open-document API, whose incremental re-parse must give the unit a fresh parse gives. The
 * protocol itself is tested on the real binary (tests/lsp). */
#include "helpers.h"

#include "concur/lsp.h"

/* The line starts of t computed from scratch: after "\n", and after "\r" not followed by "\n". */
static uint32_t naive_lines(const char *t, uint32_t len, uint32_t *out, uint32_t max)
{
    uint32_t n = 0;
    out[n++] = 0;
    for (uint32_t q = 1; q <= len && n < max; q++) {
        char c = t[q - 1];
        if (c == '\n' || (c == '\r' && (q == len || t[q] != '\n')))
            out[n++] = q;
    }
    return n;
}

static void check_lines(const cc_lsp_text *t)
{
    static uint32_t want[1 << 16];
    uint32_t n = naive_lines(t->text, t->len, want, 1 << 16);
    assert_int_equal(t->nlines, n);
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(t->lines[i], want[i]);
    assert_int_equal(t->text[t->len], 0);
}

static void test_line_index_through_random_edits(void **state)
{
    (void)state;
    cc_lsp_text t;
    cc_lsp_text_init(&t);
    assert_int_equal(cc_lsp_text_set(&t, "a\r\nb\rc\n", 7), CC_OK);
    check_lines(&t);
    /* Pieces that make and break "\r\n" pairs at the edges of edits. */
    static const char *const pieces[] = {"", "\r", "\n", "\r\n", "x", "yz\r", "\nq", "é😀\n"};
    unsigned seed = 12345;
    for (int i = 0; i < 5000; i++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t a = t.len ? (seed >> 8) % (t.len + 1) : 0;
        seed = seed * 1103515245u + 12345u;
        uint32_t z = a + (t.len - a ? (seed >> 8) % (t.len - a + 1) % 4 : 0);
        const char *p = pieces[(seed >> 4) % 8];
        assert_int_equal(cc_lsp_text_replace(&t, a, z, p, strlen(p)), CC_OK);
        check_lines(&t);
        if (t.len > 2000)
            assert_int_equal(cc_lsp_text_replace(&t, 0, t.len / 2, "", 0), CC_OK);
    }
    cc_lsp_text_free(&t);
}

static void test_positions_utf16_and_utf8(void **state)
{
    (void)state;
    cc_lsp_text t;
    cc_lsp_text_init(&t);
    /* line 1: a (1 byte) é (2 bytes, 1 unit) 😀 (4 bytes, 2 units) b */
    const char *s = "first\r\na\xc3\xa9\xf0\x9f\x98\x80"
                    "b\nlast";
    assert_int_equal(cc_lsp_text_set(&t, s, strlen(s)), CC_OK);
    uint32_t b = 7 + 1 + 2 + 4; /* offset of `b` */
    assert_int_equal(cc_lsp_text_offset(&t, 1, 4, CC_LSP_UTF16), b);
    assert_int_equal(cc_lsp_text_offset(&t, 1, 7, CC_LSP_UTF8), b);
    uint32_t l, c;
    cc_lsp_text_position(&t, b, CC_LSP_UTF16, &l, &c);
    assert_int_equal(l, 1);
    assert_int_equal(c, 4);
    cc_lsp_text_position(&t, b, CC_LSP_UTF8, &l, &c);
    assert_int_equal(c, 7);
    /* Half of a surrogate pair, a byte inside a UTF-8 sequence: the character's start. */
    assert_int_equal(cc_lsp_text_offset(&t, 1, 3, CC_LSP_UTF16), 7 + 3);
    assert_int_equal(cc_lsp_text_offset(&t, 1, 5, CC_LSP_UTF8), 7 + 3);
    /* Past the end of a line: its end, before "\n"; past the last line: the end. */
    assert_int_equal(cc_lsp_text_offset(&t, 1, 99, CC_LSP_UTF16), b + 1);
    assert_int_equal(cc_lsp_text_offset(&t, 0, 99, CC_LSP_UTF16), 5);
    assert_int_equal(cc_lsp_text_offset(&t, 9, 0, CC_LSP_UTF16), t.len);
    /* An offset inside "\r\n" is the end of its line. */
    cc_lsp_text_position(&t, 6, CC_LSP_UTF16, &l, &c);
    assert_int_equal(l, 0);
    assert_int_equal(c, 5);
    assert_int_equal(cc_lsp_units("\xf0\x9f\x98\x80", 4, CC_LSP_UTF16), 2);
    assert_int_equal(cc_lsp_units("\xff\xfe", 2, CC_LSP_UTF16), 2); /* ill-formed: one each */
    cc_lsp_text_free(&t);
}

static void test_text_limit(void **state)
{
    (void)state;
    cc_lsp_text t;
    cc_lsp_text_init(&t);
    assert_int_equal(cc_lsp_text_set(&t, "abc", 3), CC_OK);
    assert_int_equal(cc_lsp_text_replace(&t, 0, 0, "x", (size_t)CC_LSP_MAX_TEXT), CC_ERR_USAGE);
    assert_int_equal(t.len, 3);
    assert_string_equal(t.text, "abc");
    cc_lsp_text_free(&t);
}

/* The IR of a unit as text, for comparing two parses. */
static char *dump(const cc_unit *u, const cc_interner *in)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cc_unit_dump(u, in, NULL, f);
    fclose(f);
    return buf;
}

static const char BASE[] =
    "import threading\n"
    "\n"
    "counter = 0\n"
    "lock = threading.Lock()\n"
    "\n"
    "\n"
    "def work(n):\n"
    "    global counter\n"
    "    for _ in range(n):\n"
    "        with lock:\n"
    "            counter += 1\n"
    "\n"
    "\n"
    "if __name__ == \"__main__\":\n"
    "    ts = [threading.Thread(target=work, args=(10,)) for _ in range(4)]\n";

static void test_incremental_parse_matches_fresh_parse(void **state)
{
    (void)state;
    const cc_frontend *fe = &cc_frontend_python;
    cc_interner *in = cc_interner_new();
    void *doc = fe->doc_new();
    assert_non_null(doc);
    cc_lsp_text t;
    cc_lsp_text_init(&t);
    assert_int_equal(cc_lsp_text_set(&t, BASE, strlen(BASE)), CC_OK);
    cc_unit *u = fe->doc_parse(doc, in, "t.py", t.text, t.len);
    cc_unit_delete(u);
    static const char *const pieces[] = {"",   "x", " ",      "\n",        "(",
                                         ")",  ":", "\n    ", "+= 1",      "def g():\n    pass\n",
                                         "é😀", "#", "\"",     "with lock:"};
    unsigned seed = 99;
    for (int i = 0; i < 400; i++) {
        /* one to three edits, then a parse */
        int nedits = 1 + (int)(i % 3);
        for (int k = 0; k < nedits; k++) {
            seed = seed * 1103515245u + 12345u;
            uint32_t a = (seed >> 8) % (t.len + 1);
            seed = seed * 1103515245u + 12345u;
            uint32_t z = a + ((seed >> 8) % 6 < 3 ? 0 : (seed >> 8) % (t.len - a + 1) % 8);
            const char *p = pieces[(seed >> 3) % (sizeof pieces / sizeof *pieces)];
            cc_doc_edit e = {.start = a, .old_end = z};
            e.start_row = cc_lsp_text_line_of(&t, a);
            e.start_col = a - t.lines[e.start_row];
            e.old_end_row = cc_lsp_text_line_of(&t, z);
            e.old_end_col = z - t.lines[e.old_end_row];
            assert_int_equal(cc_lsp_text_replace(&t, a, z, p, strlen(p)), CC_OK);
            e.new_end = a + (uint32_t)strlen(p);
            e.new_end_row = cc_lsp_text_line_of(&t, e.new_end);
            e.new_end_col = e.new_end - t.lines[e.new_end_row];
            fe->doc_edit(doc, &e);
        }
        cc_unit *inc = fe->doc_parse(doc, in, "t.py", t.text, t.len);
        void *fdoc = fe->doc_new();
        cc_unit *fresh = fe->doc_parse(fdoc, in, "t.py", t.text, t.len);
        fe->doc_delete(fdoc);
        char *a = dump(inc, in), *b = dump(fresh, in);
        if (strcmp(a, b) != 0)
            fail_msg(
                "incremental and fresh parses differ after edit %d on:\n%s\n--- incremental:\n%s\n"
                "--- fresh:\n%s",
                i, t.text, a, b);
        free(a);
        free(b);
        /* Statements: the top-level ones cover the statements around any offset. */
        cc_doc_stmt top[256], chain[64];
        uint32_t ntop = fe->doc_toplevel(doc, top, 256);
        uint32_t nch = fe->doc_statements_at(doc, t.len / 2, chain, 64);
        if (nch && ntop) {
            bool found = false;
            for (uint32_t k = 0; k < ntop && k < 256; k++)
                found |= top[k].start == chain[nch - 1].start && top[k].end == chain[nch - 1].end;
            assert_true(found);
        }
        cc_unit_delete(inc);
        cc_unit_delete(fresh);
        if (t.len > 4000) {
            /* start over: one edit replacing everything */
            cc_doc_edit e = {.start = 0, .old_end = t.len};
            e.old_end_row = t.nlines - 1;
            e.old_end_col = t.len - t.lines[t.nlines - 1];
            assert_int_equal(cc_lsp_text_set(&t, BASE, strlen(BASE)), CC_OK);
            e.new_end = t.len;
            e.new_end_row = t.nlines - 1;
            e.new_end_col = t.len - t.lines[t.nlines - 1];
            fe->doc_edit(doc, &e);
        }
    }
    fe->doc_delete(doc);
    cc_lsp_text_free(&t);
    cc_interner_delete(in);
}

static void test_statements_and_main_guard(void **state)
{
    (void)state;
    const cc_frontend *fe = &cc_frontend_python;
    cc_interner *in = cc_interner_new();
    void *doc = fe->doc_new();
    cc_unit *u = fe->doc_parse(doc, in, "t.py", BASE, strlen(BASE));
    cc_unit_delete(u);
    cc_doc_stmt top[16];
    uint32_t n = fe->doc_toplevel(doc, top, 16);
    assert_int_equal(n, 5);
    assert_int_equal(top[0].kind, CC_DOC_STMT_IMPORT);
    assert_int_equal(top[1].kind, CC_DOC_STMT_SIMPLE);
    assert_int_equal(top[3].kind, CC_DOC_STMT_DEF);
    assert_int_equal(top[4].kind, CC_DOC_STMT_MAIN_GUARD);
    const char *at = strstr(BASE, "counter += 1");
    cc_doc_stmt chain[8];
    uint32_t k = fe->doc_statements_at(doc, (uint32_t)(at - BASE), chain, 8);
    assert_int_equal(k, 4); /* counter += 1, with, for, def */
    assert_int_equal(chain[0].kind, CC_DOC_STMT_SIMPLE);
    assert_int_equal(chain[0].start, (uint32_t)(at - BASE));
    assert_int_equal(chain[0].end, (uint32_t)(at - BASE) + 12);
    assert_int_equal(chain[1].kind, CC_DOC_STMT_COMPOUND);
    assert_int_equal(chain[3].kind, CC_DOC_STMT_DEF);
    fe->doc_delete(doc);
    cc_interner_delete(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_index_through_random_edits),
        cmocka_unit_test(test_positions_utf16_and_utf8),
        cmocka_unit_test(test_text_limit),
        cmocka_unit_test(test_incremental_parse_matches_fresh_parse),
        cmocka_unit_test(test_statements_and_main_guard),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
