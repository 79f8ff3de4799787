/* Word-length histogram: every thread increments the buckets of the array inside its own
 * argument slot `&parts[i]`; main adds the per-thread histograms up after joining. No race. */
/* concur-case: known-miss a computed index into an array inside a per-thread slot (`p->lengths[n < MAXLEN ? n : MAXLEN - 1]`) is not recognised as per-copy */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define MAXLEN 16

struct part {
    const char *text;
    unsigned lengths[MAXLEN];
};

static void *measure(void *arg)
{
    struct part *p = arg;
    for (int rep = 0; rep < 200; rep++) {
        size_t n = 0;
        for (const char *s = p->text;; s++) {
            if (*s == ' ' || *s == '\0') {
                p->lengths[n < MAXLEN ? n : MAXLEN - 1]++;
                n = 0;
                if (*s == '\0')
                    break;
            } else {
                n++;
            }
        }
    }
    return NULL;
}

int main(void)
{
    struct part parts[2] = { { "it was the best of times" }, { "it was the worst of times" } };
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, measure, &parts[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    for (int l = 1; l < 8; l++)
        printf("%d:%u ", l, parts[0].lengths[l] + parts[1].lengths[l]);
    printf("\n");
    return 0;
}
