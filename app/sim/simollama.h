#pragma once
// switchyard-sim --ollama: the parts of Ollama's native API that Switchyard manages and
// that clients use (tags, ps, show, version, generate/chat with keep_alive load/unload,
// NDJSON streaming, embed). Loaded models expire by keep_alive like Ollama's. Embedding
// models (--ollama-embedding) refuse generate and chat, as Ollama's do.

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <map>

namespace sy::http {
class HttpExchange;
}

namespace sim {

class SimServer;

class SimOllama {
public:
    SimOllama(SimServer &server, QStringList models, QStringList embeddingModels);

    // True when it answered (an /api/ path).
    bool handle(sy::http::HttpExchange *exchange, const QJsonObject &body);

private:
    void tags(sy::http::HttpExchange *exchange);
    void ps(sy::http::HttpExchange *exchange);
    void show(sy::http::HttpExchange *exchange, const QJsonObject &body);
    void generate(sy::http::HttpExchange *exchange, const QJsonObject &body, bool chat);
    void embed(sy::http::HttpExchange *exchange, const QJsonObject &body);
    // Applies keep_alive; returns false (and answers 404) for an unknown model.
    bool touch(sy::http::HttpExchange *exchange, const QString &model, const QJsonValue &keepAlive, bool *unloaded);
    QJsonObject modelObject(const QString &name) const;
    void expire();

    SimServer &m_server;
    QStringList m_models;
    QStringList m_embeddingModels; // among m_models
    std::map<QString, QDateTime> m_loaded; // name -> expires at (invalid = forever)
};

// Ollama's keep_alive: a number of seconds, a duration ("5m", "1h30m", "-1"), or 0.
// Returns seconds; negative = forever.
double parseKeepAlive(const QJsonValue &value, double fallbackSeconds);

} // namespace sim
