// The router's policies and their order, filters, cooldowns, auto scoring, warm-first and
// least-busy ordering, agent params and the explain trace. Table-driven over one config.

#include "record/routetrace.h"
#include "routing/attemptbuilder.h"
#include "routing/routedecision.h"
#include "routing/router.h"
#include "routing/routerstate.h"
#include "routing/taskdetect.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>
#include <cmath>
#include <tuple>

using namespace sy::routing;

namespace {
std::unique_ptr<RouteTable> makeTable(const QByteArray &extraServer = {}, const QByteArray &routing = {});
QByteArrayList labels(const RouteDecision &d);
struct Request {
    QByteArray model = {};
    QByteArray agent = {};
    QByteArray role = {};
    QByteArray product = {};
    QByteArray mode = {};
    unsigned caps = 0;
    qint64 tokens = 10;
    QByteArray prompt = {};
};
RoutingRequest toRouting(const Request &r);
} // namespace

Q_DECLARE_METATYPE(Request)

class TestRouter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void passThroughByDefaultOnlyForTheVendorsAPIs();
    void topKIsNotSentToOpenAIsOwnApi();
    void policies_data();
    void policies();
    void failures_data();
    void failures();
    void autoPicksByTaskType_data();
    void autoPicksByTaskType();
    void autoRankingMatchesAFullSort();
    void autoTiesIgnoreSmallLatencyDifferences();
    void autoUnsureFallsBackToTheDefault();
    void autoUnsureTakesTheSecondTiersType();
    void defaultBackendIsTheLastResort();
    void cooldownSkipsAndExpires();
    void allCoolingIsA503WithRetryAfter();
    void successResetsTheFailureCount();
    void preferWarm();
    void balanceSetsAreLeastBusyFirst();
    void agentParamsPerModel();
    void traceExplains();
    void traceSurvivesItsStoredForm();
    void requiredCapabilitiesFromTheRequest();
};

void TestRouter::policies_data()
{
    QTest::addColumn<Request>("request");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QByteArrayList>("chain");

    QTest::newRow("model id") << Request{"coder"} << "model" << QByteArrayList{"coder"};
    QTest::newRow("alias") << Request{"c"} << "model" << QByteArrayList{"coder"};
    QTest::newRow("balance set") << Request{"fast"} << "model" << QByteArrayList{"fast-1", "fast-2"};
    QTest::newRow("embedding model for embeddings") << Request{"embedder", {}, {}, {}, {}, CapEmbeddings} << "model" << QByteArrayList{"embedder"};
    QTest::newRow("model mapping") << Request{"gpt-4o"} << "model_mapping" << QByteArrayList{"coder"};
    QTest::newRow("prefix") << Request{"local/llama3.1:8b"} << "prefix" << QByteArrayList{"ollama:llama3.1:8b"};
    QTest::newRow("agent header") << Request{"gpt-3.5-turbo", "Architect"} << "agent" << QByteArrayList{"chat", "coder"};
    QTest::newRow("agent pseudo-model") << Request{"agent:Architect"} << "agent" << QByteArrayList{"chat", "coder"};
    QTest::newRow("unknown agent -> default") << Request{"agent:Nobody"} << "agent" << QByteArrayList{"chat"};
    QTest::newRow("explicit model beats agent") << Request{"coder", "Architect"} << "model" << QByteArrayList{"coder"};
    QTest::newRow("pool header") << Request{"x", {}, "writer", "landing"} << "pool" << QByteArrayList{"fast-1", "fast-2", "chat"};
    QTest::newRow("pool pseudo-model") << Request{"role:writer/landing"} << "pool" << QByteArrayList{"fast-1", "fast-2", "chat"};
    QTest::newRow("pool default product") << Request{"role:writer/unknown"} << "pool" << QByteArrayList{"chat", "coder"};
    QTest::newRow("pool no product") << Request{"role:writer"} << "pool" << QByteArrayList{"chat", "coder"};
    QTest::newRow("mode header") << Request{"x", {}, {}, {}, "eco"} << "mode" << QByteArrayList{"math", "chat"};
    QTest::newRow("mode pseudo-model") << Request{"mode:fast"} << "mode" << QByteArrayList{"fast-1", "fast-2", "or:mistralai/mistral-nemo"};
    QTest::newRow("agent before pool") << Request{"x", "Architect", "writer"} << "agent" << QByteArrayList{"chat", "coder"};
    QTest::newRow("pool before mode") << Request{"x", {}, "classifier", {}, "eco"} << "pool" << QByteArrayList{"math"};
    QTest::newRow("capability picks vision for auto") << Request{"auto", {}, {}, {}, {}, CapVision} << "capability" << QByteArrayList{"vision"};
    QTest::newRow("capability filters the agent's list") << Request{"agent:Architect", {}, {}, {}, {}, CapJson} << "agent"
                                                         << QByteArrayList{"chat"};
    QTest::newRow("declared caps filter, undeclared pass") << Request{"mode:eco", {}, {}, {}, {}, CapTools} << "mode"
                                                           << QByteArrayList{"chat"};
    QTest::newRow("undeclared capabilities are not filtered") << Request{"unknown-caps", {}, {}, {}, {}, CapVision} << "model"
                                                              << QByteArrayList{"unknown-caps"};
    QTest::newRow("auto keeps models of unknown ability") << Request{"auto", {}, {}, {}, {}, CapReasoning} << "auto"
                                                          << QByteArrayList{"unknown-caps", "fast-1", "fast-2"};
    QTest::newRow("auto embeddings go to the embedding model") << Request{"auto", {}, {}, {}, {}, CapEmbeddings} << "capability"
                                                               << QByteArrayList{"embedder"};
    QTest::newRow("auto rerank goes to the rerank model") << Request{"auto", {}, {}, {}, {}, CapRerank} << "capability"
                                                          << QByteArrayList{"ranker"};
    QTest::newRow("context filter") << Request{"agent:Architect", {}, {}, {}, {}, 0, 10000} << "agent" << QByteArrayList{"chat"};
}

