#include "simserver.h"

#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "simanswer.h"
#include "simdialect.h"
#include "simollama.h"
#include "simresponses.h"
#include "simstream.h"
#include "simtext.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace sim {

SimServer::SimServer(SimOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_server(new sy::http::HttpServer(this)), m_random(quint32(m_options.seed))
{
    m_sinceStart.start();
    m_server->setHandler([this](sy::http::HttpExchange *e) { handle(e); });
    if (!m_options.ollamaModels.isEmpty() || !m_options.ollamaEmbeddingModels.isEmpty())
        m_ollama = std::make_unique<SimOllama>(*this, m_options.ollamaModels, m_options.ollamaEmbeddingModels);
}

SimServer::~SimServer() = default;

bool SimServer::listen(QString *error)
{
    const QHostAddress address(m_options.host == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : m_options.host);
    if (!m_server->listen(address, quint16(m_options.port))) {
        *error = m_server->errorString();
        return false;
    }
    return true;
}

quint16 SimServer::port() const
{
    return m_server->serverPort();
}

void SimServer::respondError(sy::http::HttpExchange *exchange, int status, const QString &message, const char *type)
{
    const QJsonObject body{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), status},
                                                                 {QStringLiteral("message"), message},
                                                                 {QStringLiteral("type"), QLatin1String(type)}}}};
    exchange->respondJson(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void SimServer::handle(sy::http::HttpExchange *exchange)
{
    const QByteArray path = exchange->request().path;
    const QByteArray method = exchange->request().method;
    if (path == "/health")
        return health(exchange);
    if (path == "/sim/stats") {
        const QJsonObject body{{QStringLiteral("requests"), m_stats.requests},
                               {QStringLiteral("completed"), m_stats.completed},
                               {QStringLiteral("cancelled"), m_stats.cancelled},
                               {QStringLiteral("active"), m_stats.active},
                               {QStringLiteral("maxActive"), m_stats.maxActive},
                               {QStringLiteral("connections"), qint64(m_server->acceptedConnections())},
                               {QStringLiteral("pid"), qint64(::getpid())}};
        return exchange->respondJson(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    if (path == "/sim/last-request")
        return exchange->respondJson(200, QJsonDocument(m_lastRequest).toJson(QJsonDocument::Compact));
    if (!isLoaded())
        return respondError(exchange, 503, QStringLiteral("Loading model"), "unavailable_error");
    if (m_ollama && path.startsWith("/api/")) {
        const QJsonObject body = QJsonDocument::fromJson(exchange->body()).object();
        if (method == "POST")
            m_lastRequest = {{QStringLiteral("path"), QString::fromLatin1(path)}, {QStringLiteral("body"), body}};
        if (m_ollama->handle(exchange, body))
            return;
    }
    if (path == "/v1/models" || path == "/models")
        return models(exchange);

    const Route route = routeFor(path, exchange->request().query);
    if (route.dialect == Dialect::None)
        return respondError(exchange, 404, QStringLiteral("File Not Found"), "not_found_error");
    if (method != "POST")
        return respondError(exchange, 405, QStringLiteral("Method Not Allowed"), "invalid_request_error");
    auto fail = [&](int status, const QString &message) { exchange->respondJson(status, errorBody(route.dialect, status, message)); };

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(exchange->body(), &parseError);
    if (!doc.isObject())
        return fail(400, QStringLiteral("invalid JSON: %1").arg(parseError.errorString()));
    ++m_stats.requests;
    QJsonObject headers;
    for (const sy::http::HeaderField h : exchange->request().headers)
        headers.insert(QString::fromLatin1(h.name.toByteArray().toLower()), QString::fromLatin1(h.value.toByteArray()));
    m_lastRequest = {{QStringLiteral("path"), QString::fromLatin1(path)},
                     {QStringLiteral("query"), QString::fromLatin1(exchange->request().query)},
                     {QStringLiteral("headers"), headers},
                     {QStringLiteral("body"), doc.object()}};
    std::printf("sim: %s %s (%lld bytes)\n", method.constData(), path.constData(), qlonglong(exchange->body().size()));
    std::fflush(stdout);

    if (!m_options.requiredKey.isEmpty() && !hasKey(exchange, route.dialect))
        return fail(401, QStringLiteral("invalid or missing API key"));
    if (const QString problem = validate(route.dialect, doc.object(), exchange->request().headers.value("anthropic-version")); !problem.isEmpty())
        return fail(400, problem);
    const bool vectorsOrScores = route.dialect == Dialect::OpenAIEmbedding || route.dialect == Dialect::OpenAIRerank;
    if (m_options.crashAfter >= 0 && m_stats.requests > m_options.crashAfter) {
        if (!wantsStream(route, doc.object()) || vectorsOrScores) {
            std::printf("sim: crashing (--crash-after %d)\n", m_options.crashAfter);
            std::fflush(stdout);
            ::_exit(3);
        }
    }
    if (m_options.failRate > 0 && m_random.generateDouble() < m_options.failRate) {
        ++m_stats.completed;
        return fail(500, QStringLiteral("simulated failure (--fail-rate)"));
    }

    const QJsonObject body = doc.object();
    QPointer<sy::http::HttpExchange> guard(exchange);
    auto respond = [this, guard, body, route, vectorsOrScores] {
        if (!guard || guard->isClientGone())
            return;
        if (route.dialect == Dialect::OpenAIRerank)
            rerank(guard, body);
        else if (vectorsOrScores)
            embeddings(guard, body);
        else
            generate(guard, body, route);
    };
    if (m_options.firstByteDelayMs > 0)
        QTimer::singleShot(m_options.firstByteDelayMs, this, respond);
    else
        respond();
}

bool SimServer::hasKey(sy::http::HttpExchange *exchange, Dialect dialect) const
{
    const sy::http::RequestHead &r = exchange->request();
    const QByteArray key = m_options.requiredKey.toUtf8();
    switch (dialect) {
    case Dialect::Anthropic: return r.headers.value("x-api-key") == key;
    case Dialect::Gemini: return r.headers.value("x-goog-api-key") == key || r.queryValue("key") == key;
    default: return r.headers.value("authorization") == "Bearer " + key;
    }
}

void SimServer::generate(sy::http::HttpExchange *exchange, const QJsonObject &body, const Route &route)
{
    if (m_options.badJson) {
        ++m_stats.completed;
        exchange->respond(200, {{"Content-Type", "application/json"}}, "<html>upstream proxy error page</html>");
        return;
    }
    const bool chat = route.dialect != Dialect::OpenAICompletion;
    const Answer answer = planAnswer(asOpenAiRequest(route.dialect, body), chat, m_options.modelName, m_options);
    const QString model = route.dialect == Dialect::Gemini ? route.model : body.value(QLatin1String("model")).toString(m_options.modelName);
    const qint64 created = QDateTime::currentSecsSinceEpoch();
    const QString id = route.dialect == Dialect::Anthropic         ? QStringLiteral("msg_sim%1").arg(m_stats.requests)
                       : route.dialect == Dialect::OpenAIResponses ? QStringLiteral("resp_sim%1").arg(m_stats.requests)
                       : (chat ? QStringLiteral("chatcmpl-") : QStringLiteral("cmpl-")) + QString::number(m_stats.requests);

    if (!wantsStream(route, body)) {
        QByteArray out;
        if (route.dialect == Dialect::Anthropic)
            out = anthropicMessage(answer, id, model);
        else if (route.dialect == Dialect::Gemini)
            out = geminiResponse(answer, model);
        else if (route.dialect == Dialect::OpenAIResponses)
            out = responseObject(answer, id, model, created);
        else
            out = QJsonDocument(chat ? chatCompletion(answer, id, model, created) : textCompletion(answer, id, model, created))
                      .toJson(QJsonDocument::Compact);
        // A whole answer takes as long to generate as its stream would.
        const int generationMs = m_options.tokensPerS > 0 ? int(1000.0 * double(answer.tokens.size()) / m_options.tokensPerS) : 0;
        QTimer::singleShot(generationMs, this, [this, guard = QPointer<sy::http::HttpExchange>(exchange), out] {
            ++m_stats.completed;
            if (guard && !guard->isClientGone())
                guard->respondJson(200, out);
        });
        return;
    }
    const int intervalMs = m_options.tokensPerS > 0 ? std::max(1, int(1000.0 / m_options.tokensPerS)) : 0;
    const bool crash = m_options.crashAfter >= 0 && m_stats.requests > m_options.crashAfter;
    if (route.dialect == Dialect::Anthropic) {
        new SimStream(exchange, anthropicEvents(answer, id, model), intervalMs, m_stats, crash, "text/event-stream", QByteArray());
        return;
    }
    if (route.dialect == Dialect::OpenAIResponses) {
        new SimStream(exchange, responseEvents(answer, id, model, created), intervalMs, m_stats, crash, "text/event-stream", QByteArray());
        return;
    }
    if (route.dialect == Dialect::Gemini) {
        new SimStream(exchange, geminiChunks(answer, model, route.sse), intervalMs, m_stats, crash,
                      route.sse ? "text/event-stream" : "application/json", route.sse ? QByteArray() : QByteArray("]"));
        return;
    }
    const bool includeUsage =
        body.value(QLatin1String("stream_options")).toObject().value(QLatin1String("include_usage")).toBool();
    const QList<QJsonObject> chunks = chat ? chatChunks(answer, id, model, created, includeUsage)
                                           : textChunks(answer, id, model, created, includeUsage);
    QByteArrayList events;
    for (const QJsonObject &c : chunks)
        events << "data: " + QJsonDocument(c).toJson(QJsonDocument::Compact) + "\n\n";
    new SimStream(exchange, std::move(events), intervalMs, m_stats, crash);
}

void SimServer::embeddings(sy::http::HttpExchange *exchange, const QJsonObject &body)
{
    if (m_options.badJson) {
        ++m_stats.completed;
        exchange->respond(200, {{"Content-Type", "application/json"}}, "<html>upstream proxy error page</html>");
        return;
    }
    QStringList inputs;
    const QJsonValue input = body.value(QLatin1String("input"));
    if (input.isString())
        inputs << input.toString();
    else
        for (const QJsonValue &v : input.toArray())
            inputs << (v.isString() ? v.toString() : QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson()));
    const bool base64 = body.value(QLatin1String("encoding_format")).toString() == QLatin1String("base64");
    QJsonArray data;
    int tokens = 0;
    for (qsizetype i = 0; i < inputs.size(); ++i) {
        const std::vector<float> v = embedding(inputs[i].toUtf8(), m_options.embeddingDims);
        tokens += approximateTokens(inputs[i]);
        QJsonValue encoded;
        if (base64) {
            QByteArray raw(qsizetype(v.size() * sizeof(float)), Qt::Uninitialized);
            std::memcpy(raw.data(), v.data(), std::size_t(raw.size())); // little-endian float32, as OpenAI sends
            encoded = QString::fromLatin1(raw.toBase64());
        } else {
            QJsonArray values;
            for (float x : v)
                values.append(double(x));
            encoded = values;
        }
        data.append(QJsonObject{{QStringLiteral("object"), QStringLiteral("embedding")},
                                {QStringLiteral("index"), int(i)},
                                {QStringLiteral("embedding"), encoded}});
    }
    const QJsonObject out{{QStringLiteral("object"), QStringLiteral("list")},
                          {QStringLiteral("data"), data},
                          {QStringLiteral("model"), body.value(QLatin1String("model")).toString(m_options.modelName)},
                          {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), tokens},
                                                                {QStringLiteral("total_tokens"), tokens}}}};
    ++m_stats.completed;
    exchange->respondJson(200, QJsonDocument(out).toJson(QJsonDocument::Compact));
}

