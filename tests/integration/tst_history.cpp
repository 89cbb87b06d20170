// History and metrics through the endpoint: requests (served, fallen back, refused) are
// stored in the SQLite file and read back through /api/v1/requests after a restart, with
// filters, paging, the trace and retention; /metrics counts them in Prometheus format.

#include "runningcore.h"
#include "store/historydb.h"
#include "store/yieldingvfs.h"
#include "util/requestid.h"
#include "simprocess.h"
#include "testhttpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QtTest>

#include <sqlite3.h>

using namespace sy;
using namespace sy::test;

namespace {

// Backends "bad" (always 503) and "good", an agent A trying them in that order, and a
// text-only model for capability refusals.
QByteArray configFor(const SimProcess &bad, const SimProcess &good, const QByteArray &extra = {})
{
    return R"({"version":1,"backends":[{"id":"bad","baseUrl":")" + bad.baseUrl() + R"("},{"id":"good","baseUrl":")" +
           good.baseUrl() + R"("}],"models":[{"id":"bad","backend":"bad"},{"id":"good","backend":"good","params":{"temperature":0.25},
           "capabilities":["tools"]}],"agents":{"A":{"models":["bad","good"]}})" +
           (extra.isEmpty() ? QByteArray() : "," + extra) + "}";
}

TestResponse chat(const RunningCore &core, const QByteArray &requestId, const QByteArray &body)
{
    return TestHttpClient(core.port()).request("POST", "/v1/chat/completions", body,
                                               {{"Content-Type", "application/json"}, {"X-Request-Id", requestId}});
}

const QByteArray kAgentChat = R"({"model":"agent:A","messages":[{"role":"user","content":"hello there"}]})";
const QByteArray kImageChat = R"({"model":"good","messages":[{"role":"user","content":[{"type":"text","text":"what is it"},
    {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]})";

QJsonObject getJson(const RunningCore &core, const QByteArray &path, int expectedStatus = 200)
{
    const TestResponse r = TestHttpClient(core.port()).request("GET", path, {}, core.auth());
    if (r.status != expectedStatus)
        qWarning() << path << r.status << r.body;
    return r.status == expectedStatus ? r.json() : QJsonObject();
}

QStringList ids(const QJsonObject &page)
{
    QStringList out;
    for (const QJsonValue &row : page.value(QLatin1String("requests")).toArray())
        out << row.toObject().value(QLatin1String("id")).toString();
    return out;
}

// The value of one sample line ("name{labels} value") of a /metrics page; -1 if absent.
double metric(const QByteArray &page, const QByteArray &prefix)
{
    for (const QByteArray &line : page.split('\n')) {
        if (line.size() > prefix.size() && line.startsWith(prefix) && line[prefix.size()] == ' ')
            return line.mid(line.lastIndexOf(' ') + 1).toDouble();
    }
    return -1;
}

} // namespace

class TestHistory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rowsAreQueryableAfterARestart();
    void filtersAndPaging();
    void badQueriesAreRefused();
    void retentionKeepsTheNewestRows();
    void disabledHistoryStoresNothing();
    void rowsOfAnOlderSchemaAreKept();
    void theYieldingVfsKeepsTheFileIntact();
    void rowsWithTheSameStartTimeAreAllKept();
    void requestsAreFoundByTheirIds();
    void aBrokenStreamKeepsWhatItSent();
    void generationFiguresWithoutUsage();
    void metricsCountRequestsFallbacksAndDecisions();
    void aRequestCutByTheShutdownIsRecorded();
};

void TestHistory::initTestCase()
{
    isolateUserDirectories();
}

