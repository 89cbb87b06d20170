#include "ingress/responsesendpoints.h"

#include "http/httpexchange.h"
#include "http/pathrouter.h"
#include "ingress/ingress.h"
#include "ingress/requestbody.h"
#include "protocol/responses/responsescodec.h"
#include "store/history.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

namespace sy::ingress {
namespace {

using protocol::ErrorKind;
using protocol::makeError;

protocol::ApiError notKept(const QString &id)
{
    return makeError(ErrorKind::NotFound, QStringLiteral("no response with the id \"%1\" is kept here").arg(protocol::excerpt(id)),
                     "response_not_found");
}

protocol::ApiError noStore()
{
    return makeError(ErrorKind::NotFound,
                     QStringLiteral("responses are not kept: history is disabled (history.enabled in the config); send the whole "
                                    "conversation instead of previous_response_id"),
                     "response_not_found");
}

// The conversation a follow-up continues: the previous turn's input items, then its output.
QJsonArray continuedInput(const history::HistoryDb::StoredResponse &previous, const QJsonValue &input)
{
    QJsonArray items = QJsonDocument::fromJson(previous.inputItems).array();
    for (const QJsonValue &item : QJsonDocument::fromJson(previous.response).object().value(QLatin1String("output")).toArray())
        items.append(item);
    if (input.isString())
        items.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("message")},
                                 {QStringLiteral("role"), QStringLiteral("user")},
                                 {QStringLiteral("content"), input.toString()}});
    for (const QJsonValue &item : input.toArray())
        items.append(item);
    return items;
}

class ResponsesEndpoints {
public:
    ResponsesEndpoints(const Ingress &ingress, history::History *store) : m_ingress(ingress), m_store(store) {}

    void create(http::HttpExchange *exchange)
    {
        readObject(exchange, [this, exchange](QJsonObject body) {
            const QString previousId = body.value(QLatin1String("previous_response_id")).toString();
            if (previousId.isEmpty()) {
                serve(exchange, body);
                return;
            }
            if (!isStoreOpen()) {
                exchange->respondError(noStore());
                return;
            }
            m_store->loadResponse(previousId, exchange->clientName(), [this, exchange = QPointer(exchange), body, previousId](history::HistoryDb::StoredResponse previous) mutable {
                if (!exchange || exchange->isClientGone())
                    return;
                if (!previous.found()) {
                    exchange->respondError(notKept(previousId));
                    return;
                }
                body.insert(QStringLiteral("input"), continuedInput(previous, body.value(QLatin1String("input"))));
                serve(exchange, body);
            });
        });
    }

    void get(http::HttpExchange *exchange, const QString &id, bool inputItems)
    {
        if (!isStoreOpen()) {
            exchange->respondError(noStore());
            return;
        }
        m_store->loadResponse(id, exchange->clientName(), [exchange = QPointer(exchange), id, inputItems](history::HistoryDb::StoredResponse stored) {
            if (!exchange)
                return;
            if (!stored.found()) {
                exchange->respondError(notKept(id));
                return;
            }
            if (!inputItems) {
                exchange->respondJson(200, stored.response);
                return;
            }
            const QJsonArray items = QJsonDocument::fromJson(stored.inputItems).array();
            QJsonArray data;
            for (qsizetype i = 0; i < items.size(); ++i) { // the list names each item; ours get ids by position
                QJsonObject item = items[i].toObject();
                if (!item.contains(QLatin1String("id")))
                    item.insert(QStringLiteral("id"), QStringLiteral("item_%1_%2").arg(id).arg(i));
                data.append(item);
            }
            const QJsonObject list{{QStringLiteral("object"), QStringLiteral("list")},
                                   {QStringLiteral("data"), data},
                                   {QStringLiteral("first_id"), data.isEmpty() ? QJsonValue() : data.first().toObject().value(QLatin1String("id"))},
                                   {QStringLiteral("last_id"), data.isEmpty() ? QJsonValue() : data.last().toObject().value(QLatin1String("id"))},
                                   {QStringLiteral("has_more"), false}};
            exchange->respondJson(200, QJsonDocument(list).toJson(QJsonDocument::Compact));
        });
    }

    void remove(http::HttpExchange *exchange, const QString &id)
    {
        if (!isStoreOpen()) {
            exchange->respondError(noStore());
            return;
        }
        m_store->deleteResponse(id, exchange->clientName(), [exchange = QPointer(exchange), id](bool deleted) {
            if (!exchange)
                return;
            if (!deleted) {
                exchange->respondError(notKept(id));
                return;
            }
            exchange->respondJson(200, QJsonDocument(QJsonObject{{QStringLiteral("id"), id},
                                                                 {QStringLiteral("object"), QStringLiteral("response")},
                                                                 {QStringLiteral("deleted"), true}})
                                           .toJson(QJsonDocument::Compact));
        });
    }

private:
    bool isStoreOpen() const { return m_store && m_store->isOpen() && m_store->isEnabled(); }

    void serve(http::HttpExchange *exchange, const QJsonObject &body)
    {
        ParsedRequest parsed = parseRequestObject(body, protocol::Protocol::Responses, protocol::Flavor::Chat);
        if (!parsed.request) {
            exchange->respondError(parsed.error);
            return;
        }
        routing::InboundCall call = canonicalCall(exchange->request(), parsed.request, {protocol::Protocol::Responses, protocol::Flavor::Chat, "responses", false});
        // Kept unless the client says not to (as OpenAI does), for follow-ups and GET.
        call.storeResponse = body.value(QLatin1String("store")).toBool(true) && isStoreOpen();
        if (call.storeResponse)
            call.conversationItems = QJsonDocument(protocol::responses::inputItems(*parsed.request)).toJson(QJsonDocument::Compact);
        m_ingress.serve(exchange, std::move(call));
    }

    const Ingress &m_ingress;
    history::History *m_store;
};

} // namespace

void addResponsesEndpoints(http::PathRouter &router, const Ingress &ingress, history::History *store)
{
    // Lives as long as the router's handlers (the core's lifetime).
    auto endpoints = std::make_shared<ResponsesEndpoints>(ingress, store);
    router.add("POST", "/v1/responses", [endpoints](http::HttpExchange *e, const http::PathParams &) { endpoints->create(e); });
    router.add("GET", "/v1/responses/{id}", [endpoints](http::HttpExchange *e, const http::PathParams &p) {
        endpoints->get(e, QString::fromUtf8(p.value("id")), false);
    });
    router.add("GET", "/v1/responses/{id}/input_items", [endpoints](http::HttpExchange *e, const http::PathParams &p) {
        endpoints->get(e, QString::fromUtf8(p.value("id")), true);
    });
    router.add("DELETE", "/v1/responses/{id}", [endpoints](http::HttpExchange *e, const http::PathParams &p) {
        endpoints->remove(e, QString::fromUtf8(p.value("id")));
    });
}

} // namespace sy::ingress
