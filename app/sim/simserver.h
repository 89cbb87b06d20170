#pragma once
// switchyard-sim's HTTP side: a llama-server look-alike (OpenAI-compatible chat,
// completions, embeddings, models, health) that also answers as an Anthropic
// (/v1/messages) and a Gemini (/v1beta/models/...) backend, with knobs for load time,
// speed and faults.

#include "simdialect.h"
#include "simoptions.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QRandomGenerator>
#include <memory>

namespace sy::http {
class HttpServer;
class HttpExchange;
} // namespace sy::http

namespace sim {

class SimOllama;

struct SimStats {
    int requests = 0;   // completion-type requests received
    int completed = 0;
    int cancelled = 0;  // the client went away mid-stream
    int active = 0;
    int maxActive = 0;  // most streams open at once
};

class SimServer : public QObject {
    Q_OBJECT
public:
    explicit SimServer(SimOptions options, QObject *parent = nullptr);
    ~SimServer() override;

    bool listen(QString *error);
    quint16 port() const;
    SimStats &stats() { return m_stats; }
    const SimOptions &options() const { return m_options; }

private:
    void handle(sy::http::HttpExchange *exchange);
    void generate(sy::http::HttpExchange *exchange, const QJsonObject &body, const Route &route);
    bool hasKey(sy::http::HttpExchange *exchange, Dialect dialect) const;
    void embeddings(sy::http::HttpExchange *exchange, const QJsonObject &body);
    void rerank(sy::http::HttpExchange *exchange, const QJsonObject &body);
    void models(sy::http::HttpExchange *exchange);
    void health(sy::http::HttpExchange *exchange);
    bool isLoaded() const { return m_sinceStart.elapsed() >= m_options.startupMs; }
    void respondError(sy::http::HttpExchange *exchange, int status, const QString &message, const char *type);

    SimOptions m_options;
    sy::http::HttpServer *m_server;
    QElapsedTimer m_sinceStart;
    QRandomGenerator m_random;
    SimStats m_stats;
    QJsonObject m_lastRequest; // headers and body of the last completion request, for tests
    std::unique_ptr<SimOllama> m_ollama;
};

} // namespace sim
