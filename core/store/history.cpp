#include "store/history.h"

#include "record/recordcodec.h"
#include "util/heaptrim.h"
#include "util/log.h"

#include <QDateTime>
#include <QTimer>

#include <algorithm>
#include <atomic>

namespace sy::history {
namespace {

auto &lg()
{
    static auto l = sy::log::get("history");
    return *l;
}

constexpr int kBatchDelayMs = 200;     // a burst of requests becomes one transaction
constexpr std::size_t kBatchMax = 512; // ...unless it gets this big first
// Offering the CPU while writing a batch keeps requests from waiting behind the writer
// (store/yieldingvfs.h); on a machine whose CPUs are all busy each offer can cost a whole
// time slice, so a batch offers only for this long and then finishes without.
constexpr std::chrono::milliseconds kOfferCpuFor{50};
// Rows (and their bytes) waiting for the writer; past either (the disk cannot keep up),
// new rows are shed and counted, never silently.
constexpr std::size_t kMaxPending = 50'000;
constexpr std::size_t kMaxPendingBytes = 256u << 20;
// A queue buffer that grew past this in a burst is given back rather than kept for reuse.
constexpr std::size_t kKeptBufferBytes = 4u << 20;
constexpr int kPruneEveryMs = 3600 * 1000;
// After this long without writes, memory a burst of rows (or a big query) freed is trimmed.
constexpr int kQuietMs = 2000;
constexpr std::size_t kTrimAfterRows = 10'000;

} // namespace

// Finished requests as record::appendEncoded entries, appended on the core thread. The
// writer swaps the buffer for its own emptied one: the queue's memory is reused, and
// nothing the core thread allocated is freed on the writer's thread row by row.
struct PendingQueue {
    std::mutex mutex;
    std::string records;
    std::size_t rows = 0;
    std::atomic<quint64> written{0};
    std::atomic<quint64> shed{0};
    std::atomic<quint64> failed{0};
};

class HistoryWriter : public QObject {
public:
    // `home`: the History, on the thread that fills the queue.
    HistoryWriter(std::shared_ptr<PendingQueue> pending, QObject *home)
        : m_pending(std::move(pending)), m_home(home), m_flushTimer(this), m_pruneTimer(this), m_quietTimer(this)
    {
        m_quietTimer.setSingleShot(true);
        m_quietTimer.setInterval(kQuietMs);
        connect(&m_quietTimer, &QTimer::timeout, this, [this] { trimAfterBurst(); });
        m_flushTimer.setSingleShot(true);
        m_flushTimer.setInterval(kBatchDelayMs);
        connect(&m_flushTimer, &QTimer::timeout, this, [this] { flush(); });
        m_pruneTimer.setInterval(kPruneEveryMs);
        connect(&m_pruneTimer, &QTimer::timeout, this, [this] { prune(); });
    }

    HistoryDb &db() { return m_db; }
    void setConfig(const config::HistoryConfig &config) { m_config = config; }

    bool open(const QString &path, QString *error)
    {
        if (!m_db.open(path, error))
            return false;
        prune();
        m_pruneTimer.start();
        return true;
    }

    void flushSoon(bool now)
    {
        if (now)
            flush();
        else if (!m_flushTimer.isActive())
            m_flushTimer.start();
    }

    void flush()
    {
        m_flushTimer.stop();
        std::size_t rows = 0;
        {
            std::lock_guard lock(m_pending->mutex);
            m_batch.swap(m_pending->records);
            std::swap(rows, m_pending->rows);
        }
        if (rows == 0)
            return;
        m_rowsSinceTrim += rows;
        m_quietTimer.start();
        if (m_db.insert(m_batch, kOfferCpuFor)) {
            m_pending->written += rows;
        } else {
            m_pending->failed += rows;
            lg().error("{} request(s) could not be stored in the history", rows);
        }
        if (m_batch.capacity() > kKeptBufferBytes)
            std::string().swap(m_batch);
        else
            m_batch.clear();
    }

    // A query builds a whole page of JSON: its memory is trimmed once things are quiet.
    void afterQuery()
    {
        m_rowsSinceTrim = std::max(m_rowsSinceTrim, kTrimAfterRows);
        m_quietTimer.start();
    }

    void prune()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const int removed = m_db.prune(now, m_config.retentionDays, m_config.maxRows);
        if (removed > 0)
            lg().info("history: removed {} request(s) past retention ({} days, {} rows)", removed, m_config.retentionDays,
                      m_config.maxRows);
        const int responses = m_db.pruneResponses(now, m_config.responseRetentionDays, m_config.maxResponses);
        if (responses > 0)
            lg().info("history: removed {} kept response(s) past retention ({} days, {} responses)", responses,
                      m_config.responseRetentionDays, m_config.maxResponses);
    }

private:
    void trimAfterBurst()
    {
        if (m_rowsSinceTrim < kTrimAfterRows)
            return;
        m_rowsSinceTrim = 0;
        util::releaseFreedMemory();
        // The records were made on the core thread, which is as quiet now: it frees its own.
        QMetaObject::invokeMethod(m_home, [] { util::releaseFreedMemory(); }, Qt::QueuedConnection);
    }

