// Config changes without a restart, through the endpoint: GET/PUT /api/v1/config
// (validation, diff, dry run, If-Match, atomic save with a backup), live apply without
// dropping a request in flight, edits of the file by another program, the feed's
// "config" event; the dry-run helpers (route preview, decompose); and the /model-pool
// seed endpoints.

#include "feedclient.h"
#include "runningcore.h"
#include "simprocess.h"
#include "testhttpclient.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QtTest>

using namespace sy;
using namespace sy::test;

namespace {

// Remote models "one" (and "two" if given) on their own backends; agent A -> [one].
QByteArray configFor(const SimProcess &one, const SimProcess *two = nullptr, const QByteArray &extra = {})
{
    QByteArray backends = R"({"id":"b1","baseUrl":")" + one.baseUrl() + R"("})";
    QByteArray models = R"({"id":"one","backend":"b1","capabilities":["tools"]})";
    if (two) {
        backends += R"(,{"id":"b2","baseUrl":")" + two->baseUrl() + R"("})";
        models += R"(,{"id":"two","backend":"b2","capabilities":["tools","vision"]})";
    }
    return R"({"version":1,"backends":[)" + backends + R"(],"models":[)" + models +
           R"(],"agents":{"A":{"models":["one"],"modelParams":{"one":{"temperature":0.1}}}})" +
           (extra.isEmpty() ? QByteArray() : "," + extra) + "}";
}

const QByteArray kChatTwo = R"({"model":"two","messages":[{"role":"user","content":"hi"}]})";
const QByteArray kChatOne = R"({"model":"one","messages":[{"role":"user","content":"hi"}]})";

QJsonObject errorOf(const TestResponse &r) { return r.json().value(QLatin1String("error")).toObject(); }

bool hasDiff(const QJsonObject &answer, const QString &path, const QString &change)
{
    for (const QJsonValue &d : answer.value(QLatin1String("diff")).toArray()) {
        if (d.toObject().value(QLatin1String("path")).toString() == path &&
            d.toObject().value(QLatin1String("change")).toString() == change)
            return true;
    }
    return false;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

TestResponse put(const RunningCore &core, const QByteArray &path, const QByteArray &body, http::Headers headers = {})
{
    for (const http::HeaderField h : core.auth())
        headers.add(h.name.toByteArray(), h.value.toByteArray());
    headers.add(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    return TestHttpClient(core.port()).request("PUT", path, body, headers);
}

int requestsSeen(const SimProcess &sim) { return sim.stats().value(QLatin1String("requests")).toInt(); }

} // namespace

class TestConfigApi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void getReturnsTheDocumentWithAnEtag();
    void putAppliesAtOnceAndAnswersADiff();
    void invalidDocumentsAreRefusedWithEveryIssue();
    void dryRunAndIfMatch();
    void largeDocumentsGetBoundedAnswers();
    void changesAreCheckedOneAtATime();
    void missingLaunchProgramIsAWarningNotARefusal();
    void listenAddressNeedsARestart();
    void requestInFlightFinishesOnTheOldConfig();
    void externalEditsArePickedUp();
    void feedAnnouncesAChange();
    void routePreviewExplainsWithoutCalling();
    void decomposeSplitsAndSuggestsModels();
    void seedStatusAndPreferences();
    void seedRouteAndStream();
};

void TestConfigApi::initTestCase()
{
    isolateUserDirectories();
}

void TestConfigApi::getReturnsTheDocumentWithAnEtag()
{
    SimProcess one;
    RunningCore core(configFor(one));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).request("GET", "/api/v1/config", {}, core.auth());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json(), QJsonDocument::fromJson(readFile(core.configPath())).object());
    QVERIFY(r.header("etag").startsWith('"'));
    QCOMPARE(TestHttpClient(core.port()).get("/api/v1/config").status, 401);
    QCOMPARE(TestHttpClient(core.port()).request("PUT", "/api/v1/config", "{}").status, 401);
}

