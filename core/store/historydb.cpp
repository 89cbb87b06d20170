#include "store/historydb.h"

#include "store/yieldingvfs.h"
#include "util/log.h"
#include "util/requestid.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>
#include <variant>
#include <vector>

namespace sy::history {
namespace {

auto &lg()
{
    static auto l = sy::log::get("history");
    return *l;
}

// 3: one JSON column for the record and a compact trace, keyed by start time. Each index
// and column costs every insert, and the writer must keep up with a flood of requests.
// 4: new rows keep the record in its compact binary form; older rows stay JSON text and
// read as before. A build that knows only 3 refuses the file (its history stays off).
// 5: a request whose id names its start time (util/requestid.h) is found by that time; only
// the others (clients' own ids, rows from before) are in the index of ids, which had cost a
// quarter of every insert.
constexpr int kSchemaVersion = 5;

constexpr const char *kSchema[] = {
    R"(CREATE TABLE IF NOT EXISTS requests (
        seq INTEGER PRIMARY KEY, -- when it started, in microseconds since the epoch (made unique):
                                 -- rows list in start order, time filters are key ranges
        request_id TEXT NOT NULL,
        inbound TEXT,            -- the columns the list can be filtered by
        requested TEXT,
        route TEXT,
        model TEXT,              -- who served it (NULL: nothing could)
        backend TEXT,
        status INTEGER,
        error TEXT,
        record TEXT NOT NULL,    -- the whole record: record::decodeRecord's bytes (a BLOB; JSON text
                                 -- in the feed's shape in rows from schema 1-3)
        trace BLOB,              -- the explain trace (record::encodeTrace; JSON text in rows from schema 1-2)
        by_time INTEGER          -- 1: request_id names the time seq was taken from (requestIdMs);
                                 -- NULL: found through the index below
    ))",
    "CREATE INDEX IF NOT EXISTS requests_untimed_id ON requests(request_id) WHERE by_time IS NULL",
    R"(CREATE TABLE IF NOT EXISTS responses (
        id TEXT PRIMARY KEY,   -- resp_...
        created_ms INTEGER NOT NULL,
        response TEXT NOT NULL, -- the Response object as the client got it
        input_items TEXT,       -- JSON array: the conversation before it
        owner TEXT              -- the client key's name it was made with (NULL: none); only it reads it
    ))",
    "CREATE INDEX IF NOT EXISTS responses_created ON responses(created_ms)",
};

// Schema 1-2 kept each field in a column; their rows move into the new table as they are.
constexpr const char *kMigrateToV3[] = {
    "ALTER TABLE requests RENAME TO requests_v2",
    "DROP INDEX IF EXISTS requests_started",
    "DROP INDEX IF EXISTS requests_request_id",
    "DROP INDEX IF EXISTS requests_model",
    kSchema[0],
    R"(INSERT OR IGNORE INTO requests (seq, request_id, inbound, requested, route, model, backend, status, error, record, trace)
       SELECT started_ms * 1000 + seq % 1000, request_id, inbound, requested, route, model, backend, status, error,
              json_object('id', request_id, 'startedMs', started_ms, 'client', client, 'inbound', inbound, 'endpoint', endpoint,
                          'requested', requested, 'route', route, 'chain', json(coalesce(chain, '[]')),
                          'attempts', json(coalesce(attempts, '[]')), 'model', model, 'backend', backend, 'status', status,
                          'stream', json(CASE WHEN stream THEN 'true' ELSE 'false' END), 'latencyMs', latency_ms,
                          'ttftMs', ttft_ms, 'tokensIn', tokens_in, 'tokensOut', tokens_out, 'error', error,
                          'partialOutput', partial_output),
              trace
       FROM requests_v2)",
    "DROP TABLE requests_v2",
};

constexpr const char *kColumns = "seq, record, trace, route";

