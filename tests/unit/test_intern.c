/* test_intern.c - the thread-safe string table (analyzer/src/intern.c, concur/intern.h). */
#include "helpers.h"

#include <pthread.h>

#include "concur/intern.h"

static void test_equal_and_different(void **state)
{
    (void)state;
    cc_interner *in = cc_interner_new();
    assert_non_null(in);
    cc_str a = cc_intern_cstr(in, "alpha");
    cc_str b = cc_intern_cstr(in, "beta");
    cc_str a2 = cc_intern(in, "alpha", 5);
    assert_int_not_equal(a, CC_STR_NONE);
    assert_int_not_equal(b, CC_STR_NONE);
    assert_int_equal(a, a2);
    assert_int_not_equal(a, b);
    /* A slice of a longer buffer is the same string as the standalone text. */
    assert_int_equal(cc_intern(in, "alphabet", 5), a);
    assert_int_not_equal(cc_intern_cstr(in, "alphabet"), a);
    /* Prefixes, case and a differing last byte all make different strings. */
    assert_int_not_equal(cc_intern_cstr(in, "alph"), a);
    assert_int_not_equal(cc_intern_cstr(in, "Alpha"), a);
    assert_int_not_equal(cc_intern_cstr(in, "alphb"), a);
    assert_int_equal(cc_interner_count(in), 6);
    /* Interning again adds nothing. */
    cc_intern_cstr(in, "beta");
    assert_int_equal(cc_interner_count(in), 6);
    cc_interner_delete(in);
}

static void test_empty_is_none(void **state)
{
    (void)state;
    cc_interner *in = cc_interner_new();
    assert_int_equal(cc_intern(in, "", 0), CC_STR_NONE);
    assert_int_equal(cc_intern_cstr(in, ""), CC_STR_NONE);
    assert_int_equal(cc_intern(in, "xyz", 0), CC_STR_NONE);
    assert_string_equal(cc_str_text(in, CC_STR_NONE), "");
    assert_int_equal(cc_str_len(in, CC_STR_NONE), 0);
    assert_int_equal(cc_interner_count(in), 0);
    cc_interner_delete(in);
}

static void test_text_round_trip(void **state)
{
    (void)state;
    cc_interner *in = cc_interner_new();
    const char *words[] = {"x", "self", "multiprocessing.pool.Pool.map", "<module>",
                           "outer.<locals>.inner", "__main__"};
    cc_str ids[6];
    for (int i = 0; i < 6; i++)
        ids[i] = cc_intern_cstr(in, words[i]);
    for (int i = 0; i < 6; i++) {
        assert_string_equal(cc_str_text(in, ids[i]), words[i]);
        assert_int_equal(cc_str_len(in, ids[i]), strlen(words[i]));
    }
    /* The text is a copy: changing the caller's buffer changes nothing. */
    char buf[16] = "mutable";
    cc_str m = cc_intern_cstr(in, buf);
    const char *before = cc_str_text(in, m);
    buf[0] = 'X';
    assert_string_equal(cc_str_text(in, m), "mutable");
    assert_ptr_equal(cc_str_text(in, m), before);
    assert_int_equal(cc_intern_cstr(in, "mutable"), m);
    assert_int_not_equal(cc_intern_cstr(in, buf), m);
    cc_interner_delete(in);
}

static void test_embedded_bytes(void **state)
{
    (void)state;
    cc_interner *in = cc_interner_new();
    const char bin1[] = {'\x01', '\x02', '\xFF', '\xFE', '\x7F', '\x80'};
    const char bin2[] = {'\x01', '\x02', '\xFF', '\xFE', '\x7F', '\x81'};
    cc_str b1 = cc_intern(in, bin1, sizeof bin1);
    cc_str b2 = cc_intern(in, bin2, sizeof bin2);
    assert_int_not_equal(b1, b2);
    assert_int_equal(cc_str_len(in, b1), sizeof bin1);
    assert_memory_equal(cc_str_text(in, b1), bin1, sizeof bin1);
    assert_int_equal(cc_str_text(in, b1)[sizeof bin1], 0); /* NUL-terminated */
    assert_int_equal(cc_intern(in, bin1, sizeof bin1), b1);

    const char *utf8 = "caf\xC3\xA9 \xF0\x9F\x99\x82 \xE4\xB8\xAD";
    cc_str u = cc_intern_cstr(in, utf8);
    assert_string_equal(cc_str_text(in, u), utf8);
    assert_int_equal(cc_str_len(in, u), strlen(utf8));
    /* NFD "e" + combining acute is a different byte string from NFC "é". */
    assert_int_not_equal(cc_intern_cstr(in, "cafe\xCC\x81 \xF0\x9F\x99\x82 \xE4\xB8\xAD"), u);

    /* A NUL inside the given length is part of the string. */
    cc_str n1 = cc_intern(in, "a\0b", 3), n2 = cc_intern(in, "a\0c", 3);
    assert_int_not_equal(n1, n2);
    assert_int_equal(cc_str_len(in, n1), 3);
    assert_int_not_equal(n1, cc_intern_cstr(in, "a"));

    /* A string far larger than an arena chunk. */
    size_t big_n = 1u << 20;
    char *big = malloc(big_n);
    for (size_t i = 0; i < big_n; i++)
        big[i] = (char)('a' + i % 26);
    cc_str g = cc_intern(in, big, big_n);
    assert_int_equal(cc_str_len(in, g), big_n);
    assert_memory_equal(cc_str_text(in, g), big, big_n);
    big[big_n - 1] = '!';
    assert_int_not_equal(cc_intern(in, big, big_n), g);
    free(big);
    cc_interner_delete(in);
}

