// Other Switchyards as pool members (config nodes[]), with two and three cores on loopback,
// each really listening, and switchyard-sim upstreams: node A shows node B's models as
// "gpu1/<id>" mirrored from B's feed, serves requests for them through B, forwards load and
// unload to B, marks them unreachable as soon as B is gone (fallback goes on), brings them
// back when B returns, spreads a balance set across both machines, and never sends a
// request that came from a node on to a node again.

#include "appprocess.h"
#include "runningcore.h"
#include "simprocess.h"
#include "testhttpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtTest>
#include <unistd.h>

using namespace sy;
using namespace sy::test;

namespace {

// One admin token for every core of this test (so B keeps it across a restart).
const QByteArray kToken = "node-test-admin-token-0123456789abcdef";

// A managed sim model (started by the core that has it) with `delayMs` before each answer.
QByteArray managedModel(const QString &id, int delayMs)
{
    const QJsonArray command{SimProcess::binaryPath(), QStringLiteral("--port"), QStringLiteral("${PORT}"), QStringLiteral("--model-name"),
                             QStringLiteral("${MODEL}"), QStringLiteral("--first-byte-delay-ms"), QString::number(delayMs)};
    return R"({"id":")" + id.toUtf8() + R"(","backend":"procs","launch":{"command":)" + QJsonDocument(command).toJson(QJsonDocument::Compact) + "}}";
}

// The pool's ports: a few, not one, as a test running beside this one may take a single
// port meanwhile.
QByteArray poolPorts()
{
    const quint16 first = unusedPort();
    return R"("pool":{"portRange":[)" + QByteArray::number(first) + "," + QByteArray::number(first + 7) + "]}";
}

// Node B: a remote model "m" on the sim and a managed model "mm".
QByteArray nodeConfig(const SimProcess &sim)
{
    return R"({"version":1,"backends":[{"id":"oa","protocol":"openai","baseUrl":")" + sim.baseUrl() +
           R"("},{"id":"procs","managed":true}],"models":[{"id":"m","backend":"oa","upstreamModel":"gpt-sim"},)" +
           managedModel(QStringLiteral("mm"), 800) + "]," + poolPorts() + "}";
}

QByteArray chat(const QByteArray &model)
{
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"hello"}]})";
}

http::Headers admin() { return {{"Authorization", "Bearer " + kToken}}; }

// The model as `port`'s management API shows it, or an empty object.
QJsonObject modelOn(quint16 port, const QByteArray &id)
{
    const TestResponse r = TestHttpClient(port).request("GET", "/api/v1/models/" + QUrl::toPercentEncoding(id), {}, admin());
    return r.status == 200 ? r.json().value(QLatin1String("model")).toObject() : QJsonObject();
}

QString stateOn(quint16 port, const QByteArray &id)
{
    return modelOn(port, id).value(QLatin1String("state")).toString();
}

} // namespace

class TestNodes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void nodeModelsAreMirroredAndServed();
    void loadAndUnloadAreForwarded();
    void ollamaLoadRequestsAndPinsReachTheNode();
    void aGoneNodeLeavesEveryChainAndComesBack();
    void balanceSetSpansTheNodes();
    void requestsFromANodeGoToNoNode();
    void threeNodesMirrorOneHopOnly();
    void separateProcessesOnLoopback();
    void nodesListingEachOtherStayIdle();
    void aNodeThatNeverCompletesTheHandshakeIsUnreachable();
    void aNodesUnshowableModelNamesAreLeftOut();

private:
    QByteArray frontConfig(const QByteArray &extra = {}) const;

    std::unique_ptr<SimProcess> m_sim;
    quint16 m_nodePort = 0;
    std::unique_ptr<RunningCore> m_node;  // B, "gpu1"
    std::unique_ptr<RunningCore> m_front; // A
};

void TestNodes::initTestCase()
{
    isolateUserDirectories();
    qputenv("SWITCHYARD_ADMIN_TOKEN", kToken);
    qputenv("SY_TEST_GPU1_TOKEN", kToken);
    m_sim = std::make_unique<SimProcess>();
    m_nodePort = unusedPort();
    m_node = std::make_unique<RunningCore>(nodeConfig(*m_sim), m_nodePort);
    QVERIFY2(m_node->ok(), qPrintable(m_node->error()));
    m_front = std::make_unique<RunningCore>(frontConfig());
    QVERIFY2(m_front->ok(), qPrintable(m_front->error()));
    QTRY_VERIFY_WITH_TIMEOUT(!stateOn(m_front->port(), "gpu1/m").isEmpty(), 5000);
}