// Rows go in by the statement of this many: each statement costs SQLite about as much as
// its rows' inserts (finding the table's end from its root, opening and closing cursors,
// ending the statement), so one per row would be half the writer's work. A statement of
// rows takes a few dozen microseconds; the CPU is offered after each (HistoryDb::insert).
constexpr std::size_t kRowsPerStatement = 16;
constexpr std::size_t kColumnsPerRow = 12;

// "INSERT INTO requests (...) VALUES (?,...),(?,...)..." for `rows` rows.
QByteArray insertSql(std::size_t rows)
{
    QByteArray sql = "INSERT INTO requests (seq, request_id, inbound, requested, route, model, backend, status, error, record, trace, "
                     "by_time) VALUES ";
    for (std::size_t i = 0; i < rows; ++i)
        sql += i == 0 ? "(?,?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?,?)";
    return sql;
}

// A prepared statement, finalized when it goes out of scope.
class Statement {
public:
    Statement(sqlite3 *db, const QByteArray &sql) { sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &m_stmt, nullptr); }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool ok() const { return m_stmt != nullptr; }
    sqlite3_stmt *get() const { return m_stmt; }

private:
    sqlite3_stmt *m_stmt = nullptr;
};

using Arg = std::variant<QByteArray, qint64>;

void bindArgs(sqlite3_stmt *stmt, const std::vector<Arg> &args)
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (const auto *text = std::get_if<QByteArray>(&args[i]))
            sqlite3_bind_text(stmt, int(i) + 1, text->constData(), int(text->size()), SQLITE_TRANSIENT);
        else
            sqlite3_bind_int64(stmt, int(i) + 1, std::get<qint64>(args[i]));
    }
}

// Binds text without copying (the bytes must live until the step); empty = NULL.
void bindTextOrNull(sqlite3_stmt *stmt, int index, QByteArrayView text)
{
    if (text.isEmpty())
        sqlite3_bind_null(stmt, index);
    else
        sqlite3_bind_text(stmt, index, text.data(), int(text.size()), SQLITE_STATIC);
}

// Where a request whose id names a time (requestIdMs) can be: it started in that millisecond
// and its key is its start or, if taken, one of the next 999 microseconds (insertRow).
struct KeyRange {
    qint64 first, last;
};
std::optional<KeyRange> keysForId(QByteArrayView id)
{
    const std::optional<qint64> ms = requestIdMs(id);
    if (!ms)
        return std::nullopt;
    return KeyRange{*ms * 1000, *ms * 1000 + 999 + 999};
}

// Whether the request's row will be found by its id's time, so the index of ids can leave it out.
bool isFoundByTime(QByteArrayView id, qint64 startedUs)
{
    const std::optional<qint64> ms = requestIdMs(id);
    return ms && startedUs / 1000 == *ms;
}

// Binds a row's columns after its key (parameter `base` + 1, bound by the caller), without copying.
void bindRow(sqlite3_stmt *s, int base, const record::EncodedRecord &r)
{
    bindTextOrNull(s, base + 2, r.id);
    bindTextOrNull(s, base + 3, r.inbound);
    bindTextOrNull(s, base + 4, r.requested);
    bindTextOrNull(s, base + 5, r.routeMode);
    bindTextOrNull(s, base + 6, r.model);
    bindTextOrNull(s, base + 7, r.backend);
    sqlite3_bind_int(s, base + 8, r.status);
    bindTextOrNull(s, base + 9, r.error);
    sqlite3_bind_blob(s, base + 10, r.record.data(), int(r.record.size()), SQLITE_STATIC);
    if (r.trace.isEmpty())
        sqlite3_bind_null(s, base + 11);
    else
        sqlite3_bind_blob(s, base + 11, r.trace.data(), int(r.trace.size()), SQLITE_STATIC);
    if (isFoundByTime(r.id, r.startedUs))
        sqlite3_bind_int(s, base + 12, 1);
    else
        sqlite3_bind_null(s, base + 12);
}

