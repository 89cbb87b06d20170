#include "protocol/nativebody.h"

#include "protocol/anthropic/anthropiccodec.h"
#include "protocol/gemini/geminicodec.h"
#include "protocol/params.h"

#include <QJsonDocument>

namespace sy::protocol {

bool sendsNativeBody(Protocol client, Protocol wire)
{
    return client == wire && (client == Protocol::Anthropic || client == Protocol::Gemini);
}

QByteArray nativeBody(const Request &request, const Params &configured, const QString &upstreamModel, const QStringList &stripped)
{
    QJsonObject body = request.original;
    QJsonObject params;
    switch (request.source) {
    case Protocol::Anthropic: {
        body.insert(QStringLiteral("model"), upstreamModel);
        for (const QString &name : stripped) {
            if (const QString theirs = paramNameIn(kAnthropicParams, name.toUtf8()); !theirs.isEmpty())
                body.remove(theirs);
        }
        writeParams(anthropic::outboundParams(configured, !body.contains(QLatin1String("max_tokens"))), kAnthropicParams, params);
        addAbsentFields(body, params);
        break;
    }
    case Protocol::Gemini: { // the model is in the path; the parameters in generationConfig
        const QString key = body.contains(QLatin1String("generation_config")) ? QStringLiteral("generation_config") : QStringLiteral("generationConfig");
        QJsonObject config = body.value(key).toObject();
        for (const QString &name : stripped) { // under either spelling
            const QString camel = paramNameIn(kGeminiParams, name.toUtf8());
            for (const QString &given : config.keys()) {
                if (!camel.isEmpty() && gemini::camelCaseKeys(QJsonObject{{given, 0}}).contains(camel))
                    config.remove(given);
            }
        }
        writeParams(configured, kGeminiParams, params); // camelCase keys
        const QJsonObject present = gemini::camelCaseKeys(config); // what the client set, under either spelling
        for (auto it = params.begin(); it != params.end(); ++it) {
            if (!present.contains(it.key()))
                config.insert(it.key(), it.value());
        }
        if (!config.isEmpty())
            body.insert(key, config);
        else
            body.remove(key); // it held only what was stripped
        break;
    }
    default:
        break;
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace sy::protocol