void TestNodes::cleanupTestCase()
{
    m_front.reset();
    m_node.reset();
    qunsetenv("SWITCHYARD_ADMIN_TOKEN");
}

QByteArray TestNodes::frontConfig(const QByteArray &extra) const
{
    // A: a local model, node B as "gpu1", and an agent that prefers B's model.
    return R"({"version":1,"nodes":[{"id":"gpu1","url":"http://127.0.0.1:)" + QByteArray::number(m_nodePort) +
           R"(","tokenEnv":"SY_TEST_GPU1_TOKEN"}],"backends":[{"id":"oa","protocol":"openai","baseUrl":")" + m_sim->baseUrl() +
           R"("},{"id":"procs","managed":true}],"models":[{"id":"local","backend":"oa","upstreamModel":"gpt-sim"})" + extra +
           R"(],"agents":{"Remote":{"models":["gpu1/m","local"]}},)" + poolPorts() + "}";
}

void TestNodes::nodeModelsAreMirroredAndServed()
{
    const QJsonObject mirrored = modelOn(m_front->port(), "gpu1/mm");
    QCOMPARE(mirrored.value(QLatin1String("kind")).toString(), QStringLiteral("node"));
    QCOMPARE(mirrored.value(QLatin1String("node")).toString(), QStringLiteral("gpu1"));
    QCOMPARE(mirrored.value(QLatin1String("nodeKind")).toString(), QStringLiteral("managed"));
    QCOMPARE(mirrored.value(QLatin1String("state")).toString(), stateOn(m_nodePort, "mm"));
    const TestResponse system = TestHttpClient(m_front->port()).request("GET", "/api/v1/system", {}, admin());
    const QJsonArray nodes = system.json().value(QLatin1String("nodes")).toArray();
    QCOMPARE(nodes.size(), 1);
    QCOMPARE(nodes.at(0).toObject().value(QLatin1String("reachable")).toBool(), true);
    QVERIFY(nodes.at(0).toObject().value(QLatin1String("memory")).isObject()); // the node's own figures
    // Clients' model lists name them too, with the node as owner (IDE pickers read these).
    const QJsonArray listed = TestHttpClient(m_front->port()).get("/v1/models").json().value(QLatin1String("data")).toArray();
    const auto owner = [&listed](const QString &id) {
        for (const QJsonValue &m : listed)
            if (m.toObject().value(QLatin1String("id")).toString() == id)
                return m.toObject().value(QLatin1String("owned_by")).toString();
        return QString();
    };
    QCOMPARE(owner(QStringLiteral("gpu1/m")), QStringLiteral("gpu1"));
    QCOMPARE(owner(QStringLiteral("gpu1/mm")), QStringLiteral("gpu1"));
    QCOMPARE(TestHttpClient(m_front->port()).get("/v1/models/gpu1/m").status, 200);

    // Served by B: A names B's model, and B's history has the request for its own name.
    const TestResponse r = TestHttpClient(m_front->port()).postJson("/v1/chat/completions", chat("gpu1/m"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("gpu1/m"));
    QCOMPARE(r.header("x-switchyard-backend"), QByteArray("gpu1"));
    TestHttpClient node(m_nodePort);
    QTRY_VERIFY_WITH_TIMEOUT(node.request("GET", "/api/v1/requests/" + r.header("x-request-id"), {}, admin()).json().value(QLatin1String("requested")) ==
                                 QLatin1String("m"),
                             5000);
}

void TestNodes::loadAndUnloadAreForwarded()
{
    TestHttpClient front(m_front->port());
    QCOMPARE(front.request("POST", "/api/v1/models/gpu1%2Fmm/load", {}, admin()).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(m_nodePort, "mm"), QStringLiteral("hot"), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(m_front->port(), "gpu1/mm"), QStringLiteral("hot"), 5000); // mirrored
    QCOMPARE(front.request("POST", "/api/v1/models/gpu1%2Fmm/unload", {}, admin()).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(m_nodePort, "mm"), QStringLiteral("cold"), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(m_front->port(), "gpu1/mm"), QStringLiteral("cold"), 5000);
}

// Every way to act on a model goes through its launch driver: Ollama's load and unload
// requests (an empty generate, keep_alive 0) and pins reach the node too.
void TestNodes::ollamaLoadRequestsAndPinsReachTheNode()
{
    TestHttpClient front(m_front->port());
    const TestResponse loaded = front.postJson("/api/generate", R"({"model":"gpu1/mm"})");
    QCOMPARE(loaded.status, 200);
    QCOMPARE(loaded.json().value(QLatin1String("done_reason")).toString(), QStringLiteral("load"));
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(m_nodePort, "mm"), QStringLiteral("hot"), 15000);

    QCOMPARE(front.request("POST", "/api/v1/models/gpu1%2Fmm/pin", {}, admin()).status, 202);
    QTRY_VERIFY_WITH_TIMEOUT(modelOn(m_nodePort, "mm").value(QLatin1String("pinned")).toBool(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(modelOn(m_front->port(), "gpu1/mm").value(QLatin1String("pinned")).toBool(), 5000); // mirrored
    QCOMPARE(front.request("POST", "/api/v1/models/gpu1%2Fmm/unpin", {}, admin()).status, 202);
    QTRY_VERIFY_WITH_TIMEOUT(!modelOn(m_nodePort, "mm").value(QLatin1String("pinned")).toBool(), 5000);

    const TestResponse unloaded = front.postJson("/api/generate", R"({"model":"gpu1/mm","keep_alive":0})");
    QCOMPARE(unloaded.status, 200);
    QCOMPARE(unloaded.json().value(QLatin1String("done_reason")).toString(), QStringLiteral("unload"));
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(m_nodePort, "mm"), QStringLiteral("cold"), 15000);

    // A name the node does not have is not a model here either.
    QCOMPARE(front.request("POST", "/api/v1/models/gpu1%2Fnope/load", {}, admin()).status, 404);
    QCOMPARE(front.postJson("/api/generate", R"({"model":"gpu1/nope"})").status, 404);
}

void TestNodes::aGoneNodeLeavesEveryChainAndComesBack()
{
    m_node.reset(); // B stops
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(m_front->port(), "gpu1/m"), QStringLiteral("unreachable"), 2000);
    TestHttpClient front(m_front->port());
    const TestResponse fellBack = front.postJson("/v1/chat/completions", chat("agent:Remote"), {{"X-Switchyard-Trace", "1"}});
    QCOMPARE(fellBack.status, 200);
    QCOMPARE(fellBack.header("x-switchyard-model"), QByteArray("local"));
    QCOMPARE(fellBack.header("x-switchyard-attempts"), QByteArray("1")); // not tried at all
    QVERIFY2(fellBack.header("x-switchyard-trace").contains("unreachable"), fellBack.header("x-switchyard-trace").constData());

    m_node = std::make_unique<RunningCore>(nodeConfig(*m_sim), m_nodePort); // B is back
    QVERIFY2(m_node->ok(), qPrintable(m_node->error()));
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(m_front->port(), "gpu1/m"), QStringLiteral("remote"), 15000);
    const TestResponse again = front.postJson("/v1/chat/completions", chat("agent:Remote"));
    QCOMPARE(again.status, 200);
    QCOMPARE(again.header("x-switchyard-model"), QByteArray("gpu1/m"));
}