void TestConfigApi::putAppliesAtOnceAndAnswersADiff()
{
    SimProcess one, two;
    const QByteArray before = configFor(one);
    RunningCore core(before);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QCOMPARE(TestHttpClient(core.port()).postJson("/v1/chat/completions", kChatTwo).status, 404);

    const QByteArray after = configFor(one, &two, R"("fallback":{"maxAttempts":2})");
    const TestResponse r = put(core, "/api/v1/config", after);
    QCOMPARE(r.status, 200);
    const QJsonObject answer = r.json();
    QCOMPARE(answer.value(QLatin1String("applied")).toBool(), true);
    QVERIFY(hasDiff(answer, QStringLiteral("models[two]"), QStringLiteral("added")));
    QVERIFY(hasDiff(answer, QStringLiteral("backends[b2]"), QStringLiteral("added")));
    QVERIFY(hasDiff(answer, QStringLiteral("fallback"), QStringLiteral("added")));
    QCOMPARE(answer.value(QLatin1String("diff")).toArray().size(), 3);
    QCOMPARE(answer.value(QLatin1String("restartRequired")).toArray().size(), 0);

    // In effect for the next request, saved as sent, the previous version kept.
    const TestResponse served = TestHttpClient(core.port()).postJson("/v1/chat/completions", kChatTwo);
    QCOMPARE(served.status, 200);
    QCOMPARE(served.header("x-switchyard-backend"), QByteArray("b2"));
    QCOMPARE(requestsSeen(two), 1);
    QCOMPARE(readFile(core.configPath()), after);
    QCOMPARE(readFile(core.configPath() + QStringLiteral(".bak")), before);
    // /v1/models and the management list show it too.
    QVERIFY(TestHttpClient(core.port()).get("/v1/models").body.contains("\"two\""));
}

void TestConfigApi::invalidDocumentsAreRefusedWithEveryIssue()
{
    SimProcess one;
    const QByteArray original = configFor(one);
    RunningCore core(original);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const QByteArray bad = R"({"version":1,"backends":[{"id":"b1","baseUrl":"ftp://x"}],
        "models":[{"id":"one","backend":"nope","ttlS":"long"}],"agents":{"A":{"models":["ghost"]}},"colour":"blue"})";
    const TestResponse r = put(core, "/api/v1/config", bad);
    QCOMPARE(r.status, 400);
    QCOMPARE(errorOf(r).value(QLatin1String("code")).toString(), QStringLiteral("invalid_config"));
    QStringList paths;
    for (const QJsonValue &issue : errorOf(r).value(QLatin1String("issues")).toArray())
        paths << issue.toObject().value(QLatin1String("path")).toString();
    QVERIFY2(paths.size() >= 4, qPrintable(paths.join(QLatin1Char(','))));
    QVERIFY2(paths.contains(QStringLiteral("colour")), qPrintable(paths.join(QLatin1Char(','))));
    QVERIFY2(paths.contains(QStringLiteral("models[0].backend")), qPrintable(paths.join(QLatin1Char(','))));
    // Each issue also carries its English form and arguments, which the window translates.
    bool typeIssueSeen = false;
    for (const QJsonValue &v : errorOf(r).value(QLatin1String("issues")).toArray()) {
        const QJsonObject issue = v.toObject();
        if (issue.value(QLatin1String("path")).toString() != QLatin1String("models[0].ttlS"))
            continue;
        typeIssueSeen = true;
        QCOMPARE(issue.value(QLatin1String("message")).toString(), QStringLiteral("must be a whole number, not a string"));
        QCOMPARE(issue.value(QLatin1String("form")).toString(), QStringLiteral("must be a whole number, not %1"));
        QCOMPARE(issue.value(QLatin1String("args")).toArray(), QJsonArray{QStringLiteral("a string")});
    }
    QVERIFY(typeIssueSeen);

    for (const QByteArray &garbage : {QByteArray("{not json"), QByteArray("[1,2]"), QByteArray()}) {
        const TestResponse g = put(core, "/api/v1/config", garbage);
        QCOMPARE(g.status, 400);
    }
    // Nothing changed: the file, and what is served.
    QCOMPARE(readFile(core.configPath()), original);
    QCOMPARE(TestHttpClient(core.port()).postJson("/v1/chat/completions", kChatOne).status, 200);
}

