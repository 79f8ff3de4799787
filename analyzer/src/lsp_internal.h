/* lsp_internal.h - what the files of the language server share (lsp_*.c); not a public API.
 *
 *   lsp_transport.c   framing, the reader thread and its queue, writing messages
 *   lsp_server.c      the lifecycle, dispatch, documents, settings
 *   lsp_analysis.c    the workspace's units, analysis runs, publishing diagnostics
 *   lsp_features.c    hover, code actions, inlay hints
 *   lsp_hooks.c       the hooks the advice engine will fill
 *   lsp_text.c        document text and positions (public: lsp.h) */
#ifndef CONCUR_LSP_INTERNAL_H
#define CONCUR_LSP_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "concur/config.h"
#include "concur/intern.h"
#include "concur/lsp.h"
#include "concur/program.h"
#include "frontend.h"

/* Largest message read; a larger Content-Length is a framing error (documents are limited to
 * CC_LSP_MAX_TEXT, and JSON escaping can double a text). */
#define LSP_MAX_MESSAGE ((size_t)CC_LSP_MAX_TEXT * 2 + (1u << 20))

/* JSON-RPC and LSP error codes. */
enum {
    LSP_PARSE_ERROR = -32700,
    LSP_INVALID_REQUEST = -32600,
    LSP_METHOD_NOT_FOUND = -32601,
    LSP_INVALID_PARAMS = -32602,
    LSP_INTERNAL_ERROR = -32603,
    LSP_SERVER_NOT_INITIALIZED = -32002,
    LSP_REQUEST_CANCELLED = -32800,
    LSP_CONTENT_MODIFIED = -32801,
};

/* ---- transport ----------------------------------------------------------------------------- */

enum {
    LSP_MSG_JSON,        /* a parsed message (json) */
    LSP_MSG_PARSE_ERROR, /* a framed message whose content is not JSON (why) */
    LSP_MSG_EOF,         /* the input ended between messages */
    LSP_MSG_FATAL,       /* the framing broke (why): the server must stop */
};

typedef struct lsp_msg {
    struct lsp_msg *next;
    int kind;
    json_t *json;   /* owned */
    bool cancelled; /* a request cancelled while it waited */
    bool sync;      /* didOpen, didChange or didClose */
    char why[320];
} lsp_msg;

typedef struct lsp_transport lsp_transport;

/* A transport over the descriptors; NULL when out of memory. Logs nothing itself. */
lsp_transport *lsp_transport_new(int in_fd, int out_fd, FILE *log);
/* Starts the reader thread; false when it cannot be started. */
bool lsp_transport_start(lsp_transport *t);
/* The next message, waiting for one when wait is set; NULL when none (wait unset). The caller
 * frees it with lsp_msg_delete. After LSP_MSG_EOF or LSP_MSG_FATAL no message follows. */
lsp_msg *lsp_transport_pop(lsp_transport *t, bool wait);
void lsp_msg_delete(lsp_msg *m);
/* True when a didOpen, didChange or didClose waits in the queue (results computed now would be
 * out of date before they arrive). */
bool lsp_transport_sync_pending(lsp_transport *t);
/* The request now being served (its id; NULL when none), so that a cancellation reaches it. */
void lsp_transport_set_current(lsp_transport *t, json_t *id);
bool lsp_transport_current_cancelled(lsp_transport *t);
/* Writes one framed message. Returns false when the output cannot be written. */
bool lsp_transport_send(lsp_transport *t, json_t *msg);
/* Stops the reader thread and frees everything. NULL is allowed. */
void lsp_transport_delete(lsp_transport *t);

/* ---- documents and the server -------------------------------------------------------------- */

typedef struct lsp_doc {
    char *uri;      /* as the client sent it */
    char *path;     /* a file URI's absolute path (resolved through symlinks when it
                       exists); other schemes: the URI itself */
    char *language; /* languageId */
    int64_t version;
    const cc_frontend *fe; /* the front end that reads it, or NULL: not analysed */
    cc_lsp_text text;
    void *fedoc;             /* fe's open document (incremental parsing), or NULL */
    cc_unit *unit;           /* the last translation of text, owned, or NULL */
    bool dirty;              /* text changed since unit was made */
    struct cc_program *prog; /* the program of its unit's group, or NULL */
    uint32_t unit_id;        /* its index in prog, or CC_NONE */
    char *published;         /* the diagnostics last published, as JSON text */
} lsp_doc;

typedef struct lsp_settings {
    bool has_target;
    cc_pyversion target;
    char **select, **ignore; /* NULL when not set: the configuration file decides */
    size_t nselect, nignore;
    bool has_select, has_ignore;
} lsp_settings;

/* A group of units that cannot change each other's findings (cc_program_components), analysed
 * as a program of its own: an edit re-analyses only its own group; the others keep theirs. */
typedef struct lsp_comp {
    cc_unit **units; /* borrowed, in the workspace's order */
    uint32_t n;
    cc_program *prog;    /* NULL: to be analysed (again) */
    cc_sm_calls outside; /* the other groups' set_start_method calls it was analysed with */
} lsp_comp;

/* A diagnostics list published for a file that is not open (the workspace command). */
typedef struct lsp_published {
    char *uri;
    char *json;
} lsp_published;

