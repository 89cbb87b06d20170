#pragma once
// The explain trace of one routing decision: small records made while routing, rendered to
// JSON only when someone looks (X-Switchyard-Trace, the history, the route preview).

#include <QByteArray>
#include <QByteArrayList>
#include <QJsonObject>
#include <optional>
#include <string>
#include <vector>

namespace sy::json {
class Writer;
}

namespace sy::record {

enum class TraceKind {
    Matched,        // a policy matched (subject: policy, note: what it matched)
    Candidate,      // subject: label, note: where it came from
    SkipCapability, // subject: label, caps: what it lacks
    SkipNoText,     // subject: label of an embedding or rerank model asked to generate text
    SkipContext,    // subject: label, value: its context tokens
    SkipCooldown,   // subject: label, value: seconds of cooldown left
    SkipDuplicate,  // subject: label
    SkipUnreachable,// subject: label of a model whose node does not answer
    Warm,           // subject: label moved ahead because it is loaded
    Task,           // subject: task type, value: score
    Score,          // subject: label, value: score
    Note,           // note
    SkipFromNode,   // subject: label of a node's model; the request came from a node
    // (stored as numbers in the history: add new kinds at the end)
};

struct TraceEntry {
    TraceKind kind;
    QByteArray subject;
    double value = 0;
    unsigned caps = 0;
    QByteArray note;
};

// A finished decision's trace, as kept with the request's record.
struct RouteTrace {
    const char *route = "failed"; // the route mode's name (a static string)
    unsigned requiredCaps = 0;
    qint64 promptTokens = 0;
    std::vector<TraceEntry> steps;
    QByteArrayList chain; // candidate labels in order
};

// {"route", "required", "promptTokens", "steps": [...], "chain": [...]}.
void writeTrace(json::Writer &w, const RouteTrace &trace);
QJsonObject traceJson(const RouteTrace &trace);

// A compact binary form for storage (the history keeps one per request and renders it
// only when a request is looked at): a few memcpys instead of a JSON document per row.
// The route name is not in it (the history has it in a column). Appended to `out`.
void encodeTrace(const RouteTrace &trace, std::string &out);
// The trace back, with `route` (which must outlive it) as its route name; nullopt when the
// bytes are not an encoded trace.
std::optional<RouteTrace> decodeTrace(QByteArrayView bytes, const char *route);

} // namespace sy::record
