/* lsp.h - `concur lsp`: the language server (LSP 3.17 over stdio).
 *
 * The server reads JSON-RPC messages framed with Content-Length headers from an input file
 * descriptor and writes its answers and notifications to an output one; it logs to a FILE (stderr)
 * only. A reader thread frames and parses messages into a queue, so a `$/cancelRequest` reaches a
 * request still waiting in it; everything else (documents, analysis, answers) happens on the
 * thread that calls cc_lsp_server_run, one message at a time.
 *
 * Documents: the editor's text of open documents replaces the files on disk; the other files of
 * the workspace folders are read from disk once. An edit re-parses only its document, through the
 * front end's open-document API (tree-sitter re-parses incrementally); the units of unchanged
 * files are kept and linked again with it. Edits that arrive while an analysis runs are applied
 * together before the next one, and diagnostics already out of date are not published.
 *
 * Also here: the document text with its line index and the conversion between byte offsets and
 * LSP positions (UTF-8 or UTF-16 code units), and the hooks through which advice and benchmark
 * verdicts reach hovers and inlay hints. */
#ifndef CONCUR_LSP_H
#define CONCUR_LSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "concur/program.h"
#include "concur/status.h"

/* ---- the server ---------------------------------------------------------------------------- */

/* Exit statuses of the server. */
enum {
    CC_LSP_EXIT_OK = 0,          /* `exit` after `shutdown` (or end of input after `shutdown`) */
    CC_LSP_EXIT_NO_SHUTDOWN = 1, /* `exit`, or the end of input, without `shutdown` first */
    CC_LSP_EXIT_PROTOCOL = 2,    /* framing that cannot be recovered (bad Content-Length ...) */
    CC_LSP_EXIT_IO = 3,          /* the output cannot be written */
};

typedef struct cc_lsp_options {
    int in_fd, out_fd; /* the message streams (0 and 1 for stdio) */
    FILE *log;         /* diagnostics of the server itself; NULL: stderr */
    int verbose;       /* 1: log each message's method and timing */
} cc_lsp_options;

typedef struct cc_lsp_server cc_lsp_server;

/* Returns a new server over the options' streams, or NULL when out of memory. Starts no thread. */
cc_lsp_server *cc_lsp_server_new(const cc_lsp_options *opts);

/* Serves until `exit` or the end of input and returns the exit status (CC_LSP_EXIT_*). Call it
 * once. */
int cc_lsp_server_run(cc_lsp_server *self);

/* Frees the server and everything it holds. NULL is allowed. */
void cc_lsp_server_delete(cc_lsp_server *self);

/* `concur lsp [--stdio] [--verbose]`: runs a server on stdin/stdout; returns the exit status
 * (2 for bad usage too). argv holds the arguments after `lsp`. */
int cc_lsp_main(int argc, char **argv);

/* ---- positions ----------------------------------------------------------------------------- */

/* The unit LSP positions count characters in, as negotiated at initialize. */
typedef enum cc_lsp_encoding {
    CC_LSP_UTF16, /* UTF-16 code units: the protocol's default */
    CC_LSP_UTF8,  /* bytes */
} cc_lsp_encoding;

/* A document's text with its line index. Lines end at "\n", "\r\n" or "\r", as LSP counts them.
 * The text is NUL-terminated (text[len] == 0) but may hold NUL bytes. */
typedef struct cc_lsp_text {
    char *text;
    uint32_t len, cap;
    uint32_t *lines; /* byte offset where each line starts; lines[0] == 0 */
    uint32_t nlines, caplines;
} cc_lsp_text;

/* Largest document kept, in bytes (the protocol limit of a document is far higher; analysis
 * stops earlier, at CC_MAX_FILE_BYTES). */
#define CC_LSP_MAX_TEXT (256u << 20)

/* An empty text. This function can't fail. */
void cc_lsp_text_init(cc_lsp_text *self);
void cc_lsp_text_free(cc_lsp_text *self);

/* Replaces the whole text with s[0..len). Returns CC_ERR_USAGE (leaving the text as it was) when
 * len exceeds CC_LSP_MAX_TEXT. */
cc_status cc_lsp_text_set(cc_lsp_text *self, const char *s, size_t len);

/* Replaces bytes [start, end) with s[0..len) and updates the line index (only the lines the edit
 * touches are scanned again). start <= end <= self->len is required. Returns CC_ERR_USAGE
 * (leaving the text as it was) when the result would exceed CC_LSP_MAX_TEXT. */
cc_status cc_lsp_text_replace(cc_lsp_text *self, uint32_t start, uint32_t end, const char *s,
                              size_t len);

/* The byte offset of an LSP position. A line past the last gives the end of the text; a character
 * past the end of its line gives the end of the line (before its line break), as the protocol
 * says; a position inside a character (half a surrogate pair, a byte inside a UTF-8 sequence)
 * gives the character's start. This function can't fail. */
uint32_t cc_lsp_text_offset(const cc_lsp_text *self, uint32_t line, uint32_t character,
                            cc_lsp_encoding enc);

/* The LSP position of a byte offset (clamped to the text). This function can't fail. */
void cc_lsp_text_position(const cc_lsp_text *self, uint32_t offset, cc_lsp_encoding enc,
                          uint32_t *line, uint32_t *character);

/* The line holding byte offset (0-based). This function can't fail. */
uint32_t cc_lsp_text_line_of(const cc_lsp_text *self, uint32_t offset);

/* Bytes [start, end) of line `line` without its line break. This function can't fail (a line
 * past the last gives an empty range at the end). */
void cc_lsp_text_line_range(const cc_lsp_text *self, uint32_t line, uint32_t *start, uint32_t *end);

/* Code units of `enc` in s[0..len) (UTF-8: len). Bytes that are not well-formed UTF-8 count one
 * unit each. This function can't fail. */
uint32_t cc_lsp_units(const char *s, uint32_t len, cc_lsp_encoding enc);

/* ---- hooks for the advice engine ----------------------------------------------------------
 *
 * The advice engine (which model fits each spawn site) and benchmark verdicts (`--verify`) fill
 * these in; until they exist the hooks return nothing and the server shows findings only. They are
 * called on the server's thread with the program of the last analysis, which stays valid until
 * the hook returns. Offsets are bytes of the unit's text. */

/* Markdown describing the advice at the spawn site around offset of unit (the recommended model,
 * its reasons and confidence), or NULL when there is none. The caller frees the result. */
char *cc_lsp_hook_spawn_advice(const cc_program *prog, uint32_t unit, uint32_t offset);

/* Markdown describing the benchmark verdict (confirmed, refuted, inconclusive) of the advice at
 * the spawn site around offset, or NULL when none is known. The caller frees the result. */
char *cc_lsp_hook_bench_verdict(const cc_program *prog, uint32_t unit, uint32_t offset);

/* An inlay hint: a label shown at a byte offset of a unit. */
typedef struct cc_lsp_inlay_hint {
    uint32_t offset;
    char *label;   /* "→ processes"; malloc'd */
    char *tooltip; /* Markdown, or NULL; malloc'd */
} cc_lsp_inlay_hint;

/* The inlay hints (the recommended model at each spawn site) of unit within bytes [start, end):
 * sets *out to a malloc'd array (NULL when there are none) and returns its length. The caller
 * frees each label and tooltip and the array. */
uint32_t cc_lsp_hook_inlay_hints(const cc_program *prog, uint32_t unit, uint32_t start,
                                 uint32_t end, cc_lsp_inlay_hint **out);

#endif
