#include "store/historydb.h"

#include "util/log.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace sy::history {
namespace {

auto &lg()
{
    static auto l = sy::log::get("history");
    return *l;
}

constexpr int kSchemaVersion = 1;

constexpr const char *kSchema[] = {
    R"(CREATE TABLE IF NOT EXISTS requests (
        seq INTEGER PRIMARY KEY,
        request_id TEXT NOT NULL,
        started_ms INTEGER NOT NULL,
        client TEXT,
        inbound TEXT,
        endpoint TEXT,
        requested TEXT,
        route TEXT,
        chain TEXT,         -- JSON array of model labels
        attempts TEXT,      -- JSON array: model, backend, outcome, trigger, error, status, latencyMs, params
        model TEXT,         -- who served it (NULL: nothing could)
        backend TEXT,
        status INTEGER,
        stream INTEGER,
        latency_ms REAL,
        ttft_ms REAL,
        tokens_in INTEGER,
        tokens_out INTEGER,
        error TEXT,
        partial_output TEXT,
        trace TEXT          -- JSON explain trace
    ))",
    "CREATE INDEX IF NOT EXISTS requests_started ON requests(started_ms)",
    "CREATE INDEX IF NOT EXISTS requests_request_id ON requests(request_id)",
    "CREATE INDEX IF NOT EXISTS requests_model ON requests(model)",
};

constexpr const char *kColumns =
    "seq, request_id, started_ms, client, inbound, endpoint, requested, route, chain, attempts, model, backend, status, "
    "stream, latency_ms, ttft_ms, tokens_in, tokens_out, error, partial_output, trace";

QVariant textOrNull(const QByteArray &value)
{
    return value.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(QString::fromUtf8(value));
}

QVariant textOrNull(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(value);
}

QVariant numberOrNull(double value)
{
    return value < 0 ? QVariant(QMetaType(QMetaType::Double)) : QVariant(value);
}

QVariant numberOrNull(qint64 value)
{
    return value < 0 ? QVariant(QMetaType(QMetaType::LongLong)) : QVariant(value);
}

QJsonValue jsonOrNull(const QVariant &value)
{
    return value.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue::fromVariant(value);
}

QJsonValue parsedJson(const QVariant &text)
{
    if (text.isNull())
        return QJsonValue(QJsonValue::Null);
    const QJsonDocument doc = QJsonDocument::fromJson(text.toString().toUtf8());
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

// A row in the shape RequestRecord::toJson gives the feed.
QJsonObject rowJson(const QSqlQuery &q, bool full)
{
    QJsonObject o{{QStringLiteral("seq"), q.value(0).toLongLong()},
                  {QStringLiteral("id"), q.value(1).toString()},
                  {QStringLiteral("startedMs"), q.value(2).toLongLong()},
                  {QStringLiteral("client"), q.value(3).toString()},
                  {QStringLiteral("inbound"), q.value(4).toString()},
                  {QStringLiteral("endpoint"), q.value(5).toString()},
                  {QStringLiteral("requested"), q.value(6).toString()},
                  {QStringLiteral("route"), q.value(7).toString()},
                  {QStringLiteral("chain"), parsedJson(q.value(8))},
                  {QStringLiteral("attempts"), parsedJson(q.value(9))},
                  {QStringLiteral("model"), jsonOrNull(q.value(10))},
                  {QStringLiteral("backend"), jsonOrNull(q.value(11))},
                  {QStringLiteral("status"), q.value(12).toInt()},
                  {QStringLiteral("stream"), q.value(13).toBool()},
                  {QStringLiteral("latencyMs"), q.value(14).toDouble()},
                  {QStringLiteral("ttftMs"), jsonOrNull(q.value(15))},
                  {QStringLiteral("tokensIn"), jsonOrNull(q.value(16))},
                  {QStringLiteral("tokensOut"), jsonOrNull(q.value(17))},
                  {QStringLiteral("error"), jsonOrNull(q.value(18))}};
    if (full) {
        if (!q.value(19).isNull())
            o.insert(QStringLiteral("partialOutput"), q.value(19).toString());
        o.insert(QStringLiteral("trace"), parsedJson(q.value(20)));
    } else {
        o.insert(QStringLiteral("hasPartialOutput"), !q.value(19).isNull());
    }
    return o;
}

bool exec(QSqlQuery &q, const char *what)
{
    if (q.exec())
        return true;
    lg().error("{}: {}", what, q.lastError().text());
    return false;
}

} // namespace

