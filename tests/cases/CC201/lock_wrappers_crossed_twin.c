/* Two tables, each with lock/unlock wrapper functions. The session reaper takes the users lock
 * for the user count and the sessions lock for the session count, as the login thread does: the
 * wrappers leave the right lock held for each update. No race. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t users_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t sessions_mu = PTHREAD_MUTEX_INITIALIZER;
static long registered_users;
static long live_sessions;

static void users_lock(void) { pthread_mutex_lock(&users_mu); }
static void users_unlock(void) { pthread_mutex_unlock(&users_mu); }
static void sessions_lock(void) { pthread_mutex_lock(&sessions_mu); }
static void sessions_unlock(void) { pthread_mutex_unlock(&sessions_mu); }

static void *login(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++) {
        sessions_lock();
        live_sessions++;
        sessions_unlock();
    }
    return NULL;
}

static void *reaper(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++) {
        users_lock();
        registered_users += (i % 100 == 0);
        users_unlock();
        sessions_lock();
        live_sessions--;
        sessions_unlock();
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, login, NULL);
    pthread_create(&b, NULL, reaper, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%ld users, %ld sessions\n", registered_users, live_sessions);
    return 0;
}
