#include "record/requestrecord.h"

#include "util/jsonwriter.h"

namespace sy::record {
namespace {

void writeAttempts(json::Writer &w, const std::vector<AttemptSummary> &attempts)
{
    w.beginArray();
    for (const AttemptSummary &a : attempts) {
        w.beginObject().field("model", a.model).field("backend", a.backend).field("outcome", a.outcome).fieldOrNull("trigger", a.trigger);
        if (a.error.isEmpty())
            w.key("error").null();
        else
            w.key("error").string(a.error);
        if (a.status)
            w.key("status").integer(a.status);
        else
            w.key("status").null();
        w.key("latencyMs").number(a.latencyMs);
        if (!a.params.isEmpty())
            w.key("params").raw(a.params);
        w.endObject();
    }
    w.endArray();
}

void writeChain(json::Writer &w, const QByteArrayList &chain)
{
    w.beginArray();
    for (const QByteArray &c : chain)
        w.string(c);
    w.endArray();
}

} // namespace

void RequestRecord::writeJson(json::Writer &w, bool withTrace) const
{
    auto optionalNumber = [&w](const char *name, double v) {
        if (v < 0)
            w.key(name).null();
        else
            w.key(name).number(v);
    };
    w.beginObject().field("id", id).key("startedMs").integer(startedUs / 1000).key("client").string(client).fieldOrNull("clientName", clientName).field("inbound", inbound)
        .field("endpoint", endpoint).field("requested", requested).field("route", routeMode).key("chain");
    writeChain(w, chain);
    w.key("attempts");
    writeAttempts(w, attempts);
    w.fieldOrNull("model", model).fieldOrNull("backend", backend).key("status").integer(status).key("stream").boolean(stream)
        .key("latencyMs").number(latencyMs);
    optionalNumber("ttftMs", ttftMs);
    optionalNumber("tokensIn", double(tokensIn));
    optionalNumber("tokensOut", double(tokensOut));
    w.key("tokensEstimated").boolean(tokensEstimated);
    optionalNumber("tokensPerS", tokensPerS);
    if (error.isEmpty())
        w.key("error").null();
    else
        w.key("error").string(error);
    if (!partialOutput.isEmpty())
        w.field("partialOutput", partialOutput);
    if (withTrace && trace) {
        w.key("trace");
        writeTrace(w, *trace);
    }
    w.endObject();
}

QByteArray RequestRecord::json(bool withTrace) const
{
    std::string out;
    out.reserve(1024);
    json::Writer w(out);
    writeJson(w, withTrace);
    return QByteArray::fromStdString(out);
}

} // namespace sy::record
