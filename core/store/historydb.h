#pragma once
// The request history as an SQLite file (WAL): one row per request, keyed by its start
// time, with a few filterable columns and the record and its explain trace in their
// compact binary forms (record::appendEncoded), rendered as JSON only when read.
// Synchronous and single-threaded; History runs it on its own thread. Written through
// SQLite's C API with prepared statements and one index, so a row costs a few microseconds
// and the writer keeps up with a flood.

#include "record/recordcodec.h"

#include <QJsonObject>
#include <QString>
#include <chrono>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace sy::history {

struct Query {
    QString model;     // served by (or, if none served it, first in the chain)
    QString backend;
    QString route;     // route mode
    QString inbound;   // openai, anthropic, gemini, ollama
    QString requested; // the name the client asked for
    QString status;    // "200", "5xx", "error" (>= 400) or "ok" (< 400)
    QString search;    // substring of id, requested, model or error
    qint64 sinceMs = -1; // -1: open
    qint64 untilMs = -1; // exclusive; -1: open
    qint64 before = 0;  // cursor: rows older than this sequence number; 0 = newest first
    int limit = 50;
};

class HistoryDb {
public:
    HistoryDb() = default;
    ~HistoryDb();
    HistoryDb(const HistoryDb &) = delete;
    HistoryDb &operator=(const HistoryDb &) = delete;

    // Opens (creating the file, mode 0600, and the schema); false with *error when it cannot.
    bool open(const QString &path, QString *error);
    bool isOpen() const { return m_db != nullptr; }

    // The record::appendEncoded entries in `queue`, in one transaction; false (logged) if
    // SQLite refused it or an entry could not be read. For the first `offerCpuFor` of it,
    // the CPU is offered every few rows and after each page written (store/yieldingvfs.h).
    bool insert(QByteArrayView queue, std::chrono::milliseconds offerCpuFor = {});
    // {"requests": [...], "total": N, "nextBefore": cursor|null}; no trace or partial output.
    QJsonObject query(const Query &query) const;
    // One request in full (with trace); an empty object if unknown.
    QJsonObject get(const QString &requestId) const;
    // Drops rows older than `retentionDays` (0 = no age limit) and beyond the newest `maxRows`.
    int prune(qint64 nowMs, int retentionDays, int maxRows);

    // Kept Responses API answers (by response id): the response object and the input items
    // of its conversation, as stored; empty when unknown.
    struct StoredResponse {
        QByteArray response;
        QByteArray inputItems;
        bool found() const { return !response.isEmpty(); }
    };
    // `owner`: the client key's name of the request asking (empty: none); a response is
    // found only by the key it was made with.
    StoredResponse response(const QString &id, const QByteArray &owner) const;
    bool deleteResponse(const QString &id, const QByteArray &owner);
    int pruneResponses(qint64 nowMs, int retentionDays, int maxRows);

private:
    bool exec(const char *sql, QString *error = nullptr) const;
    bool hasColumn(const char *table, const char *column) const;
    // `count` rows: one statement for a full group (kRowsPerStatement), else one per row.
    bool insertRows(const record::EncodedRecord *const *rows, std::size_t count);
    bool insertRow(const record::EncodedRecord &r);
    bool keepResponse(const record::EncodedRecord &r); // its kept Responses API answer, if any
    // Runs a DELETE with one bound value; the rows it removed (0 on error, which is logged).
    int deleteRows(const char *sql, qint64 value);

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_insert = nullptr;
    sqlite3_stmt *m_insertMany = nullptr;
    mutable qint64 m_requestCount = -1;                // rows in requests; -1: not counted yet (query does)
    std::vector<record::EncodedRecord> m_rows;         // insert's batch, reused
    std::vector<const record::EncodedRecord *> m_order; // ...and its rows in key order
    sqlite3_stmt *m_insertResponse = nullptr;
};

// A status filter value is one of the forms Query::status accepts.
bool isValidStatusFilter(const QString &status);

} // namespace sy::history