void TestRouter::policies()
{
    QFETCH(Request, request);
    QFETCH(QString, mode);
    QFETCH(QByteArrayList, chain);
    const auto table = makeTable();
    RouterState state;
    const Router router(state, [](const Candidate &) { return CandidateStatus{}; });
    const RouteDecision d = router.route(*table, toRouting(request), 1000);
    QVERIFY2(d.ok(), qPrintable(d.error.message));
    QCOMPARE(QString::fromLatin1(routeModeName(d.mode)), mode);
    QCOMPARE(labels(d), chain);
}

void TestRouter::failures_data()
{
    QTest::addColumn<Request>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown model") << Request{"gpt-9"} << 404 << "model_not_found" << "gpt-9";
    QTest::newRow("unknown role") << Request{"role:poet"} << 404 << "role_not_found" << "poet";
    QTest::newRow("unknown mode") << Request{"mode:turbo"} << 404 << "mode_not_found" << "turbo";
    QTest::newRow("no model has the capability") << Request{"agent:Architect", {}, {}, {}, {}, CapVision} << 422
                                                 << "capability_unavailable" << "vision";
    QTest::newRow("agent's models lack it") << Request{"agent:Architect", {}, {}, {}, {}, CapEmbeddings} << 422
                                            << "capability_unavailable" << "embeddings";
    QTest::newRow("an embedding model cannot chat") << Request{"embedder"} << 422 << "capability_unavailable"
                                                    << "embedder is an embedding or rerank model";
    QTest::newRow("a rerank model cannot chat") << Request{"ranker"} << 422 << "capability_unavailable"
                                                << "ranker is an embedding or rerank model";
    QTest::newRow("an embedding model cannot rerank") << Request{"embedder", {}, {}, {}, {}, CapRerank} << 422
                                                      << "capability_unavailable" << "embedder lacks rerank";
}

void TestRouter::failures()
{
    QFETCH(Request, request);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, message);
    const auto table = makeTable();
    RouterState state;
    const Router router(state, [](const Candidate &) { return CandidateStatus{}; });
    const RouteDecision d = router.route(*table, toRouting(request), 1000);
    QVERIFY(!d.ok());
    QCOMPARE(d.error.status(), status);
    QCOMPARE(QString::fromUtf8(d.error.code), code);
    QVERIFY2(d.error.message.contains(message), qPrintable(d.error.message));
}