QString columnText(sqlite3_stmt *stmt, int column)
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, column));
    return text ? QString::fromUtf8(text, sqlite3_column_bytes(stmt, column)) : QString();
}

QJsonValue columnJson(sqlite3_stmt *stmt, int column)
{
    if (sqlite3_column_type(stmt, column) == SQLITE_NULL)
        return QJsonValue(QJsonValue::Null);
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char *>(sqlite3_column_text(stmt, column)), sqlite3_column_bytes(stmt, column)));
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

// A row in the shape RequestRecord::writeJson gives the feed, with its seq; the full one
// with partial output and trace, the list's with hasPartialOutput.
QJsonObject rowJson(sqlite3_stmt *q, bool full)
{
    QByteArray json = QByteArray::fromRawData(static_cast<const char *>(sqlite3_column_blob(q, 1)), sqlite3_column_bytes(q, 1));
    if (record::isEncodedRecord(json)) {
        std::optional<record::RequestRecord> r = record::decodeRecord(json);
        if (!r)
            lg().error("history: the row {} could not be read", sqlite3_column_int64(q, 0));
        else if (!full && !r->partialOutput.isEmpty())
            r->partialOutput = QByteArrayLiteral("1"); // the list says only whether there is one
        json = r ? r->json() : QByteArray("{}");
    }
    QJsonObject o = QJsonDocument::fromJson(json).object();
    o.insert(QStringLiteral("seq"), qint64(sqlite3_column_int64(q, 0)));
    const QJsonValue partial = o.value(QLatin1String("partialOutput"));
    const bool hasPartial = partial.isString() && !partial.toString().isEmpty();
    if (!hasPartial || !full)
        o.remove(QStringLiteral("partialOutput"));
    if (!full) {
        o.insert(QStringLiteral("hasPartialOutput"), hasPartial);
        return o;
    }
    const QByteArray route = columnText(q, 3).toUtf8();
    const QByteArrayView stored(reinterpret_cast<const char *>(sqlite3_column_blob(q, 2)), sqlite3_column_bytes(q, 2));
    if (sqlite3_column_type(q, 2) == SQLITE_BLOB) {
        const std::optional<record::RouteTrace> trace = record::decodeTrace(stored, route.constData());
        o.insert(QStringLiteral("trace"), trace ? QJsonValue(record::traceJson(*trace)) : QJsonValue(QJsonValue::Null));
    } else {
        o.insert(QStringLiteral("trace"), columnJson(q, 2));
    }
    return o;
}

// Creates the file readable by its owner only (the history holds prompts' fate and errors).
bool createPrivately(const QString &path, QString *error)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error = QStringLiteral("cannot create the history database %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    ::fchmod(fd, 0600); // an older file may have been created 0644
    ::close(fd);
    return true;
}

} // namespace

bool isValidStatusFilter(const QString &status)
{
    static const QRegularExpression form(QStringLiteral("^([1-5][0-9][0-9]|[1-5]xx|ok|error)$"));
    return form.match(status).hasMatch();
}

HistoryDb::~HistoryDb()
{
    sqlite3_finalize(m_insertResponse);
    sqlite3_finalize(m_insertMany);
    sqlite3_finalize(m_insert);
    sqlite3_close(m_db);
}

bool HistoryDb::exec(const char *sql, QString *error) const
{
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return true;
    const QString text = QString::fromUtf8(message ? message : sqlite3_errmsg(m_db));
    sqlite3_free(message);
    if (error)
        *error = text;
    else
        lg().error("history: {}", text);
    return false;
}

