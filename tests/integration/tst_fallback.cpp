// Fallback end to end: each trigger (HTTP 5xx, connect error, timeout, unparseable
// response, validators, a model that cannot load), the attempt limit, cooldowns and their
// reset, streams falling back only before their first byte, and the explain trace.
// Upstreams are switchyard-sim processes with fault options.

#include "runningcore.h"
#include "simprocess.h"
#include "testhttpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QtTest>

using namespace sy;
using namespace sy::test;

namespace {

struct Upstream {
    QByteArray id;      // model id (and backend id)
    QByteArray baseUrl; // empty: a port nobody listens on
};
// A config with one remote backend + model per upstream, an agent "A" listing them in order.
QByteArray configFor(const QList<Upstream> &upstreams, const QByteArray &extra = {});
QByteArray deadUrl();
// A managed sim "managed" (with these extra sim arguments and launch settings) then the
// remote "good", as agent A's models.
QByteArray managedFirst(const SimProcess &good, const QByteArrayList &simArgs, const QByteArray &launchExtra = {});
QJsonObject errorOf(const TestResponse &r) { return r.json().value(QLatin1String("error")).toObject(); }
const QByteArray kChat = R"({"model":"agent:A","messages":[{"role":"user","content":"hi"}]})";
int requestsSeen(const SimProcess &sim) { return sim.stats().value(QLatin1String("requests")).toInt(); }

} // namespace

class TestFallback : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void http5xxFallsBack();
    void retryOnLeavesOutAClassOfFailures();
    void connectErrorFallsBack();
    void timeoutFallsBack();
    void totalTimeoutFallsBack();
    void unparseableResponseFallsBack();
    void unconvertibleAnswerIsRecordedAsTheErrorTheClientGot();
    void jsonSchemaValidatorFallsBack();
    void roleValidatorFallsBack();
    void unloadableModelFallsBack();
    void slowStartingModelFallsBack();
    void modelCrashingOnTheRequestFallsBack();
    void allFailingReturnsTheLastErrorWithEveryAttempt();
    void maxAttemptsIsTheLimit();
    void cooldownSkipsAFailingModelThenItReturns();
    void operatorResetsACooldown();
    void streamFallsBackBeforeItsFirstByte();
    void streamCutAfterItsFirstByteEndsWithAnErrorEvent();
    void traceHeaderExplains();
};

void TestFallback::initTestCase()
{
    isolateUserDirectories();
}

void TestFallback::http5xxFallsBack()
{
    SimProcess failing({QStringLiteral("--fail-rate"), QStringLiteral("1")}), good;
    RunningCore core(configFor({{"bad", failing.baseUrl()}, {"good", good.baseUrl()}}));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).postJson("/v1/chat/completions", kChat);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("good"));
    QCOMPARE(r.header("x-switchyard-attempts"), QByteArray("2"));
    QCOMPARE(r.header("x-switchyard-route"), QByteArray("agent"));
    QCOMPARE(requestsSeen(failing), 1);
}

void TestFallback::retryOnLeavesOutAClassOfFailures()
{
    // Without http_5xx in fallback.retryOn, a 500 goes to the client as the backend sent it;
    // a connection error still falls back.
    SimProcess failing({QStringLiteral("--fail-rate"), QStringLiteral("1")}), good;
    RunningCore core(configFor({{"bad", failing.baseUrl()}, {"down", deadUrl()}, {"good", good.baseUrl()}},
                               R"("fallback":{"retryOn":["connect","timeout"]})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).postJson("/v1/chat/completions", kChat);
    QCOMPARE(r.status, 500);
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("bad"));
    QCOMPARE(r.header("x-switchyard-attempts"), QByteArray("1"));
    QCOMPARE(requestsSeen(good), 0);

    RunningCore second(configFor({{"down", deadUrl()}, {"bad", failing.baseUrl()}, {"good", good.baseUrl()}},
                                 R"("fallback":{"retryOn":["connect"]})"));
    QVERIFY2(second.ok(), qPrintable(second.error()));
    const TestResponse s = TestHttpClient(second.port()).postJson("/v1/chat/completions", kChat);
    QCOMPARE(s.status, 500); // down -> (connect: fall back) -> bad answers 500, passed through
    QCOMPARE(s.header("x-switchyard-model"), QByteArray("bad"));
    QCOMPARE(s.header("x-switchyard-attempts"), QByteArray("2"));

    RunningCore refused(configFor({{"good", good.baseUrl()}}, R"("fallback":{"retryOn":["connect","sometimes"]})"));
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QLatin1String("fallback.retryOn[1]")), qPrintable(refused.error()));
}

