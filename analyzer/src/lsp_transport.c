/* lsp_transport.c - Content-Length framing over file descriptors, a reader thread and the queue
 * of messages it fills; see lsp_internal.h.
 *
 * The reader thread owns the input: it frames each message, parses its JSON and queues it. It
 * handles `$/cancelRequest` itself, marking the request in the queue (or the one being served),
 * because the server's thread is busy while a request waits. Output is written by the server's
 * thread only. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "concur/arena.h"
#include "lsp_internal.h"

enum { HEADER_MAX = 8192, READ_CHUNK = 65536 };

struct lsp_transport {
    int in_fd, out_fd;
    FILE *log;
    pthread_t reader;
    bool reader_started;
    int wake[2]; /* a pipe: writing to it stops the reader */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    lsp_msg *head, *tail;
    uint32_t nqueued, nsync;
    json_t *current; /* id of the request being served, or NULL */
    bool current_cancelled;
    bool closed; /* the reader has queued its last message */
    /* reader's buffer */
    char *buf;
    size_t blen, bpos, bcap;
};

lsp_transport *lsp_transport_new(int in_fd, int out_fd, FILE *log)
{
    lsp_transport *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->in_fd = in_fd;
    t->out_fd = out_fd;
    t->log = log;
    if (pipe(t->wake) != 0) {
        free(t);
        return NULL;
    }
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    return t;
}

static void msg_free(lsp_msg *m)
{
    if (!m)
        return;
    json_decref(m->json);
    free(m);
}

void lsp_msg_delete(lsp_msg *m)
{
    msg_free(m);
}

static bool is_sync_method(const char *m)
{
    return !strcmp(m, "textDocument/didChange") || !strcmp(m, "textDocument/didOpen") ||
           !strcmp(m, "textDocument/didClose");
}

static void transport__push(lsp_transport *t, lsp_msg *m)
{
    pthread_mutex_lock(&t->mu);
    if (m->kind == LSP_MSG_JSON) {
        const char *method = json_string_value(json_object_get(m->json, "method"));
        m->sync = method && is_sync_method(method);
    }
    if (t->tail)
        t->tail->next = m;
    else
        t->head = m;
    t->tail = m;
    t->nqueued++;
    if (m->sync)
        t->nsync++;
    if (m->kind == LSP_MSG_EOF || m->kind == LSP_MSG_FATAL)
        t->closed = true;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
}

static void transport__push_kind(lsp_transport *t, int kind, const char *why)
{
    lsp_msg *m = cc_xcalloc(1, sizeof *m);
    m->kind = kind;
    if (why)
        snprintf(m->why, sizeof m->why, "%s", why);
    transport__push(t, m);
}

/* Marks the request with this id cancelled, in the queue or being served. */
static void transport__cancel(lsp_transport *t, json_t *id)
{
    if (!id || !(json_is_integer(id) || json_is_string(id)))
        return;
    pthread_mutex_lock(&t->mu);
    for (lsp_msg *m = t->head; m; m = m->next) {
        if (m->kind != LSP_MSG_JSON || !json_object_get(m->json, "method"))
            continue;
        json_t *mid = json_object_get(m->json, "id");
        if (mid && json_equal(mid, id))
            m->cancelled = true;
    }
    if (t->current && json_equal(t->current, id))
        t->current_cancelled = true;
    pthread_mutex_unlock(&t->mu);
}

/* Reads more input into the buffer. Returns the bytes read, 0 at the end of input or when asked to
 * stop, -1 on a read error. */