void TestHistory::rowsAreQueryableAfterARestart()
{
    SimProcess bad({QStringLiteral("--fail-rate"), QStringLiteral("1")}), good;
    {
        RunningCore core(configFor(bad, good));
        QVERIFY2(core.ok(), qPrintable(core.error()));
        QCOMPARE(chat(core, "restart-fallback", kAgentChat).status, 200);
        QCOMPARE(chat(core, "restart-refused", kImageChat).status, 422);
        const QByteArray stream = R"({"model":"good","stream":true,"messages":[{"role":"user","content":"count"}]})";
        QCOMPARE(chat(core, "restart-stream", stream).status, 200);
    } // the core stops: what was queued is written

    RunningCore again(configFor(bad, good));
    QVERIFY2(again.ok(), qPrintable(again.error()));
    const QJsonObject page = getJson(again, "/api/v1/requests?q=restart-");
    QCOMPARE(page.value(QLatin1String("total")).toInt(), 3);
    QCOMPARE(ids(page), (QStringList{"restart-stream", "restart-refused", "restart-fallback"})); // newest first
    QVERIFY(page.value(QLatin1String("nextBefore")).isNull());

    const QJsonObject row = getJson(again, "/api/v1/requests/restart-fallback");
    QCOMPARE(row.value(QLatin1String("status")).toInt(), 200);
    QCOMPARE(row.value(QLatin1String("model")).toString(), QStringLiteral("good"));
    QCOMPARE(row.value(QLatin1String("backend")).toString(), QStringLiteral("good"));
    QCOMPARE(row.value(QLatin1String("route")).toString(), QStringLiteral("agent"));
    QCOMPARE(row.value(QLatin1String("inbound")).toString(), QStringLiteral("openai"));
    QCOMPARE(row.value(QLatin1String("requested")).toString(), QStringLiteral("agent:A"));
    QCOMPARE(row.value(QLatin1String("client")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(row.value(QLatin1String("chain")).toArray(), (QJsonArray{"bad", "good"}));
    QVERIFY(row.value(QLatin1String("latencyMs")).toDouble() > 0);
    QVERIFY(row.value(QLatin1String("tokensIn")).toInt() > 0);
    QVERIFY(row.value(QLatin1String("tokensOut")).toInt() > 0);
    const QJsonArray attempts = row.value(QLatin1String("attempts")).toArray();
    QCOMPARE(attempts.size(), 2);
    QCOMPARE(attempts[0].toObject().value(QLatin1String("trigger")).toString(), QStringLiteral("http_500"));
    QVERIFY(!attempts[0].toObject().value(QLatin1String("error")).toString().isEmpty());
    QCOMPARE(attempts[1].toObject().value(QLatin1String("outcome")).toString(), QStringLiteral("delivered"));
    QCOMPARE(attempts[1].toObject().value(QLatin1String("params")).toObject().value(QLatin1String("temperature")).toDouble(), 0.25);
    const QJsonObject trace = row.value(QLatin1String("trace")).toObject();
    QCOMPARE(trace.value(QLatin1String("route")).toString(), QStringLiteral("agent"));
    QCOMPARE(trace.value(QLatin1String("chain")).toArray(), (QJsonArray{"bad", "good"}));

    const QJsonObject refused = getJson(again, "/api/v1/requests/restart-refused");
    QCOMPARE(refused.value(QLatin1String("status")).toInt(), 422);
    QVERIFY(refused.value(QLatin1String("model")).isNull());
    QVERIFY(refused.value(QLatin1String("error")).toString().contains(QLatin1String("vision")));
    QCOMPARE(refused.value(QLatin1String("attempts")).toArray().size(), 0);

    const QJsonObject streamed = getJson(again, "/api/v1/requests/restart-stream");
    QCOMPARE(streamed.value(QLatin1String("stream")).toBool(), true);
    QVERIFY(streamed.value(QLatin1String("ttftMs")).toDouble() > 0);
}

void TestHistory::filtersAndPaging()
{
    SimProcess bad({QStringLiteral("--fail-rate"), QStringLiteral("1")}), good;
    RunningCore core(configFor(bad, good));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    for (int i = 0; i < 5; ++i)
        QCOMPARE(chat(core, "page-ok-" + QByteArray::number(i), R"({"model":"good","messages":[{"role":"user","content":"x"}]})").status, 200);
    for (int i = 0; i < 2; ++i)
        QCOMPARE(chat(core, "page-refused-" + QByteArray::number(i), kImageChat).status, 422);

    QCOMPARE(getJson(core, "/api/v1/requests?q=page-&status=4xx").value(QLatin1String("total")).toInt(), 2);
    QCOMPARE(getJson(core, "/api/v1/requests?q=page-&status=error").value(QLatin1String("total")).toInt(), 2);
    QCOMPARE(getJson(core, "/api/v1/requests?q=page-&status=200&model=good").value(QLatin1String("total")).toInt(), 5);
    QCOMPARE(getJson(core, "/api/v1/requests?q=page-&route=capability").value(QLatin1String("total")).toInt(), 0);
    QCOMPARE(getJson(core, "/api/v1/requests?q=page-&route=model").value(QLatin1String("total")).toInt(), 7);
    const qint64 future = QDateTime::currentMSecsSinceEpoch() + 60000;
    QCOMPARE(getJson(core, "/api/v1/requests?q=page-&since=" + QByteArray::number(future)).value(QLatin1String("total")).toInt(), 0);
    QCOMPARE(getJson(core, "/api/v1/requests?q=page-&since=2020-01-01T00:00:00Z").value(QLatin1String("total")).toInt(), 7);
    QCOMPARE(getJson(core, "/api/v1/requests?q=page-&until=0").value(QLatin1String("total")).toInt(), 0); // before the epoch: none
    QCOMPARE(getJson(core, "/api/v1/requests?q=page-&since=0").value(QLatin1String("total")).toInt(), 7);

    // Pages of 3 cover all 7, newest first, each once.
    QStringList seen;
    QByteArray path = "/api/v1/requests?q=page-&limit=3";
    for (int pageNo = 0; pageNo < 4; ++pageNo) {
        const QJsonObject page = getJson(core, path);
        seen += ids(page);
        const QJsonValue next = page.value(QLatin1String("nextBefore"));
        if (next.isNull())
            break;
        path = "/api/v1/requests?q=page-&limit=3&before=" + QByteArray::number(next.toInteger());
    }
    QCOMPARE(seen.size(), 7);
    QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), 7);
    QCOMPARE(seen.first(), QStringLiteral("page-refused-1"));
    QCOMPARE(seen.last(), QStringLiteral("page-ok-0"));
}

