/* frontend.h - the one interface every language front end implements.
 *
 * A front end translates the bytes of one file into a cc_unit of the common IR. It knows the
 * language's syntax and nothing about APIs or rules. Per-file problems (undecodable bytes, syntax
 * errors, nesting too deep) become CC000 diagnostics inside the unit; the rest of the file is still
 * translated. */
#ifndef CONCUR_FRONTEND_H
#define CONCUR_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>

#include "concur/intern.h"
#include "concur/ir.h"

/* Options of a run that front ends may use (C: where the compilation database is, how to start
 * worker processes). Zero-initialised means defaults. */
typedef struct cc_frontend_opts {
    const char *compile_commands_dir; /* --compile-commands DIR, or NULL: search upward */
    const char *worker_exe;           /* run as `EXE --internal-c-worker FD`; NULL: this program */
    unsigned timeout_ms;              /* per-file parse limit in a worker process; 0: default */
    bool progress;                    /* print a progress line on stderr (the driver does) */
} cc_frontend_opts;

/* One edit of an open document: bytes [start, old_end) of the old text became [start, new_end)
 * of the new one. Rows are 0-based lines and columns are byte offsets within them. */
typedef struct cc_doc_edit {
    uint32_t start, old_end, new_end;
    uint32_t start_row, start_col;
    uint32_t old_end_row, old_end_col;
    uint32_t new_end_row, new_end_col;
} cc_doc_edit;

typedef enum cc_doc_stmt_kind {
    CC_DOC_STMT_SIMPLE,      /* one logical line: an expression, assignment, return, pass ... */
    CC_DOC_STMT_COMPOUND,    /* if, for, while, try, with, match */
    CC_DOC_STMT_DEF,         /* def or class, with its decorators */
    CC_DOC_STMT_IMPORT,      /* import, from ... import, from __future__ import */
    CC_DOC_STMT_MAIN_GUARD,  /* if __name__ == "__main__": */
} cc_doc_stmt_kind;

/* A statement of an open document: its bytes and its kind. */
typedef struct cc_doc_stmt {
    uint32_t start, end;
    uint8_t kind;            /* cc_doc_stmt_kind */
} cc_doc_stmt;

typedef struct cc_frontend {
    const char *name;                 /* "python" */
    cc_lang lang;
    const char *const *extensions;    /* NULL-terminated: ".py" */
    /* True when an extension-less file with this first line is in the language (a shebang). */
    bool (*claims_first_line)(const char *line, size_t len);
    /* Per-thread state (a parser), created once per worker and reused for many files. Returns
     * NULL when out of memory. */
    void *(*worker_new)(void);
    void (*worker_delete)(void *worker);
    /* Optional: like worker_new, with the run's options; used instead of it when set. */
    void *(*worker_new_opts)(const cc_frontend_opts *opts);
    /* Translates bytes[0..len) read from path. Never returns NULL (aborts when out of memory). */
    cc_unit *(*parse)(void *worker, cc_interner *in, const char *path, const char *bytes,
                      size_t len);

    /* ---- open documents (the language server); NULL when the front end has none: the server
     * then parses the whole text again with worker_new/parse ---- */

    /* An open document: it keeps its syntax tree between parses, so a parse after edits only
     * re-parses what they touched. Returns NULL when out of memory. */
    void *(*doc_new)(void);
    void (*doc_delete)(void *doc);
    /* Records an edit of the text since the last doc_parse (before the next one); edits are given
     * in the order they were applied. This function can't fail. */
    void (*doc_edit)(void *doc, const struct cc_doc_edit *edit);
    /* Parses text[0..len) (the document's current, already decoded UTF-8 text: no encoding
     * cookie is applied), reusing the tree of the last parse as far as the recorded edits allow,
     * and translates it. Never returns NULL (aborts when out of memory). */
    cc_unit *(*doc_parse)(void *doc, cc_interner *in, const char *path, const char *text,
                          size_t len);
    /* The statements around byte offset in the tree of the last doc_parse, innermost first, the
     * top-level one last; writes up to max and returns how many there are (0 before the first
     * parse or where no statement is). */
    uint32_t (*doc_statements_at)(void *doc, uint32_t offset, struct cc_doc_stmt *out,
                                  uint32_t max);
    /* The top-level statements of the last parse, in order; writes up to max and returns how
     * many there are. */
    uint32_t (*doc_toplevel)(void *doc, struct cc_doc_stmt *out, uint32_t max);
} cc_frontend;

extern const cc_frontend cc_frontend_python;
extern const cc_frontend cc_frontend_c;

/* All front ends, NULL-terminated (frontends/frontends.c). */
extern const cc_frontend *const cc_frontends[];

#endif