static ssize_t transport__fill(lsp_transport *t)
{
    if (t->bpos > 0 && t->bpos == t->blen) {
        t->bpos = t->blen = 0;
    } else if (t->bpos > t->bcap / 2) {
        memmove(t->buf, t->buf + t->bpos, t->blen - t->bpos);
        t->blen -= t->bpos;
        t->bpos = 0;
    }
    if (t->bcap - t->blen < READ_CHUNK) {
        t->bcap = t->bcap ? t->bcap * 2 : 2 * READ_CHUNK;
        while (t->bcap - t->blen < READ_CHUNK)
            t->bcap *= 2;
        t->buf = cc_xrealloc(t->buf, t->bcap);
    }
    for (;;) {
        struct pollfd p[2] = {{t->in_fd, POLLIN, 0}, {t->wake[0], POLLIN, 0}};
        int r = poll(p, 2, -1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (p[1].revents)
            return 0;
        ssize_t n = read(t->in_fd, t->buf + t->blen, t->bcap - t->blen);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n > 0)
            t->blen += (size_t)n;
        return n;
    }
}

/* Reads one header line (without its line break) into line. Returns 1 for a line, 0 at the end
 * of input before any byte of it, -1 when it is too long, the input ends inside it or cannot be
 * read. */
static int transport__header_line(lsp_transport *t, char *line, size_t cap)
{
    for (;;) {
        char *nl = t->blen > t->bpos ? memchr(t->buf + t->bpos, '\n', t->blen - t->bpos) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - (t->buf + t->bpos));
            size_t keep = n;
            if (keep && t->buf[t->bpos + keep - 1] == '\r')
                keep--;
            if (keep >= cap)
                return -1;
            memcpy(line, t->buf + t->bpos, keep);
            line[keep] = 0;
            t->bpos += n + 1;
            return 1;
        }
        if (t->blen - t->bpos >= cap)
            return -1;
        bool partial = t->blen > t->bpos;
        ssize_t r = transport__fill(t);
        if (r == 0)
            return partial ? -1 : 0;
        if (r < 0)
            return -1;
    }
}

static void *transport__reader(void *arg)
{
    lsp_transport *t = arg;
    char line[HEADER_MAX];
    for (;;) {
        long long length = -1;
        int nheaders = 0;
        for (;;) {
            int r = transport__header_line(t, line, sizeof line);
            if (r == 0 && nheaders == 0) {
                transport__push_kind(t, LSP_MSG_EOF, NULL);
                return NULL;
            }
            if (r <= 0) {
                transport__push_kind(t, LSP_MSG_FATAL,
                                     r == 0 ? "the input ended inside a message's headers"
                                            : "a header line is too long, the input ended "
                                              "inside it, or it cannot be read");
                return NULL;
            }
            if (!line[0]) {
                if (nheaders == 0)
                    continue; /* stray blank line between messages: tolerated */
                break;
            }
            nheaders++;
            char *colon = strchr(line, ':');
            if (!colon) {
                char why[256];
                snprintf(why, sizeof why, "malformed header `%.80s`", line);
                transport__push_kind(t, LSP_MSG_FATAL, why);
                return NULL;
            }
            *colon = 0;
            const char *v = colon + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            if (!strcasecmp(line, "Content-Length")) {
                char *end;
                errno = 0;
                long long n = *v >= '0' && *v <= '9' ? strtoll(v, &end, 10) : -1;
                if (n >= 0) {
                    while (*end == ' ' || *end == '\t')
                        end++;
                }
                if (n < 0 || errno || *end || n > (long long)LSP_MAX_MESSAGE) {
                    char why[256];
                    snprintf(why, sizeof why, "bad Content-Length `%.40s`%s", v,
                             n > (long long)LSP_MAX_MESSAGE ? " (larger than the limit)" : "");
                    transport__push_kind(t, LSP_MSG_FATAL, why);
                    return NULL;
                }
                length = n;
            }
            /* Content-Type and unknown headers are ignored. */
        }
        if (length < 0) {
            transport__push_kind(t, LSP_MSG_FATAL, "a message has no Content-Length header");
            return NULL;
        }
        while (t->blen - t->bpos < (size_t)length) {
            /* make room for the whole body */
            if (t->bpos) {
                memmove(t->buf, t->buf + t->bpos, t->blen - t->bpos);
                t->blen -= t->bpos;
                t->bpos = 0;
            }
            if (t->bcap < (size_t)length + READ_CHUNK) {
                t->bcap = (size_t)length + READ_CHUNK;
                t->buf = cc_xrealloc(t->buf, t->bcap);
            }
            ssize_t r = transport__fill(t);
            if (r <= 0) {
                transport__push_kind(t, LSP_MSG_FATAL,
                                     "the input ended inside a message's content");
                return NULL;
            }
        }
        json_error_t err;
        json_t *j = json_loadb(t->buf + t->bpos, (size_t)length, JSON_ALLOW_NUL, &err);
        t->bpos += (size_t)length;
        if (!j) {
            char why[300];
            snprintf(why, sizeof why, "%s", err.text);
            transport__push_kind(t, LSP_MSG_PARSE_ERROR, why);
            continue;
        }
        if (json_is_object(j)) {
            const char *method = json_string_value(json_object_get(j, "method"));
            if (method && !strcmp(method, "$/cancelRequest") && !json_object_get(j, "id")) {
                transport__cancel(t, json_object_get(json_object_get(j, "params"), "id"));
                json_decref(j);
                continue;
            }
        }
        lsp_msg *m = cc_xcalloc(1, sizeof *m);
        m->kind = LSP_MSG_JSON;
        m->json = j;
        transport__push(t, m);
    }
}