void TestNodes::balanceSetSpansTheNodes()
{
    // "shared" = a model on A and B's "mm", both answering after 800 ms: requests at once
    // go to both machines (the least busy first, B's load as its feed reports it).
    RunningCore front(frontConfig(R"(,{"id":"shared-b","backend":"gpu1","upstreamModel":"mm","balance":"shared"},)" +
                                  managedModel(QStringLiteral("shared-a"), 800).chopped(1) + R"(,"balance":"shared"})"));
    QVERIFY2(front.ok(), qPrintable(front.error()));
    TestHttpClient api(front.port());
    QTRY_VERIFY_WITH_TIMEOUT(!stateOn(front.port(), "gpu1/mm").isEmpty() && stateOn(front.port(), "gpu1/mm") != QLatin1String("unreachable"), 5000);
    QCOMPARE(api.request("POST", "/api/v1/models/gpu1%2Fmm/load", {}, admin()).status, 202);
    QCOMPARE(api.request("POST", "/api/v1/models/shared-a/load", {}, admin()).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(front.port(), "gpu1/mm"), QStringLiteral("hot"), 15000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(front.port(), "shared-a"), QStringLiteral("hot"), 15000);

    std::vector<std::unique_ptr<TestHttpClient>> clients;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(std::make_unique<TestHttpClient>(front.port()));
        QVERIFY(clients.back()->startRequest("POST", "/v1/chat/completions", chat("shared"), {{"Content-Type", "application/json"}}));
        QTest::qWait(50);
    }
    QSet<QByteArray> servedBy;
    for (auto &client : clients) {
        TestResponse r;
        QVERIFY(client->waitForHead(r, 20000));
        QCOMPARE(r.status, 200);
        servedBy << r.header("x-switchyard-model");
    }
    QCOMPARE(servedBy, (QSet<QByteArray>{"shared-a", "shared-b"}));
}