void TestHistory::badQueriesAreRefused()
{
    SimProcess bad, good;
    RunningCore core(configFor(bad, good));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    for (const char *query : {"limit=0", "limit=501", "limit=x", "status=abc", "since=yesterday", "before=-3",
                              "since=9223372036854776", "until=9223372036854776", "until=253402300800000"}) {
        const TestResponse r = TestHttpClient(core.port()).request("GET", QByteArray("/api/v1/requests?") + query, {}, core.auth());
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("invalid_query"));
    }
    QCOMPARE(TestHttpClient(core.port()).request("GET", "/api/v1/requests/no-such-id", {}, core.auth()).status, 404);
    QCOMPARE(TestHttpClient(core.port()).get("/api/v1/requests").status, 401);
    QCOMPARE(TestHttpClient(core.port()).get("/api/v1/requests/x").status, 401);
}

void TestHistory::retentionKeepsTheNewestRows()
{
    QTemporaryDir data; // a database of its own: retention prunes the whole file
    const QByteArray previous = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", data.path().toUtf8());
    SimProcess bad, good;
    {
        RunningCore core(configFor(bad, good));
        QVERIFY2(core.ok(), qPrintable(core.error()));
        for (int i = 0; i < 8; ++i)
            QCOMPARE(chat(core, "keep-" + QByteArray::number(i), R"({"model":"good","messages":[{"role":"user","content":"x"}]})").status, 200);
        QCOMPARE(getJson(core, "/api/v1/requests").value(QLatin1String("total")).toInt(), 8);
    }
    RunningCore smaller(configFor(bad, good, R"("history":{"maxRows":5})"));
    QVERIFY2(smaller.ok(), qPrintable(smaller.error()));
    const QJsonObject page = getJson(smaller, "/api/v1/requests");
    qputenv("XDG_DATA_HOME", previous);
    QCOMPARE(page.value(QLatin1String("total")).toInt(), 5);
    QCOMPARE(ids(page), (QStringList{"keep-7", "keep-6", "keep-5", "keep-4", "keep-3"}));
}

void TestHistory::disabledHistoryStoresNothing()
{
    QTemporaryDir data;
    const QByteArray previous = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", data.path().toUtf8());
    SimProcess bad, good;
    RunningCore core(configFor(bad, good, R"("history":{"enabled":false})"));
    qputenv("XDG_DATA_HOME", previous);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QCOMPARE(chat(core, "off-1", R"({"model":"good","messages":[{"role":"user","content":"x"}]})").status, 200);
    const TestResponse r = TestHttpClient(core.port()).request("GET", "/api/v1/requests", {}, core.auth());
    QCOMPARE(r.status, 404);
    QCOMPARE(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("history_disabled"));
    QVERIFY(!QFile::exists(data.filePath(QStringLiteral("switchyard/history.sqlite"))));
}

