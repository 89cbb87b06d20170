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

// Abilities that answer with vectors or scores rather than text.
constexpr unsigned kNonTextCapabilities = CapEmbeddings | CapRerank;

// Whether a model that declares `caps` only embeds or reranks: it gets no text requests.
constexpr bool servesNoText(unsigned caps)
{
    return caps != 0 && (caps & ~kNonTextCapabilities) == 0;
}

// Config names ("tools", "vision", "json", "embeddings", "reasoning", "rerank") to bits; unknown names are ignored.
unsigned capabilitiesFromNames(const QStringList &names);
QStringList capabilityNames(unsigned caps);

} // namespace sy::record
