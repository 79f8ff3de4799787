/* unit_serial.h - a compact binary form of a cc_unit, for sending units between processes (the C
 * front end parses in worker processes and sends its units back over a socket).
 *
 * Strings travel as text (the two processes have different interners): the first occurrence of a
 * string is written out, later ones as a back-reference. Integers are little-endian varints. The
 * reader checks every index against the sizes read so far, so a corrupt or truncated payload is an
 * error, never a crash. */
#ifndef CONCUR_UNIT_SERIAL_H
#define CONCUR_UNIT_SERIAL_H

#include <stddef.h>
#include <stdint.h>

#include "concur/intern.h"
#include "concur/ir.h"
#include "concur/status.h"

/* Serialises u (whose strings are in in) into a malloc'ed buffer; *out and *len receive it. The
 * caller frees *out. This function can't fail (it aborts when memory is exhausted). */
void cc_unit_serialize(const cc_unit *u, const cc_interner *in, uint8_t **out, size_t *len);

/* Rebuilds a unit from buf[0..len), interning its strings in in. Returns CC_OK and the unit in
 * *out (owned by the caller), or an error status (and *out NULL) when the payload is malformed. */
cc_status cc_unit_deserialize(const uint8_t *buf, size_t len, cc_interner *in, cc_unit **out);

#endif