// A document with thousands of entries (or a huge value) is checked in linear time and
// answered in bounded form: the first issues and diff entries and a count of the rest, a
// long string by its length.
void TestConfigApi::largeDocumentsGetBoundedAnswers()
{
    SimProcess one;
    RunningCore core(configFor(one));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QByteArray added, invalid;
    for (int i = 0; i < 3000; ++i) {
        added += R"(,{"id":"m)" + QByteArray::number(i) + R"(","backend":"b1"})";
        invalid += R"(,{"id":"x)" + QByteArray::number(i) + R"(","backend":"b1","bogus":1})";
    }
    QByteArray bigger = configFor(one);
    bigger.replace(R"("capabilities":["tools"]})", R"("capabilities":["tools"],"params":{"note":")" + QByteArray(100000, 'n') + "\"}}" + added);
    const TestResponse dry = put(core, "/api/v1/config?dryRun=1", bigger);
    QCOMPARE(dry.status, 200);
    QCOMPARE(dry.json().value(QLatin1String("diff")).toArray().size(), 1000);
    QCOMPARE(dry.json().value(QLatin1String("diffNotShown")).toInt(), 2001);
    QVERIFY2(dry.body.size() < 200000, QByteArray::number(dry.body.size()).constData());
    QVERIFY(dry.body.contains("(100000 characters)"));

    QByteArray wrong = configFor(one);
    wrong.replace(R"("capabilities":["tools"]})", R"("capabilities":["tools"]})" + invalid);
    const TestResponse refused = put(core, "/api/v1/config?dryRun=1", wrong);
    QCOMPARE(refused.status, 400);
    const QJsonArray issues = refused.json().value(QLatin1String("error")).toObject().value(QLatin1String("issues")).toArray();
    QCOMPARE(issues.size(), 101);
    QCOMPARE(issues.last().toObject().value(QLatin1String("message")).toString(), QStringLiteral("and 2900 more"));
}

void TestConfigApi::changesAreCheckedOneAtATime()
{
    // Two changes in flight at once against the same ETag. Checks run on a worker thread, one
    // at a time against the document the change before left: one is applied and the other is
    // stale (412), never both applied on the same base and never a mix of the two.
    SimProcess one, two;
    RunningCore core(configFor(one));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const QByteArray etag = TestHttpClient(core.port()).request("GET", "/api/v1/config", {}, core.auth()).header("etag");
    const QByteArray withTwo = configFor(one, &two);
    const QByteArray withNote = configFor(one, nullptr, R"("history":{"enabled":false})");
    TestHttpClient first(core.port()), second(core.port());
    QCOMPARE(first.get("/health").status, 200); // connected
    QCOMPARE(second.get("/health").status, 200);
    const auto send = [&](TestHttpClient &client, const QByteArray &body) {
        client.socket().write("PUT /api/v1/config HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + core.adminToken() +
                              "\r\nIf-Match: " + etag + "\r\nContent-Type: application/json\r\nContent-Length: " +
                              QByteArray::number(body.size()) + "\r\n\r\n" + body);
        client.socket().flush();
    };
    send(first, withTwo);
    send(second, withNote);
    const TestResponse a = first.next();
    const TestResponse b = second.next();
    QVERIFY2((a.status == 200 && b.status == 412) || (a.status == 412 && b.status == 200),
             qPrintable(QStringLiteral("%1 %2 / %3 %4").arg(a.status).arg(QString::fromUtf8(a.body)).arg(b.status).arg(QString::fromUtf8(b.body))));
    QCOMPARE(readFile(core.configPath()), a.status == 200 ? withTwo : withNote);
    const TestResponse stale = a.status == 412 ? a : b;
    QCOMPARE(stale.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("config_changed"));
    // And the running config is the winner's.
    QCOMPARE(TestHttpClient(core.port()).postJson("/v1/chat/completions", kChatTwo).status, a.status == 200 ? 200 : 404);
}