bool lsp_transport_start(lsp_transport *t)
{
    if (pthread_create(&t->reader, NULL, transport__reader, t) != 0)
        return false;
    t->reader_started = true;
    return true;
}

lsp_msg *lsp_transport_pop(lsp_transport *t, bool wait)
{
    pthread_mutex_lock(&t->mu);
    while (wait && !t->head)
        pthread_cond_wait(&t->cv, &t->mu);
    lsp_msg *m = t->head;
    if (m) {
        t->head = m->next;
        if (!t->head)
            t->tail = NULL;
        m->next = NULL;
        t->nqueued--;
        if (m->sync)
            t->nsync--;
    }
    pthread_mutex_unlock(&t->mu);
    return m;
}

bool lsp_transport_sync_pending(lsp_transport *t)
{
    pthread_mutex_lock(&t->mu);
    bool r = t->nsync > 0;
    pthread_mutex_unlock(&t->mu);
    return r;
}

void lsp_transport_set_current(lsp_transport *t, json_t *id)
{
    pthread_mutex_lock(&t->mu);
    json_decref(t->current);
    t->current = id ? json_incref(id) : NULL;
    t->current_cancelled = false;
    pthread_mutex_unlock(&t->mu);
}

bool lsp_transport_current_cancelled(lsp_transport *t)
{
    pthread_mutex_lock(&t->mu);
    bool r = t->current_cancelled;
    pthread_mutex_unlock(&t->mu);
    return r;
}

bool lsp_transport_send(lsp_transport *t, json_t *msg)
{
    char *body = json_dumps(msg, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!body)
        return false;
    size_t n = strlen(body);
    char head[64];
    int hn = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
    bool ok = true;
    const char *parts[2] = {head, body};
    size_t lens[2] = {(size_t)hn, n};
    for (int k = 0; k < 2 && ok; k++) {
        size_t off = 0;
        while (off < lens[k]) {
            ssize_t w = write(t->out_fd, parts[k] + off, lens[k] - off);
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                ok = false;
                break;
            }
            off += (size_t)w;
        }
    }
    free(body);
    return ok;
}

void lsp_transport_delete(lsp_transport *t)
{
    if (!t)
        return;
    if (t->reader_started) {
        ssize_t w;
        do
            w = write(t->wake[1], "x", 1);
        while (w < 0 && errno == EINTR);
        pthread_join(t->reader, NULL);
    }
    close(t->wake[0]);
    close(t->wake[1]);
    for (lsp_msg *m = t->head; m;) {
        lsp_msg *next = m->next;
        msg_free(m);
        m = next;
    }
    json_decref(t->current);
    free(t->buf);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->cv);
    free(t);
}