struct cc_lsp_server {
    cc_lsp_options opts;
    FILE *log;
    lsp_transport *tr;
    int state;     /* LSP_STATE_* */
    int exit_code; /* set when the server must stop; -1 while it runs */
    cc_lsp_encoding enc;
    /* what the client can do */
    bool cap_config_pull, cap_config_dynreg, cap_watch_dynreg, cap_related, cap_hover_md;
    int64_t next_request; /* ids of requests the server sends */
    json_t *awaiting;     /* object: id (as text) -> what the answer is for */
    /* the workspace */
    char **roots; /* absolute, resolved folders */
    size_t nroots;
    cc_interner *in;
    size_t intern_base; /* strings interned after the last rebuild of every unit */
    bool ws_loaded;
    char **disk_paths;    /* files of the workspace read from disk, sorted */
    cc_unit **disk_units; /* their units (NULL until read again when stale) */
    size_t ndisk, capdisk;
    cc_config *cfg; /* the configuration file's, or NULL */
    struct cc_kb_entry *user_kb;
    lsp_settings settings;
    void *c_worker; /* the C front end's worker (a worker process), made on first use */
    /* documents */
    lsp_doc **docs;
    size_t ndocs, capdocs;
    /* the last analysis: one program per group of linked units */
    lsp_comp *comps;
    size_t ncomps;
    bool analysed;      /* comps describe the workspace as of the last analysis */
    bool dirty;         /* documents, files or settings changed since the last analysis */
    bool publish_all;   /* publish the diagnostics of every file, not only open ones */
    lsp_published *pub; /* what was published for files that are not open */
    size_t npub, cappub;
    uint64_t naming_epoch; /* bumped when files appear or go, or the configuration changes:
                              the units' module names are worked out again */
};

enum { LSP_STATE_NEW, LSP_STATE_RUNNING, LSP_STATE_SHUTDOWN };

typedef struct cc_lsp_server lsp_server;

/* Logs a line on the server's log. */
void lsp_log(lsp_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sends a notification (takes params' reference). */
void lsp_notify(lsp_server *s, const char *method, json_t *params);
/* Sends a request to the client (takes params' reference); `purpose` is kept to route the
 * answer. */
void lsp_request(lsp_server *s, const char *method, json_t *params, const char *purpose);

/* The open document of a URI, or NULL. */
lsp_doc *lsp_doc_find(lsp_server *s, const char *uri);

/* A file URI for an absolute path (percent-encoded); malloc'd. */
char *lsp_uri_from_path(const char *path);
/* The path of a file URI (percent-decoded), or NULL for other schemes; malloc'd. */
char *lsp_path_from_uri(const char *uri);

/* ---- analysis (lsp_analysis.c) ------------------------------------------------------------- */

/* Deletes every group's program (settings changed; or before freeing units): the next analysis
 * runs them all again. This function can't fail. */
void lsp_program_drop(lsp_server *s);
/* Deletes the program of the group holding unit u (NULL: none), which borrows it: do this
 * before freeing or replacing a unit. This function can't fail. */
void lsp_unit_dropping(lsp_server *s, const cc_unit *u);
/* Brings the analysis up to date with the documents, files and settings: re-parses the dirty
 * documents, splits the units into groups (cc_program_components) and runs the rules and the
 * gate over each group whose units changed; the other groups keep their programs. Does nothing
 * when nothing changed. This function can't fail. */
void lsp_analyse(lsp_server *s);
/* Publishes the diagnostics of the open documents (and of every file after the workspace
 * command) that changed since last published. */
void lsp_publish(lsp_server *s);
/* Frees the program, the workspace's units and the documents' units (when the server stops, or
 * before a rebuild). */
void lsp_workspace_free(lsp_server *s);
/* Forgets the workspace's files (roots or configuration changed): they are read again. */
void lsp_workspace_reset(lsp_server *s);
/* A file of the workspace changed on disk (created, changed or deleted: type 1, 2, 3). */
void lsp_workspace_file_changed(lsp_server *s, const char *path, int type);
/* The JSON of one diagnostic (as published) for finding d of program prog; doc is the
 * document of its unit. */
json_t *lsp_diag_json(lsp_server *s, const cc_program *prog, const cc_diag *d, const lsp_doc *doc);
/* The LSP range of bytes [start, end) of prog's unit `unit` (of doc, when it is a document's). */
json_t *lsp_range_json(lsp_server *s, const cc_program *prog, uint32_t unit, const lsp_doc *doc,
                       uint32_t start, uint32_t end);
/* The URI of a unit of program prog. malloc'd. */
char *lsp_unit_uri(lsp_server *s, const cc_program *prog, uint32_t unit);
/* A JSON position object. */
json_t *lsp_position_json(uint32_t line, uint32_t character);
/* The base of codeDescription links: the code and ".md" follow. */
#define LSP_RULE_DOC_BASE "https://github.com/concur-dev/concur/blob/main/docs/rules/"

/* ---- features (lsp_features.c) ------------------------------------------------------------- */

json_t *lsp_hover(lsp_server *s, lsp_doc *doc, uint32_t line, uint32_t character);
json_t *lsp_code_actions(lsp_server *s, lsp_doc *doc, json_t *params);
json_t *lsp_inlay_hints(lsp_server *s, lsp_doc *doc, json_t *params);

#endif
