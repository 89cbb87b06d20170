#include "protocol/nativebody.h"

#include "protocol/anthropic/anthropiccodec.h"
#include "protocol/params.h"

#include <QJsonDocument>

namespace sy::protocol {
namespace {

// "max_output_tokens" -> "maxOutputTokens": Google's APIs take either spelling of a field.
QString camelCased(const QString &key)
{
    QString out;
    bool upper = false;
    for (const QChar c : key) {
        if (c == QLatin1Char('_')) {
            upper = true;
            continue;
        }
        out += upper ? c.toUpper() : c;
        upper = false;
    }
    return out;
}

// Adds the fields of `from` that `to` has under neither spelling.
void fillGaps(QJsonObject &to, const QJsonObject &from)
{
    QStringList present;
    for (auto it = to.begin(); it != to.end(); ++it)
        present << camelCased(it.key());
    for (auto it = from.begin(); it != from.end(); ++it) {
        if (!present.contains(camelCased(it.key())))
            to.insert(it.key(), it.value());
    }
}

} // namespace

bool sendsNativeBody(Protocol client, Protocol wire)
{
    return client == wire && (client == Protocol::Anthropic || client == Protocol::Gemini);
}

QByteArray nativeBody(const Request &request, const Params &configured, const QString &upstreamModel)
{
    QJsonObject body = request.original;
    QJsonObject params;
    switch (request.source) {
    case Protocol::Anthropic: {
        body.insert(QStringLiteral("model"), upstreamModel);
        writeParams(anthropic::outboundParams(configured, !body.contains(QLatin1String("max_tokens"))), kAnthropicParams, params);
        fillGaps(body, params);
        break;
    }
    case Protocol::Gemini: { // the model is in the path; the parameters in generationConfig
        const QString key = body.contains(QLatin1String("generation_config")) ? QStringLiteral("generation_config") : QStringLiteral("generationConfig");
        QJsonObject config = body.value(key).toObject();
        writeParams(configured, kGeminiParams, params);
        fillGaps(config, params);
        if (!config.isEmpty())
            body.insert(key, config);
        break;
    }
    default:
        break;
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace sy::protocol
