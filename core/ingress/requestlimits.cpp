#include "ingress/requestlimits.h"

#include "http/headers.h"

namespace sy::ingress {
namespace {

protocol::ApiError tooMany(const char *what, qsizetype count, qsizetype limit)
{
    return protocol::makeError(protocol::ErrorKind::TooLarge,
                               QStringLiteral("the request has %1 %2; at most %3 are accepted").arg(count).arg(QLatin1String(what)).arg(limit),
                               "request_too_large");
}

} // namespace

std::optional<protocol::ApiError> checkModelName(qsizetype bytes)
{
    if (bytes <= kMaxModelNameBytes)
        return std::nullopt;
    return protocol::makeError(protocol::ErrorKind::InvalidRequest,
                               QStringLiteral("model is %1 bytes long; a model name has at most %2").arg(bytes).arg(kMaxModelNameBytes),
                               "invalid_model", "model");
}

namespace {

std::optional<protocol::ApiError> checkCounts(qsizetype messages, qsizetype parts, qsizetype tools)
{
    if (messages > kMaxMessages)
        return tooMany("messages", messages, kMaxMessages);
    if (parts > kMaxPartsPerMessage)
        return tooMany("content parts in one message", parts, kMaxPartsPerMessage);
    if (tools > kMaxTools)
        return tooMany("tools", tools, kMaxTools);
    return std::nullopt;
}

} // namespace

std::optional<protocol::ApiError> checkLimits(const protocol::openai::RequestScan &scan)
{
    if (auto e = checkModelName(scan.model.size()))
        return e;
    return checkCounts(scan.messageCount, scan.maxPartsPerMessage, scan.toolCount);
}

std::optional<protocol::ApiError> checkLimits(const protocol::Request &request)
{
    if (auto e = checkModelName(request.model.toUtf8().size()))
        return e;
    qsizetype parts = 0;
    for (const protocol::Message &m : request.messages)
        parts = std::max<qsizetype>(parts, qsizetype(m.parts.size()));
    return checkCounts(qsizetype(request.messages.size()), parts, qsizetype(request.tools.size()));
}

std::optional<protocol::ApiError> checkRoutingHeaders(const http::Headers &headers)
{
    for (const char *name : {"x-agent-class", "x-switchyard-role", "x-switchyard-product", "x-switchyard-mode"}) {
        const qsizetype size = headers.view(name).size();
        if (size > kMaxRoutingHeaderBytes)
            return protocol::makeError(protocol::ErrorKind::InvalidRequest,
                                       QStringLiteral("header %1 is %2 bytes long; at most %3 are accepted")
                                           .arg(QLatin1String(name)).arg(size).arg(kMaxRoutingHeaderBytes),
                                       "invalid_header");
    }
    return std::nullopt;
}

} // namespace sy::ingress
