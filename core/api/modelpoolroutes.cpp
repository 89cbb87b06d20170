#include "api/modelpoolroutes.h"

#include "api/configroutes.h"
#include "api/dispatcher.h"
#include "api/modeljson.h"
#include "api/routehelpers.h"
#include "http/httpexchange.h"
#include "protocol/openai/openaiinbound.h"
#include "routing/proxyservices.h"
#include "store/configstore.h"

#include <QDateTime>
#include <QJsonArray>

namespace sy::api {
namespace {

ApiResult invalid(const QString &message, QByteArray param = {})
{
    ApiResult r = ApiResult::error(protocol::ErrorKind::InvalidRequest, message, "invalid_request");
    if (!param.isEmpty()) {
        QJsonObject error = r.body.value(QLatin1String("error")).toObject();
        error.insert(QStringLiteral("param"), QString::fromUtf8(param));
        r.body.insert(QStringLiteral("error"), error);
    }
    return r;
}

// {"agent_class", "prompt" | "messages", "params"} as an OpenAI chat request for "agent:<class>".
bool chatRequestFor(const QJsonObject &body, const QByteArray &headerClass, bool stream, QByteArray *out, ApiResult *error)
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

void registerModelPoolRoutes(Dispatcher &dispatcher, const routing::ProxyServices &services, config::ConfigStore &store,
                             const QByteArray &token)
{
    dispatcher.add("GET", "/model-pool/status", [&services](http::HttpExchange *exchange, const PathParams &) {
        const QJsonObject body{{QStringLiteral("models"), allModelsJson(*services.table, *services.pool, services.routerState)},
                               {QStringLiteral("system"), systemJson(*services.table, *services.pool)}};
        respond(exchange, ApiResult::ok(body));
    });
    dispatcher.add("GET", "/model-pool/preferences", [&store](http::HttpExchange *exchange, const PathParams &) {
        respond(exchange, ApiResult::ok({{QStringLiteral("agents"), store.document().value(QLatin1String("agents")).toObject()}}));
    });
    dispatcher.add("PUT", "/model-pool/preferences", [&store, token](http::HttpExchange *exchange, const PathParams &) {
        if (!requireAdmin(exchange, token))
            return;
        QJsonObject body;
        ApiResult error;
        if (!readJsonObject(exchange, &body, &error)) {
            respond(exchange, error);
            return;
        }
        // {"agents": {...}} (what GET returns) or the agents object itself.
        const QJsonValue agents = body.size() == 1 && body.contains(QLatin1String("agents")) ? body.value(QLatin1String("agents")) : body;
        respondChange(exchange, store.replaceMember(QStringLiteral("agents"), agents, isDryRun(exchange)));
    });
    for (const bool stream : {false, true}) {
        dispatcher.add("POST", stream ? "/model-pool/route/stream" : "/model-pool/route",
                       [&services, stream](http::HttpExchange *exchange, const PathParams &) {
                           QJsonObject body;
                           ApiResult error;
                           QByteArray chat;
                           if (!readJsonObject(exchange, &body, &error) ||
                               !chatRequestFor(body, exchange->request().headers.value("x-agent-class"), stream, &chat, &error)) {
                               respond(exchange, error);
                               return;
                           }
                           protocol::openai::serve(services, exchange, protocol::openai::padForScan(chat),
                                                   protocol::openai::Endpoint::ChatCompletions, "model-pool");
                       });
    }
}

} // namespace sy::api
