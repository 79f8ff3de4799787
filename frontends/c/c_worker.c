/* c_worker.c - C translation units parsed in worker processes, and the C front end the driver
 * uses.
 *
 * libclang can crash (a 100,000-term expression overflows its parser's stack) or take for ever on
 * pathological input, and a crash inside the analyzer's process would end the run. So the driver's
 * per-thread C "worker" is a client of one child process that owns one CXIndex and parses many
 * units: `EXE --internal-c-worker 3` (EXE: this program), started with fork + execv (argv only,
 * never a shell), talking over a socket pair on fd 3. A child that dies (signal) or exceeds the
 * time limit is killed and the file becomes a unit with one CC000 diagnostic; the next file starts
 * a fresh child. When the executable does not answer the handshake (a program that does not
 * dispatch --internal-c-worker, e.g. a test binary), the client forks without exec instead.
 *
 * Protocol: the child writes "CCW1" once. Request: "CRQ1", path, compile-commands dir (may be
 * empty), text (each u32 length + bytes; the text's length is u64). Response: u32 status (0: a
 * unit follows), u64 length, the unit in unit_serial.h's form. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "c_frontend.h"
#include "concur/arena.h"
#include "unit_serial.h"

enum { WORKER_FD = 3, HANDSHAKE_MS = 15000 };

/* ---- I/O ----------------------------------------------------------------------------------- */

static bool send_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads exactly n bytes. deadline < 0: no limit. Returns 1 on success, 0 on EOF or error, -1 on
 * timeout. */
static int recv_all(int fd, void *buf, size_t n, int64_t deadline)
{
    char *p = buf;
    while (n) {
        if (deadline >= 0) {
            int64_t left = deadline - now_ms();
            if (left <= 0)
                return -1;
            struct pollfd pf = {.fd = fd, .events = POLLIN};
            int r = poll(&pf, 1, left > INT_MAX ? INT_MAX : (int)left);
            if (r < 0 && errno == EINTR)
                continue;
            if (r == 0)
                return -1;
            if (r < 0)
                return 0;
        }
        ssize_t got = recv(fd, p, n, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return 0;
        p += got;
        n -= (size_t)got;
    }
    return 1;
}

static bool send_blob(int fd, const void *p, uint64_t n, bool wide)
{
    if (wide)
        return send_all(fd, &n, 8) && send_all(fd, p, n);
    uint32_t l = (uint32_t)n;
    return send_all(fd, &l, 4) && send_all(fd, p, n);
}

static char *recv_str(int fd)
{
    uint32_t l;
    if (recv_all(fd, &l, 4, -1) != 1 || l > (1u << 20))
        return NULL;
    char *s = cc_xmalloc((size_t)l + 1);
    if (recv_all(fd, s, l, -1) != 1) {
        free(s);
        return NULL;
    }
    s[l] = 0;
    return s;
}

/* ---- the worker process -------------------------------------------------------------------- */

static int serve(int fd)
{
    if (!send_all(fd, "CCW1", 4))
        return 1;
    cc_c_parser *parser = NULL;
    for (;;) {
        char magic[4];
        if (recv_all(fd, magic, 4, -1) != 1)
            break;
        if (memcmp(magic, "CRQ1", 4) != 0)
            return 1;
        char *path = recv_str(fd), *cdb = path ? recv_str(fd) : NULL;
        uint64_t tlen = 0;
        char *text = NULL;
        if (cdb && recv_all(fd, &tlen, 8, -1) == 1 && tlen <= (1ull << 32)) {
            text = cc_xmalloc(tlen + 1);
            if (recv_all(fd, text, tlen, -1) != 1) {
                free(text);
                text = NULL;
            }
        }
        if (!text) {
            free(path);
            free(cdb);
            return 1;
        }
        if (!parser)
            parser = cc_c_parser_new();
        uint32_t status = parser ? 0 : 1;
        uint8_t *out = NULL;
        size_t olen = 0;
        if (parser) {
            cc_interner *in = cc_interner_new();
            cc_unit *u = cc_c_parser_parse(parser, in, path, text, tlen, cdb[0] ? cdb : NULL);
            cc_unit_serialize(u, in, &out, &olen);
            cc_unit_delete(u);
            cc_interner_delete(in);
        }
        free(path);
        free(cdb);
        free(text);
        uint64_t l = olen;
        bool ok = send_all(fd, &status, 4) && send_all(fd, &l, 8) && send_all(fd, out, olen);
        free(out);
        if (!ok)
            break;
    }
    cc_c_parser_delete(parser);
    return 0;
}

static void quiet_stdio(void)
{
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0)
        return;
    dup2(null, 0);
    dup2(null, 1);
    if (!getenv("CONCUR_C_WORKER_STDERR"))
        dup2(null, 2);
    close(null);
}

