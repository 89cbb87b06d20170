#include "routing/canonicalserve.h"

#include "http/httpexchange.h"
#include "routing/proxycall.h"

namespace sy::routing {

void readRoutingHeaders(const http::Headers &headers, RoutingRequest &out)
{
    out.agentClass = headers.value("x-agent-class");
    out.role = headers.value("x-switchyard-role");
    out.product = headers.value("x-switchyard-product");
    out.mode = headers.value("x-switchyard-mode");
}

qint64 estimateTokens(const protocol::Request &request)
{
    constexpr qint64 kPerImage = 768; // what vision models typically charge for an image
    qint64 images = 0;
    for (const protocol::Message &m : request.messages) {
        for (const protocol::Part &p : m.parts)
            images += p.kind == protocol::Part::Kind::Image ? 1 : 0;
    }
    return request.textBytes() / 4 + 1 + images * kPerImage;
}

void serveCanonical(const ProxyServices &services, http::HttpExchange *exchange, std::shared_ptr<const protocol::Request> request,
                    const CanonicalCall &how)
{
    InboundCall call;
    call.inbound = how.inbound;
    call.flavor = how.flavor;
    call.endpointName = how.endpointName;
    call.geminiArrayStream = how.geminiArrayStream;
    call.requestedModel = request->model.toUtf8();
    call.stream = request->stream;
    call.requestId = exchange->requestId();
    call.wantTrace = exchange->request().headers.value("x-switchyard-trace") == "1";
    RoutingRequest &r = call.routing;
    r.model = call.requestedModel;
    readRoutingHeaders(exchange->request().headers, r);
    r.requiredCaps = requiredCapabilities(request->hasImages(), !request->tools.empty(), request->responseFormat.toUtf8(), false);
    r.promptTokens = estimateTokens(*request);
    r.promptText = request->lastUserText().toUtf8();
    call.canonical = std::move(request);
    ProxyCall::start(services, exchange, std::move(call));
}

} // namespace sy::routing