void TestRouter::autoPicksByTaskType_data()
{
    QTest::addColumn<QByteArray>("prompt");
    QTest::addColumn<QByteArray>("first");
    QTest::newRow("code") << QByteArray("Write a python function that parses this JSON and fix the bug:\n```def f(x): return x[0]```") << QByteArray("coder");
    // A word problem: the equation prompt used before sat at a math share of 0.50, on the
    // default confidence threshold, so any retraining flipped it to the default model.
    QTest::newRow("math") << QByteArray("A train travels 120 km in 2 hours. What is its average speed in km per hour?") << QByteArray("math");
    QTest::newRow("conversational") << QByteArray("hey, thanks! how are you today?") << QByteArray("chat");
    QTest::newRow("creative") << QByteArray("Write a poem about the sea, a short story would be fine too") << QByteArray("chat");
}

void TestRouter::autoPicksByTaskType()
{
    QFETCH(QByteArray, prompt);
    QFETCH(QByteArray, first);
    const auto table = makeTable();
    RouterState state;
    const Router router(state, [](const Candidate &) { return CandidateStatus{}; });
    Request r{"auto"};
    r.prompt = prompt;
    const RouteDecision d = router.route(*table, toRouting(r), 1000);
    QVERIFY(d.ok());
    QCOMPARE(d.mode, RouteMode::Auto);
    QCOMPARE(d.chain.front().label, first);
    // Every configured model that generates text is ranked (not the embedding and rerank
    // models), and the task and model scores are in the trace.
    QCOMPARE(d.chain.size(), table->models().size() - 2);
    const QJsonArray steps = traceJson(d).value(QLatin1String("steps")).toArray();
    int tasks = 0, scores = 0;
    for (const QJsonValue &s : steps) {
        tasks += s.toObject().value(QLatin1String("step")) == QLatin1String("task");
        scores += s.toObject().value(QLatin1String("step")) == QLatin1String("score");
    }
    QCOMPARE(tasks, 5);
    QCOMPARE(scores, int(table->models().size()) - 2);
}

void TestRouter::autoRankingMatchesAFullSort()
{
    // Many models with varied profiles and observed health: the pruned ranking must equal
    // scoring every model and sorting (the oracle below).
    const char *const tasks[] = {"code", "math", "factual", "creative", "conversational"};
    QJsonArray models;
    for (int i = 0; i < 60; ++i) {
        QJsonObject scores;
        for (int t = 0; t < 5; ++t) {
            if ((i + t) % 4 != 0) // some unset (0.5)
                scores.insert(QLatin1String(tasks[t]), double((i * 37 + t * 11) % 101) / 100.0);
        }
        models.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("m%1").arg(i)},
                                  {QStringLiteral("backend"), QStringLiteral("b")},
                                  {QStringLiteral("profile"), QJsonObject{{QStringLiteral("priority"), (i * 13) % 100},
                                                                          {QStringLiteral("weight"), 0.5 + (i % 5) * 0.25},
                                                                          {QStringLiteral("scores"), scores}}}});
    }
    const QJsonObject doc{{QStringLiteral("version"), 1},
                          {QStringLiteral("backends"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("b")},
                                                                              {QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:9/v1")}}}},
                          {QStringLiteral("models"), models}};
    sy::config::ParseResult parsed = sy::config::parse(doc);
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorText()));
    const RouteTable table(std::move(*parsed.config));
    RouterState state;
    for (int i = 0; i < 60; i += 3) { // a third have a record: some failing, some slow
        const QByteArray id = "m" + QByteArray::number(i);
        state.recordSuccess(id, 1000.0 * (i % 7) * 3);
        if (i % 2)
            state.recordFailure(id, 1000);
    }
    const Router router(state, [](const Candidate &) { return CandidateStatus{}; });
    for (const QByteArray &prompt : {QByteArray("write a python function"), QByteArray("solve this equation: 2x+1=5"),
                                    QByteArray("write a poem about the sea"), QByteArray("hello")}) {
        Request r{"auto"};
        r.prompt = prompt;
        const RouteDecision d = router.route(table, toRouting(r), 1000);
        TaskScores scores = detectTasks(prompt);
        const std::size_t primary = std::size_t(scores.primary);
        if (scores.confidence < table.config().routing.autoMinConfidence)
            scores.score.fill(0.2); // unsure: every type alike
        struct Oracle {
            double score, fitPrimary, priority;
            int index;
        };
        std::vector<Oracle> oracle;
        for (int i = 0; i < 60; ++i) {
            const ModelEntry &m = table.models()[std::size_t(i)];
            double fit = 0, fitPrimary = 0;
            for (int t = 0; t < 5; ++t) {
                const auto it = m.config->profile.scores.find(QLatin1String(tasks[t]));
                const double s = it == m.config->profile.scores.end() ? 0.5 : it->second;
                fit += scores.score[std::size_t(t)] * s;
                if (std::size_t(t) == primary)
                    fitPrimary = s;
            }
            const RouterState::Observed seen = state.observed(m.id);
            const double score = fit * m.config->profile.weight * (0.5 + 0.5 * seen.successRate) -
                                 0.1 * std::min(1.0, seen.latencyMs / 30000.0) + m.config->profile.priority / 1000.0;
            // On a 0.01 grid; ties by fit for the primary type, then priority, then config order.
            oracle.push_back({std::round(score * 100) / 100, fitPrimary, double(m.config->profile.priority), i});
        }
        std::sort(oracle.begin(), oracle.end(), [](const Oracle &a, const Oracle &b) {
            return std::tie(b.score, b.fitPrimary, b.priority, a.index) < std::tie(a.score, a.fitPrimary, a.priority, b.index);
        });
        QByteArrayList expected;
        for (std::size_t i = 0; i < 8; ++i) // fallback.maxAttempts (3) + 5
            expected << table.models()[std::size_t(oracle[i].index)].id;
        QCOMPARE(labels(d), expected);
    }
}