int cc_c_worker_main(int argc, char **argv)
{
    int fd = argc >= 2 ? atoi(argv[1]) : WORKER_FD;
    if (fd < 0)
        return 2;
    quiet_stdio();
    return serve(fd);
}

/* ---- the client (one per driver thread) ---------------------------------------------------- */

typedef struct client {
    pid_t pid;
    int fd;
    bool fork_only;          /* the executable did not answer: fork without exec */
    char exe[PATH_MAX];      /* "" when fork_only from the start */
    char cdb[PATH_MAX];      /* --compile-commands DIR, or "" */
    unsigned timeout_ms;
} client;

static void client_stop(client *c)
{
    if (c->pid > 0) {
        close(c->fd);
        kill(c->pid, SIGKILL);
        while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    c->pid = 0;
    c->fd = -1;
}

/* Starts the child; false when it cannot be started or does not answer the handshake. */
static bool client_spawn(client *c, bool exec_it)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return false;
    char fdarg[16];
    snprintf(fdarg, sizeof fdarg, "%d", WORKER_FD);
    char *const argv[] = {"concur", "--internal-c-worker", fdarg, NULL};
    pid_t pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return false;
    }
    if (pid == 0) {
        /* the child: its end of the socket on fd 3, without close-on-exec */
        if (dup2(sv[1], WORKER_FD) < 0)
            _exit(127);
        if (exec_it) {
            quiet_stdio();
            execv(c->exe, argv);
            _exit(127);
        }
        /* fork without exec: drop every other descriptor (other workers' sockets must see EOF
         * when their child dies) */
        for (int fd = WORKER_FD + 1; fd < 65536; fd++)
            if (fcntl(fd, F_GETFD) >= 0)
                close(fd);
        quiet_stdio();
        _exit(serve(WORKER_FD));
    }
    close(sv[1]);
    c->pid = pid;
    c->fd = sv[0];
    char hs[4];
    if (recv_all(c->fd, hs, 4, now_ms() + HANDSHAKE_MS) != 1 || memcmp(hs, "CCW1", 4) != 0) {
        client_stop(c);
        return false;
    }
    return true;
}

static bool client_ensure(client *c)
{
    if (c->pid > 0)
        return true;
    if (!c->fork_only) {
        if (client_spawn(c, true))
            return true;
        c->fork_only = true;
    }
    return client_spawn(c, false);
}

static void *client_new_opts(const cc_frontend_opts *opts)
{
    client *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->fd = -1;
    if (opts && opts->compile_commands_dir)
        snprintf(c->cdb, sizeof c->cdb, "%s", opts->compile_commands_dir);
    c->timeout_ms = opts ? opts->timeout_ms : 0;
    const char *env = getenv("CONCUR_C_TIMEOUT_MS");
    if (!c->timeout_ms && env && atoi(env) > 0)
        c->timeout_ms = (unsigned)atoi(env);
    if (opts && opts->worker_exe) {
        snprintf(c->exe, sizeof c->exe, "%s", opts->worker_exe);
    } else {
        /* Only a concur executable dispatches --internal-c-worker: anything else (a test
         * binary) would run itself again. */
        char self[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        self[n > 0 ? n : 0] = 0;
        const char *base = strrchr(self, '/');
        base = base ? base + 1 : self;
        if (!strncmp(base, "concur", 6))
            snprintf(c->exe, sizeof c->exe, "%s", "/proc/self/exe");
        else
            c->fork_only = true;
    }
    return c;
}

static void *client_new(void)
{
    return client_new_opts(NULL);
}

static void client_delete(void *w)
{
    client *c = w;
    if (!c)
        return;
    if (c->pid > 0) {
        close(c->fd); /* the child sees EOF and exits */
        int st;
        int64_t deadline = now_ms() + 2000;
        while (waitpid(c->pid, &st, WNOHANG) == 0 && now_ms() < deadline) {
            struct timespec ts = {0, 2000000};
            nanosleep(&ts, NULL);
        }
        if (waitpid(c->pid, &st, WNOHANG) == 0) {
            kill(c->pid, SIGKILL);
            waitpid(c->pid, &st, 0);
        }
    }
    free(c);
}

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGFPE: return "SIGFPE";
    case SIGKILL: return "SIGKILL";
    default: return "a signal";
    }
}