bool HistoryDb::open(const QString &path, QString *error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (!createPrivately(path, error))
        return false;
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        yieldingVfs()) != SQLITE_OK) {
        *error = QStringLiteral("cannot open the history database %1: %2").arg(path, QString::fromUtf8(sqlite3_errmsg(db)));
        sqlite3_close(db);
        return false;
    }
    m_db = db;
    sqlite3_busy_timeout(m_db, 5000);
    QString why;
    auto fail = [&](const QString &message) {
        *error = QStringLiteral("history database %1: %2").arg(path, message);
        sqlite3_close(m_db);
        m_db = nullptr;
        return false;
    };
    if (!exec("PRAGMA journal_mode=WAL", &why) || !exec("PRAGMA synchronous=NORMAL", &why))
        return fail(why);
    int version = 0;
    {
        Statement q(m_db, "PRAGMA user_version");
        if (q.ok() && sqlite3_step(q.get()) == SQLITE_ROW)
            version = sqlite3_column_int(q.get(), 0);
    }
    if (version > kSchemaVersion)
        return fail(QStringLiteral("written by a newer Switchyard (schema %1)").arg(version));
    if (version >= 1 && version < 3) {
        lg().info("history: moving {} to schema {}", path, kSchemaVersion);
        if (!exec("BEGIN", &why))
            return fail(why);
        for (const char *statement : kMigrateToV3) {
            if (!exec(statement, &why)) {
                exec("ROLLBACK");
                return fail(QStringLiteral("moving to schema %1: %2").arg(kSchemaVersion).arg(why));
            }
        }
        if (!exec("COMMIT", &why))
            return fail(why);
    }
    if (!exec(kSchema[0], &why))
        return fail(why);
    // Schema 3-4 tables: their rows are all found through the index (by_time NULL).
    if (!hasColumn("requests", "by_time") &&
        (!exec("ALTER TABLE requests ADD COLUMN by_time INTEGER", &why) || !exec("DROP INDEX IF EXISTS requests_request_id", &why)))
        return fail(why);
    for (const char *statement : kSchema) {
        if (!exec(statement, &why))
            return fail(why);
    }
    // Kept responses got an owner after schema 3 shipped; a nullable column older builds ignore.
    if (!hasColumn("responses", "owner") && !exec("ALTER TABLE responses ADD COLUMN owner TEXT", &why))
        return fail(why);
    exec(QByteArray("PRAGMA user_version=" + QByteArray::number(kSchemaVersion)).constData());
    if (sqlite3_prepare_v3(m_db, insertSql(1).constData(), -1, SQLITE_PREPARE_PERSISTENT, &m_insert, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v3(m_db, insertSql(kRowsPerStatement).constData(), -1, SQLITE_PREPARE_PERSISTENT, &m_insertMany,
                           nullptr) != SQLITE_OK ||
        sqlite3_prepare_v3(m_db, "INSERT OR REPLACE INTO responses (id, created_ms, response, input_items, owner) VALUES (?,?,?,?,?)", -1,
                           SQLITE_PREPARE_PERSISTENT, &m_insertResponse, nullptr) != SQLITE_OK)
        return fail(QString::fromUtf8(sqlite3_errmsg(m_db)));
    return true;
}

bool HistoryDb::insertRows(const record::EncodedRecord *const *rows, std::size_t count)
{
    if (count == kRowsPerStatement) {
        sqlite3_stmt *s = m_insertMany;
        for (std::size_t i = 0; i < count; ++i) {
            bindRow(s, int(i * kColumnsPerRow), *rows[i]);
            sqlite3_bind_int64(s, int(i * kColumnsPerRow) + 1, rows[i]->startedUs);
        }
        const int rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc == SQLITE_DONE)
            return std::all_of(rows, rows + count, [this](const auto *r) { return keepResponse(*r); });
        // Two requests started in the same microsecond: the statement undid its rows, and
        // one at a time finds each a free key.
        if (rc != SQLITE_CONSTRAINT) {
            lg().error("storing requests: {}", sqlite3_errmsg(m_db));
            return false;
        }
    }
    return std::all_of(rows, rows + count, [this](const auto *r) { return insertRow(*r); });
}