void TestRouter::autoTiesIgnoreSmallLatencyDifferences()
{
    // Two models alike but for a few hundred milliseconds of observed latency: config order,
    // every time, rather than whichever answered faster last.
    const auto parsed = sy::config::parseText(R"({"backends":[{"id":"b","baseUrl":"http://127.0.0.1:9/v1"}],
        "models":[{"id":"first","backend":"b"},{"id":"second","backend":"b"},{"id":"third","backend":"b","profile":{"priority":51}}]})");
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorText()));
    const RouteTable table(*parsed.config);
    RouterState state;
    state.recordSuccess("first", 400);
    state.recordSuccess("second", 100);
    state.recordSuccess("third", 450);
    const Router router(state, [](const Candidate &) { return CandidateStatus{}; });
    Request r{"auto"};
    r.prompt = "Write a python function that reverses a list";
    QCOMPARE(labels(router.route(table, toRouting(r), 1000)), (QByteArrayList{"third", "first", "second"}));
}

void TestRouter::autoUnsureFallsBackToTheDefault()
{
    Request r{"auto"};
    r.prompt = "Write a python function that reverses a list, with a unit test";
    RouterState state;
    const Router router(state, [](const Candidate &) { return CandidateStatus{}; });
    // Sure enough: by task.
    const auto sure = makeTable({}, R"("autoMinConfidence": 0.2, "autoDefault": "vision")");
    QCOMPARE(router.route(*sure, toRouting(r), 1000).chain.front().label, QByteArray("coder"));
    // Below the threshold: the default first, and the trace says why.
    const auto unsure = makeTable({}, R"("autoMinConfidence": 1, "autoDefault": "vision")");
    const RouteDecision d = router.route(*unsure, toRouting(r), 1000);
    QCOMPARE(d.chain.front().label, QByteArray("vision"));
    const QByteArray trace = QJsonDocument(traceJson(d)).toJson(QJsonDocument::Compact);
    QVERIFY2(trace.contains("below routing.autoMinConfidence"), trace.constData());
    QCOMPARE(labels(d).count("vision"), 1);
}

