/* CC000 file-not-analysed
 *
 * ## What it does
 * Reports a file, or a part of one, that concur could not analyse: a path that cannot be read, a
 * binary or oversized file, bytes that are not valid in the file's encoding (UTF-8, or the one its
 * PEP 263 `# -*- coding: ... -*-` line declares), a syntax error, or code nested too deeply.
 *
 * ## Why is this bad?
 * Whatever concur cannot read it cannot check: a thread pool started in the skipped part gets no
 * advice and its defects no findings. The rest of the file is still analysed; only the part named
 * is missing.
 *
 * ## Example
 * ```python
 * def worker(:        # a syntax error
 *     ...
 * ```
 *
 * ## Use instead
 * Fix the syntax error or the encoding declaration, or exclude the file (`--exclude`) when it is
 * not meant to be Python (test data, templates).
 */
#include "concur/program.h"

/* CC000 findings are reported by the driver and the front ends as they read files; the rule has
 * nothing to compute over the program. */
void cc000_run(cc_program *prog);
void cc000_run(cc_program *prog)
{
    (void)prog;
}