// The history file is written through a VFS that offers the CPU after each page write
// (store/yieldingvfs.h). Everything it forwards must keep SQLite's guarantees: WAL with its
// shared memory, a checkpoint, and a reopen through the default VFS read the same rows.
void TestHistory::theYieldingVfsKeepsTheFileIntact()
{
    const char *vfs = history::yieldingVfs();
    QVERIFY(vfs);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray path = QFile::encodeName(dir.filePath(QStringLiteral("t.sqlite")));
    // The first row of a statement's result as text, or the error.
    auto first = [](sqlite3 *db, const char *sql) {
        sqlite3_stmt *q = nullptr;
        QByteArray out;
        if (sqlite3_prepare_v2(db, sql, -1, &q, nullptr) != SQLITE_OK)
            return "error: " + QByteArray(sqlite3_errmsg(db));
        const int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW)
            out = QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(q, 0)));
        else if (rc != SQLITE_DONE)
            out = "error: " + QByteArray(sqlite3_errmsg(db));
        sqlite3_finalize(q);
        return out;
    };
    sqlite3 *db = nullptr;
    const auto closeDb = qScopeGuard([&db] { sqlite3_close(db); });

    {
        const history::OfferCpuAfterWrites offer(std::chrono::minutes(1));
        const std::uint64_t offersBefore = history::OfferCpuAfterWrites::offersOnThisThread();
        QCOMPARE(sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs), SQLITE_OK);
        sqlite3_vfs *used = nullptr;
        QCOMPARE(sqlite3_file_control(db, "main", SQLITE_FCNTL_VFS_POINTER, &used), SQLITE_OK);
        QCOMPARE(QByteArray(used->zName), QByteArray(vfs));
        QCOMPARE(first(db, "PRAGMA journal_mode=WAL"), QByteArray("wal")); // needs the shared-memory methods
        for (const char *sql : {"CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)", "BEGIN",
                                "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 2000) "
                                "INSERT INTO t SELECT k, printf('%0300d', k) FROM n",
                                "COMMIT", "DELETE FROM t WHERE k % 3 = 0", "UPDATE t SET v = 'x' WHERE k = 1"})
            QCOMPARE(first(db, sql), QByteArray());
        QCOMPARE(first(db, "PRAGMA wal_checkpoint(TRUNCATE)"), QByteArray("0")); // not busy: it ran
        QVERIFY(history::OfferCpuAfterWrites::offersOnThisThread() > offersBefore);
        {
            const history::OfferCpuAfterWrites none(std::chrono::milliseconds(0)); // the inner one decides
            const std::uint64_t offers = history::OfferCpuAfterWrites::offersOnThisThread();
            QCOMPARE(first(db, "INSERT INTO t VALUES (3, 'three')"), QByteArray());
            QCOMPARE(history::OfferCpuAfterWrites::offersOnThisThread(), offers);
        }
        QCOMPARE(sqlite3_close(db), SQLITE_OK);
        db = nullptr;
    }

    QCOMPARE(sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    QCOMPARE(first(db, "SELECT count(*) FROM t"), QByteArray::number(2000 - 2000 / 3 + 1));
    QCOMPARE(first(db, "SELECT sum(k) FROM t"), QByteArray::number(2000 * 2001 / 2 - 3 * (666 * 667 / 2) + 3));
    QCOMPARE(first(db, "SELECT v FROM t WHERE k = 1"), QByteArray("x"));
    QCOMPARE(first(db, "PRAGMA integrity_check"), QByteArray("ok"));

    // A file that cannot be opened fails cleanly (no methods to call on it).
    sqlite3 *missing = nullptr;
    QCOMPARE(sqlite3_open_v2(QFile::encodeName(dir.filePath(QStringLiteral("no/such/dir.sqlite"))).constData(), &missing,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs),
             SQLITE_CANTOPEN);
    sqlite3_close(missing);
}

// The writer stores a batch by the statement of 16 rows, in start-time order; requests that
// started in the same microsecond (in one statement, across statements, or as a row already
// stored) each get a key of their own, and no row is lost or stored twice.
void TestHistory::rowsWithTheSameStartTimeAreAllKept()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    history::HistoryDb db;
    QString error;
    QVERIFY2(db.open(dir.filePath(QStringLiteral("h.sqlite")), &error), qPrintable(error));
    const qint64 t0 = 1'800'000'000'000'000;
    QHash<QByteArray, qint64> startedById;
    auto batch = [&](const QList<qint64> &starts) {
        std::string queue;
        for (const qint64 started : starts) {
            record::RequestRecord r;
            r.id = "r" + QByteArray::number(startedById.size());
            r.startedUs = started;
            r.inbound = "openai";
            r.model = "m";
            r.status = 200;
            startedById.insert(r.id, started);
            record::appendEncoded(r, queue);
        }
        return queue;
    };
    // 20 rows: one statement of 16, then 4 one by one; given newest first.
    QList<qint64> first;
    for (int i = 19; i >= 0; --i)
        first << t0 + i * 10;
    QVERIFY(db.insert(batch(first)));
    history::Query all;
    all.limit = 100;
    QCOMPARE(db.query(all).value(QLatin1String("total")).toInt(), 20); // counted here, then kept
    // 40 rows: twins inside the first statement, a row on the first batch's newest key,
    // a run of keys that each collide, and rows before and after it all.
    QList<qint64> second = {t0 + 5, t0 + 5, t0 + 190, t0 + 190, t0 + 191, t0 + 192, t0 + 1};
    for (int i = 0; second.size() < 40; ++i)
        second << t0 + 1000 + (i * 37) % 400;
    QVERIFY(db.insert(batch(second)));

    const QJsonObject page = db.query(all);
    QCOMPARE(page.value(QLatin1String("total")).toInt(), 60);
    const QJsonArray rows = page.value(QLatin1String("requests")).toArray();
    QCOMPARE(rows.size(), 60);
    QSet<qint64> keys;
    QSet<QByteArray> ids;
    qint64 previous = std::numeric_limits<qint64>::max();
    for (const QJsonValue &v : rows) {
        const QJsonObject row = v.toObject();
        const qint64 seq = row.value(QLatin1String("seq")).toInteger();
        const QByteArray id = row.value(QLatin1String("id")).toString().toUtf8();
        QVERIFY2(startedById.contains(id), id.constData());
        const qint64 started = startedById.value(id);
        QVERIFY2(seq >= started && seq < started + 1000, id.constData()); // the start time, or just after it
        QVERIFY(seq < previous); // newest first
        previous = seq;
        keys.insert(seq);
        ids.insert(id);
        QCOMPARE(db.get(QString::fromUtf8(id)).value(QLatin1String("seq")).toInteger(), seq);
    }
    QCOMPARE(keys.size(), 60);
    QCOMPARE(ids.size(), 60);
    QCOMPARE(db.prune(t0 / 1000, 0, 45), 15);
    QCOMPARE(db.query(all).value(QLatin1String("total")).toInt(), 45);
    QCOMPARE(db.query(all).value(QLatin1String("requests")).toArray().size(), 45);
}