void TestFallback::connectErrorFallsBack()
{
    SimProcess good;
    RunningCore core(configFor({{"down", deadUrl()}, {"good", good.baseUrl()}}));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).postJson("/v1/chat/completions", kChat);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("good"));
}

void TestFallback::timeoutFallsBack()
{
    SimProcess slow({QStringLiteral("--first-byte-delay-ms"), QStringLiteral("8000")}), good;
    RunningCore core(configFor({{"slow", slow.baseUrl()}, {"good", good.baseUrl()}}, R"("fallback":{"timeoutS":1})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).postJson("/v1/chat/completions", kChat, {}, 10000);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("good"));
}

void TestFallback::totalTimeoutFallsBack()
{
    // Answers at once but takes ~10 s to finish: the first byte is quick, the whole is not.
    SimProcess slow({QStringLiteral("--tokens-per-s"), QStringLiteral("5"), QStringLiteral("--tokens"), QStringLiteral("50")}), good;
    RunningCore core(configFor({{"slow", slow.baseUrl()}, {"good", good.baseUrl()}}, R"("fallback":{"totalTimeoutS":1})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QElapsedTimer timer;
    timer.start();
    const TestResponse r = TestHttpClient(core.port()).postJson(
        "/v1/chat/completions", R"({"model":"agent:A","stream":false,"messages":[{"role":"user","content":"hi"}]})", {{"X-Switchyard-Trace", "1"}}, 10000);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("good"));
    QVERIFY(timer.elapsed() < 5000);
    const QJsonArray attempts = QJsonDocument::fromJson(r.header("x-switchyard-trace")).object().value(QLatin1String("attempts")).toArray();
    QCOMPARE(attempts.first().toObject().value(QLatin1String("trigger")).toString(), QStringLiteral("total_timeout"));
}

void TestFallback::unparseableResponseFallsBack()
{
    SimProcess broken({QStringLiteral("--bad-json")}), good;
    RunningCore core(configFor({{"broken", broken.baseUrl()}, {"good", good.baseUrl()}}));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).postJson("/v1/chat/completions", kChat);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("good"));
    QVERIFY(r.json().contains(QLatin1String("choices")));
}

void TestFallback::unconvertibleAnswerIsRecordedAsTheErrorTheClientGot()
{
    // No fallback left: an Anthropic client gets a 502 for the backend's unreadable 200, and
    // the history says 502 with the reason (it said 200, as if the answer had been served).
    SimProcess broken({QStringLiteral("--bad-json")});
    RunningCore core(configFor({{"broken", broken.baseUrl()}}));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/messages", R"({"model":"broken","max_tokens":16,"messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(r.status, 502);
    QCOMPARE(r.json().value(QLatin1String("type")).toString(), QStringLiteral("error"));
    const QByteArray id = r.header("x-request-id");
    TestResponse row;
    QTRY_VERIFY_WITH_TIMEOUT((row = client.request("GET", "/api/v1/requests/" + id, {}, core.auth())).status == 200, 5000);
    const QJsonObject record = row.json();
    QCOMPARE(record.value(QLatin1String("status")).toInt(), 502);
    QVERIFY2(record.value(QLatin1String("error")).toString().contains(QStringLiteral("broken")), row.body.constData());
}

void TestFallback::jsonSchemaValidatorFallsBack()
{
    SimProcess prose({QStringLiteral("--answer"), QStringLiteral("just some prose")});
    SimProcess wrong({QStringLiteral("--answer"), QStringLiteral(R"({"title":42})")});
    SimProcess right({QStringLiteral("--answer"), QStringLiteral(R"({"title":"Hello","tags":["a"]})")});
    RunningCore core(configFor({{"prose", prose.baseUrl()}, {"wrong", wrong.baseUrl()}, {"right", right.baseUrl()}}));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const QByteArray body = R"({"model":"agent:A","messages":[{"role":"user","content":"json please"}],
        "response_format":{"type":"json_schema","json_schema":{"name":"t","schema":
          {"type":"object","required":["title"],"properties":{"title":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}}}}}}})";
    const TestResponse r = TestHttpClient(core.port()).request("POST", "/v1/chat/completions", body,
                                                               {{"Content-Type", "application/json"}, {"X-Switchyard-Trace", "1"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("right"));
    QCOMPARE(r.header("x-switchyard-attempts"), QByteArray("3"));
    const QJsonArray attempts = QJsonDocument::fromJson(r.header("x-switchyard-trace")).object().value(QLatin1String("attempts")).toArray();
    QCOMPARE(attempts.size(), 2); // the trace went out with the third attempt
    QCOMPARE(attempts[0].toObject().value(QLatin1String("trigger")).toString(), QStringLiteral("validator"));
    QVERIFY(attempts[1].toObject().value(QLatin1String("error")).toString().contains(QStringLiteral("$.title: expected string")));
}

void TestFallback::roleValidatorFallsBack()
{
    SimProcess partial({QStringLiteral("--answer"), QStringLiteral(R"({"title":"x"})")});
    SimProcess complete({QStringLiteral("--answer"), QStringLiteral(R"({"title":"x","body":"y"})")});
    RunningCore core(configFor({{"partial", partial.baseUrl()}, {"complete", complete.baseUrl()}},
                               R"("pools":{"writer":{"default":["partial","complete"]}},"validators":{"writer":{"required":["title","body"]}})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).postJson(
        "/v1/chat/completions", R"({"model":"x","messages":[{"role":"user","content":"write"}]})", {{"X-Switchyard-Role", "writer"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-route"), QByteArray("pool"));
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("complete"));
}

void TestFallback::unloadableModelFallsBack()
{
    SimProcess good;
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const int port = probe.serverPort();
    probe.close();
    const QByteArray config = R"({"version":1,"backends":[{"id":"local","managed":true},{"id":"good","baseUrl":")" + good.baseUrl() +
                              R"("}],"models":[{"id":"broken","backend":"local","launch":{"command":["/nonexistent/llama-server","--port","${PORT}"]}},
                               {"id":"good","backend":"good"}],"agents":{"A":{"models":["broken","good"]}},"pool":{"portRange":[)" +
                              QByteArray::number(port) + "," + QByteArray::number(port + 2) + "]}}";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).postJson("/v1/chat/completions", kChat, {}, 20000);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("good"));
    // Asked for again and again, the model that cannot start fails at once each time (the
    // second request once waited in its queue until the fallback timeout, 120 s).
    const QByteArray direct = R"({"model":"broken","messages":[{"role":"user","content":"hi"}]})";
    for (int i = 0; i < 3; ++i) {
        const TestResponse again = TestHttpClient(core.port()).postJson("/v1/chat/completions", direct, {}, 20000);
        QCOMPARE(again.status, 503);
        QVERIFY2(again.body.contains("model_load_failed") || again.body.contains("all_cooling_down"), again.body.constData());
    }
    QCOMPARE(TestHttpClient(core.port()).postJson("/v1/chat/completions", kChat, {}, 20000).header("x-switchyard-model"), QByteArray("good"));
}

