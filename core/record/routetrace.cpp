#include "record/routetrace.h"

#include "record/bytecodec.h"
#include "record/capabilities.h"
#include "util/jsonwriter.h"

#include <QJsonDocument>

namespace sy::record {
namespace {

QByteArray capsText(unsigned caps)
{
    return capabilityNames(caps).join(QStringLiteral(", ")).toUtf8();
}

void writeStep(json::Writer &w, const TraceEntry &e, qint64 promptTokens)
{
    w.beginObject();
    auto skip = [&](const char *reason) { w.field("step", "skip").field("model", e.subject).field("reason", reason); };
    switch (e.kind) {
    case TraceKind::Matched:
        w.field("step", e.subject).field("detail", e.note);
        break;
    case TraceKind::Candidate:
        w.field("step", "candidate").field("model", e.subject).field("detail", e.note);
        break;
    case TraceKind::SkipCapability:
        skip("capability");
        w.field("detail", "lacks " + capsText(e.caps));
        break;
    case TraceKind::SkipNoText:
        skip("capability");
        w.field("detail", "an embedding or rerank model: it does not generate text");
        break;
    case TraceKind::SkipContext:
        skip("context");
        w.field("detail", QStringLiteral("~%1 prompt tokens exceed its %2-token context").arg(promptTokens).arg(e.value).toUtf8());
        break;
    case TraceKind::SkipCooldown:
        skip("cooldown");
        w.field("detail", QStringLiteral("cooling down for %1 s more after repeated failures").arg(qint64(e.value)).toUtf8());
        break;
    case TraceKind::SkipDuplicate:
        skip("duplicate");
        break;
    case TraceKind::SkipUnreachable:
        skip("unreachable");
        w.field("detail", "its node does not answer");
        break;
    case TraceKind::SkipFromNode:
        skip("from_node");
        w.field("detail", "the request came from another node: it is not sent on to a node");
        break;
    case TraceKind::Warm:
        w.field("step", "prefer_warm").field("model", e.subject).field("detail", "loaded, so ahead of cold ones");
        break;
    case TraceKind::Task:
        w.field("step", "task").field("type", e.subject).key("score").number(e.value);
        if (!e.note.isEmpty())
            w.field("detail", e.note);
        break;
    case TraceKind::Score:
        w.field("step", "score").field("model", e.subject).key("score").number(e.value);
        if (!e.note.isEmpty())
            w.field("detail", e.note);
        break;
    case TraceKind::Note:
        w.field("step", "note").field("detail", e.note);
        break;
    }
    w.endObject();
}

} // namespace

void writeTrace(json::Writer &w, const RouteTrace &trace)
{
    w.beginObject().field("route", trace.route).key("required").beginArray();
    for (const QString &cap : capabilityNames(trace.requiredCaps))
        w.string(cap);
    w.endArray().key("promptTokens").integer(trace.promptTokens).key("steps").beginArray();
    for (const TraceEntry &e : trace.steps)
        writeStep(w, e, trace.promptTokens);
    w.endArray().key("chain").beginArray();
    for (const QByteArray &label : trace.chain)
        w.string(label);
    w.endArray().endObject();
}

namespace {

using codec::put;
using codec::putBytes;

constexpr char kTraceFormat = 1;

} // namespace

void encodeTrace(const RouteTrace &trace, std::string &out)
{
    put(out, kTraceFormat);
    put(out, quint32(trace.requiredCaps));
    put(out, qint64(trace.promptTokens));
    put(out, quint32(trace.steps.size()));
    for (const TraceEntry &e : trace.steps) {
        put(out, quint8(e.kind));
        put(out, quint32(e.caps));
        put(out, e.value);
        putBytes(out, e.subject);
        putBytes(out, e.note);
    }
    codec::putByteList(out, trace.chain);
}

std::optional<RouteTrace> decodeTrace(QByteArrayView bytes, const char *route)
{
    codec::Reader in(bytes);
    if (in.take<char>() != kTraceFormat)
        return std::nullopt;
    RouteTrace t;
    t.route = route;
    t.requiredCaps = in.take<quint32>();
    t.promptTokens = in.take<qint64>();
    const quint32 steps = in.take<quint32>();
    for (quint32 i = 0; i < steps && in.ok(); ++i) {
        TraceEntry e;
        const quint8 kind = in.take<quint8>();
        if (kind > quint8(TraceKind::SkipFromNode))
            return std::nullopt;
        e.kind = TraceKind(kind);
        e.caps = in.take<quint32>();
        e.value = in.take<double>();
        e.subject = in.takeBytes();
        e.note = in.takeBytes();
        t.steps.push_back(std::move(e));
    }
    t.chain = in.takeByteList();
    if (!in.ok() || !in.atEnd())
        return std::nullopt;
    return t;
}

QJsonObject traceJson(const RouteTrace &trace)
{
    std::string out;
    json::Writer w(out);
    writeTrace(w, trace);
    return QJsonDocument::fromJson(QByteArray::fromStdString(out)).object();
}

} // namespace sy::record