void TestConfigApi::dryRunAndIfMatch()
{
    SimProcess one, two;
    const QByteArray original = configFor(one);
    RunningCore core(original);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const QByteArray etag = TestHttpClient(core.port()).request("GET", "/api/v1/config", {}, core.auth()).header("etag");

    const TestResponse dry = put(core, "/api/v1/config?dryRun=1", configFor(one, &two));
    QCOMPARE(dry.status, 200);
    QCOMPARE(dry.json().value(QLatin1String("applied")).toBool(), false);
    QVERIFY(hasDiff(dry.json(), QStringLiteral("models[two]"), QStringLiteral("added")));
    QCOMPARE(readFile(core.configPath()), original);
    QCOMPARE(TestHttpClient(core.port()).postJson("/v1/chat/completions", kChatTwo).status, 404);
    // Every way of asking for a check is one, and one that is unclear is refused: a change the
    // caller meant only to check must never be applied.
    for (const char *query : {"?dryRun", "?dryRun=yes", "?DryRun=1", "?dry%52un=true", "?dry_run=1", "?dryRun=0&dryRun=1"}) {
        const TestResponse r = put(core, QByteArray("/api/v1/config") + query, configFor(one, &two));
        QCOMPARE(r.status, 200);
        QVERIFY2(!r.json().value(QLatin1String("applied")).toBool(), query);
    }
    QCOMPARE(put(core, "/api/v1/config?dryRun=maybe", configFor(one, &two)).status, 400);
    QCOMPARE(readFile(core.configPath()), original);
    // A key given twice is refused, not read as its last copy.
    QByteArray twice = configFor(one, &two);
    twice.chop(1);
    const TestResponse duplicate = put(core, "/api/v1/config", twice + R"(,"version":1})");
    QCOMPARE(duplicate.status, 400);
    QVERIFY2(duplicate.body.contains("more than once"), duplicate.body.constData());
    QCOMPARE(readFile(core.configPath()), original);
    // A long If-Match is quoted as an excerpt.
    const TestResponse stale = put(core, "/api/v1/config", configFor(one, &two), {{"If-Match", QByteArray(30000, 'e')}});
    QCOMPARE(stale.status, 412);
    QVERIFY2(stale.body.size() < 2048, QByteArray::number(stale.body.size()).constData());

    QCOMPARE(put(core, "/api/v1/config", configFor(one, &two), {{"If-Match", "\"stale\""}}).status, 412);
    QCOMPARE(readFile(core.configPath()), original);
    const TestResponse ok = put(core, "/api/v1/config", configFor(one, &two), {{"If-Match", etag}});
    QCOMPARE(ok.status, 200);
    QVERIFY(ok.header("etag") != etag);
    // The old etag is stale now.
    QCOMPARE(put(core, "/api/v1/config", original, {{"If-Match", etag}}).status, 412);
}

void TestConfigApi::missingLaunchProgramIsAWarningNotARefusal()
{
    SimProcess one;
    RunningCore core(configFor(one));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const QByteArray withLocal = QByteArray(configFor(one)).replace(
        R"({"id":"b1",)", R"({"id":"local","managed":true},{"id":"b1",)").replace(
        R"("models":[{"id":"one")", R"("models":[{"id":"big","backend":"local","launch":{"command":["llama-server-not-here","-m","/nonexistent/big.gguf","--port","${PORT}"]}},{"id":"one")");
    const TestResponse dry = put(core, "/api/v1/config?dryRun=1", withLocal);
    QVERIFY2(dry.status == 200, dry.body.constData());
    const QJsonArray warnings = dry.json().value(QLatin1String("warnings")).toArray();
    QCOMPARE(warnings.size(), 2);
    QCOMPARE(warnings.at(0)[QLatin1String("path")].toString(), QStringLiteral("models[0].launch.command"));
    QVERIFY2(warnings.at(0)[QLatin1String("message")].toString().contains(QStringLiteral("\"llama-server-not-here\" was not found in PATH")),
             QJsonDocument(warnings).toJson().constData());
    QVERIFY(warnings.at(1)[QLatin1String("message")].toString().contains(QStringLiteral("/nonexistent/big.gguf")));
    // So is a working directory that does not exist.
    const QByteArray inNowhere = QByteArray(withLocal).replace(R"("launch":{)", R"("launch":{"workingDir":"/nonexistent/models",)");
    const QJsonArray nowhere = put(core, "/api/v1/config?dryRun=1", inNowhere).json().value(QLatin1String("warnings")).toArray();
    QCOMPARE(nowhere.size(), 3);
    QCOMPARE(nowhere.at(0)[QLatin1String("path")].toString(), QStringLiteral("models[0].launch.workingDir"));
    QVERIFY2(nowhere.at(0)[QLatin1String("message")].toString().contains(QStringLiteral("\"/nonexistent/models\" is not a directory")),
             QJsonDocument(nowhere).toJson().constData());
    // Taken all the same: the program may be installed later.
    QCOMPARE(put(core, "/api/v1/config", withLocal).status, 200);
    // A config without such problems has none.
    QVERIFY(put(core, "/api/v1/config?dryRun=1", configFor(one)).json().value(QLatin1String("warnings")).toArray().isEmpty());
}

