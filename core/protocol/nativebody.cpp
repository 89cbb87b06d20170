#include "protocol/nativebody.h"

#include "protocol/anthropic/anthropiccodec.h"
#include "protocol/params.h"

#include <QJsonDocument>

#include <algorithm>

namespace sy::protocol {
namespace {

// Adds what `from` has and `to` lacks: a configured default never overrides the client.
void fillGaps(QJsonObject &to, const QJsonObject &from)
{
    for (auto it = from.begin(); it != from.end(); ++it) {
        if (!to.contains(it.key()))
            to.insert(it.key(), it.value());
    }
}

} // namespace

bool sendsNativeBody(Protocol client, Protocol wire)
{
    return client == wire && (client == Protocol::Anthropic || client == Protocol::Gemini);
}

QByteArray nativeBody(const Request &request, const QString &upstreamModel)
{
    QJsonObject body = request.original;
    QJsonObject params;
    switch (request.source) {
    case Protocol::Anthropic: {
        body.insert(QStringLiteral("model"), upstreamModel);
        Params p = request.params;
        if (p.temperature)
            p.temperature = std::min(1.0, *p.temperature); // Anthropic's range is 0-1
        p.maxTokens = p.maxTokens.value_or(anthropic::kDefaultMaxTokens);
        writeParams(p, kAnthropicParams, params);
        fillGaps(body, params);
        break;
    }
    case Protocol::Gemini: { // the model is in the path; the parameters in generationConfig
        QJsonObject config = body.value(QLatin1String("generationConfig")).toObject();
        writeParams(request.params, kGeminiParams, params);
        fillGaps(config, params);
        if (!config.isEmpty())
            body.insert(QStringLiteral("generationConfig"), config);
        break;
    }
    default:
        break;
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace sy::protocol