void TestFallback::slowStartingModelFallsBack()
{
    SimProcess good;
    const QByteArray config = managedFirst(good, {"--startup-ms", "8000"}, R"("loadTimeoutS":1)");
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).request("POST", "/v1/chat/completions", kChat,
                                                               {{"Content-Type", "application/json"}, {"X-Switchyard-Trace", "1"}}, 20000);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("good"));
    const QJsonArray attempts = QJsonDocument::fromJson(r.header("x-switchyard-trace")).object().value(QLatin1String("attempts")).toArray();
    QCOMPARE(attempts.first().toObject().value(QLatin1String("model")).toString(), QStringLiteral("managed"));
    QCOMPARE(attempts.first().toObject().value(QLatin1String("trigger")).toString(), QStringLiteral("load_failed"));
    // The model that timed out is failed, with the reason, not cold as if it had been unloaded.
    const QJsonObject model =
        TestHttpClient(core.port()).request("GET", "/api/v1/models/managed", {}, core.auth()).json().value(QLatin1String("model")).toObject();
    QVERIFY2(model.value(QLatin1String("state")).toString() == QLatin1String("failed"), qPrintable(QJsonDocument(model).toJson()));
    QVERIFY2(model.value(QLatin1String("lastError")).toString().contains(QLatin1String("did not become healthy")),
             qPrintable(QJsonDocument(model).toJson()));
}

void TestFallback::modelCrashingOnTheRequestFallsBack()
{
    SimProcess good;
    RunningCore core(managedFirst(good, {"--crash-after", "0"}));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).request("POST", "/v1/chat/completions", kChat,
                                                               {{"Content-Type", "application/json"}, {"X-Switchyard-Trace", "1"}}, 20000);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("good"));
    const QJsonArray attempts = QJsonDocument::fromJson(r.header("x-switchyard-trace")).object().value(QLatin1String("attempts")).toArray();
    QVERIFY(!attempts.isEmpty());
    QCOMPARE(attempts.first().toObject().value(QLatin1String("model")).toString(), QStringLiteral("managed"));
    QVERIFY2(attempts.first().toObject().value(QLatin1String("outcome")).toString() == QLatin1String("retryable"),
             r.header("x-switchyard-trace").constData());
}