void TestConfigApi::listenAddressNeedsARestart()
{
    SimProcess one;
    RunningCore core(configFor(one));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = put(core, "/api/v1/config", configFor(one, nullptr, R"("server":{"host":"0.0.0.0"})"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QLatin1String("restartRequired")).toArray(), QJsonArray{QStringLiteral("server.host")});
    QCOMPARE(TestHttpClient(core.port()).postJson("/v1/chat/completions", kChatOne).status, 200); // same address
}

void TestConfigApi::requestInFlightFinishesOnTheOldConfig()
{
    SimProcess slow({QStringLiteral("--tokens-per-s"), QStringLiteral("20"), QStringLiteral("--tokens"), QStringLiteral("30")}), two;
    RunningCore core(configFor(slow, &two));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient streaming(core.port());
    QVERIFY(streaming.startRequest("POST", "/v1/chat/completions",
                                   R"({"model":"one","stream":true,"messages":[{"role":"user","content":"go"}]})",
                                   {{"Content-Type", "application/json"}}));
    TestResponse response;
    QVERIFY(streaming.waitForHead(response, 5000));
    QCOMPARE(response.status, 200);

    // "one" goes away while it streams.
    const QByteArray onlyTwo = R"({"version":1,"backends":[{"id":"b2","baseUrl":")" + two.baseUrl() +
                               R"("}],"models":[{"id":"two","backend":"b2"}]})";
    QCOMPARE(put(core, "/api/v1/config", onlyTwo).status, 200);
    QCOMPARE(TestHttpClient(core.port()).postJson("/v1/chat/completions", kChatOne).status, 404);

    while (streaming.readSome(response, 5000)) {
    }
    QVERIFY(response.complete);
    const QByteArrayList events = response.sseData();
    QVERIFY(events.size() > 20);
    QCOMPARE(events.last(), QByteArray("[DONE]"));
}

