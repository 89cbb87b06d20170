// Client keys on the inference endpoint (server.clientKeys), over real sockets against a
// running core and a switchyard-sim upstream: with keys configured a request without one,
// with a wrong one, for a model its key may not use, or over its key's limits is refused in
// the caller's protocol format (401 / 403 / 429 with Retry-After); a good key is served, its
// name lands in history and metrics, and neither the key nor any other reaches the backend.

#include "protocolclient.h"
#include "runningcore.h"
#include "simprocess.h"
#include "store/config.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QtTest>

using namespace sy;
using namespace sy::test;

namespace {

const QByteArray kTeamKey = "sy-team-key-0123456789";
const QByteArray kLimitedKey = "sy-limited-key-9876543210";

const Wire kWires[] = {Wire::OpenAI, Wire::Anthropic, Wire::Gemini, Wire::Ollama, Wire::Responses};

// One backend per protocol on the sim, a model on each, an agent; `keys` is server.clientKeys.
QByteArray configWithKeys(const SimProcess &sim, const QByteArray &keys)
{
    const QByteArray origin = "http://127.0.0.1:" + QByteArray::number(sim.port());
    return R"({"version":1,"server":{"clientKeys":)" + keys + R"(},"backends":[
        {"id":"oa","protocol":"openai","baseUrl":")" + sim.baseUrl() + R"("},
        {"id":"an","protocol":"anthropic","baseUrl":")" + origin + R"("},
        {"id":"ge","protocol":"gemini","baseUrl":")" + origin + R"(/v1beta"}],
      "models":[
        {"id":"m-openai","backend":"oa","upstreamModel":"gpt-sim"},
        {"id":"m-anthropic","backend":"an","upstreamModel":"claude-sim"},
        {"id":"m-gemini","backend":"ge","upstreamModel":"gemini-sim"}],
      "agents":{"Sneaky":{"models":["m-anthropic"]}}})";
}

// The key in the header each protocol's own clients use.
http::Headers keyHeader(Wire wire, const QByteArray &key)
{
    switch (wire) {
    case Wire::Anthropic: return {{"x-api-key", key}};
    case Wire::Gemini: return {{"x-goog-api-key", key}};
    default: return {{"Authorization", "Bearer " + key}};
    }
}

// A model each wire's request can name (Ollama and Responses clients reach the OpenAI one).
QString modelFor(Wire wire)
{
    switch (wire) {
    case Wire::Anthropic: return QStringLiteral("m-anthropic");
    case Wire::Gemini: return QStringLiteral("m-gemini");
    default: return QStringLiteral("m-openai");
    }
}

// The error's message, after checking the body has the protocol's error shape; empty if not.
QString protocolError(Wire wire, const TestResponse &r)
{
    const QJsonObject body = r.json();
    switch (wire) {
    case Wire::OpenAI:
    case Wire::Responses: {
        const QJsonObject e = body.value(QLatin1String("error")).toObject();
        return e.value(QLatin1String("type")).isString() ? e.value(QLatin1String("message")).toString() : QString();
    }
    case Wire::Anthropic: {
        const QJsonObject e = body.value(QLatin1String("error")).toObject();
        return body.value(QLatin1String("type")) == QLatin1String("error") && e.value(QLatin1String("type")).isString()
                   ? e.value(QLatin1String("message")).toString()
                   : QString();
    }
    case Wire::Gemini: {
        const QJsonObject e = body.value(QLatin1String("error")).toObject();
        return e.value(QLatin1String("code")).toInt() == r.status && e.value(QLatin1String("status")).isString()
                   ? e.value(QLatin1String("message")).toString()
                   : QString();
    }
    case Wire::Ollama: return body.value(QLatin1String("error")).toString();
    }
    return {};
}

} // namespace

Q_DECLARE_METATYPE(Wire)

class TestClientKeys : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void missingKeyIsRefused_data();
    void missingKeyIsRefused();
    void wrongKeyIsRefused_data();
    void wrongKeyIsRefused();
    void goodKeyIsServedAndNamed_data();
    void goodKeyIsServedAndNamed();
    void modelListsNeedAKey();
    void disallowedModelIsForbidden_data();
    void disallowedModelIsForbidden();
    void routingHeadersCannotWidenAKey();
    void keysInEveryHeaderAreTried();
    void requestsPerMinuteLimit_data();
    void requestsPerMinuteLimit();
    void concurrencyLimit();
    void keyIsNotPassedToTheBackend();
    void keyFromAnUnsetVariableRefusesAll();
    void refusedOnTheHeadBeforeTheBody();
    void keptResponsesBelongToTheirKey();
    void loadRequestsNeedTheModel();