// A request is found by its id: one made here (util/requestid.h) by the time it names, without
// the index of ids; a client's own id, an id of that form naming another time (forwarded
// from another node) and every row of a schema-4 file through the index. A reused id finds
// its newest request.
void TestHistory::requestsAreFoundByTheirIds()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    const qint64 t0 = 1'800'000'000'123'000;
    { // schema 4, as the previous version left it: one row, found through its index of ids
        sqlite3 *raw = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &raw), SQLITE_OK);
        const QByteArray v4 = R"(
            CREATE TABLE requests (seq INTEGER PRIMARY KEY, request_id TEXT NOT NULL, inbound TEXT, requested TEXT, route TEXT,
                model TEXT, backend TEXT, status INTEGER, error TEXT, record TEXT NOT NULL, trace BLOB);
            CREATE INDEX requests_request_id ON requests(request_id);
            INSERT INTO requests VALUES (1799999999000000, 'req_1a3185c5000aabbccddeeff', 'openai', 'm', 'auto', 'm', 'b', 200, NULL,
                '{"id":"req_1a3185c5000aabbccddeeff","status":200}', NULL);
            PRAGMA user_version=4;)";
        char *why = nullptr;
        const int rc = sqlite3_exec(raw, v4.constData(), nullptr, nullptr, &why);
        QVERIFY2(rc == SQLITE_OK, why);
        sqlite3_close(raw);
    }
    history::HistoryDb db;
    QString error;
    QVERIFY2(db.open(path, &error), qPrintable(error));

    struct Row {
        QByteArray id;
        qint64 startedUs;
    };
    QList<Row> rows;
    for (int i = 0; i < 20; ++i) {
        const qint64 started = t0 + i * 300 + (i == 7 ? -300 : 0); // two start in the same microsecond
        rows.append({newRequestId(started), started});
    }
    rows.append({"client-7", t0 + 50});
    rows.append({newRequestId(t0 - 5'000'000), t0 + 60}); // another node's id, 5 s older
    rows.append({"client-7", t0 + 9000});                  // reused: the newest wins
    std::string queue;
    for (const Row &row : rows) {
        record::RequestRecord r;
        r.id = row.id;
        r.startedUs = row.startedUs;
        r.status = 200;
        r.error = QString::fromUtf8(row.id + "@" + QByteArray::number(row.startedUs)); // tells rows apart
        record::appendEncoded(r, queue);
    }
    QVERIFY(db.insert(queue));

    for (const Row &row : rows) {
        const QJsonObject found = db.get(QString::fromUtf8(row.id));
        const qint64 newest = row.id == "client-7" ? t0 + 9000 : row.startedUs;
        QCOMPARE(found.value(QLatin1String("error")).toString(), QString::fromUtf8(row.id + "@" + QByteArray::number(newest)));
    }
    QCOMPARE(db.get(QStringLiteral("req_1a3185c5000aabbccddeeff")).value(QLatin1String("status")).toInt(), 200);
    QVERIFY(db.get(QString::fromUtf8(newRequestId(t0 + 100))).isEmpty()); // its time, not its id

    sqlite3 *raw = nullptr;
    QCOMPARE(sqlite3_open_v2(QFile::encodeName(path).constData(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    const auto closeRaw = qScopeGuard([&raw] { sqlite3_close(raw); });
    auto count = [raw](const char *sql) {
        sqlite3_stmt *q = nullptr;
        sqlite3_prepare_v2(raw, sql, -1, &q, nullptr);
        const qint64 n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
        sqlite3_finalize(q);
        return n;
    };
    QCOMPARE(count("SELECT count(*) FROM requests WHERE by_time IS NULL"), 4); // the old row, the client's two, the other node's
    QCOMPARE(count("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'requests_request_id'"), 0);
    QCOMPARE(count("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'requests_untimed_id'"), 1);
    QCOMPARE(count("PRAGMA user_version"), 5);
}

void TestHistory::rowsOfAnOlderSchemaAreKept()
{
    QTemporaryDir data; // a database written by schema 2 (one column per field)
    const QByteArray previous = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", data.path().toUtf8());
    QVERIFY(QDir().mkpath(data.path() + QLatin1String("/switchyard")));
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(data.path() + QLatin1String("/switchyard/history.sqlite")).constData(), &db), SQLITE_OK);
    const qint64 startedMs = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000; // within retention
    const QByteArray v2 = QByteArray(R"(
        CREATE TABLE requests (seq INTEGER PRIMARY KEY, request_id TEXT NOT NULL, started_ms INTEGER NOT NULL, client TEXT,
            inbound TEXT, endpoint TEXT, requested TEXT, route TEXT, chain TEXT, attempts TEXT, model TEXT, backend TEXT,
            status INTEGER, stream INTEGER, latency_ms REAL, ttft_ms REAL, tokens_in INTEGER, tokens_out INTEGER, error TEXT,
            partial_output TEXT, trace TEXT);
        CREATE INDEX requests_started ON requests(started_ms);
        CREATE INDEX requests_request_id ON requests(request_id);
        CREATE INDEX requests_model ON requests(model);
        INSERT INTO requests VALUES (7, 'old-one', STARTED, '10.0.0.2', 'anthropic', '/v1/messages', 'agent:A', 'agent',
            '["bad","good"]', '[{"model":"bad","outcome":"failed"},{"model":"good","outcome":"delivered"}]', 'good', 'good',
            200, 1, 812.5, 90.25, 11, 22, NULL, 'partial text', '{"route":"agent","chain":["bad","good"],"steps":[]}');
        CREATE TABLE responses (id TEXT PRIMARY KEY, created_ms INTEGER NOT NULL, response TEXT NOT NULL, input_items TEXT);
        INSERT INTO responses VALUES ('resp_old', STARTED, '{"id":"resp_old","object":"response"}', '[]');
        PRAGMA user_version=2;)").replace("STARTED", QByteArray::number(startedMs));
    char *why = nullptr;
    const int rc = sqlite3_exec(db, v2.constData(), nullptr, nullptr, &why);
    QVERIFY2(rc == SQLITE_OK, why);
    sqlite3_close(db);

    SimProcess bad, good;
    RunningCore core(configFor(bad, good));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QCOMPARE(chat(core, "new-one", R"({"model":"good","messages":[{"role":"user","content":"x"}]})").status, 200);
    const QJsonObject page = getJson(core, "/api/v1/requests");
    QCOMPARE(ids(page), (QStringList{"new-one", "old-one"}));
    const QJsonObject oldListed = page.value(QLatin1String("requests")).toArray()[1].toObject();
    QCOMPARE(oldListed.value(QLatin1String("hasPartialOutput")).toBool(), true); // a JSON-text row
    QVERIFY(!oldListed.contains(QLatin1String("partialOutput")));
    const QJsonObject old = getJson(core, "/api/v1/requests/old-one");
    // A response kept before responses had an owner (a column added in place) is still found.
    const TestResponse kept = TestHttpClient(core.port()).get("/v1/responses/resp_old");
    QCOMPARE(kept.status, 200);
    QCOMPARE(kept.json().value(QLatin1String("id")).toString(), QStringLiteral("resp_old"));
    qputenv("XDG_DATA_HOME", previous);
    QCOMPARE(old.value(QLatin1String("startedMs")).toInteger(), startedMs);
    QCOMPARE(old.value(QLatin1String("client")).toString(), QStringLiteral("10.0.0.2"));
    QCOMPARE(old.value(QLatin1String("inbound")).toString(), QStringLiteral("anthropic"));
    QCOMPARE(old.value(QLatin1String("endpoint")).toString(), QStringLiteral("/v1/messages"));
    QCOMPARE(old.value(QLatin1String("chain")).toArray(), (QJsonArray{"bad", "good"}));
    QCOMPARE(old.value(QLatin1String("attempts")).toArray().size(), 2);
    QCOMPARE(old.value(QLatin1String("stream")).toBool(), true);
    QCOMPARE(old.value(QLatin1String("latencyMs")).toDouble(), 812.5);
    QCOMPARE(old.value(QLatin1String("tokensOut")).toInt(), 22);
    QCOMPARE(old.value(QLatin1String("partialOutput")).toString(), QStringLiteral("partial text"));
    QCOMPARE(old.value(QLatin1String("trace")).toObject().value(QLatin1String("chain")).toArray(), (QJsonArray{"bad", "good"}));
}

