#pragma once
// The request history sink. Finished requests are queued here (on the core thread:
// their compact encoding appended to a buffer, under a lock) and written in batches by
// HistoryDb on the history thread, so no request waits for the disk. Queries run on that
// thread too and answer asynchronously.

#include "record/requestrecord.h"
#include "store/config.h"
#include "store/historydb.h"

#include <QObject>
#include <QThread>
#include <functional>
#include <mutex>

namespace sy::history {

class HistoryWriter;
struct PendingQueue;

class History : public QObject, public record::RequestSink {
    Q_OBJECT
public:
    explicit History(QString path, QObject *parent = nullptr);
    ~History() override; // writes what is queued, then stops the thread

    // Opens the database (blocking, at startup); false with *error when it cannot.
    bool open(const config::HistoryConfig &config, QString *error);
    // Retention and enabled take effect at once (a database not opened yet opens now).
    void configure(const config::HistoryConfig &config);
    bool isOpen() const { return m_open; }
    bool isEnabled() const { return m_config.enabled; }
    QString path() const { return m_path; }

    void requestFinished(const record::RequestRecord &record) override;

    struct Stats {
        quint64 queued = 0;  // waiting for the writer
        quint64 written = 0;
        quint64 shed = 0;    // dropped because the writer fell too far behind
        quint64 failed = 0;  // SQLite refused them
    };
    Stats stats() const;

    // `done` runs on this object's thread; queued requests are written first, so a
    // request that has finished is always found.
    void query(const Query &query, std::function<void(QJsonObject)> done);
    void get(const QString &requestId, std::function<void(QJsonObject)> done);
    // Kept Responses API answers, found only by the client key (name) they were made with
    // (`owner`; empty: none); `done` runs on this object's thread.
    void loadResponse(const QString &id, QByteArray owner, std::function<void(HistoryDb::StoredResponse)> done);
    void deleteResponse(const QString &id, QByteArray owner, std::function<void(bool)> done);

private:
    void post(std::function<void(HistoryWriter &)> job);

    QThread m_thread;
    HistoryWriter *m_writer = nullptr; // lives on m_thread
    std::shared_ptr<PendingQueue> m_pending;
    config::HistoryConfig m_config;
    QString m_path;
    bool m_open = false;
};

} // namespace sy::history