private:
    void addWireRows();
    std::unique_ptr<SimProcess> m_sim;
    std::unique_ptr<RunningCore> m_core;
};

void TestClientKeys::initTestCase()
{
    isolateUserDirectories();
    qputenv("SY_TEST_TEAM_KEY", kTeamKey);
    m_sim = std::make_unique<SimProcess>();
    // "team" may use everything; "limited" only the OpenAI model (by prefix) and "auto".
    m_core = std::make_unique<RunningCore>(configWithKeys(
        *m_sim, R"([{"name":"team","keyEnv":"SY_TEST_TEAM_KEY"},
                    {"name":"limited","keyHash":")" + config::clientKeyHash(kLimitedKey) + R"(","models":["m-open*","auto"]}])"));
    QVERIFY2(m_core->ok(), qPrintable(m_core->error()));
}

void TestClientKeys::addWireRows()
{
    QTest::addColumn<Wire>("wire");
    for (Wire wire : kWires)
        QTest::newRow(wireName(wire)) << wire;
}

void TestClientKeys::missingKeyIsRefused_data() { addWireRows(); }

void TestClientKeys::missingKeyIsRefused()
{
    QFETCH(Wire, wire);
    const QByteArray path = wire == Wire::OpenAI      ? "/v1/chat/completions"
                            : wire == Wire::Anthropic ? "/v1/messages"
                            : wire == Wire::Gemini    ? "/v1beta/models/m-gemini:generateContent"
                            : wire == Wire::Ollama    ? "/api/chat"
                                                      : "/v1/responses";
    TestHttpClient client(m_core->port());
    const TestResponse r = client.postJson(path, R"({"model":"m-openai","messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(r.status, 401);
    const QString message = protocolError(wire, r);
    QVERIFY2(message.contains(QLatin1String("client key")), r.body.constData());
}

void TestClientKeys::wrongKeyIsRefused_data() { addWireRows(); }

void TestClientKeys::wrongKeyIsRefused()
{
    QFETCH(Wire, wire);
    const QByteArray wrong = "sy-not-a-key-" + QByteArray(wireName(wire));
    const TestResponse r = sendChat(m_core->port(), wire, modelFor(wire), Scenario::Text, false, keyHeader(wire, wrong));
    QCOMPARE(r.status, 401);
    QVERIFY2(!protocolError(wire, r).isEmpty(), r.body.constData());
    QVERIFY2(!r.body.contains(wrong), "the key is echoed");
}

void TestClientKeys::goodKeyIsServedAndNamed_data() { addWireRows(); }

void TestClientKeys::goodKeyIsServedAndNamed()
{
    QFETCH(Wire, wire);
    const TestResponse r = sendChat(m_core->port(), wire, modelFor(wire), Scenario::Text, false, keyHeader(wire, kTeamKey));
    QCOMPARE(r.status, 200);
    QVERIFY2(readChat(wire, r, false).error.isEmpty(), r.body.constData());
    // History names the client (its key nowhere), and so do the metrics.
    const QByteArray id = r.header("x-request-id");
    TestHttpClient admin(m_core->port());
    TestResponse row;
    QTRY_VERIFY_WITH_TIMEOUT((row = admin.request("GET", "/api/v1/requests/" + id, {}, m_core->auth())).status == 200, 5000);
    QCOMPARE(row.json().value(QLatin1String("clientName")).toString(), QStringLiteral("team"));
    QVERIFY(!row.body.contains(kTeamKey));
    const TestResponse metrics = admin.request("GET", "/metrics", {}, m_core->auth());
    QVERIFY2(metrics.body.contains(R"(switchyard_client_requests_total{client="team",status="200"})"), metrics.body.constData());
    QVERIFY(!metrics.body.contains(kTeamKey));
}

void TestClientKeys::modelListsNeedAKey()
{
    TestHttpClient client(m_core->port());
    for (const QByteArray path : {"/v1/models", "/api/tags", "/v1beta/models"}) {
        QCOMPARE(client.get(path).status, 401);
        QCOMPARE(client.request("GET", path, {}, {{"Authorization", "Bearer " + kTeamKey}}).status, 200);
    }
    // Gemini clients may put the key in the query.
    QCOMPARE(client.get("/v1beta/models?key=" + kTeamKey).status, 200);
    // The management API keeps its own token; /health stays open.
    QCOMPARE(client.get("/health").status, 200);
}

void TestClientKeys::disallowedModelIsForbidden_data() { addWireRows(); }

void TestClientKeys::disallowedModelIsForbidden()
{
    QFETCH(Wire, wire);
    const QString forbidden = wire == Wire::Anthropic ? QStringLiteral("m-anthropic") : QStringLiteral("m-gemini");
    const TestResponse r = sendChat(m_core->port(), wire, forbidden, Scenario::Text, false, keyHeader(wire, kLimitedKey));
    QCOMPARE(r.status, 403);
    const QString message = protocolError(wire, r);
    QVERIFY2(message.contains(QLatin1String("\"limited\"")) && message.contains(forbidden), r.body.constData());
    if (wire != Wire::Anthropic && wire != Wire::Gemini) { // their paths name other models; the rest may use m-openai
        const TestResponse allowed = sendChat(m_core->port(), wire, QStringLiteral("m-openai"), Scenario::Text, false,
                                              keyHeader(wire, kLimitedKey));
        QCOMPARE(allowed.status, 200);
    }
}

void TestClientKeys::routingHeadersCannotWidenAKey()
{
    // "limited" may use m-open* and auto: an agent header naming a chain of other models is
    // dropped, and a name it may use that resolves to nothing is a 404, not any capable model.
    TestHttpClient client(m_core->port());
    const http::Headers sneaky{{"Authorization", "Bearer " + kLimitedKey}, {"X-Agent-Class", "Sneaky"}};
    const TestResponse viaAuto = client.postJson("/v1/chat/completions", R"({"model":"auto","messages":[{"role":"user","content":"hi"}]})", sneaky);
    QCOMPARE(viaAuto.status, 200);
    QVERIFY2(viaAuto.header("x-switchyard-route") != "agent" && viaAuto.header("x-switchyard-model") != "m-anthropic",
             viaAuto.header("x-switchyard-model").constData());
    const TestResponse unknown = client.postJson(
        "/v1/chat/completions", R"({"model":"m-open-nothing","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{}}}]})",
        sneaky);
    QCOMPARE(unknown.status, 404);
    // The team key (no model list) still routes by the header.
    const TestResponse team = client.postJson("/v1/chat/completions", R"({"model":"whatever","messages":[{"role":"user","content":"hi"}]})",
                                              {{"Authorization", "Bearer " + kTeamKey}, {"X-Agent-Class", "Sneaky"}});
    QCOMPARE(team.status, 200);
    QCOMPARE(team.header("x-switchyard-model"), QByteArray("m-anthropic"));
}