void TestFallback::allFailingReturnsTheLastErrorWithEveryAttempt()
{
    SimProcess failing({QStringLiteral("--fail-rate"), QStringLiteral("1")});
    RunningCore core(configFor({{"down", deadUrl()}, {"bad", failing.baseUrl()}}));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).postJson("/v1/chat/completions", kChat);
    QCOMPARE(r.status, 500); // the last candidate's own error response, passed through as it is
    QCOMPARE(r.header("x-switchyard-attempts"), QByteArray("2"));
    // When no upstream answered at all, Switchyard writes the error, listing every attempt.
    RunningCore core2(configFor({{"down1", deadUrl()}, {"down2", deadUrl()}}));
    QVERIFY2(core2.ok(), qPrintable(core2.error()));
    const TestResponse r2 = TestHttpClient(core2.port()).postJson("/v1/chat/completions", kChat);
    QCOMPARE(r2.status, 502);
    const QJsonObject error = errorOf(r2);
    QVERIFY2(error.value(QLatin1String("message")).toString().contains(QStringLiteral("all 2 attempts failed")),
             qPrintable(error.value(QLatin1String("message")).toString()));
    const QJsonArray attempts = error.value(QLatin1String("attempts")).toArray();
    QCOMPARE(attempts.size(), 2);
    QCOMPARE(attempts[0].toObject().value(QLatin1String("model")).toString(), QStringLiteral("down1"));
    QCOMPARE(attempts[1].toObject().value(QLatin1String("trigger")).toString(), QStringLiteral("connect_failed"));
}

