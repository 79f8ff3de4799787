/* Login threads look users up with getpwnam_r into buffers of their own. */
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>

static unsigned home_len(const char *user)
{
    struct passwd pwbuf, *pw = NULL;
    char buf[1024];
    getpwnam_r(user, &pwbuf, buf, sizeof buf, &pw);
    unsigned n = 0;
    if (pw)
        for (const char *p = pw->pw_dir; *p; p++)
            n++;
    return n;
}

static void *login(void *arg)
{
    printf("%s: %u\n", (char *)arg, home_len(arg));
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, login, "root");
    pthread_create(&b, NULL, login, "daemon");
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return 0;
}