// The second tier's type (set by ProxyCall after asking routing.autoClassifier) replaces
// the unsure path; without a type the unsure path stands. A sure first tier ignores it.
void TestRouter::autoUnsureTakesTheSecondTiersType()
{
    Request r{"auto"};
    r.prompt = "Write a python function that reverses a list, with a unit test";
    RouterState state;
    const Router router(state, [](const Candidate &) { return CandidateStatus{}; });
    const auto unsure = makeTable({}, R"("autoMinConfidence": 1, "autoDefault": "vision", "autoClassifier": "chat")");
    RoutingRequest request = toRouting(r);
    RouteDecision d = router.route(*unsure, request, 1000);
    QVERIFY(d.autoUnsure);
    QCOMPARE(d.chain.front().label, QByteArray("vision"));
    QVERIFY(QJsonDocument(traceJson(d)).toJson().contains(R"(a request would ask routing.autoClassifier \"chat\" first)"));

    request.secondTier = SecondTierAnswer{TaskType::Math, "routing.autoClassifier \"chat\" said math in 5 ms: tier 2 decides"};
    d = router.route(*unsure, request, 1000);
    QVERIFY(!d.autoUnsure);
    QCOMPARE(d.chain.front().label, QByteArray("math"));
    const QByteArray trace = QJsonDocument(traceJson(d)).toJson(QJsonDocument::Compact);
    QVERIFY2(trace.contains("said math in 5 ms") && !trace.contains("below routing.autoMinConfidence") &&
                 !trace.contains("routing.autoDefault"), // the default is not put first
             trace.constData());

    request.secondTier = SecondTierAnswer{std::nullopt, "routing.autoClassifier \"chat\" named no task type"};
    d = router.route(*unsure, request, 1000);
    QVERIFY(d.autoUnsure);
    QCOMPARE(d.chain.front().label, QByteArray("vision"));

    const auto sure = makeTable({}, R"("autoMinConfidence": 0.2, "autoClassifier": "chat")");
    request.secondTier = SecondTierAnswer{TaskType::Math, "said math"};
    d = router.route(*sure, request, 1000);
    QCOMPARE(d.chain.front().label, QByteArray("coder"));
    QVERIFY(!QJsonDocument(traceJson(d)).toJson().contains("said math"));
}

void TestRouter::defaultBackendIsTheLastResort()
{
    const auto table = makeTable(R"("defaultBackend": "or")");
    RouterState state;
    const Router router(state, [](const Candidate &) { return CandidateStatus{}; });
    const RouteDecision d = router.route(*table, toRouting({"gpt-99"}), 1000);
    QVERIFY(d.ok());
    QCOMPARE(d.mode, RouteMode::Default);
    QCOMPARE(labels(d), QByteArrayList{"or:gpt-99"});
    // Everything else still goes first.
    QCOMPARE(router.route(*table, toRouting({"coder"}), 1000).mode, RouteMode::Model);
    QCOMPARE(router.route(*table, toRouting({"x", "Architect"}), 1000).mode, RouteMode::Agent);
}