void TestHistory::aBrokenStreamKeepsWhatItSent()
{
    SimProcess crashing({QStringLiteral("--crash-after"), QStringLiteral("0"), QStringLiteral("--tokens-per-s"), QStringLiteral("20")});
    RunningCore core(R"({"version":1,"backends":[{"id":"c","baseUrl":")" + crashing.baseUrl() +
                     R"("}],"models":[{"id":"crashing","backend":"c"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QCOMPARE(chat(core, "cut", R"({"model":"crashing","stream":true,"messages":[{"role":"user","content":"count"}]})").status, 200);
    const QJsonObject page = getJson(core, "/api/v1/requests?q=cut");
    QCOMPARE(ids(page), QStringList{"cut"});
    const QJsonObject listed = page.value(QLatin1String("requests")).toArray().first().toObject();
    QCOMPARE(listed.value(QLatin1String("hasPartialOutput")).toBool(), true); // the list only says so
    QVERIFY(!listed.contains(QLatin1String("partialOutput")));
    const QJsonObject row = getJson(core, "/api/v1/requests/cut");
    QVERIFY(!row.value(QLatin1String("partialOutput")).toString().isEmpty());
    QVERIFY(!row.value(QLatin1String("error")).toString().isEmpty());
}

void TestHistory::generationFiguresWithoutUsage()
{
    // Streams whose client asked for no usage: the tokens are counted as they pass, and the
    // speed is the backend's own figure (llama-server's timings) when it gives one.
    SimProcess paced({QStringLiteral("--tokens"), QStringLiteral("12"), QStringLiteral("--tokens-per-s"), QStringLiteral("200")});
    SimProcess quiet({QStringLiteral("--tokens"), QStringLiteral("12"), QStringLiteral("--tokens-per-s"), QStringLiteral("200"),
                      QStringLiteral("--no-timings")});
    const QByteArray config = R"({"version":1,"backends":[{"id":"paced","baseUrl":")" + paced.baseUrl() +
                              R"("},{"id":"quiet","baseUrl":")" + quiet.baseUrl() +
                              R"("}],"models":[{"id":"paced","backend":"paced"},{"id":"quiet","backend":"quiet"}]})";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QCOMPARE(chat(core, "gen-paced", R"({"model":"paced","stream":true,"messages":[{"role":"user","content":"go"}]})").status, 200);
    QCOMPARE(chat(core, "gen-quiet", R"({"model":"quiet","stream":true,"messages":[{"role":"user","content":"go"}]})").status, 200);
    QCOMPARE(chat(core, "gen-whole", R"({"model":"paced","messages":[{"role":"user","content":"go"}]})").status, 200);

    const QJsonObject pacedRow = getJson(core, "/api/v1/requests/gen-paced");
    QCOMPARE(pacedRow.value(QLatin1String("tokensOut")).toInt(), 12);
    QCOMPARE(pacedRow.value(QLatin1String("tokensEstimated")).toBool(), true);
    QCOMPARE(pacedRow.value(QLatin1String("tokensPerS")).toDouble(), 200.0);
    // Without the backend's figure: 11 tokens after the first, 5 ms apart, so about 200/s
    // (the time to the first token, which includes reading the prompt, is not counted).
    const QJsonObject quietRow = getJson(core, "/api/v1/requests/gen-quiet");
    QCOMPARE(quietRow.value(QLatin1String("tokensOut")).toInt(), 12);
    const double measured = quietRow.value(QLatin1String("tokensPerS")).toDouble();
    QVERIFY2(measured > 0 && measured < 400, qPrintable(QString::number(measured)));
    const QJsonObject whole = getJson(core, "/api/v1/requests/gen-whole");
    QCOMPARE(whole.value(QLatin1String("tokensEstimated")).toBool(), false); // from the usage
    QCOMPARE(whole.value(QLatin1String("tokensOut")).toInt(), 12);
    QCOMPARE(whole.value(QLatin1String("tokensPerS")).toDouble(), 200.0);
}