    std::shared_ptr<PendingQueue> m_pending;
    QObject *m_home; // outlives the writer: History deletes it first
    std::string m_batch; // the queue's other buffer
    HistoryDb m_db;
    QTimer m_flushTimer;
    QTimer m_pruneTimer;
    QTimer m_quietTimer;
    std::size_t m_rowsSinceTrim = 0;
    config::HistoryConfig m_config;
};

History::History(QString path, QObject *parent)
    : QObject(parent), m_pending(std::make_shared<PendingQueue>()), m_path(std::move(path))
{
    m_thread.setObjectName(QStringLiteral("history"));
}

History::~History()
{
    if (!m_writer)
        return;
    QMetaObject::invokeMethod(m_writer, [writer = m_writer] {
        writer->flush();
        delete writer; // closes the database on its own thread
    }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool History::open(const config::HistoryConfig &config, QString *error)
{
    m_config = config;
    if (!m_writer) {
        m_writer = new HistoryWriter(m_pending, this);
        m_writer->moveToThread(&m_thread);
        m_thread.start();
    }
    QMetaObject::invokeMethod(m_writer, [this, config, error] {
        m_writer->setConfig(config);
        m_open = m_writer->open(m_path, error);
    }, Qt::BlockingQueuedConnection);
    return m_open;
}

void History::configure(const config::HistoryConfig &config)
{
    const bool retentionChanged = config.retentionDays != m_config.retentionDays || config.maxRows != m_config.maxRows ||
                                  config.responseRetentionDays != m_config.responseRetentionDays ||
                                  config.maxResponses != m_config.maxResponses;
    if (config.enabled && !m_open) {
        QString error;
        if (!open(config, &error))
            lg().error("history stays off: {}", error);
        return;
    }
    m_config = config;
    if (m_open)
        post([config, retentionChanged](HistoryWriter &w) {
            w.setConfig(config);
            if (retentionChanged)
                w.prune();
        });
}

void History::requestFinished(const record::RequestRecord &record)
{
    if (!m_open || !m_config.enabled)
        return;
    std::size_t queued = 0;
    std::size_t queuedBytes = 0;
    bool shed = false;
    {
        std::lock_guard lock(m_pending->mutex);
        queued = m_pending->rows;
        queuedBytes = m_pending->records.size();
        shed = queued >= kMaxPending || queuedBytes >= kMaxPendingBytes;
        if (!shed) {
            record::appendEncoded(record, m_pending->records);
            ++m_pending->rows;
        }
    }
    if (shed) {
        // Said in the log once per 10,000 shed rows, counted in /metrics for every one.
        if (m_pending->shed++ % 10'000 == 0)
            lg().warn("history: the writer is {} rows ({} bytes) behind; shedding rows ({} so far, see "
                      "switchyard_history_rows_shed_total)",
                      queued, queuedBytes, m_pending->shed.load());
        return;
    }
    ++queued;
    // One wake-up per batch: when the queue stops being empty, and when it is full.
    if (queued == 1 || queued == kBatchMax)
        post([now = queued == kBatchMax](HistoryWriter &w) { w.flushSoon(now); });
}

History::Stats History::stats() const
{
    Stats s;
    {
        std::lock_guard lock(m_pending->mutex);
        s.queued = m_pending->rows;
    }
    s.written = m_pending->written.load();
    s.shed = m_pending->shed.load();
    s.failed = m_pending->failed.load();
    return s;
}

void History::query(const Query &query, std::function<void(QJsonObject)> done)
{
    post([this, query, done = std::move(done)](HistoryWriter &w) {
        w.flush();
        QJsonObject result = w.db().query(query);
        w.afterQuery();
        QMetaObject::invokeMethod(this, [done, result = std::move(result)] { done(result); }, Qt::QueuedConnection);
    });
}

void History::get(const QString &requestId, std::function<void(QJsonObject)> done)
{
    post([this, requestId, done = std::move(done)](HistoryWriter &w) {
        w.flush();
        QJsonObject result = w.db().get(requestId);
        QMetaObject::invokeMethod(this, [done, result = std::move(result)] { done(result); }, Qt::QueuedConnection);
    });
}

void History::loadResponse(const QString &id, QByteArray owner, std::function<void(HistoryDb::StoredResponse)> done)
{
    post([this, id, owner = std::move(owner), done = std::move(done)](HistoryWriter &w) {
        w.flush(); // a response that has just finished is found
        HistoryDb::StoredResponse result = w.db().response(id, owner);
        QMetaObject::invokeMethod(this, [done, result = std::move(result)] { done(result); }, Qt::QueuedConnection);
    });
}

void History::deleteResponse(const QString &id, QByteArray owner, std::function<void(bool)> done)
{
    post([this, id, owner = std::move(owner), done = std::move(done)](HistoryWriter &w) {
        w.flush();
        const bool deleted = w.db().deleteResponse(id, owner);
        QMetaObject::invokeMethod(this, [done, deleted] { done(deleted); }, Qt::QueuedConnection);
    });
}

void History::post(std::function<void(HistoryWriter &)> job)
{
    QMetaObject::invokeMethod(m_writer, [writer = m_writer, job = std::move(job)] { job(*writer); }, Qt::QueuedConnection);
}

} // namespace sy::history