void TestConfigApi::externalEditsArePickedUp()
{
    SimProcess one, two;
    RunningCore core(configFor(one));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    auto twoServes = [&] { return TestHttpClient(core.port()).postJson("/v1/chat/completions", kChatTwo).status == 200; };

    // An editor that writes a new file and renames it over the old one.
    QSaveFile file(core.configPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(configFor(one, &two));
    QVERIFY(file.commit());
    QTRY_VERIFY_WITH_TIMEOUT(twoServes(), 5000);

    // A broken edit (in place) is not applied: the running config stays.
    {
        QFile inPlace(core.configPath());
        QVERIFY(inPlace.open(QIODevice::WriteOnly | QIODevice::Truncate));
        inPlace.write(R"({"version":1,"models":[{"id":"x","backend":"missing"}]})");
    }
    QTest::qWait(800);
    QVERIFY(twoServes());
    QVERIFY(TestHttpClient(core.port()).request("GET", "/api/v1/config", {}, core.auth()).body.contains("\"two\""));

    // Fixed again: applied.
    {
        QFile inPlace(core.configPath());
        QVERIFY(inPlace.open(QIODevice::WriteOnly | QIODevice::Truncate));
        inPlace.write(configFor(one));
    }
    QTRY_VERIFY_WITH_TIMEOUT(!twoServes(), 5000);
}

void TestConfigApi::feedAnnouncesAChange()
{
    SimProcess one, two;
    RunningCore core(configFor(one));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    FeedClient feed;
    feed.open(core.port(), core.adminToken());
    QVERIFY(feed.waitForType(QStringLiteral("snapshot")));
    QCOMPARE(put(core, "/api/v1/config", configFor(one, &two)).status, 200);
    QVERIFY(feed.waitForType(QStringLiteral("config")));
    const auto config = std::find_if(feed.messages.begin(), feed.messages.end(), [](const QJsonObject &m) {
        return m.value(QLatin1String("type")) == QLatin1String("config");
    });
    QCOMPARE(config->value(QLatin1String("source")).toString(), QStringLiteral("api"));
    QVERIFY(!config->value(QLatin1String("diff")).toArray().isEmpty());
    // Then the models list, with the new one.
    QVERIFY(feed.waitFor([](const QJsonObject &m) {
        return m.value(QLatin1String("type")) == QLatin1String("models") &&
               QJsonDocument(m.value(QLatin1String("models")).toArray()).toJson().contains("\"two\"");
    }));
}

void TestConfigApi::routePreviewExplainsWithoutCalling()
{
    SimProcess one, two;
    const QByteArray config = R"({"version":1,"params":{"top_p":0.9},
        "backends":[{"id":"b1","baseUrl":")" + one.baseUrl() + R"("},{"id":"b2","baseUrl":")" + two.baseUrl() + R"("}],
        "models":[{"id":"one","backend":"b1","capabilities":["tools"]},{"id":"two","backend":"b2","capabilities":["tools","vision"]}],
        "agents":{"B":{"models":["one","two"],"modelParams":{"one":{"temperature":0.1}}}}})";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    auto preview = [&](const QByteArray &body, http::Headers headers = {}) {
        for (const http::HeaderField h : core.auth())
            headers.add(h.name.toByteArray(), h.value.toByteArray());
        return TestHttpClient(core.port()).request("POST", "/api/v1/route/preview", body, headers);
    };

    // Routing headers from the preview request itself; the body is the request.
    const TestResponse plain = preview(R"({"model":"x","messages":[{"role":"user","content":"hi"}]})", {{"X-Agent-Class", "B"}});
    QCOMPARE(plain.status, 200);
    QCOMPARE(plain.json().value(QLatin1String("route")).toString(), QStringLiteral("agent"));
    const QJsonArray chain = plain.json().value(QLatin1String("chain")).toArray();
    QCOMPARE(chain.size(), 2);
    QCOMPARE(chain[0].toObject().value(QLatin1String("model")).toString(), QStringLiteral("one"));
    const QJsonObject params = chain[0].toObject().value(QLatin1String("params")).toObject();
    QCOMPARE(params.value(QLatin1String("temperature")).toDouble(), 0.1); // the agent's
    QCOMPARE(params.value(QLatin1String("top_p")).toDouble(), 0.9);       // global
    QCOMPARE(chain[1].toObject().value(QLatin1String("params")).toObject().contains(QLatin1String("temperature")), false);

    // Wrapped form: an image rules out "one", and the trace says why.
    const TestResponse image = preview(R"({"request":{"model":"agent:B","temperature":1,"messages":[{"role":"user","content":[
        {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}})");
    QCOMPARE(image.status, 200);
    QCOMPARE(image.json().value(QLatin1String("chain")).toArray().size(), 1);
    const QJsonObject only = image.json().value(QLatin1String("chain")).toArray().first().toObject();
    QCOMPARE(only.value(QLatin1String("model")).toString(), QStringLiteral("two"));
    QVERIFY(!only.value(QLatin1String("params")).toObject().contains(QLatin1String("temperature"))); // the request sets it
    const QByteArray trace = QJsonDocument(image.json().value(QLatin1String("trace")).toObject()).toJson(QJsonDocument::Compact);
    QVERIFY2(trace.contains(R"("model":"one","reason":"capability")"), trace.constData());

    // Nothing can serve it: the error the client would get.
    const TestResponse refused = preview(R"({"request":{"model":"one","messages":[{"role":"user","content":[
        {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}})");
    QCOMPARE(refused.status, 200);
    QCOMPARE(refused.json().value(QLatin1String("ok")).toBool(), false);
    QCOMPARE(refused.json().value(QLatin1String("error")).toObject().value(QLatin1String("status")).toInt(), 422);

    for (const QByteArray &bad : {QByteArray(R"({"request":5})"), QByteArray(R"({"request":{"model":"one","messages":"x"}})"),
                                  QByteArray(R"({"request":{"model":"one"},"headers":{"X-Agent-Class":1}})"), QByteArray("{")})
        QCOMPARE(preview(bad).status, 400);
    QCOMPARE(TestHttpClient(core.port()).postJson("/api/v1/route/preview", "{}").status, 401);
    // A preview calls nothing.
    QCOMPARE(requestsSeen(one), 0);
    QCOMPARE(requestsSeen(two), 0);
}

