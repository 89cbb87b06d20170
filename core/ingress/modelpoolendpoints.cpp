#include "ingress/modelpoolendpoints.h"

#include "http/httpexchange.h"
#include "http/pathrouter.h"
#include "ingress/ingress.h"
#include "ingress/requestbody.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sy::ingress {
namespace {

protocol::ApiError invalid(const QString &message, QByteArray param = {})
{
    return protocol::makeError(protocol::ErrorKind::InvalidRequest, message, "invalid_request", std::move(param));
}

// {"agent_class", "prompt" | "messages", "params"} as an OpenAI chat request for "agent:<class>".
bool chatRequestFor(const QJsonObject &body, const QByteArray &headerClass, bool stream, QByteArray *out, protocol::ApiError *error)
{
    static const QStringList kKnown = {QStringLiteral("agent_class"), QStringLiteral("prompt"), QStringLiteral("messages"),
                                       QStringLiteral("params"), QStringLiteral("system")};
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!kKnown.contains(it.key())) {
            *error = invalid(QStringLiteral("unknown field \"%1\" (expected agent_class, prompt or messages, system, params)").arg(it.key()),
                             it.key().toUtf8());
            return false;
        }
    }
    const QJsonValue agentClass = body.value(QLatin1String("agent_class"));
    if (!agentClass.isUndefined() && (!agentClass.isString() || agentClass.toString().isEmpty())) {
        *error = invalid(QStringLiteral("agent_class must be a non-empty string"), "agent_class");
        return false;
    }
    const QString agent = agentClass.isString() ? agentClass.toString()
                          : headerClass.isEmpty() ? QStringLiteral("default")
                                                  : QString::fromUtf8(headerClass);
    QJsonArray messages;
    const QJsonValue prompt = body.value(QLatin1String("prompt"));
    const QJsonValue given = body.value(QLatin1String("messages"));
    if (prompt.isUndefined() == given.isUndefined()) {
        *error = invalid(QStringLiteral("send either \"prompt\" (a string) or \"messages\" (an array), not both or neither"));
        return false;
    }
    if (const QJsonValue system = body.value(QLatin1String("system")); !system.isUndefined()) {
        if (!system.isString()) {
            *error = invalid(QStringLiteral("system must be a string"), "system");
            return false;
        }
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")}, {QStringLiteral("content"), system}});
    }
    if (!prompt.isUndefined()) {
        if (!prompt.isString() || prompt.toString().isEmpty()) {
            *error = invalid(QStringLiteral("prompt must be a non-empty string"), "prompt");
            return false;
        }
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), prompt}});
    } else {
        if (!given.isArray() || given.toArray().isEmpty()) {
            *error = invalid(QStringLiteral("messages must be a non-empty array"), "messages");
            return false;
        }
        for (const QJsonValue &m : given.toArray())
            messages.append(m);
    }
    QJsonObject chat;
    const QJsonValue params = body.value(QLatin1String("params"));
    if (!params.isUndefined() && !params.isObject()) {
        *error = invalid(QStringLiteral("params must be an object of inference parameters"), "params");
        return false;
    }
    const QJsonObject paramObject = params.toObject();
    for (auto it = paramObject.begin(); it != paramObject.end(); ++it) {
        if (it.key() == QLatin1String("model") || it.key() == QLatin1String("messages") || it.key() == QLatin1String("stream")) {
            *error = invalid(QStringLiteral("params may not set \"%1\"").arg(it.key()), "params");
            return false;
        }
        chat.insert(it.key(), it.value());
    }
    chat.insert(QStringLiteral("model"), QStringLiteral("agent:") + agent);
    chat.insert(QStringLiteral("messages"), messages);
    if (stream)
        chat.insert(QStringLiteral("stream"), true);
    *out = QJsonDocument(chat).toJson(QJsonDocument::Compact);
    return true;
}

} // namespace

void addModelPoolEndpoints(http::PathRouter &router, const Ingress &ingress)
{
    for (const bool stream : {false, true}) {
        router.add("POST", stream ? "/model-pool/route/stream" : "/model-pool/route",
                   [&ingress, stream](http::HttpExchange *exchange, const http::PathParams &) {
                       std::optional<QJsonObject> body = readJsonBody(exchange);
                       if (!body)
                           return;
                       QByteArray chat;
                       protocol::ApiError error;
                       if (!chatRequestFor(*body, exchange->request().headers.value("x-agent-class"), stream, &chat, &error)) {
                           exchange->respondError(error);
                           return;
                       }
                       ingress.serveOpenAi(exchange, protocol::openai::padForScan(chat), protocol::openai::Endpoint::ChatCompletions,
                                           "model-pool");
                   });
    }
}

} // namespace sy::ingress