void TestNodes::requestsFromANodeGoToNoNode()
{
    // A request that a node sent (X-Switchyard-Hop) is served here or not at all: even when
    // this core's only candidate is on a node, it is not passed on again.
    TestHttpClient front(m_front->port());
    const TestResponse r = front.postJson("/v1/chat/completions", chat("gpu1/m"), {{"X-Switchyard-Hop", "1"}, {"X-Switchyard-Trace", "1"}});
    QVERIFY2(r.status >= 400, r.body.constData());
    QVERIFY2(r.header("x-switchyard-trace").contains("came from another node"), r.header("x-switchyard-trace").constData());
    const TestResponse viaAgent = front.postJson("/v1/chat/completions", chat("agent:Remote"), {{"X-Switchyard-Hop", "1"}});
    QCOMPARE(viaAgent.status, 200);
    QCOMPARE(viaAgent.header("x-switchyard-model"), QByteArray("local"));
}

void TestNodes::threeNodesMirrorOneHopOnly()
{
    // C is a node of B, and B and C are nodes of A: A sees B's and C's own models, but not
    // B's mirror of C ("gpu1/c/m" would be a second hop), and reaches C's model directly.
    const quint16 cPort = unusedPort();
    RunningCore c(nodeConfig(*m_sim), cPort);
    QVERIFY2(c.ok(), qPrintable(c.error()));
    const QByteArray cNode = R"({"id":"c","url":"http://127.0.0.1:)" + QByteArray::number(cPort) + R"(","tokenEnv":"SY_TEST_GPU1_TOKEN"})";
    QByteArray bConfig = nodeConfig(*m_sim);
    bConfig.insert(1, R"("nodes":[)" + cNode + "],");
    m_node.reset();
    m_node = std::make_unique<RunningCore>(bConfig, m_nodePort); // B, now with C as its node
    QVERIFY2(m_node->ok(), qPrintable(m_node->error()));
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(m_nodePort, "c/m"), QStringLiteral("remote"), 5000);

    QByteArray aConfig = frontConfig();
    aConfig.replace(R"("nodes":[)", R"("nodes":[)" + cNode + ",");
    RunningCore a(aConfig);
    QVERIFY2(a.ok(), qPrintable(a.error()));
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(a.port(), "c/m"), QStringLiteral("remote"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(a.port(), "gpu1/m"), QStringLiteral("remote"), 5000);
    QVERIFY(modelOn(a.port(), "gpu1/c/m").isEmpty());
    const TestResponse r = TestHttpClient(a.port()).postJson("/v1/chat/completions", chat("c/m"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-backend"), QByteArray("c"));
}

// The same as two `switchyard --headless` processes, as a team runs them: A serves B's model
// through B; B killed (SIGKILL) leaves A's chains at once and fallback serves; B started
// again on its port comes back without restarting A.
void TestNodes::separateProcessesOnLoopback()
{
    const quint16 portB = unusedPort();
    const QStringList argsB{QStringLiteral("--headless"), QStringLiteral("--no-demo"), QStringLiteral("--port"), QString::number(portB)};
    auto nodeB = std::make_unique<AppProcess>(argsB, nodeConfig(*m_sim));
    QCOMPARE(nodeB->waitUntilListening(), portB);

    const QByteArray configA = R"({"version":1,"nodes":[{"id":"gpu1","url":"http://127.0.0.1:)" + QByteArray::number(portB) +
                               R"(","tokenEnv":"SY_TEST_GPU1_TOKEN"}],"backends":[{"id":"oa","protocol":"openai","baseUrl":")" + m_sim->baseUrl() +
                               R"("}],"models":[{"id":"local","backend":"oa","upstreamModel":"gpt-sim"}],"agents":{"Remote":{"models":["gpu1/m","local"]}}})";
    AppProcess front({QStringLiteral("--headless"), QStringLiteral("--no-demo"), QStringLiteral("--port"), QStringLiteral("0")}, configA);
    const quint16 portA = front.waitUntilListening();
    QVERIFY2(portA != 0, front.output.constData());
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(portA, "gpu1/m"), QStringLiteral("remote"), 10000);

    TestHttpClient client(portA);
    const TestResponse served = client.postJson("/v1/chat/completions", chat("gpu1/m"));
    QCOMPARE(served.status, 200);
    QCOMPARE(served.header("x-switchyard-backend"), QByteArray("gpu1"));
    // `switchyard ps` on A says which machine each model is on.
    const CommandResult ps = runCommand({QStringLiteral("ps"), QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:%1").arg(portA)}, front.environment());
    QVERIFY2(ps.exitCode == 0 && ps.out.startsWith("MODEL") && ps.out.contains("NODE"), qPrintable(ps.text()));
    QVERIFY2(QString::fromUtf8(ps.out).contains(QRegularExpression(QStringLiteral("\\ngpu1/m +gpu1 "))), qPrintable(ps.text()));
    QVERIFY2(QString::fromUtf8(ps.out).contains(QRegularExpression(QStringLiteral("\\nlocal +local "))), qPrintable(ps.text()));

    nodeB->process.kill();
    QVERIFY(nodeB->process.waitForFinished(5000));
    // (within 2 s is asserted in aGoneNodeLeavesEveryChainAndComesBack; here two processes share the CPUs)
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(portA, "gpu1/m"), QStringLiteral("unreachable"), 5000);
    const TestResponse fellBack = client.postJson("/v1/chat/completions", chat("agent:Remote"));
    QCOMPARE(fellBack.status, 200);
    QCOMPARE(fellBack.header("x-switchyard-model"), QByteArray("local"));

    nodeB = std::make_unique<AppProcess>(argsB, nodeConfig(*m_sim));
    QCOMPARE(nodeB->waitUntilListening(), portB);
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(portA, "gpu1/m"), QStringLiteral("remote"), 15000);
    QCOMPARE(client.postJson("/v1/chat/completions", chat("gpu1/m")).header("x-switchyard-backend"), QByteArray("gpu1"));
}