bool HistoryDb::insertRow(const record::EncodedRecord &r)
{
    sqlite3_stmt *s = m_insert;
    bindRow(s, 0, r);
    // The key is the start time; two requests that started in the same microsecond take the next free one.
    int rc = SQLITE_CONSTRAINT;
    for (qint64 key = r.startedUs; rc == SQLITE_CONSTRAINT && key < r.startedUs + 1000; ++key) {
        sqlite3_bind_int64(s, 1, key);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
    }
    if (rc != SQLITE_DONE) {
        lg().error("storing a request: {}", sqlite3_errmsg(m_db));
        return false;
    }
    return keepResponse(r);
}

bool HistoryDb::keepResponse(const record::EncodedRecord &r)
{
    if (!r.storedResponseId.isEmpty()) {
        sqlite3_stmt *k = m_insertResponse;
        bindTextOrNull(k, 1, r.storedResponseId);
        sqlite3_bind_int64(k, 2, r.startedUs / 1000);
        bindTextOrNull(k, 3, r.storedResponse);
        bindTextOrNull(k, 4, r.storedInputItems);
        bindTextOrNull(k, 5, r.clientName);
        const int kept = sqlite3_step(k);
        sqlite3_reset(k);
        sqlite3_clear_bindings(k);
        if (kept != SQLITE_DONE) {
            lg().error("keeping a response: {}", sqlite3_errmsg(m_db));
            return false;
        }
    }
    return true;
}

bool HistoryDb::insert(QByteArrayView queue, std::chrono::milliseconds offerCpuFor)
{
    if (!m_db || queue.isEmpty())
        return m_db != nullptr;
    m_rows.clear();
    for (qsizetype at = 0; at < queue.size();) {
        std::optional<record::EncodedRecord> r = record::takeEncoded(queue, &at);
        if (!r) {
            lg().error("history: a queued request could not be read");
            return false;
        }
        m_rows.push_back(*r);
    }
    // In key order, each statement's rows go in behind each other at the table's end.
    m_order.clear();
    for (const record::EncodedRecord &r : m_rows)
        m_order.push_back(&r);
    std::stable_sort(m_order.begin(), m_order.end(), [](const auto *a, const auto *b) { return a->startedUs < b->startedUs; });
    const OfferCpuAfterWrites offerWhileWriting(offerCpuFor); // also in COMMIT and its checkpoint
    if (!exec("BEGIN"))
        return false;
    bool stored = true;
    for (std::size_t at = 0; stored && at < m_order.size(); at += kRowsPerStatement) {
        stored = insertRows(m_order.data() + at, std::min(kRowsPerStatement, m_order.size() - at));
        // The writer shares the CPU with the core thread, and the scheduler lets a thread
        // that woke up run a whole slice (milliseconds) before the core thread gets it back.
        // Offering the CPU every few rows (within the caller's budget, as after each page
        // written) bounds how long a request waits for the writer.
        // (Committing that often instead costs more than it saves: each commit rewrites
        // the tree's upper pages, and the WAL then needs checkpoints sooner.)
        OfferCpuAfterWrites::offer();
    }
    // The bindings point into the queue, which is reused.
    sqlite3_clear_bindings(m_insert);
    sqlite3_clear_bindings(m_insertMany);
    const qint64 inserted = qint64(m_order.size());
    m_rows.clear();
    m_order.clear();
    if (!stored || !exec("COMMIT")) {
        exec("ROLLBACK");
        return false;
    }
    if (m_requestCount >= 0)
        m_requestCount += inserted;
    return true;
}

