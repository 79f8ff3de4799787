/* advice_util.c - what the report formats share about advice records. */
#include <jansson.h>
#include <stdio.h>

#include "concur/advice.h"
#include "json_util.h"
#include "report.h"

const char *cc_report_advice_headline(const struct cc_advice *a, char *buf, size_t cap)
{
    if (cc_advice_differs(a))
        snprintf(buf, cap, "%s -> %s (confidence %.2f)",
                 cc_advice_model_name((cc_advice_model)a->current),
                 cc_advice_model_name((cc_advice_model)a->recommended), a->confidence);
    else
        snprintf(buf, cap, "%s fit%s (confidence %.2f)",
                 cc_advice_model_name((cc_advice_model)a->current),
                 a->current == CC_AM_SERIAL ? "s" : "", a->confidence);
    return buf;
}

static json_t *est_json(cc_est e)
{
    json_t *o = cc_json_must(json_object());
    cc_json_set(o, "value", json_real(e.v));
    cc_json_set(o, "known", json_boolean(e.known));
    return o;
}

static const char *site_kind_name(uint8_t k)
{
    switch (k) {
    case CC_SITE_START:
        return "start";
    case CC_SITE_SUBMIT:
        return "submit";
    case CC_SITE_APPLY:
        return "apply";
    default:
        return "map";
    }
}

void *cc_report_advice_json(const struct cc_advice *a)
{
    const cc_site *s = a->shape;
    json_t *o = cc_json_must(json_object());
    cc_json_set(o, "function", cc_json_text(a->function));
    cc_json_set(o, "current_model", json_string(cc_advice_model_name((cc_advice_model)a->current)));
    cc_json_set(o, "recommended_model",
                json_string(cc_advice_model_name((cc_advice_model)a->recommended)));
    json_t *reasons = cc_json_must(json_array());
    for (uint32_t i = 0; i < a->nreasons; i++)
        cc_json_push(reasons, cc_json_text(a->reasons[i]));
    cc_json_set(o, "reasons", reasons);
    cc_json_set(o, "confidence", json_real(a->confidence));
    cc_json_set(o, "verification", json_null());
    cc_json_set(o, "language", json_string(s->lang == CC_LANG_C ? "c" : "python"));
    cc_json_set(o, "api", cc_json_text(s->api));
    json_t *shape = cc_json_must(json_object());
    cc_json_set(shape, "kind", json_string(site_kind_name(s->kind)));
    cc_json_set(shape, "start_method",
                s->model == CC_MODEL_PROCESS && s->start_method != CC_SM_UNKNOWN
                    ? json_string(cc_start_method_name(s->start_method))
                    : json_null());
    cc_json_set(shape, "tasks", est_json(s->tasks));
    cc_json_set(shape, "workers", est_json(s->workers));
    cc_json_set(shape, "chunksize", est_json(s->chunksize));
    json_t *per = cc_json_must(json_object());
    cc_json_set(per, "gil_steps", est_json(s->gil_steps));
    cc_json_set(per, "native_bytes", est_json(s->native_bytes));
    cc_json_set(per, "wait_seconds", est_json(s->wait_s));
    cc_json_set(per, "wait_calls", est_json(s->wait_calls));
    cc_json_set(per, "payload_bytes", est_json(s->payload_bytes));
    cc_json_set(per, "payload_objects", est_json(s->payload_objects));
    cc_json_set(per, "result_bytes", est_json(s->result_bytes));
    cc_json_set(per, "result_objects", est_json(s->result_objects));
    cc_json_set(shape, "per_task", per);
    cc_json_set(shape, "init_bytes_per_worker", est_json(s->init_bytes));
    json_t *flags = cc_json_must(json_array());
    static const struct {
        uint32_t bit;
        const char *name;
    } FLAGS[] = {
        {CC_COSTF_UNKNOWN_CALL, "unknown-call"},
        {CC_COSTF_RECURSIVE, "recursive"},
        {CC_COSTF_DEEP, "deep"},
        {CC_COSTF_LOOP, "loop"},
        {CC_COSTF_BLAS, "blas"},
        {CC_COSTF_WAIT_GUESSED, "wait-guessed"},
        {CC_COSTF_ASYNC_WAITS, "async-waits"},
        {CC_COSTF_MT_UNSAFE, "mt-unsafe"},
        {CC_COSTF_EXEC, "exec"},
        {CC_COSTF_WAIT_OPEN, "wait-open"},
    };
    for (size_t i = 0; i < sizeof FLAGS / sizeof FLAGS[0]; i++)
        if (s->cost_flags & FLAGS[i].bit)
            cc_json_push(flags, json_string(FLAGS[i].name));
    cc_json_set(shape, "flags", flags);
    cc_json_set(o, "shape", shape);
    json_t *est = cc_json_must(json_object());
    for (int m = 0; m < CC_AM__COUNT; m++)
        if (a->estimate_s[m] >= 0)
            cc_json_set(est, cc_advice_model_name((cc_advice_model)m), json_real(a->estimate_s[m]));
    cc_json_set(o, "estimated_seconds", est);
    return o;
}

void *cc_report_cost_model_json(const cc_program *prog)
{
    const cc_cost_constants *k = cc_advice_constants(cc_program_advice(prog));
    json_t *o = cc_json_must(json_object());
    if (!k)
        return o;
    cc_json_set(o, "measured", json_boolean(k->measured));
    cc_json_set(o, "source", cc_json_text(k->source));
    cc_json_set(o, "cores", json_integer(k->cores));
    return o;
}