static void test_growth_200k(void **state)
{
    (void)state;
    enum { N = 200000 };
    cc_interner *in = cc_interner_new();
    cc_str *ids = malloc(N * sizeof(cc_str));
    char buf[32];
    for (int i = 0; i < N; i++) {
        int n = snprintf(buf, sizeof buf, "name_%d", i);
        ids[i] = cc_intern(in, buf, (size_t)n);
        assert_int_not_equal(ids[i], CC_STR_NONE);
    }
    assert_int_equal(cc_interner_count(in), N);
    /* Ids are distinct and every text survived the table's growth. */
    uint8_t *seen = calloc((size_t)N + 2, 1);
    for (int i = 0; i < N; i++) {
        assert_true(ids[i] <= (cc_str)N);
        assert_int_equal(seen[ids[i]], 0);
        seen[ids[i]] = 1;
        int n = snprintf(buf, sizeof buf, "name_%d", i);
        assert_string_equal(cc_str_text(in, ids[i]), buf);
        assert_int_equal(cc_str_len(in, ids[i]), (size_t)n);
    }
    /* Looking them up again finds the same ids, without adding any. */
    for (int i = N - 1; i >= 0; i -= 7) {
        int n = snprintf(buf, sizeof buf, "name_%d", i);
        assert_int_equal(cc_intern(in, buf, (size_t)n), ids[i]);
    }
    assert_int_equal(cc_interner_count(in), N);
    free(seen);
    free(ids);
    cc_interner_delete(in);
}

/* ---- concurrency ------------------------------------------------------------------------- */

enum {
    NTHREADS = 4,
    PER_THREAD = 20000,
    STRIDE = 5000,
    NKEYS = STRIDE * (NTHREADS - 1) + PER_THREAD,
};

typedef struct worker_arg {
    cc_interner *in;
    pthread_barrier_t *start;
    int t;
    cc_str *ids;       /* by key; CC_STR_NONE for keys this thread did not intern */
    int bad_text;      /* texts read back wrong while other threads were writing */
} worker_arg;

static int key_text(int key, char *buf, size_t cap)
{
    return snprintf(buf, cap, "k%d:%s", key, (key % 3) ? "shared" : "\xC3\xA9t\xC3\xA9");
}

static void *worker(void *p)
{
    worker_arg *w = p;
    char buf[48];
    pthread_barrier_wait(w->start);
    /* Windows [t*STRIDE, t*STRIDE + PER_THREAD) overlap their neighbours'; odd threads walk
     * backwards so the same strings are interned from both ends at once. */
    for (int j = 0; j < PER_THREAD; j++) {
        int i = (w->t % 2) ? PER_THREAD - 1 - j : j;
        int key = w->t * STRIDE + i;
        int n = key_text(key, buf, sizeof buf);
        cc_str id = cc_intern(w->in, buf, (size_t)n);
        w->ids[key] = id;
        /* Reading texts takes no lock and must be right while others insert. */
        if (strcmp(cc_str_text(w->in, id), buf) != 0)
            w->bad_text++;
    }
    return NULL;
}

static void test_threads_agree(void **state)
{
    (void)state;
    cc_interner *in = cc_interner_new();
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, NTHREADS);
    pthread_t th[NTHREADS];
    worker_arg args[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        args[t] = (worker_arg){.in = in, .start = &start, .t = t,
                               .ids = calloc(NKEYS, sizeof(cc_str))};
        assert_int_equal(pthread_create(&th[t], NULL, worker, &args[t]), 0);
    }
    for (int t = 0; t < NTHREADS; t++)
        assert_int_equal(pthread_join(th[t], NULL), 0);
    pthread_barrier_destroy(&start);

    char buf[48];
    for (int t = 0; t < NTHREADS; t++)
        assert_int_equal(args[t].bad_text, 0);
    for (int key = 0; key < NKEYS; key++) {
        cc_str id = CC_STR_NONE;
        int holders = 0;
        for (int t = 0; t < NTHREADS; t++) {
            cc_str x = args[t].ids[key];
            if (x == CC_STR_NONE)
                continue;
            holders++;
            if (id == CC_STR_NONE)
                id = x;
            else if (x != id)
                fail_msg("key %d: thread %d got id %u, another got %u", key, t, x, id);
        }
        assert_true(holders >= 1);
        key_text(key, buf, sizeof buf);
        assert_string_equal(cc_str_text(in, id), buf);
        assert_int_equal(cc_intern_cstr(in, buf), id);
    }
    /* Every distinct string got exactly one id. */
    assert_int_equal(cc_interner_count(in), NKEYS);
    for (int t = 0; t < NTHREADS; t++)
        free(args[t].ids);
    cc_interner_delete(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_and_different),
        cmocka_unit_test(test_empty_is_none),
        cmocka_unit_test(test_text_round_trip),
        cmocka_unit_test(test_embedded_bytes),
        cmocka_unit_test(test_growth_200k),
        cmocka_unit_test(test_threads_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
