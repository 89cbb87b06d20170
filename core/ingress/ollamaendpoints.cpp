#include "ingress/ollamaendpoints.h"

#include "http/httpexchange.h"
#include "http/pathrouter.h"
#include "ingress/ingress.h"
#include "ingress/requestbody.h"
#include "ingress/requestlimits.h"
#include "pool/modelpool.h"
#include "pool/ollamamonitor.h"
#include "protocol/ollama/ollamacodec.h"
#include "protocol/ollama/ollamaembed.h"
#include "protocol/openai/requestscan.h"
#include "record/capabilities.h"
#include "routing/listedmodels.h"
#include "routing/modelactions.h"
#include "routing/proxyservices.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

namespace sy::ingress {
namespace {

using protocol::ErrorKind;
using protocol::Flavor;
using protocol::Protocol;
using protocol::Request;
using protocol::makeError;
using protocol::ollama::EmbedRequest;
using protocol::ollama::EmbedShape;
using protocol::ollama::answerBase;
using protocol::ollama::keepAliveSeconds;

// The Ollama API level served: native /api/* plus the OpenAI-compatible /v1 routes with
// /v1/responses, which Ollama added in 0.13.x. Clients gate features on it (Codex's --oss
// wants at least 0.13.4 for the Responses API), so raise it only with what it implies.
constexpr const char *kApiVersion = "0.13.5";

void respondJson(http::HttpExchange *exchange, const QJsonObject &body, int status = 200)
{
    exchange->respondJson(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject details(const routing::ListedModel &m)
{
    QString family = m.ollama ? m.ollama->family : QString();
    if (family.isEmpty())
        family = m.pseudo ? QStringLiteral("switchyard") : QString::fromUtf8(m.owner);
    return {{QStringLiteral("parent_model"), QString()},
            {QStringLiteral("format"), QStringLiteral("gguf")},
            {QStringLiteral("family"), family},
            {QStringLiteral("families"), QJsonArray{family}},
            {QStringLiteral("parameter_size"), m.ollama ? m.ollama->parameterSize : QString()},
            {QStringLiteral("quantization_level"), m.ollama ? m.ollama->quantization : QString()}};
}

QJsonObject tagJson(const routing::ListedModel &m, qint64 size)
{
    const QString name = QString::fromUtf8(m.id);
    return {{QStringLiteral("name"), name},
            {QStringLiteral("model"), name},
            {QStringLiteral("modified_at"), QStringLiteral("2026-01-01T00:00:00Z")},
            {QStringLiteral("size"), double(size)},
            {QStringLiteral("digest"), QString::fromLatin1(QCryptographicHash::hash(m.id, QCryptographicHash::Sha256).toHex())},
            {QStringLiteral("details"), details(m)}};
}

const pool::ModelInstance *managedInstance(const routing::ProxyServices &services, const routing::ListedModel &m)
{
    return m.model >= 0 ? services.pool->instance(QString::fromUtf8(services.table->models()[std::size_t(m.model)].id)) : nullptr;
}

void tags(const routing::ProxyServices &services, http::HttpExchange *exchange)
{
    QJsonArray models;
    for (const routing::ListedModel &m : routing::listedModels(services)) {
        const pool::ModelInstance *instance = managedInstance(services, m);
        models.append(tagJson(m, m.ollama ? m.ollama->diskBytes : instance ? instance->expectedBytes() : 0));
    }
    respondJson(exchange, {{QStringLiteral("models"), models}});
}

void ps(const routing::ProxyServices &services, http::HttpExchange *exchange)
{
    constexpr qint64 kForeverMs = 290LL * 365 * 24 * 3600 * 1000; // how Ollama says "never expires"
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QJsonArray models;
    for (const routing::ListedModel &m : routing::listedModels(services)) {
        QJsonObject o;
        if (const pool::ModelInstance *instance = managedInstance(services, m); instance && m.id == instance->id().toUtf8()) {
            if (instance->state() != pool::ModelState::Hot && instance->state() != pool::ModelState::Busy)
                continue;
            o = tagJson(m, instance->rssBytes());
            const qint64 remaining = instance->ttlRemainingMs();
            o.insert(QStringLiteral("expires_at"), isoTime(now + (remaining >= 0 ? remaining : kForeverMs)));
            o.insert(QStringLiteral("size_vram"), double(instance->gpuBytes().value_or(0)));
        } else if (m.ollama && m.ollama->loaded) {
            o = tagJson(m, m.ollama->memoryBytes);
            o.insert(QStringLiteral("expires_at"), isoTime(m.ollama->expiresAtMs > 0 ? m.ollama->expiresAtMs : now + kForeverMs));
            o.insert(QStringLiteral("size_vram"), double(m.ollama->vramBytes));
        } else {
            continue;
        }
        o.remove(QStringLiteral("modified_at"));
        models.append(o);
    }
    respondJson(exchange, {{QStringLiteral("models"), models}});
}

void show(const routing::ProxyServices &services, http::HttpExchange *exchange)
{
    const std::optional<QJsonObject> body = readJsonBody(exchange);
    if (!body)
        return;
    // "model", or "name" as older clients send it; a number or an object is a mistake to say.
    const QJsonValue model = body->value(QLatin1String("model"));
    const QLatin1String key = model.isUndefined() || model.isNull() ? QLatin1String("name") : QLatin1String("model");
    const QJsonValue given = body->value(key);
    if (!given.isString() || given.toString().isEmpty()) {
        exchange->respondError(makeError(ErrorKind::InvalidRequest,
                                         given.isUndefined() || given.isNull() || given.isString() ? QStringLiteral("model is required")
                                                                                                   : QStringLiteral("%1 must be a string").arg(key)));
        return;
    }
    const QByteArray name = given.toString().toUtf8();
    for (const routing::ListedModel &m : routing::listedModels(services)) {
        if (m.id != name)
            continue;
        QJsonArray capabilities{QStringLiteral("completion")};
        int context = 0;
        if (m.model >= 0) {
            const routing::ModelEntry &entry = services.table->models()[std::size_t(m.model)];
            context = entry.contextTokens;
            if (!entry.capabilitiesDeclared || (entry.capabilities & routing::CapTools))
                capabilities.append(QStringLiteral("tools"));
            if (entry.capabilities & routing::CapVision)
                capabilities.append(QStringLiteral("vision"));
            if (entry.capabilities & routing::CapEmbeddings)
                capabilities = QJsonArray{QStringLiteral("embedding")};
            else if (entry.capabilitiesDeclared && record::servesNoText(entry.capabilities))
                capabilities = QJsonArray{}; // Ollama has no word for a reranker; it does not complete
        } else {
            capabilities.append(QStringLiteral("tools"));
        }
        QJsonObject info{{QStringLiteral("general.architecture"), details(m).value(QLatin1String("family"))}};
        if (context > 0)
            info.insert(QStringLiteral("general.context_length"), context);
        respondJson(exchange, {{QStringLiteral("modelfile"), QStringLiteral("# served by Switchyard (%1)").arg(QString::fromUtf8(m.owner))},
                               {QStringLiteral("parameters"), QString()},
                               {QStringLiteral("template"), QString()},
                               {QStringLiteral("details"), details(m)},
                               {QStringLiteral("model_info"), info},
                               {QStringLiteral("capabilities"), capabilities},
                               {QStringLiteral("modified_at"), QStringLiteral("2026-01-01T00:00:00Z")}});
        return;
    }
    exchange->respondError(makeError(ErrorKind::NotFound, QStringLiteral("model '%1' not found").arg(protocol::excerpt(name)), "model_not_found"));
}

// A chat or generate request with nothing to answer: Ollama's way to load or unload.
bool isLoadRequest(const Request &request, Flavor flavor)
{
    if (flavor == Flavor::Prompt)
        return request.messages.size() == 1 && request.messages.front().parts.size() == 1 &&
               request.messages.front().parts.front().text.isEmpty();
    return request.messages.empty();
}

// Loads or unloads (keep_alive 0) `model` for a request with nothing to answer; `answer`
// gives the body of the reply once done. `anyName`: a name that is no model to load (served
// from elsewhere, or a policy, mapped or unknown name, which embeddings route by capability)
// gets the answer too rather than a 400 or 404.
void loadOrUnload(const routing::ProxyServices &services, http::HttpExchange *exchange, const QString &model, const QJsonValue &keepAlive,
                  std::function<QByteArray(bool unload)> answer, bool anyName = false)
{
    const bool unload = !keepAlive.isUndefined() && keepAliveSeconds(keepAlive) == 0;
    auto done = [&services, exchange = QPointer<http::HttpExchange>(exchange), keepAlive, unload, anyName,
                 answer = std::move(answer)](const routing::ModelActionResult &result) {
        if (!exchange)
            return; // the client left while a node took the action
        if (anyName && (result.error == routing::ModelActionResult::Error::NotLoadable || result.error == routing::ModelActionResult::Error::NotFound)) {
            exchange->respondJson(200, answer(unload));
            return;
        }
        if (!result.ok()) {
            exchange->respondError(makeError(result.errorKind(), result.message, result.errorCode()));
            return;
        }
        if (!unload && !keepAlive.isUndefined())
            services.pool->setKeepAlive(result.id, keepAliveSeconds(keepAlive)); // the canonical id, also for an alias
        exchange->respondJson(200, answer(unload));
    };
    if (unload)
        routing::unloadModel(services, model, std::move(done));
    else
        routing::loadModel(services, model, std::move(done));
}

QByteArray loadAnswer(const QString &model, Flavor flavor, bool unload)
{
    QJsonObject out = answerBase(model, true);
    if (flavor == Flavor::Prompt)
        out.insert(QStringLiteral("response"), QString());
    else
        out.insert(QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), QString()}});
    out.insert(QStringLiteral("done_reason"), unload ? QStringLiteral("unload") : QStringLiteral("load"));
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

void generate(const Ingress &ingress, http::HttpExchange *exchange, Flavor flavor)
{
    readRequest(exchange, Protocol::Ollama, flavor, [&ingress, exchange, flavor](std::shared_ptr<Request> request) {
        if (isLoadRequest(*request, flavor)) {
            if (ingress.admitsModelAction(exchange, request->model))
                loadOrUnload(ingress.services(), exchange, request->model, request->keepAlive,
                             [model = request->model, flavor](bool unload) { return loadAnswer(model, flavor, unload); });
            return;
        }
        ingress.serveCanonical(exchange, std::move(request), {Protocol::Ollama, flavor, flavor == Flavor::Prompt ? "generate" : "chat", false});
    });
}

// An embeddings request read and turned into OpenAI's (pure: a large one off the core thread).
struct EmbedCall {
    EmbedRequest request;
    QByteArray openAiBody; // with padForScan's padding; empty when there is nothing to embed
    std::optional<protocol::ApiError> refusal;
};

EmbedCall readEmbedCall(const QJsonObject &body, EmbedShape shape)
{
    EmbedCall call;
    QString error;
    if (!protocol::ollama::parseEmbedRequest(body, shape, call.request, &error))
        call.refusal = makeError(ErrorKind::InvalidRequest, error);
    else if (!call.request.nothingToEmbed())
        call.openAiBody = protocol::openai::padForScan(protocol::ollama::openAiEmbeddingsBody(call.request)); // the scan checks its limits
    else
        call.refusal = checkModelName(call.request.model.toUtf8().size());
    return call;
}

void embed(const Ingress &ingress, http::HttpExchange *exchange, EmbedShape shape)
{
    readObjectAs<EmbedCall>(
        exchange, [shape](const QJsonObject &body) { return readEmbedCall(body, shape); },
        [&ingress, exchange, shape](EmbedCall call) {
            if (call.refusal) {
                exchange->respondError(*call.refusal);
            } else if (call.openAiBody.isEmpty()) {
                // An empty batch (a chunker that found nothing) is answered whatever the name is.
                if (ingress.admitsModelAction(exchange, call.request.model))
                    loadOrUnload(
                        ingress.services(), exchange, call.request.model, call.request.keepAlive,
                        [shape, model = call.request.model.toUtf8()](bool) { return protocol::ollama::emptyEmbedAnswer(shape, model); }, true);
            } else {
                const protocol::ollama::EmbedAnswerFor answer{shape, call.request.inputCount(), call.request.model.toUtf8()};
                ingress.serveOpenAi(exchange, std::move(call.openAiBody), protocol::openai::Endpoint::Embeddings,
                                    shape == EmbedShape::Batch ? "embed" : "embeddings", routing::InboundCall::OllamaEmbed{answer, call.request.keepAlive});
            }
        });
}

} // namespace

void addOllamaEndpoints(http::PathRouter &router, const Ingress &ingress)
{
    const routing::ProxyServices &services = ingress.services();
    router.add("POST", "/api/chat", [&ingress](http::HttpExchange *e, const http::PathParams &) { generate(ingress, e, Flavor::Chat); });
    router.add("POST", "/api/generate", [&ingress](http::HttpExchange *e, const http::PathParams &) { generate(ingress, e, Flavor::Prompt); });
    router.add("GET", "/api/tags", [&services](http::HttpExchange *e, const http::PathParams &) { tags(services, e); });
    router.add("GET", "/api/ps", [&services](http::HttpExchange *e, const http::PathParams &) { ps(services, e); });
    router.add("POST", "/api/show", [&services](http::HttpExchange *e, const http::PathParams &) { show(services, e); });
    router.add("GET", "/api/version", [](http::HttpExchange *e, const http::PathParams &) {
        respondJson(e, {{QStringLiteral("version"), QLatin1String(kApiVersion)}});
    });
    router.add("POST", "/api/embed", [&ingress](http::HttpExchange *e, const http::PathParams &) { embed(ingress, e, EmbedShape::Batch); });
    router.add("POST", "/api/embeddings", [&ingress](http::HttpExchange *e, const http::PathParams &) { embed(ingress, e, EmbedShape::Single); });
    router.add("GET", "/", [](http::HttpExchange *e, const http::PathParams &) {
        e->respond(200, {{"Content-Type", "text/plain; charset=utf-8"}}, QByteArrayLiteral("Ollama is running"));
    });
}

} // namespace sy::ingress