void TestConfigApi::decomposeSplitsAndSuggestsModels()
{
    SimProcess one, two;
    RunningCore core(configFor(one, &two));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    auto decompose = [&](const QByteArray &body) {
        http::Headers headers = core.auth();
        headers.add(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
        return TestHttpClient(core.port()).request("POST", "/api/v1/decompose", body, headers);
    };
    const TestResponse r = decompose(R"({"messages":[{"role":"system","content":"be brief"},{"role":"user","content":
        "First implement a python function that parses dates, then write unit tests for it, and finally write a poem about calendars."}]})");
    QCOMPARE(r.status, 200);
    const QJsonObject d = r.json();
    QCOMPARE(d.value(QLatin1String("strategy")).toString(), QStringLiteral("sequential"));
    QCOMPARE(d.value(QLatin1String("source")).toString(), QStringLiteral("sequence"));
    const QJsonArray subtasks = d.value(QLatin1String("subtasks")).toArray();
    QCOMPARE(subtasks.size(), 3);
    QCOMPARE(subtasks[0].toObject().value(QLatin1String("taskType")).toString(), QStringLiteral("code"));
    QCOMPARE(subtasks[2].toObject().value(QLatin1String("taskType")).toString(), QStringLiteral("creative"));
    QCOMPARE(subtasks[1].toObject().value(QLatin1String("dependsOn")).toArray(), QJsonArray{1});
    QVERIFY(subtasks[0].toObject().value(QLatin1String("taskScores")).toObject().contains(QLatin1String("math")));
    const double complexity = subtasks[0].toObject().value(QLatin1String("complexity")).toDouble();
    QVERIFY(complexity > 0 && complexity <= 1);
    QVERIFY(!subtasks[0].toObject().value(QLatin1String("model")).toString().isEmpty()); // what "auto" would pick
    QCOMPARE(d.value(QLatin1String("stages")).toArray().size(), 3);

    // With an agent class, its first model is the suggestion.
    const TestResponse agent = decompose(R"({"agent_class":"A","prompt":"- a poem\n- a limerick"})");
    QCOMPARE(agent.json().value(QLatin1String("strategy")).toString(), QStringLiteral("parallel"));
    QCOMPARE(agent.json().value(QLatin1String("subtasks")).toArray()[1].toObject().value(QLatin1String("model")).toString(),
             QStringLiteral("one"));

    for (const QByteArray &bad : {QByteArray("{}"), QByteArray(R"({"prompt":"   "})"), QByteArray(R"({"prompt":1})"),
                                  QByteArray(R"({"messages":[{"role":"assistant","content":"x"}]})"), QByteArray("[")})
        QCOMPARE(decompose(bad).status, 400);
    QCOMPARE(TestHttpClient(core.port()).postJson("/api/v1/decompose", R"({"prompt":"x"})").status, 401);
}

