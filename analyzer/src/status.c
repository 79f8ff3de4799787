/* status.c - status texts. */
#include "concur/status.h"

const char *cc_status_text(cc_status s)
{
    switch (s) {
    case CC_OK: return "ok";
    case CC_ERR_NOMEM: return "out of memory";
    case CC_ERR_IO: return "input/output error";
    case CC_ERR_USAGE: return "bad usage";
    case CC_ERR_CONFIG: return "bad configuration";
    case CC_ERR_NOTFOUND: return "not found";
    case CC_ERR_PARSE: return "parse error";
    case CC_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}
