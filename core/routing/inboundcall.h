#pragma once
// A client request as the router takes it, whatever protocol it came in.

#include "protocol/canonical.h"
#include "protocol/codec.h"
#include "protocol/ollama/ollamaembed.h"
#include "protocol/openai/requestscan.h"
#include "record/capabilities.h"
#include "routing/router.h"

#include <memory>
#include <optional>

namespace sy::routing {

struct InboundCall {
    protocol::Protocol inbound = protocol::Protocol::OpenAI; // the client's protocol
    protocol::Flavor flavor = protocol::Flavor::Chat;
    QByteArray endpointName = "chat"; // for the record: chat, completions, embeddings, rerank, generate, messages
    bool geminiArrayStream = false;   // a Gemini stream without alt=sse

    // OpenAI clients: the body as sent, and what one pass over it found.
    protocol::openai::Endpoint endpoint = protocol::openai::Endpoint::ChatCompletions;
    QByteArray body;
    protocol::openai::RequestScan scan;
    // Other clients: the request in canonical form (for OpenAI clients made when a backend
    // speaks another protocol).
    std::shared_ptr<const protocol::Request> canonical;
    // An Ollama embeddings request (/api/embed, /api/embeddings) carried as the OpenAI body
    // above: its answer is put back into Ollama's shape, and its keep_alive applies.
    struct OllamaEmbed {
        protocol::ollama::EmbedAnswerFor answer;
        QJsonValue keepAlive;
    };
    std::optional<OllamaEmbed> ollamaEmbed;
    // The protocol the client spoke (Ollama for those).
    protocol::Protocol clientProtocol() const { return ollamaEmbed ? protocol::Protocol::Ollama : inbound; }

    qsizetype bodyBytes = 0; // the client's body: large ones are converted off the core thread
    QByteArray requestedModel;
    bool stream = false;
    QByteArray requestId;
    RoutingRequest routing;
    bool wantTrace = false; // X-Switchyard-Trace: 1
    // Responses API clients: keep the answer (store), with the conversation as input items.
    bool storeResponse = false;
    QByteArray conversationItems;
    // The client key it came with (server.clientKeys): its name for the record, and its
    // slot among the key's requests in flight, released when the call ends. Its key is not
    // passed on to a backend.
    QByteArray clientName;
    std::shared_ptr<void> clientSlot;

    // Not embeddings or rerank (which the ingress put in what the request needs), which take
    // no inference parameters.
    bool generatesText() const { return !(routing.requiredCaps & record::kNonTextCapabilities); }
};

} // namespace sy::routing
