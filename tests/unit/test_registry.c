/* test_registry.c - the rule registry (rules/registry.c, rules/rules.def, concur/rule.h): codes,
 * documentation sections, test folders, lookup and selection patterns. */
#include "helpers.h"

#include <sys/stat.h>

#include "concur/rule.h"

static void test_codes_unique_and_sorted(void **state)
{
    (void)state;
    uint32_t n = 0;
    const cc_rule *r = cc_rules(&n);
    assert_non_null(r);
    assert_true(n >= 1);
    for (uint32_t i = 0; i < n; i++) {
        /* CCnnn */
        assert_int_equal(strlen(r[i].code), 5);
        assert_memory_equal(r[i].code, "CC", 2);
        for (int k = 2; k < 5; k++)
            assert_true(r[i].code[k] >= '0' && r[i].code[k] <= '9');
        if (i > 0 && strcmp(r[i - 1].code, r[i].code) >= 0)
            fail_msg("%s is listed before %s", r[i - 1].code, r[i].code);
    }
    /* Names are unique too: they select rules as well as codes do. */
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = i + 1; j < n; j++)
            if (!strcmp(r[i].name, r[j].name))
                fail_msg("%s and %s share the name %s", r[i].code, r[j].code, r[i].name);
    assert_string_equal(r[0].code, "CC000");
    /* Calling again gives the same table. */
    uint32_t n2 = 0;
    assert_ptr_equal(cc_rules(&n2), r);
    assert_int_equal(n2, n);
}

static void test_every_rule_documented(void **state)
{
    (void)state;
    static const char *const sections[] = {"## What it does", "## Why is this bad?", "## Example",
                                           "## Use instead"};
    uint32_t n = 0;
    const cc_rule *r = cc_rules(&n);
    for (uint32_t i = 0; i < n; i++) {
        if (!r[i].name || !r[i].name[0])
            fail_msg("%s has no name", r[i].code);
        if (!r[i].summary || !r[i].summary[0])
            fail_msg("%s has no summary", r[i].code);
        if (!r[i].doc)
            fail_msg("%s has no documentation", r[i].code);
        /* Names state the pattern in kebab case. */
        for (const char *c = r[i].name; *c; c++)
            if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
                fail_msg("%s: name `%s` is not kebab-case", r[i].code, r[i].name);
        const char *prev = r[i].doc;
        for (int s = 0; s < 4; s++) {
            const char *at = strstr(r[i].doc, sections[s]);
            if (!at)
                fail_msg("%s: documentation lacks `%s`", r[i].code, sections[s]);
            if (at < prev)
                fail_msg("%s: `%s` is out of order", r[i].code, sections[s]);
            prev = at;
        }
        assert_true(r[i].severity == CC_SEV_NOTE || r[i].severity == CC_SEV_WARNING ||
                    r[i].severity == CC_SEV_ERROR);
    }
}

static void test_every_rule_has_cases(void **state)
{
    (void)state;
    uint32_t n = 0;
    const cc_rule *r = cc_rules(&n);
    for (uint32_t i = 0; i < n; i++) {
        if (!strcmp(r[i].code, "CC000"))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/tests/cases/%s", CONCUR_SOURCE_DIR, r[i].code);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            fail_msg("%s has no test folder %s", r[i].code, path);
        /* Every rule except CC000 computes something. */
        if (!r[i].run)
            fail_msg("%s has no run function", r[i].code);
    }
}

static void test_find(void **state)
{
    (void)state;
    uint32_t n = 0;
    const cc_rule *r = cc_rules(&n);
    for (uint32_t i = 0; i < n; i++) {
        assert_ptr_equal(cc_rule_find(r[i].code), &r[i]);
        assert_ptr_equal(cc_rule_find(r[i].name), &r[i]);
        char lower[8];
        snprintf(lower, sizeof lower, "%s", r[i].code);
        lower[0] = 'c';
        lower[1] = 'c';
        assert_ptr_equal(cc_rule_find(lower), &r[i]);
        lower[0] = 'C';
        assert_ptr_equal(cc_rule_find(lower), &r[i]); /* mixed case */
    }
    const cc_rule *p = cc_rule_find("CC302");
    assert_non_null(p);
    assert_string_equal(p->name, "unpicklable-task");
    assert_ptr_equal(cc_rule_find("unpicklable-task"), p);
    assert_ptr_equal(cc_rule_find("cc302"), p);
    assert_null(cc_rule_find("CC999"));
    assert_null(cc_rule_find("CC30"));
    assert_null(cc_rule_find("CC3021"));
    assert_null(cc_rule_find(""));
    assert_null(cc_rule_find("no-such-rule"));
}

static void test_matches(void **state)
{
    (void)state;
    assert_true(cc_rule_matches("CC302", "CC302"));
    assert_true(cc_rule_matches("CC3", "CC302"));
    assert_true(cc_rule_matches("CC30", "CC302"));
    assert_true(cc_rule_matches("CC", "CC000"));
    assert_true(cc_rule_matches("ALL", "CC302"));
    assert_true(cc_rule_matches("ALL", "CC000"));
    assert_false(cc_rule_matches("CC303", "CC302"));
    assert_false(cc_rule_matches("CC4", "CC302"));
    assert_false(cc_rule_matches("CC31", "CC302"));
    assert_false(cc_rule_matches("CC3021", "CC302")); /* longer than the code */
    assert_false(cc_rule_matches("C302", "CC302"));   /* not a prefix */
    assert_false(cc_rule_matches("302", "CC302"));
    assert_false(cc_rule_matches("ALLX", "CC302"));
    /* Every rule matches its own code and its family prefix. */
    uint32_t n = 0;
    const cc_rule *r = cc_rules(&n);
    for (uint32_t i = 0; i < n; i++) {
        char fam[4];
        snprintf(fam, sizeof fam, "%s", r[i].code);
        assert_true(cc_rule_matches(r[i].code, r[i].code));
        assert_true(cc_rule_matches(fam, r[i].code));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_unique_and_sorted),
        cmocka_unit_test(test_every_rule_documented),
        cmocka_unit_test(test_every_rule_has_cases),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_matches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
