/* advice_util.c - what the report formats share about advice records. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>

#include "concur/advice.h"
#include "concur/verify.h"
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

static json_t *interval_json(const cc_estimate *e)
{
    if (!isfinite(e->lo) || !isfinite(e->hi))
        return json_null();
    json_t *a = cc_json_must(json_array());
    cc_json_push(a, json_real(e->lo));
    cc_json_push(a, json_real(e->hi));
    return a;
}

void *cc_report_verification_json(const cc_report_options *opts, uint32_t i)
{
    if (!opts || !opts->verify)
        return json_null();
    const cc_verification *v = &opts->verify[i];
    json_t *o = cc_json_must(json_object());
    cc_json_set(o, "status", json_string(cc_verdict_name((cc_verdict)v->verdict)));
    cc_json_set(o, "mode", json_string(opts->verify_mode ? opts->verify_mode : "synthetic"));
    cc_json_set(o, "ratio", isfinite(v->ratio.point) && v->ratio.point > 0
                                ? json_real(v->ratio.point)
                                : json_null());
    cc_json_set(o, "interval", interval_json(&v->ratio));
    cc_json_set(o, "compared_with",
                json_string(cc_advice_model_name((cc_advice_model)v->compared)));
    json_t *runs = cc_json_must(json_array());
    for (uint32_t k = 0; k < v->nruns; k++) {
        const cc_verify_run *r = &v->runs[k];
        json_t *ro = cc_json_must(json_object());
        cc_json_set(ro, "model", json_string(cc_advice_model_name((cc_advice_model)r->model)));
        cc_json_set(ro, "workers", json_integer(r->workers));
        cc_json_set(ro, "median_seconds", json_real(r->median_s));
        cc_json_set(ro, "speedup", json_real(r->speedup.point));
        json_t *iv = interval_json(&r->speedup);
        if (json_is_null(iv)) {
            json_decref(iv);
            iv = cc_json_must(json_array());
            cc_json_push(iv, json_real(r->speedup.point));
            cc_json_push(iv, json_real(r->speedup.point));
        }
        cc_json_set(ro, "interval", iv);
        cc_json_push(runs, ro);
    }
    cc_json_set(o, "runs", runs);
    cc_json_set(o, "repeats", json_integer(v->repeats));
    const cc_verify_plan *p = &v->plan;
    json_t *sc = cc_json_must(json_object());
    cc_json_set(sc, "scaled", json_boolean(p->scaled));
    cc_json_set(sc, "site_tasks", json_integer(p->site_tasks));
    cc_json_set(sc, "measured_tasks", json_integer(p->tasks));
    cc_json_set(sc, "work_per_task", json_real(p->work_scale));
    cc_json_set(o, "scaling", p->ok ? sc : (json_decref(sc), json_null()));
    cc_json_set(o, "seconds", json_real(v->seconds));
    cc_json_set(o, "note", v->note[0] ? cc_json_text(v->note) : json_null());
    return o;
}