void TestFallback::maxAttemptsIsTheLimit()
{
    SimProcess a({QStringLiteral("--fail-rate"), QStringLiteral("1")}), b({QStringLiteral("--fail-rate"), QStringLiteral("1")}),
        c({QStringLiteral("--fail-rate"), QStringLiteral("1")});
    RunningCore core(configFor({{"a", a.baseUrl()}, {"b", b.baseUrl()}, {"c", c.baseUrl()}}, R"("fallback":{"maxAttempts":2})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).postJson("/v1/chat/completions", kChat);
    QCOMPARE(r.header("x-switchyard-attempts"), QByteArray("2"));
    QCOMPARE(requestsSeen(a), 1);
    QCOMPARE(requestsSeen(b), 1);
    QCOMPARE(requestsSeen(c), 0);
}

void TestFallback::cooldownSkipsAFailingModelThenItReturns()
{
    SimProcess failing({QStringLiteral("--fail-rate"), QStringLiteral("1")}), good;
    RunningCore core(configFor({{"bad", failing.baseUrl()}, {"good", good.baseUrl()}},
                               R"("fallback":{"failThreshold":2,"failWindowS":60,"cooldownS":2})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    for (int i = 0; i < 4; ++i)
        QCOMPARE(client.postJson("/v1/chat/completions", kChat).header("x-switchyard-model"), QByteArray("good"));
    QCOMPARE(requestsSeen(failing), 2); // cooling after two failures: skipped for the other two
    const TestResponse cooling = client.request("GET", "/api/v1/models/bad", {}, core.auth());
    QVERIFY(cooling.json().value(QLatin1String("model")).toObject().value(QLatin1String("cooldownRemainingS")).toDouble() > 0);
    QTest::qWait(2200);
    QCOMPARE(client.postJson("/v1/chat/completions", kChat).header("x-switchyard-model"), QByteArray("good"));
    QCOMPARE(requestsSeen(failing), 3); // tried again once the cooldown ended
}

void TestFallback::operatorResetsACooldown()
{
    SimProcess failing({QStringLiteral("--fail-rate"), QStringLiteral("1")}), good;
    RunningCore core(configFor({{"bad", failing.baseUrl()}, {"good", good.baseUrl()}},
                               R"("fallback":{"failThreshold":1,"cooldownS":600})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    client.postJson("/v1/chat/completions", kChat);
    const QJsonArray list = client.request("GET", "/api/v1/cooldowns", {}, core.auth()).json().value(QLatin1String("cooldowns")).toArray();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list[0].toObject().value(QLatin1String("model")).toString(), QStringLiteral("bad"));
    QVERIFY(list[0].toObject().value(QLatin1String("cooling")).toBool());
    QCOMPARE(client.request("POST", "/api/v1/models/bad/cooldown/reset", {}, core.auth()).json().value(QLatin1String("wasCooling")).toBool(), true);
    client.postJson("/v1/chat/completions", kChat);
    QCOMPARE(requestsSeen(failing), 2); // tried again right away
    QCOMPARE(client.request("POST", "/api/v1/models/bad/cooldown/reset").status, 401);
    // A name that is no model: 404, as for the other model actions.
    const TestResponse unknown = client.request("POST", "/api/v1/models/nosuch/cooldown/reset", {}, core.auth());
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("model_not_found"));
}

void TestFallback::streamFallsBackBeforeItsFirstByte()
{
    SimProcess failing({QStringLiteral("--fail-rate"), QStringLiteral("1")}), good({QStringLiteral("--tokens-per-s"), QStringLiteral("50")});
    RunningCore core(configFor({{"bad", failing.baseUrl()}, {"good", good.baseUrl()}}));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).postJson(
        "/v1/chat/completions", R"({"model":"agent:A","stream":true,"messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("good"));
    QCOMPARE(r.sseData().last(), QByteArray("[DONE]"));
}

void TestFallback::streamCutAfterItsFirstByteEndsWithAnErrorEvent()
{
    SimProcess crashing({QStringLiteral("--crash-after"), QStringLiteral("0"), QStringLiteral("--tokens-per-s"), QStringLiteral("20")});
    SimProcess good;
    RunningCore core(configFor({{"crashing", crashing.baseUrl()}, {"good", good.baseUrl()}}));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).postJson(
        "/v1/chat/completions", R"({"model":"agent:A","stream":true,"messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("crashing")); // no fallback once data went out
    QVERIFY(QJsonDocument::fromJson(r.sseData().last()).object().contains(QLatin1String("error")));
    QCOMPARE(requestsSeen(good), 0);
}

void TestFallback::traceHeaderExplains()
{
    SimProcess good;
    RunningCore core(configFor({{"down", deadUrl()}, {"good", good.baseUrl()}}));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QVERIFY(client.postJson("/v1/chat/completions", kChat).header("x-switchyard-trace").isEmpty()); // only when asked
    const TestResponse r = client.postJson("/v1/chat/completions", kChat, {{"X-Switchyard-Trace", "1"}});
    const QJsonObject trace = QJsonDocument::fromJson(r.header("x-switchyard-trace")).object();
    QCOMPARE(trace.value(QLatin1String("route")).toString(), QStringLiteral("agent"));
    QCOMPARE(trace.value(QLatin1String("chain")).toArray().size(), 2);
    QCOMPARE(trace.value(QLatin1String("attempts")).toArray().first().toObject().value(QLatin1String("trigger")).toString(),
             QStringLiteral("connect_failed"));
    QVERIFY(!trace.value(QLatin1String("steps")).toArray().isEmpty());
}

namespace {

QByteArray deadUrl()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return "http://127.0.0.1:" + QByteArray::number(probe.serverPort()) + "/v1";
}

QByteArray managedFirst(const SimProcess &good, const QByteArrayList &simArgs, const QByteArray &launchExtra)
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const int port = probe.serverPort();
    probe.close();
    QByteArray command = '"' + SimProcess::binaryPath().toUtf8() + R"(","--port","${PORT}")";
    for (const QByteArray &arg : simArgs)
        command += ",\"" + arg + '"';
    return R"({"version":1,"backends":[{"id":"local","managed":true},{"id":"good","baseUrl":")" + good.baseUrl() +
           R"("}],"models":[{"id":"managed","backend":"local","launch":{"command":[)" + command + "]" +
           (launchExtra.isEmpty() ? QByteArray() : "," + launchExtra) +
           R"(}},{"id":"good","backend":"good"}],"agents":{"A":{"models":["managed","good"]}},"pool":{"portRange":[)" +
           QByteArray::number(port) + "," + QByteArray::number(port + 2) + "]}}";
}

QByteArray configFor(const QList<Upstream> &upstreams, const QByteArray &extra)
{
    QByteArray backends, models, agent;
    for (const Upstream &u : upstreams) {
        backends += (backends.isEmpty() ? "" : ",") + QByteArray(R"({"id":")") + u.id + R"(","baseUrl":")" + u.baseUrl + "\"}";
        models += (models.isEmpty() ? "" : ",") + QByteArray(R"({"id":")") + u.id + R"(","backend":")" + u.id + "\"}";
        agent += (agent.isEmpty() ? "\"" : ",\"") + u.id + "\"";
    }
    return R"({"version":1,"backends":[)" + backends + R"(],"models":[)" + models + R"(],"agents":{"A":{"models":[)" + agent + "]}}" +
           (extra.isEmpty() ? QByteArray() : "," + extra) + "}";
}

} // namespace

QTEST_GUILESS_MAIN(TestFallback)
#include "tst_fallback.moc"