bool isValidStatusFilter(const QString &status)
{
    static const QRegularExpression form(QStringLiteral("^([1-5][0-9][0-9]|[1-5]xx|ok|error)$"));
    return form.match(status).hasMatch();
}

HistoryDb::HistoryDb(QString connectionName) : m_connection(std::move(connectionName)) {}

HistoryDb::~HistoryDb()
{
    if (!QSqlDatabase::contains(m_connection))
        return;
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
}

bool HistoryDb::open(const QString &path, QString *error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        *error = QStringLiteral("cannot open the history database %1: %2").arg(path, db.lastError().text());
        return false;
    }
    QSqlQuery q(db);
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"}) {
        if (!q.exec(QLatin1String(pragma))) {
            *error = QStringLiteral("history database %1: %2").arg(path, q.lastError().text());
            return false;
        }
    }
    q.exec(QStringLiteral("PRAGMA user_version"));
    const int version = q.next() ? q.value(0).toInt() : 0;
    if (version > kSchemaVersion) {
        *error = QStringLiteral("the history database %1 was written by a newer Switchyard (schema %2)").arg(path).arg(version);
        return false;
    }
    for (const char *statement : kSchema) {
        if (!q.exec(QLatin1String(statement))) {
            *error = QStringLiteral("history database %1: %2").arg(path, q.lastError().text());
            return false;
        }
    }
    q.exec(QStringLiteral("PRAGMA user_version=%1").arg(kSchemaVersion));
    m_open = true;
    return true;
}

bool HistoryDb::insert(const std::vector<record::RequestRecord> &records)
{
    if (!m_open || records.empty())
        return m_open;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO requests (request_id, started_ms, client, inbound, endpoint, requested, route, "
                             "chain, attempts, model, backend, status, stream, latency_ms, ttft_ms, tokens_in, tokens_out, "
                             "error, partial_output, trace) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    for (const record::RequestRecord &r : records) {
        // The feed's JSON of the record gives chain and attempts their stored shape.
        const QJsonObject json = r.toJson(false);
        q.bindValue(0, QString::fromUtf8(r.id));
        q.bindValue(1, r.startedMs);
        q.bindValue(2, textOrNull(r.client));
        q.bindValue(3, textOrNull(r.inbound));
        q.bindValue(4, textOrNull(r.endpoint));
        q.bindValue(5, textOrNull(r.requested));
        q.bindValue(6, textOrNull(r.routeMode));
        q.bindValue(7, QString::fromUtf8(QJsonDocument(json.value(QLatin1String("chain")).toArray()).toJson(QJsonDocument::Compact)));
        q.bindValue(8, QString::fromUtf8(QJsonDocument(json.value(QLatin1String("attempts")).toArray()).toJson(QJsonDocument::Compact)));
        q.bindValue(9, textOrNull(r.model));
        q.bindValue(10, textOrNull(r.backend));
        q.bindValue(11, r.status);
        q.bindValue(12, r.stream ? 1 : 0);
        q.bindValue(13, r.latencyMs);
        q.bindValue(14, numberOrNull(r.ttftMs));
        q.bindValue(15, numberOrNull(r.tokensIn));
        q.bindValue(16, numberOrNull(r.tokensOut));
        q.bindValue(17, textOrNull(r.error));
        q.bindValue(18, textOrNull(r.partialOutput));
        q.bindValue(19, r.trace ? QVariant(QString::fromUtf8(QJsonDocument(record::traceJson(*r.trace)).toJson(QJsonDocument::Compact)))
                                   : QVariant(QMetaType(QMetaType::QString)));
        if (!exec(q, "storing a request")) {
            db.rollback();
            return false;
        }
    }
    return db.commit();
}