void SimServer::rerank(sy::http::HttpExchange *exchange, const QJsonObject &body)
{
    // llama-server's answer: every document's index and score, best first, cut to top_n;
    // the text too with return_documents.
    const QString query = body.value(QLatin1String("query")).toString();
    const QJsonArray documents = body.value(QLatin1String("documents")).toArray();
    struct Scored {
        int index;
        double score;
        QString text;
    };
    std::vector<Scored> scored;
    int tokens = approximateTokens(query);
    for (qsizetype i = 0; i < documents.size(); ++i) {
        const QJsonValue d = documents[i];
        const QString text = d.isObject() ? d.toObject().value(QLatin1String("text")).toString() : d.toString();
        tokens += approximateTokens(text);
        scored.push_back({int(i), relevance(query, text), text});
    }
    std::stable_sort(scored.begin(), scored.end(), [](const Scored &a, const Scored &b) { return a.score > b.score; });
    const qsizetype topN = body.value(QLatin1String("top_n")).toInteger(qsizetype(scored.size()));
    const bool withText = body.value(QLatin1String("return_documents")).toBool();
    QJsonArray results;
    for (std::size_t i = 0; i < scored.size() && qsizetype(i) < topN; ++i) {
        QJsonObject r{{QStringLiteral("index"), scored[i].index}, {QStringLiteral("relevance_score"), scored[i].score}};
        if (withText)
            r.insert(QStringLiteral("document"), QJsonObject{{QStringLiteral("text"), scored[i].text}});
        results.append(r);
    }
    const QJsonObject out{{QStringLiteral("model"), body.value(QLatin1String("model")).toString(m_options.modelName)},
                          {QStringLiteral("object"), QStringLiteral("list")},
                          {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), tokens},
                                                                {QStringLiteral("total_tokens"), tokens}}},
                          {QStringLiteral("results"), results}};
    ++m_stats.completed;
    exchange->respondJson(200, QJsonDocument(out).toJson(QJsonDocument::Compact));
}

void SimServer::models(sy::http::HttpExchange *exchange)
{
    const QJsonObject model{{QStringLiteral("id"), m_options.modelName},
                            {QStringLiteral("object"), QStringLiteral("model")},
                            {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
                            {QStringLiteral("owned_by"), QStringLiteral("switchyard-sim")}};
    const QJsonObject out{{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), QJsonArray{model}}};
    exchange->respondJson(200, QJsonDocument(out).toJson(QJsonDocument::Compact));
}

void SimServer::health(sy::http::HttpExchange *exchange)
{
    // Like llama-server, which logs every health poll it answers while it loads.
    std::printf("srv  log_server_r: request: GET /health %s %d\n", qPrintable(exchange->peerAddress().toString()),
                isLoaded() ? 200 : 503);
    std::fflush(stdout);
    if (!isLoaded())
        return respondError(exchange, 503, QStringLiteral("Loading model"), "unavailable_error");
    exchange->respondJson(200, R"({"status":"ok"})");
}

} // namespace sim
