/* A server "saves a malloc" by allocating one request block before the spawn loop and handing
 * it to every handler thread. Main rewrites `req->id` for the next thread while earlier ones
 * read it, and all handlers write `req->reply`: both fields of the one heap block race. */
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
    int id = req->id; // expect: CC201
    long v = 0;
    for (int k = 0; k < 1000; k++)
        v += (id * k) % 7;
    req->reply = v; // expect: CC201
    return NULL;
}

int main(void)
{
    pthread_t t[NHANDLERS];
    struct request *req = malloc(sizeof *req);
    if (!req)
        return 1;
    for (int i = 0; i < NHANDLERS; i++) {
        req->id = i;
        pthread_create(&t[i], NULL, handle, req);
    }
    for (int i = 0; i < NHANDLERS; i++)
        pthread_join(t[i], NULL);
    printf("last reply %ld\n", req->reply);
    free(req);
    return 0;
}