// Two processes that list each other, one of them itself too: each mirrors the other's
// models, and then both sit idle. Each feed message a node sent made the other's (or its own)
// feed answer with the same list and counters, and back: a core's worth of CPU for ever.
void TestNodes::nodesListingEachOtherStayIdle()
{
    const quint16 portA = unusedPort();
    quint16 portB = unusedPort();
    while (portB == portA)
        portB = unusedPort();
    const auto node = [](const char *id, quint16 port) {
        return R"({"id":")" + QByteArray(id) + R"(","url":"http://127.0.0.1:)" + QByteArray::number(port) + R"(","tokenEnv":"SY_TEST_GPU1_TOKEN"})";
    };
    const auto config = [this](const QByteArray &nodes) {
        return R"({"version":1,"nodes":[)" + nodes + R"(],"backends":[{"id":"oa","protocol":"openai","baseUrl":")" + m_sim->baseUrl() +
               R"("}],"models":[{"id":"m","backend":"oa","upstreamModel":"gpt-sim"}]})";
    };
    const auto args = [](quint16 port) {
        return QStringList{QStringLiteral("--headless"), QStringLiteral("--no-demo"), QStringLiteral("--port"), QString::number(port)};
    };
    AppProcess a(args(portA), config(node("b", portB)));
    AppProcess b(args(portB), config(node("a", portA) + "," + node("self", portB)));
    QCOMPARE(a.waitUntilListening(), portA);
    QCOMPARE(b.waitUntilListening(), portB);
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(portA, "b/m"), QStringLiteral("remote"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(portB, "a/m"), QStringLiteral("remote"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(portB, "self/m"), QStringLiteral("remote"), 10000);
    QVERIFY(modelOn(portA, "b/a/m").isEmpty()); // one hop only, as ever

    // CPU time (not wall time) over two idle seconds: the loop took ~1 s of it per process.
    const auto cpuTicks = [](qint64 pid) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            return qint64(-1);
        const QList<QByteArray> fields = stat.readAll().split(')').last().trimmed().split(' ');
        return fields.value(11).toLongLong() + fields.value(12).toLongLong(); // utime, stime
    };
    QTest::qWait(1000); // the first snapshots settle
    const qint64 aBefore = cpuTicks(a.process.processId()), bBefore = cpuTicks(b.process.processId());
    QTest::qWait(2000);
    const qint64 aSpent = cpuTicks(a.process.processId()) - aBefore, bSpent = cpuTicks(b.process.processId()) - bBefore;
    const qint64 tick = ::sysconf(_SC_CLK_TCK);
    QVERIFY2(aSpent < tick / 4 && bSpent < tick / 4, qPrintable(QStringLiteral("CPU over 2 idle seconds: A %1, B %2 ticks of 1/%3 s").arg(aSpent).arg(bSpent).arg(tick)));
    QCOMPARE(TestHttpClient(portA).postJson("/v1/chat/completions", chat("b/m")).header("x-switchyard-backend"), QByteArray("b"));
}

