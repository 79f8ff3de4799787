/* CC001 unused-suppression
 *
 * ## What it does
 * With `--report-unused-suppressions`, reports `# concur: ignore[CODE]` (or `// concur:
 * ignore[CODE]` in C) comments that silence no finding: the code they name has no finding on
 * that line (or, for a comment alone on its line, the next one), or a bare `concur: ignore`
 * silences nothing. Codes that are not selected are not judged.
 *
 * ## Why is this bad?
 * A suppression outlives the defect it hid: once the code is fixed or moved, the comment stays
 * and will silently hide the next real finding on that line.
 *
 * ## Example
 * ```python
 * with ThreadPoolExecutor() as ex:
 *     ex.map(lambda x: x, items)  # concur: ignore[CC302]
 * ```
 * Threads do not pickle their tasks, so there is no CC302 finding to silence.
 *
 * ## Use instead
 * ```python
 * with ThreadPoolExecutor() as ex:
 *     ex.map(lambda x: x, items)
 * ```
 */
#include "concur/program.h"

/* Computed by the gate (analyzer/src/gate.c), which sees every suppression and every finding
 * after all rules ran. */
void cc001_run(cc_program *prog);
void cc001_run(cc_program *prog)
{
    (void)prog;
}
