/* Golden: values and places (globals, TLS, atomics, fields, indices, address-of, deref,
 * function pointers, store kinds inside macros). */
#include <pthread.h>
#include <stdatomic.h>

struct job { int id; long *out; };
long results[8];
_Thread_local int depth;
atomic_long hits;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
#define BUMP(v) ((v) += 1)

static void *run(void *arg)
{
    struct job *j = arg;
    static int calls;
    calls++;
    depth = depth + 1;
    atomic_fetch_add(&hits, 1);
    pthread_mutex_lock(&mu);
    *j->out = j->id;
    BUMP(results[j->id]);
    pthread_mutex_unlock(&mu);
    return 0;
}

int main(void)
{
    pthread_t t[8];
    struct job jobs[8];
    void *(*entry)(void *) = run;
    for (int i = 0; i < 8; i++) {
        jobs[i].id = i;
        jobs[i].out = &results[i];
        pthread_create(&t[i], 0, entry, &jobs[i]);
    }
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], 0);
    return (int)results[0];
}
