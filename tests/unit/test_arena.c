/* test_arena.c - the bump allocator (analyzer/src/arena.c, concur/arena.h). */
#include "helpers.h"

#include <signal.h>
#include <stdalign.h>
#include <sys/wait.h>
#include <unistd.h>

#include "concur/arena.h"

static bool aligned(const void *p)
{
    return ((uintptr_t)p % alignof(max_align_t)) == 0;
}

static bool all_bytes(const void *p, size_t n, unsigned char v)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i] != v)
            return false;
    return true;
}

static void test_alignment_every_size(void **state)
{
    (void)state;
    cc_arena *a = cc_arena_new();
    assert_non_null(a);
    /* Odd sizes in a row would misalign a bump pointer that does not round up. */
    for (size_t round = 0; round < 3; round++)
        for (size_t size = 0; size <= 257; size++) {
            void *p = cc_arena_alloc(a, size);
            assert_non_null(p);
            assert_true(aligned(p));
        }
    /* Copies and strings are aligned too, whatever their length. */
    for (size_t n = 1; n < 40; n++) {
        assert_true(aligned(cc_arena_strndup(a, "abcdefghijklmnopqrstuvwxyz0123456789abc", n)));
        assert_true(aligned(cc_arena_dup(a, "0123456789012345678901234567890123456789", n)));
        assert_true(aligned(cc_arena_printf(a, "%zu", n)));
    }
    cc_arena_delete(a);
}

static void test_zero_filled(void **state)
{
    (void)state;
    /* Dirty the heap first so that reused memory would show through. */
    cc_arena *dirty = cc_arena_new();
    for (int i = 0; i < 64; i++)
        memset(cc_arena_alloc(dirty, 1000), 0xA5, 1000);
    memset(cc_arena_alloc(dirty, 200000), 0xA5, 200000);
    cc_arena_delete(dirty);

    cc_arena *a = cc_arena_new();
    for (size_t size = 1; size < 3000; size += 7) {
        unsigned char *p = cc_arena_alloc(a, size);
        assert_true(all_bytes(p, size, 0));
        memset(p, 0xFF, size); /* the next block must not inherit this */
    }
    unsigned char *big = cc_arena_alloc(a, 300000);
    assert_true(all_bytes(big, 300000, 0));
    cc_arena_delete(a);
}

static void test_dup_strndup_printf(void **state)
{
    (void)state;
    cc_arena *a = cc_arena_new();
    const unsigned char bin[] = {0, 1, 2, 0xFF, 0, 0x80, 'x'};
    unsigned char *d = cc_arena_dup(a, bin, sizeof bin);
    assert_memory_equal(d, bin, sizeof bin);
    assert_ptr_not_equal(d, bin);

    /* strndup copies exactly len bytes and terminates, even mid-string. */
    const char *src = "hello world";
    char *s = cc_arena_strndup(a, src, 5);
    assert_string_equal(s, "hello");
    assert_int_equal(s[5], 0);
    char *e = cc_arena_strndup(a, src, 0);
    assert_string_equal(e, "");
    char *u = cc_arena_strndup(a, "h\xC3\xA9llo \xF0\x9F\x99\x82", 11);
    assert_string_equal(u, "h\xC3\xA9llo \xF0\x9F\x99\x82");

    char *p = cc_arena_printf(a, "%s-%d-%05.1f-%c-%x", "ab", -42, 3.5, 'z', 255u);
    assert_string_equal(p, "ab--42-003.5-z-ff");
    char *empty = cc_arena_printf(a, "%s", "");
    assert_string_equal(empty, "");

    /* A formatted string longer than any fixed buffer an implementation might use. */
    char *long_src = malloc(100001);
    memset(long_src, 'q', 100000);
    long_src[100000] = 0;
    char *lp = cc_arena_printf(a, "<%s>", long_src);
    assert_int_equal(strlen(lp), 100002);
    assert_int_equal(lp[0], '<');
    assert_int_equal(lp[100001], '>');
    assert_true(all_bytes(lp + 1, 100000, 'q'));
    free(long_src);

    /* Earlier results are untouched by later allocations. */
    assert_memory_equal(d, bin, sizeof bin);
    assert_string_equal(s, "hello");
    assert_string_equal(p, "ab--42-003.5-z-ff");
    cc_arena_delete(a);
}

static void test_block_bigger_than_chunk(void **state)
{
    (void)state;
    cc_arena *a = cc_arena_new();
    unsigned char *small1 = cc_arena_alloc(a, 100);
    memset(small1, 1, 100);
    const size_t big_n = 1u << 20; /* far above the 64 KiB chunk */
    unsigned char *big = cc_arena_alloc(a, big_n);
    assert_true(aligned(big));
    assert_true(all_bytes(big, big_n, 0));
    memset(big, 2, big_n); /* ASan: the whole block is ours */
    unsigned char *small[2000];
    for (int i = 0; i < 2000; i++) {
        small[i] = cc_arena_alloc(a, 64);
        memset(small[i], 3, 64);
    }
    unsigned char *big2 = cc_arena_alloc(a, 3 * big_n);
    memset(big2, 4, 3 * big_n);
    assert_true(all_bytes(small1, 100, 1));
    assert_true(all_bytes(big, big_n, 2));
    for (int i = 0; i < 2000; i++)
        assert_true(all_bytes(small[i], 64, 3));
    assert_true(all_bytes(big2, 3 * big_n, 4));
    cc_arena_delete(a);
}

