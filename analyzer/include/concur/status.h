/* status.h - the result of every fallible concur function.
 *
 * A fallible function returns a cc_status and writes its result through out-parameters; it never
 * returns a result and an error in the same value. */
#ifndef CONCUR_STATUS_H
#define CONCUR_STATUS_H

typedef enum cc_status {
    CC_OK = 0,
    CC_ERR_NOMEM,   /* an allocation failed */
    CC_ERR_IO,      /* a file could not be opened, read or written */
    CC_ERR_USAGE,   /* bad command-line usage or a bad argument value */
    CC_ERR_CONFIG,  /* a configuration file is malformed */
    CC_ERR_NOTFOUND,/* a path or name does not exist */
    CC_ERR_PARSE,   /* input could not be parsed at all */
    CC_ERR_INTERNAL /* a bug in concur */
} cc_status;

/* Returns a static, lower-case description of s. This function can't fail. */
const char *cc_status_text(cc_status s);

#endif
