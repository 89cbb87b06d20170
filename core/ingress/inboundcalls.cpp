#include "ingress/inboundcalls.h"

#include "http/message.h"
#include "record/capabilities.h"

namespace sy::ingress {
namespace {

// X-Agent-Class, X-Switchyard-Role/-Product/-Mode and the trace wish.
void readHeaders(const http::RequestHead &head, routing::InboundCall &call)
{
    routing::RoutingRequest &r = call.routing;
    r.agentClass = head.headers.value("x-agent-class");
    r.role = head.headers.value("x-switchyard-role");
    r.product = head.headers.value("x-switchyard-product");
    r.mode = head.headers.value("x-switchyard-mode");
    call.wantTrace = head.headers.view("x-switchyard-trace") == "1";
    r.fromNode = head.headers.has("x-switchyard-hop");
}

// What the endpoint itself asks of a model: vectors or scores rather than text.
unsigned endpointNeeds(protocol::openai::Endpoint endpoint)
{
    switch (endpoint) {
    case protocol::openai::Endpoint::Embeddings: return record::CapEmbeddings;
    case protocol::openai::Endpoint::Rerank: return record::CapRerank;
    case protocol::openai::Endpoint::ChatCompletions:
    case protocol::openai::Endpoint::Completions: break;
    }
    return 0;
}

} // namespace

routing::InboundCall openAiCall(const http::RequestHead &head, QByteArray body, protocol::openai::RequestScan scan,
                                protocol::openai::Endpoint endpoint, QByteArray endpointName)
{
    routing::InboundCall call;
    call.inbound = protocol::Protocol::OpenAI;
    call.endpointName = std::move(endpointName);
    call.endpoint = endpoint;
    call.flavor = endpoint == protocol::openai::Endpoint::Completions ? protocol::Flavor::Prompt : protocol::Flavor::Chat;
    call.bodyBytes = body.size();
    call.body = std::move(body);
    call.requestedModel = scan.model;
    call.stream = scan.stream && endpointNeeds(endpoint) == 0; // vectors and scores come whole
    readHeaders(head, call);
    routing::RoutingRequest &r = call.routing;
    r.model = scan.model;
    r.requiredCaps = routing::requiredCapabilities(scan.hasImages, scan.hasTools, scan.responseFormat, endpointNeeds(endpoint));
    r.promptTokens = scan.estimatedPromptTokens();
    r.promptText = scan.lastUserText;
    call.scan = std::move(scan);
    return call;
}

routing::InboundCall canonicalCall(const http::RequestHead &head, std::shared_ptr<const protocol::Request> request,
                                   const CanonicalEndpoint &endpoint)
{
    routing::InboundCall call;
    call.bodyBytes = head.contentLength ? qsizetype(*head.contentLength) : request->textBytes();
    call.inbound = endpoint.inbound;
    call.flavor = endpoint.flavor;
    call.endpointName = endpoint.endpointName;
    call.geminiArrayStream = endpoint.geminiArrayStream;
    call.requestedModel = request->model.toUtf8();
    call.stream = request->stream;
    readHeaders(head, call);
    routing::RoutingRequest &r = call.routing;
    r.model = call.requestedModel;
    r.requiredCaps = routing::requiredCapabilities(request->hasImages(), !request->tools.empty(), request->responseFormat.toUtf8());
    r.promptTokens = request->estimatedTokens();
    r.promptText = request->promptText();
    call.canonical = std::move(request);
    return call;
}

} // namespace sy::ingress