static void test_used_grows(void **state)
{
    (void)state;
    cc_arena *a = cc_arena_new();
    assert_int_equal(cc_arena_used(a), 0);
    size_t prev = 0;
    for (size_t n = 1; n < 5000; n += 13) {
        cc_arena_alloc(a, n);
        size_t now = cc_arena_used(a);
        assert_true(now >= prev + n);
        prev = now;
    }
    cc_arena_alloc(a, 1u << 20);
    assert_true(cc_arena_used(a) >= prev + (1u << 20));
    prev = cc_arena_used(a);
    cc_arena_strndup(a, "abc", 3);
    assert_true(cc_arena_used(a) >= prev + 4);
    cc_arena_delete(a);
}

static void test_many_allocations(void **state)
{
    (void)state;
    enum { N = 100000 };
    cc_arena *a = cc_arena_new();
    unsigned char **ptrs = malloc(N * sizeof(*ptrs));
    size_t *sizes = malloc(N * sizeof(*sizes));
    uint32_t seed = 12345;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        sizes[i] = 1 + (seed >> 16) % 300;
        ptrs[i] = cc_arena_alloc(a, sizes[i]);
        assert_true(aligned(ptrs[i]));
        memset(ptrs[i], (unsigned char)i, sizes[i]);
    }
    /* No block overlaps another: every block still holds its own pattern. */
    for (int i = 0; i < N; i++)
        if (!all_bytes(ptrs[i], sizes[i], (unsigned char)i))
            fail_msg("allocation %d was overwritten", i);
    free(ptrs);
    free(sizes);
    cc_arena_delete(a);
    cc_arena_delete(NULL); /* allowed */
}

/* Runs fn in a child process and returns its wait status; the child's stderr is silenced. */
static int run_in_child(void (*fn)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        FILE *devnull = freopen("/dev/null", "w", stderr);
        (void)devnull;
        fn();
        _exit(42); /* fn returned */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

/* SIZE_MAX - 4 rounded up to the alignment overflows to a small size. */
static void huge_alloc_raw(void)
{
    cc_arena *a = cc_arena_new();
    volatile unsigned char *p = cc_arena_alloc_raw(a, SIZE_MAX - 4);
    (void)p;
}

static void huge_alloc(void)
{
    cc_arena *a = cc_arena_new();
    volatile unsigned char *p = cc_arena_alloc(a, SIZE_MAX - 4);
    (void)p;
}

static void half_address_space(void)
{
    cc_arena *a = cc_arena_new();
    volatile unsigned char *p = cc_arena_alloc(a, SIZE_MAX / 2);
    (void)p;
}

#ifdef __SANITIZE_ADDRESS__
/* ASan ends a process with its own exit code for a too-big malloc as for an overflow. */
#define assert_aborted(status) assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 42)
#else
#define assert_aborted(status) assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT)
#endif

static void test_huge_request_does_not_return(void **state)
{
    (void)state;
    /* arena.h: "Aborts the process when memory is exhausted". A request no allocator can meet
     * ends the process through the out-of-memory path; it never returns a block smaller than
     * asked for, nor crashes writing past one. */
    int status = run_in_child(half_address_space);
    assert_aborted(status);
    status = run_in_child(huge_alloc_raw);
    assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 42);
    status = run_in_child(huge_alloc);
    assert_aborted(status);
}

static void test_raw_alloc(void **state)
{
    (void)state;
    cc_arena *a = cc_arena_new();
    size_t before = cc_arena_used(a);
    for (size_t n = 1; n < 300; n += 3) {
        unsigned char *p = cc_arena_alloc_raw(a, n);
        assert_true(aligned(p));
        memset(p, 0x5A, n); /* ASan: the whole block is ours */
    }
    unsigned char *big = cc_arena_alloc_raw(a, 200000);
    assert_true(aligned(big));
    memset(big, 0x6B, 200000);
    assert_true(cc_arena_used(a) >= before + 200000);
    cc_arena_delete(a);
}

static void test_xalloc_and_vec_push(void **state)
{
    (void)state;
    int *v = NULL;
    uint32_t n = 0, cap = 0;
    for (int i = 0; i < 10000; i++)
        CC_VEC_PUSH(v, n, cap, i * 3);
    assert_int_equal(n, 10000);
    assert_true(cap >= n);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(v[i], i * 3);
    free(v);

    unsigned char *z = cc_xcalloc(1000, 3);
    assert_true(all_bytes(z, 3000, 0));
    z = cc_xrealloc(z, 6000);
    assert_true(all_bytes(z, 3000, 0));
    free(z);
    free(cc_xmalloc(0)); /* a zero-byte request still gives a freeable pointer */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment_every_size),
        cmocka_unit_test(test_zero_filled),
        cmocka_unit_test(test_dup_strndup_printf),
        cmocka_unit_test(test_block_bigger_than_chunk),
        cmocka_unit_test(test_used_grows),
        cmocka_unit_test(test_many_allocations),
        cmocka_unit_test(test_huge_request_does_not_return),
        cmocka_unit_test(test_raw_alloc),
        cmocka_unit_test(test_xalloc_and_vec_push),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