void TestClientKeys::keysInEveryHeaderAreTried()
{
    // An SDK's own header wins even beside another Authorization; ?key= only on Gemini paths.
    const TestResponse r = sendChat(m_core->port(), Wire::Anthropic, QStringLiteral("m-anthropic"), Scenario::Text, false,
                                    {{"Authorization", "Bearer sy-something-else"}, {"x-api-key", kTeamKey}});
    QCOMPARE(r.status, 200);
    TestHttpClient client(m_core->port());
    QCOMPARE(client.get("/v1/models?key=" + kTeamKey).status, 401);
    QCOMPARE(client.get("/v1beta/models?key=" + kTeamKey).status, 200);
}

void TestClientKeys::requestsPerMinuteLimit_data() { addWireRows(); }

void TestClientKeys::requestsPerMinuteLimit()
{
    QFETCH(Wire, wire);
    const QByteArray key = "sy-rpm-key-" + QByteArray(wireName(wire));
    RunningCore core(configWithKeys(*m_sim, R"([{"name":"slow","keyHash":")" + config::clientKeyHash(key) + R"(","rpm":2}])"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    for (int i = 0; i < 2; ++i)
        QCOMPARE(sendChat(core.port(), wire, modelFor(wire), Scenario::Text, false, keyHeader(wire, key)).status, 200);
    const TestResponse over = sendChat(core.port(), wire, modelFor(wire), Scenario::Text, false, keyHeader(wire, key));
    QCOMPARE(over.status, 429);
    QVERIFY2(protocolError(wire, over).contains(QLatin1String("2 requests per minute")), over.body.constData());
    const int retryAfter = over.header("retry-after").toInt();
    QVERIFY2(retryAfter >= 1 && retryAfter <= 60, over.header("retry-after").constData());
}

void TestClientKeys::concurrencyLimit()
{
    // The upstream takes 1.5 s to answer: while one request is in flight, a second with the
    // same key is refused at once; after the first ends, the next is served.
    SimProcess slowSim({QStringLiteral("--first-byte-delay-ms"), QStringLiteral("1500")});
    const QByteArray key = "sy-one-at-a-time";
    RunningCore core(configWithKeys(slowSim, R"([{"name":"single","keyHash":")" + config::clientKeyHash(key) + R"(","maxConcurrent":1}])"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const http::Headers headers{{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}};
    const QByteArray body = R"({"model":"m-openai","messages":[{"role":"user","content":"hi"}]})";
    TestHttpClient first(core.port());
    QVERIFY(first.startRequest("POST", "/v1/chat/completions", body, headers));
    QTest::qWait(300); // the first is in flight, waiting for the upstream
    TestHttpClient second(core.port());
    const TestResponse refused = second.request("POST", "/v1/chat/completions", body, headers);
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.header("retry-after"), QByteArray("1"));
    TestResponse firstResponse;
    QVERIFY(first.waitForHead(firstResponse, 10000));
    QCOMPARE(firstResponse.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(second.request("POST", "/v1/chat/completions", body, headers).status, 200, 10000);
}

void TestClientKeys::keyIsNotPassedToTheBackend()
{
    // A backend without a key of its own gets the client's key header, unless that was a
    // Switchyard client key. This upstream accepts exactly that key: without client keys
    // configured it is passed on and accepted; as a client key the backend never sees it and
    // refuses (its own 401, passed through, after Switchyard let the request in).
    const QByteArray key = "sy-would-leak";
    SimProcess strictSim({QStringLiteral("--require-key"), QString::fromLatin1(key)});
    RunningCore open(configWithKeys(strictSim, "[]"));
    QVERIFY2(open.ok(), qPrintable(open.error()));
    RunningCore guarded(configWithKeys(strictSim, R"([{"name":"leaky","keyHash":")" + config::clientKeyHash(key) + R"("}])"));
    QVERIFY2(guarded.ok(), qPrintable(guarded.error()));
    for (Wire wire : {Wire::OpenAI, Wire::Anthropic, Wire::Gemini}) {
        QCOMPARE(sendChat(open.port(), wire, modelFor(wire), Scenario::Text, false, keyHeader(wire, key)).status, 200);
        const TestResponse r = sendChat(guarded.port(), wire, modelFor(wire), Scenario::Text, false, keyHeader(wire, key));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.header("x-switchyard-backend"), wire == Wire::OpenAI ? QByteArray("oa") : wire == Wire::Anthropic ? QByteArray("an") : QByteArray("ge"));
        QVERIFY(!r.body.contains(key));
    }
}

void TestClientKeys::keyFromAnUnsetVariableRefusesAll()
{
    // Configured keys whose variable is unset leave the endpoint closed, not open.
    qunsetenv("SY_TEST_UNSET_KEY");
    RunningCore core(configWithKeys(*m_sim, R"([{"name":"ghost","keyEnv":"SY_TEST_UNSET_KEY"}])"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = sendChat(core.port(), Wire::OpenAI, QStringLiteral("m-openai"), Scenario::Text, false);
    QCOMPARE(r.status, 401);
}

// A head that announces a megabyte: without a key it is answered at once (the body is never
// read, the connection closes); with one, the server waits for the body and serves it.
void TestClientKeys::refusedOnTheHeadBeforeTheBody()
{
    const QByteArray body = R"({"model":"m-openai","messages":[{"role":"user","content":"hi"}]})";
    const auto head = [](const QByteArray &auth, qint64 length, const QByteArray &line = "POST /v1/chat/completions") {
        return line + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + auth + "Content-Length: " +
               QByteArray::number(length) + "\r\n\r\n";
    };
    const auto readAnswer = [](QTcpSocket &socket) {
        QByteArray in;
        while (!in.contains("\r\n\r\n") || (in.contains("Content-Length: ") && !in.endsWith("}")))
            if (!socket.waitForReadyRead(10000))
                break;
            else
                in += socket.readAll();
        return in;
    };

    QTcpSocket refused;
    refused.connectToHost(QHostAddress::LocalHost, m_core->port());
    QVERIFY(refused.waitForConnected(5000));
    refused.write(head({}, 1'000'000)); // the head only, never the megabyte
    const QByteArray answer = readAnswer(refused);
    QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());
    QVERIFY2(answer.contains("Connection: close"), answer.constData());
    QVERIFY2(answer.contains("client key"), answer.constData()); // OpenAI's error shape, as on the normal path
    QVERIFY(refused.state() == QAbstractSocket::UnconnectedState || refused.waitForDisconnected(5000));

    // The management API's admin routes the same way: no token, no body read.
    QTcpSocket noToken;
    noToken.connectToHost(QHostAddress::LocalHost, m_core->port());
    QVERIFY(noToken.waitForConnected(5000));
    noToken.write(head({}, 1'000'000, "PUT /api/v1/config"));
    const QByteArray adminAnswer = readAnswer(noToken);
    QVERIFY2(adminAnswer.startsWith("HTTP/1.1 401") && adminAnswer.contains("Connection: close"), adminAnswer.constData());

    QTcpSocket admitted;
    admitted.connectToHost(QHostAddress::LocalHost, m_core->port());
    QVERIFY(admitted.waitForConnected(5000));
    admitted.write(head("Authorization: Bearer " + kTeamKey + "\r\n", body.size()));
    admitted.write(body);
    const QByteArray served = readAnswer(admitted);
    QVERIFY2(served.startsWith("HTTP/1.1 200"), served.constData());
}

// A Responses API answer kept with `store` is found (read, continued, deleted) only with the
// key it was made with: another key gets the same 404 as for an id that was never kept.
void TestClientKeys::keptResponsesBelongToTheirKey()
{
    TestHttpClient client(m_core->port());
    const http::Headers team{{"Authorization", "Bearer " + kTeamKey}};
    const http::Headers limited{{"Authorization", "Bearer " + kLimitedKey}};
    const TestResponse made = client.postJson("/v1/responses", R"({"model":"m-openai","input":"hi","store":true})", team);
    QCOMPARE(made.status, 200);
    const QByteArray path = "/v1/responses/" + made.json().value(QLatin1String("id")).toString().toUtf8();
    QVERIFY(path.size() > 20);

    QCOMPARE(client.request("GET", path, {}, limited).status, 404);
    QCOMPARE(client.request("GET", path + "/input_items", {}, limited).status, 404);
    const QByteArray continued = R"({"model":"m-openai","input":"and?","previous_response_id":")" + path.mid(14) + R"("})";
    QCOMPARE(client.postJson("/v1/responses", continued, limited).status, 404);
    QCOMPARE(client.request("DELETE", path, {}, limited).status, 404);

    QCOMPARE(client.request("GET", path, {}, team).status, 200); // still there for its own key
    QCOMPARE(client.postJson("/v1/responses", continued, team).status, 200);
    QCOMPARE(client.request("DELETE", path, {}, team).status, 200);
    QCOMPARE(client.request("GET", path, {}, team).status, 404);
}

// Ollama's load and unload (a generate or chat with nothing to answer) name a model like a
// request does: a key limited to other models may not load or unload it.
void TestClientKeys::loadRequestsNeedTheModel()
{
    TestHttpClient client(m_core->port());
    const http::Headers limited{{"Authorization", "Bearer " + kLimitedKey}};
    for (const QByteArray &body : {QByteArray(R"({"model":"m-anthropic"})"), QByteArray(R"({"model":"m-anthropic","keep_alive":0})"),
                                   QByteArray(R"({"model":"m-anthropic","messages":[]})")}) {
        const QByteArray path = body.contains("messages") ? "/api/chat" : "/api/generate";
        const TestResponse r = client.postJson(path, body, limited);
        QCOMPARE(r.status, 403);
        QVERIFY2(protocolError(Wire::Ollama, r).contains(QLatin1String("may not use")), r.body.constData());
    }
    // Its own model gets the usual answer (a remote model has nothing to load).
    QCOMPARE(client.postJson("/api/generate", R"({"model":"m-openai"})", limited).status, 400);
    QCOMPARE(client.postJson("/api/generate", R"({"model":"m-anthropic"})", {{"Authorization", "Bearer " + kTeamKey}}).status, 400);
}

QTEST_GUILESS_MAIN(TestClientKeys)
#include "tst_clientkeys.moc"
