/* frontends.c - the table of front ends the driver chooses from, by file extension. */
#include "frontend.h"

const cc_frontend *const cc_frontends[] = {&cc_frontend_python, &cc_frontend_c, NULL};