void TestHistory::metricsCountRequestsFallbacksAndDecisions()
{
    SimProcess bad({QStringLiteral("--fail-rate"), QStringLiteral("1")}), good;
    RunningCore core(configFor(bad, good, R"("fallback":{"failThreshold":100})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(chat(core, "m-" + QByteArray::number(i), kAgentChat).status, 200);
    QCOMPARE(chat(core, "m-refused", kImageChat).status, 422);
    // Labels that change and come back, with the page rendered in between (the counters
    // remember the last labels they counted).
    QCOMPARE(TestHttpClient(core.port()).get("/metrics").status, 200);
    QCOMPARE(chat(core, "m-3", kAgentChat).status, 200);

    const TestResponse r = TestHttpClient(core.port()).get("/metrics");
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("content-type").startsWith("text/plain; version=0.0.4"));
    const QByteArray &page = r.body;
    QCOMPARE(metric(page, R"(switchyard_requests_total{model="good",backend="good",route="agent",status="200"})"), 4.0);
    QCOMPARE(metric(page, R"(switchyard_requests_total{model="none",backend="none",route="model",status="422"})"), 1.0);
    QCOMPARE(metric(page, R"(switchyard_routing_decisions_total{mode="agent"})"), 4.0);
    QCOMPARE(metric(page, R"(switchyard_routing_decisions_total{mode="failed"})"), 1.0);
    QCOMPARE(metric(page, R"(switchyard_fallbacks_total{trigger="http_500"})"), 4.0);
    QCOMPARE(metric(page, R"(switchyard_attempt_failures_total{model="bad",trigger="http_500"})"), 4.0);
    QCOMPARE(metric(page, R"(switchyard_request_duration_seconds_count{model="good"})"), 4.0);
    QCOMPARE(metric(page, R"(switchyard_request_duration_seconds_bucket{model="good",le="+Inf"})"), 4.0);
    QVERIFY(metric(page, R"(switchyard_tokens_total{model="good",direction="out"})") > 0);
    QCOMPARE(metric(page, R"(switchyard_time_to_first_token_seconds_count{model="good"})"), 4.0);
    // The refused request has a duration but no first byte and no tokens.
    QCOMPARE(metric(page, R"(switchyard_request_duration_seconds_count{model="none"})"), 1.0);
    QVERIFY(!page.contains(R"(switchyard_time_to_first_token_seconds_count{model="none"})"));
    QVERIFY(!page.contains(R"(switchyard_tokens_total{model="none")"));
    QCOMPARE(metric(page, R"(switchyard_model_cooldown_seconds{model="bad"})"), 0.0);
    // Every sample belongs to a family declared with HELP and TYPE.
    QSet<QByteArray> declared;
    static const QRegularExpression sampleName(QStringLiteral("^([a-z_]+?)(_bucket|_sum|_count)?[{ ]"));
    for (const QByteArray &line : page.split('\n')) {
        if (line.startsWith("# TYPE "))
            declared.insert(line.split(' ').at(2));
        else if (!line.isEmpty() && !line.startsWith('#')) {
            const QRegularExpressionMatch m = sampleName.match(QString::fromUtf8(line));
            QVERIFY2(m.hasMatch(), line.constData());
            QVERIFY2(declared.contains(m.captured(1).toUtf8()) || declared.contains(line.left(line.indexOf(' '))), line.constData());
        }
    }
}


// The grace period ends with a request still waiting for its upstream: the client's connection
// is cut, and the call finishes from the event loop after that. The core must wait for it
// (its record, the services it uses) before it is torn down; it crashed here before.
void TestHistory::aRequestCutByTheShutdownIsRecorded()
{
    QTcpServer silent; // accepts and never answers
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const QByteArray config = R"({"version":1,"server":{"shutdownGraceS":1},"backends":[{"id":"silent","baseUrl":"http://127.0.0.1:)" +
                              QByteArray::number(silent.serverPort()) + R"("}],"models":[{"id":"slow","backend":"silent"}]})";
    {
        RunningCore core(config);
        QVERIFY2(core.ok(), qPrintable(core.error()));
        TestHttpClient client(core.port());
        QVERIFY(client.startRequest("POST", "/v1/chat/completions", R"({"model":"slow","messages":[{"role":"user","content":"hi"}]})",
                                    {{"Content-Type", "application/json"}, {"X-Request-Id", "cut-by-stop"}}));
        QVERIFY(silent.waitForNewConnection(5000)); // the request is at the upstream now
        core.stop();
        TestResponse r;
        QVERIFY(!client.waitForHead(r, 1000)); // cut without an answer
    }
    RunningCore again(config);
    QVERIFY2(again.ok(), qPrintable(again.error()));
    const QJsonObject row = getJson(again, "/api/v1/requests/cut-by-stop");
    QCOMPARE(row.value(QLatin1String("status")).toInt(), 499);
    QCOMPARE(row.value(QLatin1String("model")).toString(), QStringLiteral("slow"));
}

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
