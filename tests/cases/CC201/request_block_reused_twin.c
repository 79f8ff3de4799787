/* A server allocates one request block per handler thread inside the spawn loop: each thread
 * gets its own heap object, main fills it before creating the thread and reads it after joining.
 * No race. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NHANDLERS 4

struct request {
    int id;
    long reply;
};

static void *handle(void *arg)
{
    struct request *req = arg;
    int id = req->id;
    long v = 0;
    for (int k = 0; k < 1000; k++)
        v += (id * k) % 7;
    req->reply = v;
    return NULL;
}

int main(void)
{
    pthread_t t[NHANDLERS];
    struct request *reqs[NHANDLERS];
    for (int i = 0; i < NHANDLERS; i++) {
        struct request *req = malloc(sizeof *req);
        if (!req)
            return 1;
        req->id = i;
        reqs[i] = req;
        pthread_create(&t[i], NULL, handle, req);
    }
    for (int i = 0; i < NHANDLERS; i++)
        pthread_join(t[i], NULL);
    printf("last reply %ld\n", reqs[NHANDLERS - 1]->reply);
    for (int i = 0; i < NHANDLERS; i++)
        free(reqs[i]);
    return 0;
}