QJsonObject HistoryDb::query(const Query &query) const
{
    QStringList where;
    QVariantList args;
    auto equals = [&](const char *column, const QString &value) {
        if (value.isEmpty())
            return;
        where << QStringLiteral("%1 = ?").arg(QLatin1String(column));
        args << value;
    };
    equals("model", query.model);
    equals("backend", query.backend);
    equals("route", query.route);
    equals("inbound", query.inbound);
    equals("requested", query.requested);
    if (query.status == QLatin1String("ok")) {
        where << QStringLiteral("status < 400");
    } else if (query.status == QLatin1String("error")) {
        where << QStringLiteral("status >= 400");
    } else if (query.status.endsWith(QLatin1String("xx"))) {
        where << QStringLiteral("status BETWEEN ? AND ?");
        const int hundreds = query.status.left(1).toInt() * 100;
        args << hundreds << hundreds + 99;
    } else if (!query.status.isEmpty()) {
        equals("status", query.status);
    }
    if (!query.search.isEmpty()) {
        where << QStringLiteral("(instr(request_id, ?) OR instr(requested, ?) OR instr(model, ?) OR instr(error, ?))");
        args << query.search << query.search << query.search << query.search;
    }
    if (query.sinceMs > 0) {
        where << QStringLiteral("started_ms >= ?");
        args << query.sinceMs;
    }
    if (query.untilMs > 0) {
        where << QStringLiteral("started_ms < ?");
        args << query.untilMs;
    }
    const QString filter = where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));

    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery count(db);
    count.prepare(QStringLiteral("SELECT COUNT(*) FROM requests") + filter);
    for (int i = 0; i < args.size(); ++i)
        count.bindValue(i, args[i]);
    qint64 total = 0;
    if (exec(count, "counting requests") && count.next())
        total = count.value(0).toLongLong();

    QString page = filter;
    QVariantList pageArgs = args;
    if (query.before > 0) {
        page += (filter.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND ")) + QStringLiteral("seq < ?");
        pageArgs << query.before;
    }
    QSqlQuery rows(db);
    rows.setForwardOnly(true);
    rows.prepare(QStringLiteral("SELECT %1 FROM requests%2 ORDER BY seq DESC LIMIT ?").arg(QLatin1String(kColumns), page));
    for (int i = 0; i < pageArgs.size(); ++i)
        rows.bindValue(i, pageArgs[i]);
    rows.bindValue(int(pageArgs.size()), query.limit + 1); // one more tells whether there is a next page
    QJsonArray list;
    QJsonValue nextBefore(QJsonValue::Null);
    if (exec(rows, "listing requests")) {
        while (rows.next()) {
            if (list.size() == query.limit) {
                nextBefore = list.last().toObject().value(QLatin1String("seq"));
                break;
            }
            list.append(rowJson(rows, false));
        }
    }
    return {{QStringLiteral("requests"), list}, {QStringLiteral("total"), total}, {QStringLiteral("nextBefore"), nextBefore}};
}

QJsonObject HistoryDb::get(const QString &requestId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    // A client may reuse an X-Request-Id: the newest request with it wins.
    q.prepare(QStringLiteral("SELECT %1 FROM requests WHERE request_id = ? ORDER BY seq DESC LIMIT 1").arg(QLatin1String(kColumns)));
    q.bindValue(0, requestId);
    if (!exec(q, "reading a request") || !q.next())
        return {};
    return rowJson(q, true);
}

int HistoryDb::prune(qint64 nowMs, int retentionDays, int maxRows)
{
    if (!m_open)
        return 0;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    int removed = 0;
    if (retentionDays > 0) {
        q.prepare(QStringLiteral("DELETE FROM requests WHERE started_ms < ?"));
        q.bindValue(0, nowMs - qint64(retentionDays) * 24 * 3600 * 1000);
        if (exec(q, "pruning old requests"))
            removed += q.numRowsAffected();
    }
    if (maxRows > 0) {
        q.prepare(QStringLiteral("DELETE FROM requests WHERE seq <= (SELECT seq FROM requests ORDER BY seq DESC LIMIT 1 OFFSET ?)"));
        q.bindValue(0, maxRows);
        if (exec(q, "pruning surplus requests"))
            removed += q.numRowsAffected();
    }
    return removed;
}

} // namespace sy::history
