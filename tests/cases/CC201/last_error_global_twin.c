/* An errno-style `last_error`, declared `_Thread_local` (as errno itself is): each decoder thread
 * stores and reads its own copy. No race. */
#include <pthread.h>
#include <stdio.h>

static _Thread_local int last_error;

static int decode(int byte)
{
    if (byte > 0x7f) {
        last_error = 22;
        return -1;
    }
    last_error = 0;
    return byte;
}

static void *decoder(void *arg)
{
    const unsigned char *text = arg;
    int bad = 0;
    for (int rep = 0; rep < 500; rep++)
        for (const unsigned char *p = text; *p; p++)
            if (decode(*p) < 0 && last_error == 22)
                bad++;
    printf("%d bad bytes\n", bad);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, decoder, "plain ascii");
    pthread_create(&b, NULL, decoder, "caf\xc3\xa9 cr\xc3\xa8me");
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return 0;
}