QJsonObject HistoryDb::query(const Query &query) const
{
    QByteArrayList where;
    std::vector<Arg> args;
    auto equals = [&](const char *column, const QString &value) {
        if (value.isEmpty())
            return;
        where << QByteArray(column) + " = ?";
        args.emplace_back(value.toUtf8());
    };
    equals("model", query.model);
    equals("backend", query.backend);
    equals("route", query.route);
    equals("inbound", query.inbound);
    equals("requested", query.requested);
    if (query.status == QLatin1String("ok")) {
        where << "status < 400";
    } else if (query.status == QLatin1String("error")) {
        where << "status >= 400";
    } else if (query.status.endsWith(QLatin1String("xx"))) {
        where << "status BETWEEN ? AND ?";
        const qint64 hundreds = query.status.left(1).toInt() * 100;
        args.emplace_back(hundreds);
        args.emplace_back(hundreds + 99);
    } else if (!query.status.isEmpty()) {
        where << "status = ?";
        args.emplace_back(qint64(query.status.toInt()));
    }
    if (!query.search.isEmpty()) {
        where << "(instr(request_id, ?) OR instr(requested, ?) OR instr(model, ?) OR instr(error, ?))";
        for (int i = 0; i < 4; ++i)
            args.emplace_back(query.search.toUtf8());
    }
    if (query.sinceMs >= 0) {
        where << "seq >= ?";
        args.emplace_back(query.sinceMs * 1000);
    }
    if (query.untilMs >= 0) {
        where << "seq < ?";
        args.emplace_back(query.untilMs * 1000);
    }
    const QByteArray filter = where.isEmpty() ? QByteArray() : " WHERE " + where.join(" AND ");

    // All rows: counted once, then kept by insert and prune. SQLite counts a table through
    // its smallest index that has every row; since schema 5 there is none, and reading the
    // whole table took ~170 ms for 1.6 million rows.
    qint64 total = filter.isEmpty() && m_requestCount >= 0 ? m_requestCount : 0;
    if (!filter.isEmpty() || m_requestCount < 0) {
        Statement count(m_db, "SELECT COUNT(*) FROM requests" + filter);
        if (count.ok()) {
            bindArgs(count.get(), args);
            if (sqlite3_step(count.get()) == SQLITE_ROW)
                total = sqlite3_column_int64(count.get(), 0);
        }
        if (filter.isEmpty())
            m_requestCount = total;
    }
    QByteArray page = filter;
    if (query.before > 0) {
        page += (filter.isEmpty() ? " WHERE " : " AND ") + QByteArray("seq < ?");
        args.emplace_back(query.before);
    }
    args.emplace_back(qint64(query.limit + 1)); // one more tells whether there is a next page
    QJsonArray list;
    QJsonValue nextBefore(QJsonValue::Null);
    Statement rows(m_db, QByteArray("SELECT ") + kColumns + " FROM requests" + page + " ORDER BY seq DESC LIMIT ?");
    if (!rows.ok()) {
        lg().error("listing requests: {}", sqlite3_errmsg(m_db));
    } else {
        bindArgs(rows.get(), args);
        while (sqlite3_step(rows.get()) == SQLITE_ROW) {
            if (list.size() == query.limit) {
                nextBefore = list.last().toObject().value(QLatin1String("seq"));
                break;
            }
            list.append(rowJson(rows.get(), false));
        }
    }
    return {{QStringLiteral("requests"), list}, {QStringLiteral("total"), total}, {QStringLiteral("nextBefore"), nextBefore}};
}

QJsonObject HistoryDb::get(const QString &requestId) const
{
    // By the time the id names (a key range), and through the index of the other ids. A
    // client may reuse an X-Request-Id: the newest request with it wins.
    const QByteArray id = requestId.toUtf8();
    const QByteArray select = QByteArray("SELECT ") + kColumns + " FROM requests WHERE ";
    Statement indexed(m_db, select + "request_id = ? AND by_time IS NULL ORDER BY seq DESC LIMIT 1");
    if (!indexed.ok())
        return {};
    bindArgs(indexed.get(), {id});
    sqlite3_stmt *found = sqlite3_step(indexed.get()) == SQLITE_ROW ? indexed.get() : nullptr;
    const std::optional<KeyRange> keys = keysForId(id);
    Statement timed(m_db, select + "seq BETWEEN ? AND ? AND request_id = ? ORDER BY seq DESC LIMIT 1");
    if (keys && timed.ok()) {
        bindArgs(timed.get(), {keys->first, keys->last, id});
        if (sqlite3_step(timed.get()) == SQLITE_ROW && (!found || sqlite3_column_int64(timed.get(), 0) > sqlite3_column_int64(found, 0)))
            found = timed.get();
    }
    return found ? rowJson(found, true) : QJsonObject();
}