static cc_unit *problem(cc_interner *in, const char *path, const char *bytes, size_t len,
                        const char *msg)
{
    cc_builder *b = cc_builder_new(in, CC_LANG_C, path, bytes, (uint32_t)len, "utf-8");
    if (!b)
        abort();
    cc_str m = cc_intern_cstr(in, "<module>");
    cc_builder_func_begin(b, CC_FUNC_MODULE, m, m, CC_NONE, 0, 0, 0);
    cc_builder_func_end(b);
    cc_builder_diag(b, CC_SEV_WARNING, 0, 0, "%s", msg);
    return cc_builder_finish(b);
}

static cc_unit *client_parse(void *w, cc_interner *in, const char *path, const char *bytes,
                             size_t len)
{
    client *c = w;
    char msg[256];
    unsigned limit = c->timeout_ms ? c->timeout_ms
                                   : 60000u + (unsigned)((len >> 20) * 10000u);
    for (int attempt = 0; attempt < 2; attempt++) {
        if (!client_ensure(c))
            return problem(in, path, bytes, len,
                           "the C parser process could not be started; the file is not analysed");
        uint64_t tl = len;
        bool sent = send_all(c->fd, "CRQ1", 4) && send_blob(c->fd, path, strlen(path), false) &&
                    send_blob(c->fd, c->cdb, strlen(c->cdb), false) && send_all(c->fd, &tl, 8) &&
                    send_all(c->fd, bytes, len);
        if (!sent) {
            /* the child died between two files: start a fresh one once */
            client_stop(c);
            continue;
        }
        int64_t deadline = now_ms() + limit;
        uint32_t status;
        uint64_t olen;
        int r = recv_all(c->fd, &status, 4, deadline);
        if (r == 1)
            r = recv_all(c->fd, &olen, 8, deadline);
        if (r == 1 && (status != 0 || olen > (1ull << 34)))
            r = 0;
        uint8_t *buf = NULL;
        if (r == 1) {
            buf = malloc(olen ? olen : 1);
            r = buf ? recv_all(c->fd, buf, olen, deadline) : 0;
        }
        if (r == 1) {
            cc_unit *u = NULL;
            cc_status st = cc_unit_deserialize(buf, olen, in, &u);
            free(buf);
            if (st == CC_OK)
                return u;
            client_stop(c);
            return problem(in, path, bytes, len,
                           "the C parser process sent a malformed result; the file is not "
                           "analysed");
        }
        free(buf);
        if (r < 0) {
            client_stop(c);
            snprintf(msg, sizeof msg,
                     "parsing this C file took longer than %.0f s and was abandoned; the file is "
                     "not analysed",
                     limit / 1000.0);
            return problem(in, path, bytes, len, msg);
        }
        /* EOF: the child died on this file */
        int st = 0;
        close(c->fd);
        pid_t pid = c->pid;
        c->pid = 0;
        c->fd = -1;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        if (WIFSIGNALED(st))
            snprintf(msg, sizeof msg,
                     "the C parser crashed on this file (%s); the file is not analysed",
                     signal_name(WTERMSIG(st)));
        else
            snprintf(msg, sizeof msg,
                     "the C parser process exited (status %d) on this file; the file is not "
                     "analysed",
                     WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        return problem(in, path, bytes, len, msg);
    }
    return problem(in, path, bytes, len,
                   "the C parser process could not be started; the file is not analysed");
}

static bool c_claims_first_line(const char *line, size_t len)
{
    (void)line;
    (void)len;
    return false;
}

static const char *const c_extensions[] = {".c", ".h", NULL};

const cc_frontend cc_frontend_c = {
    .name = "c",
    .lang = CC_LANG_C,
    .extensions = c_extensions,
    .claims_first_line = c_claims_first_line,
    .worker_new = client_new,
    .worker_delete = client_delete,
    .worker_new_opts = client_new_opts,
    .parse = client_parse,
};