void TestConfigApi::seedStatusAndPreferences()
{
    SimProcess one, two;
    RunningCore core(configFor(one, &two));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());

    const TestResponse status = client.get("/model-pool/status");
    QCOMPARE(status.status, 200);
    QCOMPARE(status.json().value(QLatin1String("models")).toArray().size(), 2);
    QVERIFY(status.json().value(QLatin1String("system")).isObject());

    const TestResponse prefs = client.get("/model-pool/preferences");
    QCOMPARE(prefs.status, 200);
    QCOMPARE(prefs.json().value(QLatin1String("agents")).toObject().value(QLatin1String("A")).toObject().value(QLatin1String("models")).toArray(),
             QJsonArray{QStringLiteral("one")});

    const QByteArray newAgents = R"({"agents":{"A":{"models":["two","one"]},"default":{"models":["one"]}}})";
    QCOMPARE(client.request("PUT", "/model-pool/preferences", newAgents).status, 401);
    const TestResponse changed = put(core, "/model-pool/preferences", newAgents);
    QCOMPARE(changed.status, 200);
    QVERIFY(hasDiff(changed.json(), QStringLiteral("agents.default"), QStringLiteral("added")));
    QCOMPARE(client.get("/model-pool/preferences").json().value(QLatin1String("agents")).toObject().value(QLatin1String("A")).toObject()
                 .value(QLatin1String("models")).toArray(),
             (QJsonArray{QStringLiteral("two"), QStringLiteral("one")}));
    // Routing follows, and the rest of the file is kept.
    const TestResponse routed = client.postJson("/v1/chat/completions", R"({"model":"agent:A","messages":[{"role":"user","content":"x"}]})");
    QCOMPARE(routed.header("x-switchyard-model"), QByteArray("two"));
    QCOMPARE(QJsonDocument::fromJson(readFile(core.configPath())).object().value(QLatin1String("backends")).toArray().size(), 2);

    const TestResponse invalid = put(core, "/model-pool/preferences", R"({"A":{"models":["ghost"]}})");
    QCOMPARE(invalid.status, 400);
    QVERIFY2(errorOf(invalid).value(QLatin1String("message")).toString().contains(QLatin1String("ghost")), invalid.body.constData());
}

void TestConfigApi::seedRouteAndStream()
{
    SimProcess one, two;
    RunningCore core(configFor(one, &two));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());

    const TestResponse r = client.postJson("/model-pool/route", R"({"agent_class":"A","prompt":"say hi","params":{"max_tokens":5}})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-route"), QByteArray("agent"));
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("one"));
    QCOMPARE(r.json().value(QLatin1String("object")).toString(), QStringLiteral("chat.completion"));
    // What the model got: the prompt as a user message, the client's and the agent's params.
    const QJsonObject sent = one.lastRequest().value(QLatin1String("body")).toObject();
    QCOMPARE(sent.value(QLatin1String("model")).toString(), QStringLiteral("one"));
    QCOMPARE(sent.value(QLatin1String("messages")).toArray().first().toObject().value(QLatin1String("content")).toString(),
             QStringLiteral("say hi"));
    QCOMPARE(sent.value(QLatin1String("max_tokens")).toInt(), 5);
    QCOMPARE(sent.value(QLatin1String("temperature")).toDouble(), 0.1);

    const TestResponse s = client.postJson("/model-pool/route/stream",
                                           R"({"agent_class":"A","messages":[{"role":"user","content":"stream it"}]})");
    QCOMPARE(s.status, 200);
    QVERIFY(s.header("content-type").startsWith("text/event-stream"));
    QCOMPARE(s.sseData().last(), QByteArray("[DONE]"));

    for (const QByteArray &bad : {QByteArray(R"({"agent_class":"A"})"), QByteArray(R"({"prompt":"x","messages":[]})"),
                                  QByteArray(R"({"prompt":42})"), QByteArray(R"({"prompt":"x","params":{"stream":true}})"),
                                  QByteArray(R"({"prompt":"x","colour":1})"), QByteArray("nope")}) {
        const TestResponse b = client.postJson("/model-pool/route", bad);
        QCOMPARE(b.status, 400);
        QVERIFY(!errorOf(b).value(QLatin1String("message")).toString().isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestConfigApi)
#include "tst_configapi.moc"
