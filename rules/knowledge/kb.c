/* kb.c - the built-in knowledge base tables. */
#include "knowledge/kb.h"

#define CC_KB_FLAG_0 0u
#define CC_KB_FLAG_INHERIT_ONLY CC_KBF_INHERIT_ONLY
#define CC_KB_FLAG_STARTS_WORKERS CC_KBF_STARTS_WORKERS
#define CC_KB_FLAG_STARTS_ON_SUBMIT CC_KBF_STARTS_ON_SUBMIT
#define CC_KB_FLAG_STARMAP CC_KBF_STARMAP
#define CC_KB_FLAG_SELF_TARGET CC_KBF_SELF_TARGET
#define CC_KB_FLAG_SHARED CC_KBF_SHARED
#define CC_KB_FLAG_PREFIX CC_KBF_PREFIX
#define CC_KB_FLAG_TIMED CC_KBF_TIMED
#define CC_KB_FLAG_SHARED_TIMED (CC_KBF_SHARED | CC_KBF_TIMED)
#define CC_KB_FLAG_MAIN_THREAD_ONLY CC_KBF_MAIN_THREAD_ONLY

static const cc_kb_entry BUILTIN[] = {
#define KB(name, effect, model, type, fn_pos, fn_kw, args_pos, args_kw, rest_pos, iter_pos,       \
           flags, what)                                                                        \
    {name, CC_KB_##effect, CC_MODEL_##model, type, fn_pos, fn_kw, args_pos, args_kw, rest_pos,   \
     iter_pos, CC_KB_FLAG_##flags, what, NULL},
#include "knowledge/python_stdlib.def"
#include "knowledge/python_process.def"
#include "knowledge/python_mt_unsafe.def"
#undef KB
/* C entries: KBC(name, effect, model, type, fn_pos, args_pos, rest_pos, flags, what, source);
 * the argument positions of a C call are plain indices (no keywords). */
#define KBC(name, effect, model, type, fn_pos, args_pos, rest_pos, flags, what, source)         \
    {name, CC_KB_##effect, CC_MODEL_##model, type, fn_pos, NULL, args_pos, NULL, rest_pos, -1,   \
     CC_KB_FLAG_##flags, what, source},
#include "knowledge/c_posix.def"
#include "knowledge/c_mt_unsafe.def"
#include "knowledge/c_process.def"
#undef KBC
};

const cc_kb_entry *cc_kb_builtin(uint32_t *n)
{
    *n = (uint32_t)(sizeof BUILTIN / sizeof BUILTIN[0]);
    return BUILTIN;
}
