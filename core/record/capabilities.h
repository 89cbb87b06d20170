#pragma once
// What a model can do and what a request needs, as bits: shared by the ingress (what a
// request needs), routing (what a model declares), the trace and the management API.

#include <QStringList>

namespace sy::record {

enum Capability : unsigned {
    CapTools = 1u << 0,
    CapVision = 1u << 1,
    CapJson = 1u << 2,
    CapEmbeddings = 1u << 3,
    CapReasoning = 1u << 4,
    CapRerank = 1u << 5,
};

// What a model that declares only these can serve: vectors and scores, no text requests.
constexpr unsigned kNonTextCapabilities = CapEmbeddings | CapRerank;

// Config names ("tools", "vision", "json", "embeddings", "reasoning", "rerank") to bits; unknown names are ignored.
unsigned capabilitiesFromNames(const QStringList &names);
QStringList capabilityNames(unsigned caps);

} // namespace sy::record
