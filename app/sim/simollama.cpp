#include "simollama.h"

#include "http/httpexchange.h"
#include "protocol/ollama/ollamacodec.h"
#include "simanswer.h"
#include "simserver.h"
#include "simstream.h"
#include "simtext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sim {
namespace {

constexpr double kDefaultKeepAliveS = 300;

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void error(sy::http::HttpExchange *exchange, int status, const QString &message)
{
    exchange->respondJson(status, json({{QStringLiteral("error"), message}}));
}

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace

double parseKeepAlive(const QJsonValue &value, double fallbackSeconds)
{
    if (value.isUndefined() || value.isNull())
        return fallbackSeconds;
    return sy::protocol::ollama::keepAliveSeconds(value); // the same reading as Switchyard's
}

SimOllama::SimOllama(SimServer &server, QStringList models, QStringList embeddingModels)
    : m_server(server), m_models(std::move(models)), m_embeddingModels(std::move(embeddingModels))
{
    m_models += m_embeddingModels;
    m_models.removeDuplicates();
}

QJsonObject SimOllama::modelObject(const QString &name) const
{
    const quint64 hash = fnv1a(name.toUtf8());
    const qint64 size = qint64(1'000'000'000 + hash % 4'000'000'000ull);
    return {{QStringLiteral("name"), name},
            {QStringLiteral("model"), name},
            {QStringLiteral("modified_at"), QStringLiteral("2026-11-01T10:00:00Z")},
            {QStringLiteral("size"), double(size)},
            {QStringLiteral("digest"), QString::number(hash, 16).rightJustified(64, QLatin1Char('0'))},
            {QStringLiteral("details"),
             QJsonObject{{QStringLiteral("parent_model"), QString()},
                         {QStringLiteral("format"), QStringLiteral("gguf")},
                         {QStringLiteral("family"), name.section(QLatin1Char(':'), 0, 0)},
                         {QStringLiteral("families"), QJsonArray{name.section(QLatin1Char(':'), 0, 0)}},
                         {QStringLiteral("parameter_size"), QStringLiteral("%1B").arg(1 + hash % 30)},
                         {QStringLiteral("quantization_level"), QStringLiteral("Q4_K_M")}}}};
}

void SimOllama::expire()
{
    const QDateTime t = QDateTime::currentDateTimeUtc();
    std::erase_if(m_loaded, [&](const auto &e) { return e.second.isValid() && e.second <= t; });
}

bool SimOllama::handle(sy::http::HttpExchange *exchange, const QJsonObject &body)
{
    const QByteArray path = exchange->request().path;
    if (!path.startsWith("/api/"))
        return false;
    expire();
    if (path == "/api/tags")
        tags(exchange);
    else if (path == "/api/ps")
        ps(exchange);
    else if (path == "/api/version")
        exchange->respondJson(200, R"({"version":"0.12.0-sim"})");
    else if (path == "/api/show")
        show(exchange, body);
    else if (path == "/api/generate")
        generate(exchange, body, false);
    else if (path == "/api/chat")
        generate(exchange, body, true);
    else if (path == "/api/embed")
        embed(exchange, body);
    else
        error(exchange, 404, QStringLiteral("404 page not found"));
    return true;
}

void SimOllama::tags(sy::http::HttpExchange *exchange)
{
    QJsonArray models;
    for (const QString &name : m_models)
        models.append(modelObject(name));
    exchange->respondJson(200, json({{QStringLiteral("models"), models}}));
}

void SimOllama::ps(sy::http::HttpExchange *exchange)
{
    QJsonArray models;
    for (const auto &[name, expires] : m_loaded) {
        QJsonObject m = modelObject(name);
        m.remove(QStringLiteral("modified_at"));
        // "Forever" is reported as a far-off date, as Ollama does.
        m.insert(QStringLiteral("expires_at"), (expires.isValid() ? expires : QDateTime::currentDateTimeUtc().addYears(290)).toString(Qt::ISODateWithMs));
        // Partly offloaded, as a model too big for the GPU is: size and size_vram differ.
        m.insert(QStringLiteral("size_vram"), double(qint64(m.value(QLatin1String("size")).toDouble() * 0.8)));
        m.insert(QStringLiteral("context_length"), 4096);
        models.append(m);
    }
    exchange->respondJson(200, json({{QStringLiteral("models"), models}}));
}

void SimOllama::show(sy::http::HttpExchange *exchange, const QJsonObject &body)
{
    const QString name = body.value(QLatin1String("model")).toString(body.value(QLatin1String("name")).toString());
    if (!m_models.contains(name))
        return error(exchange, 404, QStringLiteral("model '%1' not found").arg(name));
    const QJsonObject m = modelObject(name);
    exchange->respondJson(200, json({{QStringLiteral("details"), m.value(QLatin1String("details"))},
                                     {QStringLiteral("modified_at"), m.value(QLatin1String("modified_at"))},
                                     {QStringLiteral("capabilities"), m_embeddingModels.contains(name)
                                                                          ? QJsonArray{QStringLiteral("embedding")}
                                                                          : QJsonArray{QStringLiteral("completion"), QStringLiteral("tools")}},
                                     {QStringLiteral("model_info"), QJsonObject{{QStringLiteral("general.architecture"), QStringLiteral("llama")}}}}));
}

bool SimOllama::touch(sy::http::HttpExchange *exchange, const QString &model, const QJsonValue &keepAlive, bool *unloaded)
{
    if (!m_models.contains(model)) {
        error(exchange, 404, QStringLiteral("model '%1' not found, try pulling it first").arg(model));
        return false;
    }
    const double seconds = parseKeepAlive(keepAlive, kDefaultKeepAliveS);
    *unloaded = seconds == 0;
    if (*unloaded)
        m_loaded.erase(model);
    else
        m_loaded[model] = seconds < 0 ? QDateTime() : QDateTime::currentDateTimeUtc().addMSecs(qint64(seconds * 1000));
    return true;
}

void SimOllama::embed(sy::http::HttpExchange *exchange, const QJsonObject &body)
{
    const QString model = body.value(QLatin1String("model")).toString();
    bool unloaded = false;
    if (!touch(exchange, model, body.value(QLatin1String("keep_alive")), &unloaded))
        return;
    const QJsonValue input = body.value(QLatin1String("input"));
    QJsonArray embeddings;
    for (const QJsonValue &text : input.isArray() ? input.toArray() : input.toString().isEmpty() ? QJsonArray() : QJsonArray{input}) {
        QJsonArray vector;
        for (const float x : embedding(text.toString().toUtf8(), m_server.options().embeddingDims))
            vector.append(double(x));
        embeddings.append(vector);
    }
    exchange->respondJson(200, json({{QStringLiteral("model"), model}, {QStringLiteral("embeddings"), embeddings}}));
}

void SimOllama::generate(sy::http::HttpExchange *exchange, const QJsonObject &body, bool chat)
{
    const QString model = body.value(QLatin1String("model")).toString();
    const bool empty = chat ? body.value(QLatin1String("messages")).toArray().isEmpty()
                            : body.value(QLatin1String("prompt")).toString().isEmpty();
    const QJsonValue keepAlive = body.value(QLatin1String("keep_alive"));
    const bool unloading = empty && !keepAlive.isUndefined() && parseKeepAlive(keepAlive, kDefaultKeepAliveS) == 0;
    if (m_embeddingModels.contains(model) && !unloading) // Ollama unloads any model this way, but loads only those that generate
        return error(exchange, 400, QStringLiteral("\"%1\" does not support %2").arg(model, chat ? QStringLiteral("chat") : QStringLiteral("generate")));
    bool unloaded = false;
    if (!touch(exchange, model, keepAlive, &unloaded))
        return;
    if (empty) { // a load or unload request
        QJsonObject out{{QStringLiteral("model"), model},
                        {QStringLiteral("created_at"), now()},
                        {QStringLiteral("done"), true},
                        {QStringLiteral("done_reason"), unloaded ? QStringLiteral("unload") : QStringLiteral("load")}};
        out.insert(chat ? QStringLiteral("message") : QStringLiteral("response"),
                   chat ? QJsonValue(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), QString()}})
                        : QJsonValue(QString()));
        exchange->respondJson(200, json(out));
        return;
    }
    // A generation: the same deterministic answer as the OpenAI side, in Ollama's shape.
    QJsonObject request = body;
    if (!chat)
        request.insert(QStringLiteral("prompt"), body.value(QLatin1String("prompt")));
    const QJsonObject options = body.value(QLatin1String("options")).toObject();
    if (options.contains(QLatin1String("num_predict")))
        request.insert(QStringLiteral("max_tokens"), options.value(QLatin1String("num_predict")));
    const Answer answer = planAnswer(request, chat, model, m_server.options());
    auto piece = [&](const QString &text, bool done) {
        QJsonObject o{{QStringLiteral("model"), model}, {QStringLiteral("created_at"), now()}, {QStringLiteral("done"), done}};
        if (chat) {
            QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), text}};
            if (done && !answer.toolName.isEmpty())
                message.insert(QStringLiteral("tool_calls"),
                               QJsonArray{QJsonObject{{QStringLiteral("function"),
                                                       QJsonObject{{QStringLiteral("name"), answer.toolName},
                                                                   {QStringLiteral("arguments"),
                                                                    QJsonDocument::fromJson(answer.toolArguments.toUtf8()).object()}}}}});
            o.insert(QStringLiteral("message"), message);
        } else {
            o.insert(QStringLiteral("response"), text);
        }
        if (done) {
            o.insert(QStringLiteral("done_reason"), answer.finishReason == QLatin1String("length") ? QStringLiteral("length")
                                                                                                  : QStringLiteral("stop"));
            o.insert(QStringLiteral("total_duration"), 1000000);
            o.insert(QStringLiteral("prompt_eval_count"), answer.promptTokens);
            o.insert(QStringLiteral("eval_count"), answer.completionTokens);
        }
        return o;
    };
    const bool stream = body.value(QLatin1String("stream")).toBool(true); // Ollama streams by default
    if (!stream) {
        exchange->respondJson(200, json(piece(answer.tokens.join(QString()), true)));
        return;
    }
    QByteArrayList lines;
    for (const QString &token : answer.tokens)
        lines << json(piece(token, false)) + '\n';
    lines << json(piece(QString(), true)) + '\n';
    const int intervalMs = m_server.options().tokensPerS > 0 ? std::max(1, int(1000.0 / m_server.options().tokensPerS)) : 0;
    new SimStream(exchange, std::move(lines), intervalMs, m_server.stats(), false, "application/x-ndjson", QByteArray());
}

} // namespace sim