// A node address where something takes the connection and never answers: after the
// handshake's time the node is unreachable with the reason (it stayed "connecting" for ever,
// error null, and was never tried again).
void TestNodes::aNodeThatNeverCompletesTheHandshakeIsUnreachable()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    std::vector<QTcpSocket *> taken;
    connect(&silent, &QTcpServer::newConnection, &silent, [&] {
        while (QTcpSocket *s = silent.nextPendingConnection())
            taken.push_back(s);
    });
    const QByteArray config = R"({"version":1,"nodes":[{"id":"mute","url":"http://127.0.0.1:)" + QByteArray::number(silent.serverPort()) +
                              R"(","tokenEnv":"SY_TEST_GPU1_TOKEN"}],"backends":[{"id":"oa","protocol":"openai","baseUrl":")" +
                              m_sim->baseUrl() + R"("}],"models":[{"id":"m","backend":"oa","upstreamModel":"gpt-sim"}]})";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const auto node = [&core] {
        const QJsonArray nodes = TestHttpClient(core.port()).request("GET", "/api/v1/system", {}, admin()).json().value(QLatin1String("nodes")).toArray();
        return nodes.isEmpty() ? QJsonObject() : nodes.first().toObject();
    };
    QTRY_VERIFY_WITH_TIMEOUT(node().value(QLatin1String("error")).toString().contains(QLatin1String("handshake")), 10000);
    QCOMPARE(node().value(QLatin1String("reachable")).toBool(), false);
    QTRY_VERIFY_WITH_TIMEOUT(taken.size() >= 2, 5000); // and it is tried again
}

// A node's feed names models as a config could: a name with control characters (escape
// sequences reached `switchyard ps`), 50,000 bytes long, or empty is left out.
void TestNodes::aNodesUnshowableModelNamesAreLeftOut()
{
    QWebSocketServer fake(QStringLiteral("fake node"), QWebSocketServer::NonSecureMode);
    QVERIFY(fake.listen(QHostAddress::LocalHost));
    connect(&fake, &QWebSocketServer::newConnection, &fake, [&fake] {
        QWebSocket *feed = fake.nextPendingConnection();
        const QJsonArray models{QJsonObject{{QStringLiteral("id"), QStringLiteral("evil\u001b[31mRED\nfake line")}, {QStringLiteral("state"), QStringLiteral("hot")}},
                                QJsonObject{{QStringLiteral("id"), QString(50000, QLatin1Char('L'))}, {QStringLiteral("state"), QStringLiteral("hot")}},
                                QJsonObject{{QStringLiteral("id"), QString()}, {QStringLiteral("state"), QStringLiteral("hot")}},
                                QJsonObject{{QStringLiteral("id"), QStringLiteral("fine")}, {QStringLiteral("state"), QStringLiteral("remote")}}};
        feed->sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("snapshot")},
                                                                          {QStringLiteral("models"), models}})
                                                    .toJson(QJsonDocument::Compact)));
        feed->sendTextMessage(QStringLiteral(R"({"type":"model","model":{"id":"late\u0007bell","state":"hot"}})"));
        feed->sendTextMessage(QStringLiteral(R"({"type":"model","model":{"id":"late-ok","state":"remote"}})")); // after it, in order
    });
    const QByteArray config = R"({"version":1,"nodes":[{"id":"odd","url":"http://127.0.0.1:)" + QByteArray::number(fake.serverPort()) +
                              R"(","tokenEnv":"SY_TEST_GPU1_TOKEN"}]})";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QTRY_COMPARE_WITH_TIMEOUT(stateOn(core.port(), "odd/late-ok"), QStringLiteral("remote"), 5000); // so the one before it was read
    QStringList ids;
    for (const QJsonValue &m : TestHttpClient(core.port()).request("GET", "/api/v1/models", {}, admin()).json().value(QLatin1String("models")).toArray())
        ids << m.toObject().value(QLatin1String("id")).toString();
    QCOMPARE(ids.filter(QStringLiteral("odd/")), (QStringList{QStringLiteral("odd/fine"), QStringLiteral("odd/late-ok")}));
}

QTEST_GUILESS_MAIN(TestNodes)
#include "tst_nodes.moc"