HistoryDb::StoredResponse HistoryDb::response(const QString &id, const QByteArray &owner) const
{
    Statement q(m_db, "SELECT response, input_items FROM responses WHERE id = ? AND owner IS ?");
    StoredResponse out;
    if (!q.ok())
        return out;
    const QByteArray idBytes = id.toUtf8();
    bindTextOrNull(q.get(), 1, idBytes);
    bindTextOrNull(q.get(), 2, owner);
    if (sqlite3_step(q.get()) == SQLITE_ROW) {
        out.response = QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(q.get(), 0)), sqlite3_column_bytes(q.get(), 0));
        out.inputItems = QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(q.get(), 1)), sqlite3_column_bytes(q.get(), 1));
    }
    return out;
}

bool HistoryDb::deleteResponse(const QString &id, const QByteArray &owner)
{
    Statement q(m_db, "DELETE FROM responses WHERE id = ? AND owner IS ?");
    if (!q.ok())
        return false;
    const QByteArray idBytes = id.toUtf8();
    bindTextOrNull(q.get(), 1, idBytes);
    bindTextOrNull(q.get(), 2, owner);
    return sqlite3_step(q.get()) == SQLITE_DONE && sqlite3_changes(m_db) > 0;
}

bool HistoryDb::hasColumn(const char *table, const char *column) const
{
    Statement q(m_db, QByteArray("PRAGMA table_info(") + table + ')');
    while (q.ok() && sqlite3_step(q.get()) == SQLITE_ROW) {
        if (qstrcmp(reinterpret_cast<const char *>(sqlite3_column_text(q.get(), 1)), column) == 0)
            return true;
    }
    return false;
}

int HistoryDb::deleteRows(const char *sql, qint64 value)
{
    Statement q(m_db, sql);
    if (!q.ok())
        return 0;
    bindArgs(q.get(), {value});
    if (sqlite3_step(q.get()) != SQLITE_DONE) {
        lg().error("pruning the history: {}", sqlite3_errmsg(m_db));
        return 0;
    }
    return sqlite3_changes(m_db);
}

int HistoryDb::pruneResponses(qint64 nowMs, int retentionDays, int maxRows)
{
    if (!m_db)
        return 0;
    int removed = 0;
    auto run = [&](const char *sql, qint64 value) { removed += deleteRows(sql, value); };
    if (retentionDays > 0)
        run("DELETE FROM responses WHERE created_ms < ?", nowMs - qint64(retentionDays) * 24 * 3600 * 1000);
    if (maxRows > 0)
        run("DELETE FROM responses WHERE created_ms < (SELECT created_ms FROM responses ORDER BY created_ms DESC LIMIT 1 OFFSET ?)", maxRows);
    return removed;
}

int HistoryDb::prune(qint64 nowMs, int retentionDays, int maxRows)
{
    if (!m_db)
        return 0;
    int removed = 0;
    auto run = [&](const char *sql, qint64 value) { removed += deleteRows(sql, value); };
    if (retentionDays > 0)
        run("DELETE FROM requests WHERE seq < ?", (nowMs - qint64(retentionDays) * 24 * 3600 * 1000) * 1000);
    if (maxRows > 0)
        run("DELETE FROM requests WHERE seq <= (SELECT seq FROM requests ORDER BY seq DESC LIMIT 1 OFFSET ?)", maxRows);
    if (m_requestCount >= 0)
        m_requestCount -= removed;
    return removed;
}

} // namespace sy::history
