#pragma once
// The request history as an SQLite file (WAL): one row per request with its attempts and
// explain trace. Synchronous and single-threaded; History runs it on its own thread.

#include "record/requestrecord.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <vector>

namespace sy::history {

struct Query {
    QString model;     // served by (or, if none served it, first in the chain)
    QString backend;
    QString route;     // route mode
    QString inbound;   // openai, anthropic, gemini, ollama
    QString requested; // the name the client asked for
    QString status;    // "200", "5xx", "error" (>= 400) or "ok" (< 400)
    QString search;    // substring of id, requested, model or error
    qint64 sinceMs = 0;
    qint64 untilMs = 0; // exclusive; 0 = open
    qint64 before = 0;  // cursor: rows older than this sequence number; 0 = newest first
    int limit = 50;
};

class HistoryDb {
public:
    explicit HistoryDb(QString connectionName);
    ~HistoryDb();
    HistoryDb(const HistoryDb &) = delete;
    HistoryDb &operator=(const HistoryDb &) = delete;

    // Opens (creating the file and schema); false with *error set when it cannot.
    bool open(const QString &path, QString *error);
    bool isOpen() const { return m_open; }

    // One transaction for the batch; false (logged) if SQLite refused it.
    bool insert(const std::vector<record::RequestRecord> &records);
    // {"requests": [...], "total": N, "nextBefore": cursor|null}; no trace or partial output.
    QJsonObject query(const Query &query) const;
    // One request in full (with trace); an empty object if unknown.
    QJsonObject get(const QString &requestId) const;
    // Drops rows older than `retentionDays` (0 = no age limit) and beyond the newest `maxRows`.
    int prune(qint64 nowMs, int retentionDays, int maxRows);

private:
    QString m_connection;
    bool m_open = false;
};

// A status filter value is one of the forms Query::status accepts.
bool isValidStatusFilter(const QString &status);

} // namespace sy::history
