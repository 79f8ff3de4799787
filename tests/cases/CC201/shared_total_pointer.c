/* Word count over file chunks: every thread is handed the same `long *` (the address of main's
 * grand total) and adds its chunk's count through it, so the additions race. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define NTHREADS 4

static const char *chunks[NTHREADS] = {
    "the quick brown fox", "jumps over", "the lazy dog", "and runs away again",
};

struct task {
    const char *text;
    long *count;
};

static void *count_words(void *arg)
{
    struct task *t = arg;
    for (int rep = 0; rep < 200; rep++) {
        const char *s = t->text;
        long words = 0;
        for (size_t k = 0; k < strlen(s); k++)
            words += (s[k] == ' ');
        *t->count += words + 1; // expect: CC201
    }
    return NULL;
}

int main(void)
{
    long grand_total = 0;
    pthread_t th[NTHREADS];
    struct task tasks[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        tasks[i].text = chunks[i];
        tasks[i].count = &grand_total;
        pthread_create(&th[i], NULL, count_words, &tasks[i]);
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(th[i], NULL);
    printf("%ld words\n", grand_total);
    return 0;
}