void TestRouter::cooldownSkipsAndExpires()
{
    const auto table = makeTable();
    RouterState state;
    state.configure(table->config().fallback); // threshold 2 within 60 s, 30 s cooldown
    const Router router(state, [](const Candidate &) { return CandidateStatus{}; });
    QVERIFY(!state.recordFailure("chat", 1000));
    QVERIFY(state.recordFailure("chat", 2000)); // the second failure starts the cooldown
    RouteDecision d = router.route(*table, toRouting({"agent:Architect"}), 3000);
    QCOMPARE(labels(d), QByteArrayList{"coder"});
    bool traced = false;
    for (const TraceEntry &e : d.trace)
        traced = traced || (e.kind == TraceKind::SkipCooldown && e.subject == "chat");
    QVERIFY(traced);
    // 30 s later it is back.
    d = router.route(*table, toRouting({"agent:Architect"}), 2000 + 30'001);
    QCOMPARE(labels(d), (QByteArrayList{"chat", "coder"}));
    // The operator can reset one.
    QVERIFY(state.recordFailure("coder", 50'000) == false);
    QVERIFY(state.recordFailure("coder", 50'001));
    QVERIFY(state.coolingMs("coder", 50'002) > 0);
    QVERIFY(state.resetCooldown("coder"));
    QCOMPARE(state.coolingMs("coder", 50'003), 0);
}

void TestRouter::allCoolingIsA503WithRetryAfter()
{
    const auto table = makeTable();
    RouterState state;
    state.configure(table->config().fallback);
    const Router router(state, [](const Candidate &) { return CandidateStatus{}; });
    state.recordFailure("coder", 1000);
    state.recordFailure("coder", 1001);
    const RouteDecision d = router.route(*table, toRouting({"coder"}), 5000);
    QVERIFY(!d.ok());
    QCOMPARE(d.error.status(), 503);
    QCOMPARE(d.error.code, QByteArray("all_cooling_down"));
    QCOMPARE(d.error.retryAfterS, 27);
}

void TestRouter::successResetsTheFailureCount()
{
    const auto table = makeTable();
    RouterState state;
    state.configure(table->config().fallback);
    QVERIFY(!state.recordFailure("coder", 1000));
    state.recordSuccess("coder", 100);
    QVERIFY(!state.recordFailure("coder", 1100)); // counting starts again
    QCOMPARE(state.coolingMs("coder", 1200), 0);
}

void TestRouter::preferWarm()
{
    auto coderWarm = [](const Candidate &c) { return CandidateStatus{c.label == "coder", 0}; };
    RouterState state;
    {
        const auto table = makeTable({}, R"("preferWarm": "always")");
        const Router router(state, coderWarm);
        const RouteDecision d = router.route(*table, toRouting({"agent:Architect"}), 1000);
        QCOMPARE(labels(d), (QByteArrayList{"coder", "chat"}));
        QVERIFY(std::any_of(d.trace.begin(), d.trace.end(), [](const TraceEntry &e) { return e.kind == TraceKind::Warm; }));
    }
    {
        // "ties" (the default): a preference list keeps its order.
        const auto table = makeTable();
        const Router router(state, coderWarm);
        QCOMPARE(labels(router.route(*table, toRouting({"agent:Architect"}), 1000)), (QByteArrayList{"chat", "coder"}));
    }
    {
        const auto table = makeTable({}, R"("preferWarm": "never")");
        const Router router(state, [](const Candidate &c) { return CandidateStatus{c.label == "fast-2", 0}; });
        QCOMPARE(labels(router.route(*table, toRouting({"fast"}), 1000)), (QByteArrayList{"fast-1", "fast-2"}));
    }
}

void TestRouter::balanceSetsAreLeastBusyFirst()
{
    const auto table = makeTable();
    RouterState state;
    const Router router(state, [](const Candidate &c) { return CandidateStatus{true, c.label == "fast-1" ? 3 : 0}; });
    QCOMPARE(labels(router.route(*table, toRouting({"fast"}), 1000)), (QByteArrayList{"fast-2", "fast-1"}));
    // A loaded member beats a cold one even when busier.
    const Router warmFirst(state, [](const Candidate &c) { return CandidateStatus{c.label == "fast-1", c.label == "fast-1" ? 3 : 0}; });
    QCOMPARE(labels(warmFirst.route(*table, toRouting({"fast"}), 1000)), (QByteArrayList{"fast-1", "fast-2"}));
}

void TestRouter::agentParamsPerModel()
{
    const auto table = makeTable();
    RouterState state;
    const Router router(state, [](const Candidate &) { return CandidateStatus{}; });
    const RouteDecision d = router.route(*table, toRouting({"agent:Architect"}), 1000);
    auto param = [](const Candidate &c, const QByteArray &key) {
        for (const auto &[k, v] : c.agentParams) {
            if (k == key)
                return v;
        }
        return QByteArray();
    };
    QCOMPARE(param(d.chain[0], "temperature"), QByteArray("0.2"));  // the agent's
    QCOMPARE(param(d.chain[1], "temperature"), QByteArray("0"));    // its override for coder
    QCOMPARE(param(d.chain[1], "max_tokens"), QByteArray("512"));
}

void TestRouter::traceExplains()
{
    const auto table = makeTable();
    RouterState state;
    const Router router(state, [](const Candidate &) { return CandidateStatus{}; });
    Request r{"mode:eco", {}, {}, {}, {}, CapTools};
    const QJsonObject trace = traceJson(router.route(*table, toRouting(r), 1000));
    QCOMPARE(trace.value(QLatin1String("route")).toString(), QStringLiteral("mode"));
    QCOMPARE(trace.value(QLatin1String("required")).toArray().first().toString(), QStringLiteral("tools"));
    QCOMPARE(trace.value(QLatin1String("chain")).toArray().first().toString(), QStringLiteral("chat"));
    bool skipped = false;
    for (const QJsonValue &s : trace.value(QLatin1String("steps")).toArray()) {
        const QJsonObject step = s.toObject();
        if (step.value(QLatin1String("step")) == QLatin1String("skip") && step.value(QLatin1String("model")) == QLatin1String("math")) {
            QCOMPARE(step.value(QLatin1String("reason")).toString(), QStringLiteral("capability"));
            QCOMPARE(step.value(QLatin1String("detail")).toString(), QStringLiteral("lacks tools"));
            skipped = true;
        }
    }
    QVERIFY(skipped);
}

void TestRouter::traceSurvivesItsStoredForm()
{
    const auto table = makeTable();
    RouterState state;
    const Router router(state, [](const Candidate &) { return CandidateStatus{}; });
    Request r{"auto"};
    r.prompt = "write a python function that sorts a list";
    const sy::record::RouteTrace trace = routeTrace(router.route(*table, toRouting(r), 1000));
    QVERIFY(trace.steps.size() > 5); // tasks, scores and candidates
    std::string bytes;
    sy::record::encodeTrace(trace, bytes);
    const QByteArray stored = QByteArray::fromStdString(bytes);
    const std::optional<sy::record::RouteTrace> back = sy::record::decodeTrace(stored, trace.route);
    QVERIFY(back);
    QCOMPARE(sy::record::traceJson(*back), sy::record::traceJson(trace));
    // Anything shorter, or another format, is refused rather than read past its end.
    for (qsizetype n = 0; n < stored.size(); ++n)
        QVERIFY2(!sy::record::decodeTrace(QByteArrayView(stored).first(n), trace.route), qPrintable(QString::number(n)));
    QByteArray otherFormat = stored;
    otherFormat[0] = char(otherFormat[0] + 1);
    QVERIFY(!sy::record::decodeTrace(otherFormat, trace.route));
    QVERIFY(!sy::record::decodeTrace(stored + "x", trace.route));
}

void TestRouter::requiredCapabilitiesFromTheRequest()
{
    QCOMPARE(requiredCapabilities(true, false, {}), unsigned(CapVision));
    QCOMPARE(requiredCapabilities(false, true, "json_schema"), unsigned(CapTools | CapJson));
    QCOMPARE(requiredCapabilities(false, false, "text", CapEmbeddings), unsigned(CapEmbeddings));
}

namespace {

std::unique_ptr<RouteTable> makeTable(const QByteArray &extraServer, const QByteArray &routing)
{
    const QByteArray json = R"({
      "server": { )" + extraServer + R"( },
      "routing": { )" + routing + R"( },
      "fallback": { "failThreshold": 2, "failWindowS": 60, "cooldownS": 30 },
      "backends": [
        { "id": "a", "baseUrl": "http://127.0.0.1:9/v1", "modelMapping": { "gpt-4o": "coder" } },
        { "id": "ollama", "protocol": "ollama", "baseUrl": "http://127.0.0.1:11434", "prefix": "local/" },
        { "id": "or", "baseUrl": "https://openrouter.ai/api/v1", "prefix": "openrouter/" }
      ],
      "models": [
        { "id": "coder", "backend": "a", "aliases": ["c"], "capabilities": ["tools"], "contextTokens": 8000,
          "profile": { "priority": 60, "scores": { "code": 0.95, "math": 0.6, "factual": 0.4, "creative": 0.3, "conversational": 0.3 } } },
        { "id": "chat", "backend": "a", "capabilities": ["tools", "json"], "contextTokens": 32000,
          "profile": { "scores": { "conversational": 0.95, "creative": 0.85, "factual": 0.7, "code": 0.4, "math": 0.4 } } },
        { "id": "vision", "backend": "a", "capabilities": ["vision"], "profile": { "scores": { "factual": 0.6, "code": 0.1, "math": 0.1, "creative": 0.2, "conversational": 0.2 } } },
        { "id": "math", "backend": "a", "capabilities": [], "profile": { "scores": { "math": 0.98, "code": 0.5, "factual": 0.3, "creative": 0.1, "conversational": 0.2 } } },
        { "id": "unknown-caps", "backend": "a", "profile": { "weight": 0.5 } },
        { "id": "fast-1", "backend": "a", "balance": "fast", "profile": { "weight": 0.5 } },
        { "id": "fast-2", "backend": "a", "balance": "fast", "profile": { "weight": 0.5 } },
        { "id": "embedder", "backend": "a", "capabilities": ["embeddings"], "profile": { "weight": 2 } },
        { "id": "ranker", "backend": "a", "capabilities": ["rerank"] }
      ],
      "agents": {
        "Architect": { "models": ["chat", "coder"], "params": { "temperature": 0.2 },
                       "modelParams": { "coder": { "temperature": 0, "max_tokens": 512 } } },
        "default": { "models": ["chat"] }
      },
      "pools": {
        "writer": { "default": ["chat", "coder"], "landing": ["fast", "chat"] },
        "classifier": { "default": ["math"] }
      },
      "modes": { "eco": { "models": ["math", "chat"] }, "fast": { "models": ["fast", "openrouter/mistralai/mistral-nemo"] } }
    })";
    const auto parsed = sy::config::parseText(json);
    if (!parsed.ok())
        qFatal("%s", qPrintable(parsed.errorText()));
    return std::make_unique<RouteTable>(*parsed.config);
}

QByteArrayList labels(const RouteDecision &d)
{
    QByteArrayList out;
    for (const Candidate &c : d.chain)
        out << c.label;
    return out;
}

RoutingRequest toRouting(const Request &r)
{
    RoutingRequest out;
    out.model = r.model;
    out.agentClass = r.agent;
    out.role = r.role;
    out.product = r.product;
    out.mode = r.mode;
    out.requiredCaps = r.caps;
    out.promptTokens = r.tokens;
    out.promptText = r.prompt;
    return out;
}

} // namespace

// A client of the backend's own protocol is passed through by default only to the vendors'
// APIs; a compatible server is converted for unless its backend says "passThrough".
void TestRouter::passThroughByDefaultOnlyForTheVendorsAPIs()
{
    const QByteArray text = R"({"version":1,"backends":[)"
                            R"({"id":"claude","protocol":"anthropic","baseUrl":"https://api.anthropic.com"},)"
                            R"({"id":"google","protocol":"gemini","baseUrl":"https://generativelanguage.googleapis.com/v1beta"},)"
                            R"({"id":"local","protocol":"anthropic","baseUrl":"http://127.0.0.1:8000"},)"
                            R"({"id":"local-on","protocol":"anthropic","baseUrl":"http://127.0.0.1:8000","passThrough":true},)"
                            R"({"id":"claude-off","protocol":"anthropic","baseUrl":"https://api.anthropic.com","passThrough":false}]})";
    sy::config::ParseResult parsed = sy::config::parse(QJsonDocument::fromJson(text).object());
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorText()));
    const RouteTable table(std::move(*parsed.config));
    QStringList on;
    for (const BackendEntry &b : table.backends())
        if (b.passThrough)
            on << QString::fromUtf8(b.id);
    QCOMPARE(on, (QStringList{QStringLiteral("claude"), QStringLiteral("google"), QStringLiteral("local-on")}));
    // Not a boolean: refused.
    const sy::config::ParseResult wrong = sy::config::parse(QJsonDocument::fromJson(
        R"({"version":1,"backends":[{"id":"x","protocol":"anthropic","baseUrl":"http://127.0.0.1:1","passThrough":"yes"}]})").object());
    QVERIFY(!wrong.ok());
}

void TestRouter::topKIsNotSentToOpenAIsOwnApi()
{
    // An Anthropic or Gemini client's top_k, converted for an OpenAI-protocol backend: kept for
    // the compatible servers that take it, left out for OpenAI's API, which refuses it.
    const QByteArray text = R"({"version":1,"backends":[)"
                            R"({"id":"openai","baseUrl":"https://api.openai.com/v1"},)"
                            R"({"id":"azure","baseUrl":"https://team.openai.azure.com/openai/v1"},)"
                            R"({"id":"vllm","baseUrl":"http://127.0.0.1:8000/v1"}],)"
                            R"("models":[{"id":"a","backend":"openai"},{"id":"b","backend":"azure"},{"id":"c","backend":"vllm"}]})";
    sy::config::ParseResult parsed = sy::config::parse(QJsonDocument::fromJson(text).object());
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorText()));
    const RouteTable table(std::move(*parsed.config));
    sy::protocol::Request request;
    request.source = sy::protocol::Protocol::Anthropic;
    request.params.topK = 40;
    request.params.temperature = 0.5;
    request.messages.push_back({sy::protocol::Role::User, {sy::protocol::Part::textPart(QStringLiteral("hi"))}});
    QStringList sent;
    for (int m = 0; m < 3; ++m) {
        Candidate candidate;
        candidate.model = m;
        candidate.backend = table.models()[std::size_t(m)].backend;
        candidate.upstreamModel = table.models()[std::size_t(m)].upstreamModel;
        const QJsonObject body =
            QJsonDocument::fromJson(renderForBackend(request, {}, table.backends()[std::size_t(candidate.backend)], candidate).body).object();
        QCOMPARE(body.value(QLatin1String("temperature")).toDouble(), 0.5);
        if (body.contains(QLatin1String("top_k")))
            sent << QString::fromUtf8(table.backends()[std::size_t(candidate.backend)].id);
    }
    QCOMPARE(sent, QStringList{QStringLiteral("vllm")});
}

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
