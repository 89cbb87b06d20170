// The OpenAI endpoint end to end: a Core on its thread, switchyard-sim processes as
// model servers, real sockets in between.

#include "runningcore.h"
#include "simprocess.h"
#include "testhttpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

using namespace sy;
using namespace sy::test;

namespace {

const QByteArray kChat = R"({"model":"MODEL","messages":[{"role":"user","content":"Say something."}]})";

QByteArray chat(const QByteArray &model, const QByteArray &extra = {})
{
    QByteArray body = kChat;
    body.replace("MODEL", model);
    if (!extra.isEmpty())
        body.replace("\"model\"", extra + ",\"model\"");
    return body;
}

QString errorMessage(const TestResponse &r)
{
    return r.json().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
}

QString errorCode(const TestResponse &r)
{
    return r.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
}

// A config with one backend per sim; `extra` is spliced into the top-level object.
QByteArray configFor(const QList<QPair<QByteArray, const SimProcess *>> &backends, const QByteArray &models,
                     const QByteArray &extra = {})
{
    QByteArray list;
    for (const auto &[id, sim] : backends)
        list += (list.isEmpty() ? "" : ",") + QByteArray(R"({"id":")") + id + R"(","protocol":"openai","baseUrl":")" +
                sim->baseUrl() + "\"}";
    return R"({"version":1,"backends":[)" + list + R"(],"models":[)" + models + "]" +
           (extra.isEmpty() ? QByteArray() : "," + extra) + "}";
}

} // namespace

class TestProxy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void chatCompletion();
    void paramsMergeUnderTheRequest();
    void routeModesInHeaders();
    void streamArrivesEventByEvent();
    void keepAliveOnBothSides();
    void completionsAndEmbeddings();
    void ollamaEmbeddings();
    void ollamaEmbeddingsOfABrokenBackend();
    void strippedParamsAreTakenOut();
    void rerank();
    void modelsList();
    void unknownModelIs404();
    void badRequests_data();
    void badRequests();
    void bodyTooLarge();
    void upstreamDownIs502();
    void slowUpstreamIs504();
    void upstreamErrorPassesThrough();
    void clientDisconnectCancelsUpstream();
    void crashMidStreamEndsWithAnErrorEvent();
    void apiKeysFromTheEnvironment();
    void foreignHostIsRefused();
    void hundredsOfConcurrentStreams();
    void junkNeverCrashes();
};

void TestProxy::initTestCase()
{
    isolateUserDirectories();
}

void TestProxy::chatCompletion()
{
    SimProcess sim({QStringLiteral("--model-name"), QStringLiteral("qwen2.5-coder-7b")});
    QVERIFY(sim.isRunning());
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"qwen-coder","backend":"sim","upstreamModel":"qwen2.5-coder-7b","aliases":["coder"]})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/chat/completions", chat("coder"));
    QVERIFY2(r.complete, qPrintable(r.error));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("qwen-coder"));
    QCOMPARE(r.header("x-switchyard-backend"), QByteArray("sim"));
    QCOMPARE(r.header("x-switchyard-route"), QByteArray("model"));
    QCOMPARE(r.header("x-switchyard-attempts"), QByteArray("1"));
    QVERIFY(r.header("x-request-id").startsWith("req_"));
    const QJsonObject body = r.json();
    QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("qwen2.5-coder-7b"));
    const QString text = body.value(QLatin1String("choices")).toArray().first().toObject().value(QLatin1String("message"))
                             .toObject().value(QLatin1String("content")).toString();
    QVERIFY(!text.isEmpty());
    QVERIFY(body.value(QLatin1String("usage")).toObject().value(QLatin1String("completion_tokens")).toInt() > 0);
    // The sim saw the upstream name, and the request id.
    const QJsonObject seen = sim.lastRequest();
    QCOMPARE(seen.value(QLatin1String("body")).toObject().value(QLatin1String("model")).toString(), QStringLiteral("qwen2.5-coder-7b"));
    QCOMPARE(seen.value(QLatin1String("headers")).toObject().value(QLatin1String("x-request-id")).toString().toUtf8(),
             r.header("x-request-id"));
    // A client's own request id is kept.
    http::Headers mine;
    mine.add("X-Request-Id", "client-chosen-42");
    QCOMPARE(client.postJson("/v1/chat/completions", chat("coder"), mine).header("x-request-id"), QByteArray("client-chosen-42"));
}

void TestProxy::paramsMergeUnderTheRequest()
{
    SimProcess sim;
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim","params":{"temperature":0.7,"top_p":0.5}})",
                               R"("params":{"top_p":0.9,"seed":7})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QCOMPARE(client.postJson("/v1/chat/completions", chat("m", R"("temperature":0.1)")).status, 200);
    const QJsonObject sent = sim.lastRequest().value(QLatin1String("body")).toObject();
    QCOMPARE(sent.value(QLatin1String("temperature")).toDouble(), 0.1); // the request wins
    QCOMPARE(sent.value(QLatin1String("top_p")).toDouble(), 0.5);      // the model beats the global default
    QCOMPARE(sent.value(QLatin1String("seed")).toInt(), 7);             // the global default fills the gap
}

void TestProxy::routeModesInHeaders()
{
    SimProcess a, b;
    const QByteArray config = R"({"version":1,"server":{"defaultBackend":"b"},"backends":[
        {"id":"a","protocol":"openai","baseUrl":")" + a.baseUrl() + R"(","modelMapping":{"gpt-4o":"mapped-name"}},
        {"id":"b","protocol":"openai","baseUrl":")" + b.baseUrl() + R"(","prefix":"bee/"}],
        "models":[{"id":"m","backend":"a"}]})";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    struct Case {
        QByteArray requested, route, backend, upstream;
    };
    for (const Case &c : {Case{"m", "model", "a", "m"}, Case{"gpt-4o", "model_mapping", "a", "mapped-name"},
                          Case{"bee/llama3", "prefix", "b", "llama3"}, Case{"anything-else", "default", "b", "anything-else"}}) {
        const TestResponse r = client.postJson("/v1/chat/completions", chat(c.requested));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-switchyard-route"), c.route);
        QCOMPARE(r.header("x-switchyard-backend"), c.backend);
        QCOMPARE(r.json().value(QLatin1String("model")).toString().toUtf8(), c.upstream);
    }
}

void TestProxy::streamArrivesEventByEvent()
{
    // 10 tokens/s: the sim writes an event every 100 ms.
    SimProcess sim({QStringLiteral("--tokens-per-s"), QStringLiteral("10"), QStringLiteral("--tokens"), QStringLiteral("6")});
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim"})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QVERIFY(client.startRequest("POST", "/v1/chat/completions", chat("m", R"("stream":true)"),
                                {{"Content-Type", "application/json"}}));
    TestResponse r;
    QVERIFY(client.waitForHead(r, 5000));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("m"));
    // Each event arrives on its own, before the sim has produced the next one.
    while (client.readSome(r, 5000)) {
    }
    QVERIFY2(r.complete, qPrintable(r.error));
    const QByteArrayList events = r.sseData();
    QCOMPARE(events.size(), 1 + 6 + 1 + 1); // role, 6 tokens, finish, [DONE]
    QCOMPARE(events.last(), QByteArray("[DONE]"));
    QVERIFY2(r.pieces.size() >= 7, qPrintable(QStringLiteral("only %1 pieces").arg(r.pieces.size())));
    int spaced = 0;
    for (std::size_t i = 1; i < r.pieces.size(); ++i)
        spaced += r.pieces[i].atMs - r.pieces[i - 1].atMs >= 50 ? 1 : 0;
    QVERIFY2(spaced >= 5, "events were held back and delivered together");
}

void TestProxy::keepAliveOnBothSides()
{
    SimProcess sim;
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim"})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    for (int i = 0; i < 20; ++i)
        QCOMPARE(client.postJson("/v1/chat/completions", chat("m", i % 2 ? R"("stream":true)" : "")).status, 200);
    QCOMPARE(client.connectionsOpened(), 1);
    // The sim counts this stats query's own connection too.
    QCOMPARE(sim.stats().value(QLatin1String("connections")).toInt() - 1, 1);
}

void TestProxy::completionsAndEmbeddings()
{
    SimProcess sim({QStringLiteral("--embedding-dims"), QStringLiteral("8")});
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim"})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse completion = client.postJson("/v1/completions", R"({"model":"m","prompt":"Once upon","max_tokens":4})");
    QCOMPARE(completion.status, 200);
    QCOMPARE(completion.json().value(QLatin1String("object")).toString(), QStringLiteral("text_completion"));
    QCOMPARE(completion.json().value(QLatin1String("choices")).toArray().first().toObject().value(QLatin1String("finish_reason")).toString(),
             QStringLiteral("length"));
    const TestResponse streamed = client.postJson("/v1/completions", R"({"model":"m","prompt":"Once upon","stream":true})");
    QCOMPARE(streamed.status, 200);
    QCOMPARE(streamed.sseData().last(), QByteArray("[DONE]"));
    const TestResponse embeddings = client.postJson("/v1/embeddings", R"({"model":"m","input":["a","b"]})");
    QCOMPARE(embeddings.status, 200);
    const QJsonArray data = embeddings.json().value(QLatin1String("data")).toArray();
    QCOMPARE(data.size(), 2);
    QCOMPARE(data[1].toObject().value(QLatin1String("embedding")).toArray().size(), 8);
}

// Ollama's /api/embed and /api/embeddings, served by any backend's OpenAI embeddings: the
// answer in Ollama's shape, its errors as Ollama's plain strings, recorded as Ollama's.
void TestProxy::ollamaEmbeddings()
{
    SimProcess sim({QStringLiteral("--embedding-dims"), QStringLiteral("8")});
    SimProcess locked({QStringLiteral("--require-key"), QStringLiteral("k-123")});
    const QByteArray config = R"({"version":1,"backends":[{"id":"sim","protocol":"openai","baseUrl":")" + sim.baseUrl() +
                              R"("},{"id":"locked","protocol":"openai","baseUrl":")" + locked.baseUrl() + R"("}],"models":[)"
                              R"({"id":"embedder","backend":"sim","upstreamModel":"nomic-embed","capabilities":["embeddings"]},)"
                              R"({"id":"locked-embedder","backend":"locked","capabilities":["embeddings"]},)"
                              R"({"id":"chatty","backend":"sim","capabilities":["tools"]}],"params":{"temperature":0.3}})";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());

    const TestResponse batch = client.postJson(
        "/api/embed", R"({"model":"embedder","input":["alpha","beta"],"dimensions":8,"truncate":true,"options":{"num_ctx":512},"keep_alive":"10m"})");
    QVERIFY2(batch.status == 200, batch.body.constData());
    const QJsonObject answer = batch.json();
    QCOMPARE(answer.value(QLatin1String("model")).toString(), QStringLiteral("embedder"));
    const QJsonArray vectors = answer.value(QLatin1String("embeddings")).toArray();
    QCOMPARE(vectors.size(), 2);
    QCOMPARE(vectors[1].toArray().size(), 8);
    QVERIFY(answer.value(QLatin1String("prompt_eval_count")).toInt() > 0);
    QVERIFY(answer.value(QLatin1String("total_duration")).toDouble() > 0);
    // Sent as OpenAI's embeddings, under the backend's name, without Ollama's own fields or params for text.
    const QJsonObject upstream = sim.lastRequest();
    QCOMPARE(upstream.value(QLatin1String("path")).toString(), QStringLiteral("/v1/embeddings"));
    QCOMPARE(upstream.value(QLatin1String("body")).toObject(),
             QJsonObject({{"model", "nomic-embed"}, {"input", QJsonArray{"alpha", "beta"}}, {"encoding_format", "float"}, {"dimensions", 8}}));
    // The same vectors as OpenAI's endpoint gives, in input order; the older endpoint gives one.
    const QJsonArray openAi = client.postJson("/v1/embeddings", R"({"model":"embedder","input":["alpha","beta"]})").json().value(QLatin1String("data")).toArray();
    QCOMPARE(vectors[0].toArray(), openAi[0].toObject().value(QLatin1String("embedding")).toArray());
    QCOMPARE(vectors[1].toArray(), openAi[1].toObject().value(QLatin1String("embedding")).toArray());
    const TestResponse single = client.postJson("/api/embeddings", R"({"model":"embedder","prompt":"beta"})");
    QVERIFY2(single.status == 200, single.body.constData());
    QCOMPARE(single.json().value(QLatin1String("embedding")).toArray(), vectors[1].toArray());
    // "auto" picks the embedding model; the answer keeps the name asked for, as Ollama's does.
    const TestResponse autoPicked = client.postJson("/api/embed", R"({"model":"auto","input":"alpha"})");
    QCOMPARE(autoPicked.header("x-switchyard-model"), QByteArray("embedder"));
    QCOMPARE(autoPicked.json().value(QLatin1String("model")).toString(), QStringLiteral("auto"));
    // Recorded as an Ollama request, under its endpoint.
    QTRY_COMPARE(client.request("GET", "/api/v1/requests?limit=1", {}, core.auth())
                     .json().value(QLatin1String("requests")).toArray().first().toObject().value(QLatin1String("inbound")).toString(),
                 QStringLiteral("ollama"));
    QCOMPARE(client.request("GET", "/api/v1/requests?limit=1", {}, core.auth())
                 .json().value(QLatin1String("requests")).toArray().first().toObject().value(QLatin1String("endpoint")).toString(),
             QStringLiteral("embed"));

    // Refusals and the backend's errors are Ollama's: {"error": "<text>"}.
    const auto refusal = [&client](const QByteArray &path, const QByteArray &body) {
        const TestResponse r = client.postJson(path, body);
        return QString::number(r.status) + QLatin1Char(' ') + r.json().value(QLatin1String("error")).toString();
    };
    QCOMPARE(refusal("/api/embed", R"({"model":"embedder","input":["a",1]})"), QStringLiteral("400 input[1] must be a string"));
    QVERIFY(refusal("/api/embed", R"({"model":"embedder","input":"a","dimensions":-1})").startsWith(QLatin1String("400 dimensions")));
    QVERIFY(refusal("/api/embeddings", R"({"model":"embedder","prompt":["a"]})").startsWith(QLatin1String("400 prompt")));
    QVERIFY(refusal("/api/embed", R"({"model":"chatty","input":"a"})").startsWith(QLatin1String("422 ")));
    const QString unauthorized = refusal("/api/embed", R"({"model":"locked-embedder","input":"a"})");
    QVERIFY2(unauthorized.startsWith(QLatin1String("401 ")) && unauthorized.size() > 5, qPrintable(unauthorized));
    // Nothing to embed (a chunker that found nothing; Ollama's way to load a model) is
    // answered as Ollama does, also for a model served from elsewhere that cannot be loaded.
    const TestResponse empty = client.postJson("/api/embed", R"({"model":"embedder","input":[]})");
    QCOMPARE(empty.status, 200);
    QCOMPARE(empty.json(), QJsonObject({{"model", "embedder"}, {"embeddings", QJsonArray()}}));
    QCOMPARE(client.postJson("/api/embeddings", R"({"model":"embedder","prompt":""})").json(), QJsonObject({{"embedding", QJsonArray()}}));
    QCOMPARE(client.postJson("/api/embed", R"({"model":"auto","input":[]})").json(), QJsonObject({{"model", "auto"}, {"embeddings", QJsonArray()}}));

    // A large batch: its request and the answer (both over 256 KiB) are converted off the
    // core thread, and every vector comes back in order.
    QByteArray large = R"({"model":"embedder","input":[)";
    for (int i = 0; i < 2000; ++i)
        large += (i ? ",\"" : "\"") + QByteArray::number(i) + ' ' + QByteArray(150, 'a' + char(i % 26)) + '"';
    const TestResponse many = client.postJson("/api/embed", large + "]}");
    QVERIFY2(many.status == 200, many.body.left(300).constData());
    QVERIFY(many.body.size() > 256 * 1024);
    const QJsonArray manyVectors = many.json().value(QLatin1String("embeddings")).toArray();
    QCOMPARE(manyVectors.size(), 2000);
    const TestResponse last = client.postJson("/api/embed", R"({"model":"embedder","input":"1999 )" + QByteArray(150, 'a' + char(1999 % 26)) + R"("})");
    QCOMPARE(manyVectors.last().toArray(), last.json().value(QLatin1String("embeddings")).toArray().first().toArray());
}

// A backend whose 200 is no embeddings answer: the next candidate is tried, and when there
// is none the Ollama client gets a 502 in its own error shape.
void TestProxy::ollamaEmbeddingsOfABrokenBackend()
{
    SimProcess broken({QStringLiteral("--bad-json")});
    SimProcess good({QStringLiteral("--embedding-dims"), QStringLiteral("4")});
    const QByteArray config = R"({"version":1,"backends":[{"id":"broken","protocol":"openai","baseUrl":")" + broken.baseUrl() +
                              R"("},{"id":"good","protocol":"openai","baseUrl":")" + good.baseUrl() + R"("}],"models":[)"
                              R"({"id":"first","backend":"broken","capabilities":["embeddings"]},)"
                              R"({"id":"second","backend":"good","capabilities":["embeddings"]}],)"
                              R"("agents":{"Retriever":{"models":["first","second"]}}})";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse fellBack = client.postJson("/api/embed", R"({"model":"agent:Retriever","input":["a","b"]})");
    QVERIFY2(fellBack.status == 200, fellBack.body.constData());
    QCOMPARE(fellBack.header("x-switchyard-model"), QByteArray("second"));
    QCOMPARE(fellBack.json().value(QLatin1String("embeddings")).toArray().size(), 2);
    const TestResponse alone = client.postJson("/api/embed", R"({"model":"first","input":["a","b"]})");
    QCOMPARE(alone.status, 502);
    QVERIFY2(alone.json().value(QLatin1String("error")).toString().contains(QLatin1String("not valid JSON")), alone.body.constData());
}

// models[].stripParams: what the client set of those is not sent to the model; configured
// params then apply (a sampling setting the operator enforces). Other models are untouched.
void TestProxy::strippedParamsAreTakenOut()
{
    SimProcess sim;
    const QByteArray config = R"({"version":1,"backends":[{"id":"sim","protocol":"openai","baseUrl":")" + sim.baseUrl() +
                              R"("},{"id":"an","protocol":"anthropic","baseUrl":")" + sim.baseUrl().chopped(3) + R"("}],"models":[)"
                              R"({"id":"forced","backend":"sim","upstreamModel":"qwen3","params":{"temperature":0.6,"max_tokens":100},)"
                              R"("stripParams":["temperature","top_k","reasoning_effort","max_tokens"]},{"id":"free","backend":"sim","params":{"temperature":0.6}},)"
                              R"({"id":"claude","backend":"an","stripParams":["n","logprobs","temperature"]}]})";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const QByteArray extra = R"("temperature":1.5,"top_p":0.5,"top_k":40,"reasoning_effort":"high","max_completion_tokens":4000)";
    for (const bool stream : {false, true}) {
        const TestResponse r = client.postJson("/v1/chat/completions", chat("forced", stream ? extra + R"(,"stream":true)" : extra));
        QVERIFY2(r.status == 200, r.body.constData());
        const QJsonObject sent = sim.lastRequest().value(QLatin1String("body")).toObject();
        QCOMPARE(sent.value(QLatin1String("model")).toString(), QStringLiteral("qwen3"));
        QCOMPARE(sent.value(QLatin1String("temperature")).toDouble(), 0.6); // the configured one, not the client's
        QCOMPARE(sent.value(QLatin1String("top_p")).toDouble(), 0.5);
        QVERIFY(!sent.contains(QLatin1String("top_k")));
        QVERIFY(!sent.contains(QLatin1String("reasoning_effort")));
        QVERIFY(!sent.contains(QLatin1String("max_completion_tokens"))); // one parameter with max_tokens
        QCOMPARE(sent.value(QLatin1String("max_tokens")).toInt(), 100);
        QCOMPARE(sent.value(QLatin1String("messages")).toArray().size(), 1);
        // The record says what was added for it.
        QJsonObject row;
        for (int waited = 0; waited < 5000 && row.isEmpty(); waited += 50) {
            const TestResponse found = client.request("GET", "/api/v1/requests/" + r.header("x-request-id"), {}, core.auth());
            if (found.status == 200)
                row = found.json();
            else
                QTest::qWait(50);
        }
        QCOMPARE(row.value(QLatin1String("attempts")).toArray().first().toObject().value(QLatin1String("params")).toObject(),
                 QJsonObject({{"temperature", 0.6}, {"max_tokens", 100}}));
    }
    // A model without stripParams keeps the client's own values.
    QCOMPARE(client.postJson("/v1/chat/completions", chat("free", extra)).status, 200);
    QCOMPARE(sim.lastRequest().value(QLatin1String("body")).toObject().value(QLatin1String("temperature")).toDouble(), 1.5);
    QCOMPARE(sim.lastRequest().value(QLatin1String("body")).toObject().value(QLatin1String("top_k")).toInt(), 40);
    // An Anthropic client's request, converted for the OpenAI backend: the same.
    const TestResponse anthropic = client.request(
        "POST", "/v1/messages",
        R"({"model":"forced","max_tokens":32,"temperature":1.0,"top_k":7,"messages":[{"role":"user","content":"Say hello."}]})",
        {{"Content-Type", "application/json"}, {"anthropic-version", "2023-06-01"}});
    QVERIFY2(anthropic.status == 200, anthropic.body.constData());
    const QJsonObject converted = sim.lastRequest().value(QLatin1String("body")).toObject();
    QCOMPARE(converted.value(QLatin1String("temperature")).toDouble(), 0.6);
    QVERIFY(!converted.contains(QLatin1String("top_k")));
    QCOMPARE(converted.value(QLatin1String("max_tokens")).toInt(), 100); // the client's 32 is stripped too
    // An OpenAI client's n and logprobs, which an Anthropic backend cannot answer: stripped
    // for this model, so it is asked without them rather than refused.
    const TestResponse several = client.postJson("/v1/chat/completions", chat("claude", R"("n":2,"logprobs":true,"temperature":1.5)"));
    QVERIFY2(several.status == 200, several.body.constData());
    const QJsonObject toAnthropic = sim.lastRequest().value(QLatin1String("body")).toObject();
    QCOMPARE(sim.lastRequest().value(QLatin1String("path")).toString(), QStringLiteral("/v1/messages"));
    QVERIFY(!toAnthropic.contains(QLatin1String("temperature")));
    QVERIFY(!toAnthropic.contains(QLatin1String("n")));
    QCOMPARE(client.postJson("/v1/chat/completions", chat("free", R"("n":2)")).status, 200); // an OpenAI backend takes n
}

void TestProxy::rerank()
{
    SimProcess sim;
    const QByteArray config = R"({"version":1,"backends":[{"id":"sim","protocol":"openai","baseUrl":")" + sim.baseUrl() +
                              R"("},{"id":"ol","protocol":"ollama","baseUrl":"http://127.0.0.1:9"}],"models":[)"
                              R"({"id":"m","backend":"sim","capabilities":["tools"]},)"
                              R"({"id":"ranker","backend":"sim","upstreamModel":"bge-reranker-v2-m3","capabilities":["rerank"],"contextTokens":64},)"
                              R"({"id":"llama","backend":"ol"}],"params":{"temperature":0.3}})";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const QByteArray body = R"({"model":"ranker","query":"What is the capital of France?","top_n":2,"return_documents":true,)"
                            R"("documents":["Berlin is a city in Germany.",{"text":"Paris is the capital of France."},"Madrid is in Spain."]})";
    const TestResponse r = client.postJson("/v1/rerank", body);
    QVERIFY2(r.status == 200, r.body.constData());
    const QJsonArray results = r.json().value(QLatin1String("results")).toArray();
    QCOMPARE(results.size(), 2);
    QCOMPARE(results[0].toObject().value(QLatin1String("index")).toInt(), 1);
    QCOMPARE(results[0].toObject().value(QLatin1String("document")).toObject().value(QLatin1String("text")).toString(),
             QStringLiteral("Paris is the capital of France."));
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("ranker"));
    // Passed through as sent, to the backend's rerank path, under the backend's model name.
    const QJsonObject upstream = sim.lastRequest();
    QCOMPARE(upstream.value(QLatin1String("path")).toString(), QStringLiteral("/v1/rerank"));
    QCOMPARE(upstream.value(QLatin1String("body")).toObject().value(QLatin1String("model")).toString(), QStringLiteral("bge-reranker-v2-m3"));
    QCOMPARE(upstream.value(QLatin1String("body")).toObject().value(QLatin1String("top_n")).toInt(), 2);
    QVERIFY(!upstream.value(QLatin1String("body")).toObject().contains(QLatin1String("temperature"))); // params are for text

    // The other paths clients use, and "auto", which goes to the model that reranks.
    for (const QByteArray path : {"/rerank", "/v1/reranking", "/reranking", "/v2/rerank"}) {
        const TestResponse other = client.postJson(path, QByteArray(body).replace(R"("model":"ranker")", R"("model":"auto")"));
        QVERIFY2(other.status == 200, (path + ": " + other.body).constData());
        QCOMPARE(other.header("x-switchyard-model"), QByteArray("ranker"));
    }
    // The route preview sees a rerank request as the endpoint does.
    const TestResponse preview = client.request("POST", "/api/v1/route/preview",
                                                R"({"endpoint":"rerank","request":)" + QByteArray(body).replace(R"("model":"ranker")", R"("model":"auto")") + "}",
                                                core.auth());
    QVERIFY2(preview.status == 200, preview.body.constData());
    QCOMPARE(preview.json().value(QLatin1String("chain")).toArray().first().toObject().value(QLatin1String("model")).toString(), QStringLiteral("ranker"));
    // Ollama clients are not told it completes text.
    QCOMPARE(client.postJson("/api/show", R"({"model":"ranker"})").json().value(QLatin1String("capabilities")).toArray(), QJsonArray());
    // Recorded like any request, under its endpoint.
    QTRY_COMPARE(client.request("GET", "/api/v1/requests?limit=1", {}, core.auth())
                     .json().value(QLatin1String("requests")).toArray().first().toObject().value(QLatin1String("endpoint")).toString(),
                 QStringLiteral("rerank"));

    // Bad bodies are refused in OpenAI's error format, naming the field.
    const auto refusedParam = [&client](const QByteArray &bad) {
        const TestResponse refused = client.postJson("/v1/rerank", bad);
        return refused.status == 400 ? refused.json().value(QLatin1String("error")).toObject().value(QLatin1String("param")).toString()
                                     : QString::number(refused.status);
    };
    QCOMPARE(refusedParam(R"({"model":"ranker","documents":["a"]})"), QStringLiteral("query"));
    QCOMPARE(refusedParam(R"({"model":"ranker","query":["a"],"documents":["a"]})"), QStringLiteral("query"));
    QCOMPARE(refusedParam(R"({"model":"ranker","query":"a"})"), QStringLiteral("documents"));
    QCOMPARE(refusedParam(R"({"model":"ranker","query":"a","documents":"a"})"), QStringLiteral("documents"));
    QCOMPARE(refusedParam(R"({"model":"ranker","query":"a","documents":[1]})"), QStringLiteral("documents"));
    QCOMPARE(refusedParam(R"({"model":"ranker","query":"a","documents":[]})"), QStringLiteral("documents"));

    // Many documents, each of which fits the reranker's context: it scores them one by one.
    QByteArray many = R"({"model":"ranker","query":"capital","documents":[)";
    for (int i = 0; i < 12; ++i)
        many += (i ? "," : "") + QByteArray(R"(")") + QByteArray(120, 'a' + char(i)) + R"(")";
    const TestResponse manyRanked = client.postJson("/v1/rerank", many + "]}");
    QVERIFY2(manyRanked.status == 200, manyRanked.body.constData());
    QCOMPARE(manyRanked.json().value(QLatin1String("results")).toArray().size(), 12);
    // "stream" means nothing to a reranker: the answer is the backend's JSON, whole.
    const TestResponse streamed = client.postJson("/v1/rerank", QByteArray(body).replace(R"("top_n":2)", R"("top_n":2,"stream":true)"));
    QVERIFY2(streamed.status == 200, streamed.body.constData());
    QCOMPARE(streamed.json().value(QLatin1String("results")).toArray().size(), 2);

    // A rerank model does not chat, a chat model does not rerank, and Ollama has no rerank.
    QCOMPARE(client.postJson("/v1/chat/completions", chat("ranker")).status, 422);
    QCOMPARE(client.postJson("/v1/rerank", QByteArray(body).replace(R"("model":"ranker")", R"("model":"m")")).status, 422);
    const TestResponse ollama = client.postJson("/v1/rerank", QByteArray(body).replace(R"("model":"ranker")", R"("model":"llama")"));
    QCOMPARE(ollama.status, 502);
    QVERIFY2(errorMessage(ollama).contains(QStringLiteral("no rerank endpoint")), qPrintable(errorMessage(ollama)));
}

void TestProxy::modelsList()
{
    SimProcess sim;
    const QByteArray config = R"({"version":1,"backends":[{"id":"sim","protocol":"openai","baseUrl":")" + sim.baseUrl() +
                              R"(","modelMapping":{"gpt-4o":"m"}}],"models":[{"id":"m","backend":"sim","aliases":["emm"]}]})";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.get("/v1/models");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QLatin1String("object")).toString(), QStringLiteral("list"));
    QStringList ids;
    for (const QJsonValue &v : r.json().value(QLatin1String("data")).toArray()) {
        ids << v.toObject().value(QLatin1String("id")).toString();
        QCOMPARE(v.toObject().value(QLatin1String("object")).toString(), QStringLiteral("model"));
    }
    ids.sort();
    QCOMPARE(ids, (QStringList{QStringLiteral("auto"), QStringLiteral("emm"), QStringLiteral("gpt-4o"), QStringLiteral("m")}));
}

void TestProxy::unknownModelIs404()
{
    SimProcess sim;
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim"})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/chat/completions", chat("gpt-9"));
    QCOMPARE(r.status, 404);
    QCOMPARE(errorCode(r), QStringLiteral("model_not_found"));
    QVERIFY(errorMessage(r).contains(QStringLiteral("gpt-9")));
    QCOMPARE(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("param")).toString(), QStringLiteral("model"));
    QCOMPARE(sim.stats().value(QLatin1String("requests")).toInt(), 0);
}

void TestProxy::badRequests_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad json") << QByteArray("POST") << QByteArray("/v1/chat/completions") << QByteArray(R"({"model":)") << 400
                              << "not valid JSON";
    QTest::newRow("no model") << QByteArray("POST") << QByteArray("/v1/chat/completions")
                              << QByteArray(R"({"messages":[{"role":"user","content":"x"}]})") << 400 << "provide a model";
    QTest::newRow("no messages") << QByteArray("POST") << QByteArray("/v1/chat/completions") << QByteArray(R"({"model":"m"})")
                                 << 400 << "messages is required";
    QTest::newRow("empty body") << QByteArray("POST") << QByteArray("/v1/embeddings") << QByteArray() << 400 << "not valid JSON";
    // Valid JSON that is no request: said so, not called invalid JSON.
    QTest::newRow("number body") << QByteArray("POST") << QByteArray("/v1/messages") << QByteArray("42") << 400 << "must be a JSON object";
    QTest::newRow("null body") << QByteArray("POST") << QByteArray("/v1/responses") << QByteArray("null") << 400 << "must be a JSON object";
    QTest::newRow("bad json anthropic") << QByteArray("POST") << QByteArray("/v1/messages") << QByteArray(R"({"model":)") << 400
                                        << "not valid JSON";
    QTest::newRow("unknown path") << QByteArray("GET") << QByteArray("/v2/things") << QByteArray() << 404 << "no such endpoint";
    QTest::newRow("wrong method") << QByteArray("GET") << QByteArray("/v1/chat/completions") << QByteArray() << 405 << "not allowed";
    QTest::newRow("wrong method 2") << QByteArray("DELETE") << QByteArray("/v1/models") << QByteArray() << 405 << "not allowed";
}

void TestProxy::badRequests()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, message);
    SimProcess sim;
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim"})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.request(method, path, body, {{"Content-Type", "application/json"}});
    QCOMPARE(r.status, status);
    QVERIFY2(errorMessage(r).contains(message), qPrintable(errorMessage(r)));
    QVERIFY(r.json().value(QLatin1String("error")).toObject().contains(QLatin1String("type")));
}

void TestProxy::bodyTooLarge()
{
    SimProcess sim;
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim"})", R"("server":{"maxBodyMiB":1})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const QByteArray big = chat("m").replace("Say something.", QByteArray(2 * 1024 * 1024, 'a'));
    const TestResponse r = client.postJson("/v1/chat/completions", big);
    QCOMPARE(r.status, 413);
    QVERIFY(errorMessage(r).contains(QStringLiteral("larger than the limit")));
    QCOMPARE(sim.stats().value(QLatin1String("requests")).toInt(), 0);
}

void TestProxy::upstreamDownIs502()
{
    const quint16 port = unusedPort();
    RunningCore core(R"({"version":1,"backends":[{"id":"gone","protocol":"openai","baseUrl":"http://127.0.0.1:)" +
                     QByteArray::number(port) + R"(/v1"}],"models":[{"id":"m","backend":"gone"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/chat/completions", chat("m"));
    QCOMPARE(r.status, 502);
    QVERIFY2(errorMessage(r).contains(QStringLiteral("backend \"gone\"")), qPrintable(errorMessage(r)));
    QCOMPARE(errorCode(r), QStringLiteral("connect_failed"));
    QCOMPARE(r.header("x-switchyard-backend"), QByteArray("gone"));
}

void TestProxy::slowUpstreamIs504()
{
    SimProcess sim({QStringLiteral("--first-byte-delay-ms"), QStringLiteral("5000")});
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim"})", R"("fallback":{"timeoutS":1})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/chat/completions", chat("m"), {}, 10000);
    QCOMPARE(r.status, 504);
    QCOMPARE(errorCode(r), QStringLiteral("first_byte_timeout"));
    QVERIFY(errorMessage(r).contains(QStringLiteral("1000 ms")));
}

void TestProxy::upstreamErrorPassesThrough()
{
    SimProcess sim({QStringLiteral("--fail-rate"), QStringLiteral("1")});
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim"})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/chat/completions", chat("m"));
    QCOMPARE(r.status, 500);
    QVERIFY(errorMessage(r).contains(QStringLiteral("simulated failure")));
    QCOMPARE(r.header("x-switchyard-backend"), QByteArray("sim"));
}

void TestProxy::clientDisconnectCancelsUpstream()
{
    SimProcess sim({QStringLiteral("--tokens-per-s"), QStringLiteral("5"), QStringLiteral("--tokens"), QStringLiteral("100")});
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim"})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QVERIFY(client.startRequest("POST", "/v1/chat/completions", chat("m", R"("stream":true)"), {}));
    TestResponse r;
    QVERIFY(client.waitForHead(r, 5000));
    QVERIFY(client.readSome(r, 5000));
    client.disconnect();
    QTRY_COMPARE_WITH_TIMEOUT(sim.stats().value(QLatin1String("cancelled")).toInt(), 1, 3000);
    QCOMPARE(sim.stats().value(QLatin1String("active")).toInt(), 0);
}

void TestProxy::crashMidStreamEndsWithAnErrorEvent()
{
    SimProcess sim({QStringLiteral("--crash-after"), QStringLiteral("0"), QStringLiteral("--tokens-per-s"), QStringLiteral("20")});
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim"})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/chat/completions", chat("m", R"("stream":true)"));
    QVERIFY2(r.complete, qPrintable(r.error)); // the stream ends properly...
    QCOMPARE(r.status, 200);
    const QByteArrayList events = r.sseData();
    QVERIFY(events.size() >= 2);
    const QJsonObject last = QJsonDocument::fromJson(events.last()).object();
    QVERIFY2(last.contains(QLatin1String("error")), events.last().constData()); // ...with an explained error
    QVERIFY(last.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(
        QStringLiteral("mid-response")));
    // The next request to the crashed server is a clean 502.
    QCOMPARE(client.postJson("/v1/chat/completions", chat("m")).status, 502);
}

void TestProxy::apiKeysFromTheEnvironment()
{
    qputenv("SWITCHYARD_TEST_UPSTREAM_KEY", "sk-upstream-secret");
    SimProcess keyed, open;
    const QByteArray config = R"({"version":1,"backends":[
        {"id":"keyed","protocol":"openai","baseUrl":")" + keyed.baseUrl() + R"(","apiKeyEnv":"SWITCHYARD_TEST_UPSTREAM_KEY","prefix":"k/"},
        {"id":"open","protocol":"openai","baseUrl":")" + open.baseUrl() + R"(","prefix":"o/"}]})";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const http::Headers clientAuth{{"Authorization", "Bearer client-token"}};
    QCOMPARE(client.postJson("/v1/chat/completions", chat("k/x"), clientAuth).status, 200);
    QCOMPARE(client.postJson("/v1/chat/completions", chat("o/x"), clientAuth).status, 200);
    auto authSeenBy = [](const SimProcess &sim) {
        return sim.lastRequest().value(QLatin1String("headers")).toObject().value(QLatin1String("authorization")).toString();
    };
    QCOMPARE(authSeenBy(keyed), QStringLiteral("Bearer sk-upstream-secret"));
    QCOMPARE(authSeenBy(open), QStringLiteral("Bearer client-token"));
}

void TestProxy::foreignHostIsRefused()
{
    SimProcess sim;
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim"})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.raw("GET /v1/models HTTP/1.1\r\nHost: attacker.example:6103\r\n\r\n");
    QCOMPARE(r.status, 403);
    QVERIFY(errorMessage(r).contains(QStringLiteral("attacker.example")));
    QCOMPARE(client.raw("GET /v1/models HTTP/1.1\r\nHost: localhost:6103\r\n\r\n").status, 200);
}

void TestProxy::hundredsOfConcurrentStreams()
{
    constexpr int kStreams = 200;
    SimProcess sim({QStringLiteral("--tokens-per-s"), QStringLiteral("10"), QStringLiteral("--tokens"), QStringLiteral("8")});
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim"})", R"("server":{"maxUpstreamConnections":256})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    std::vector<std::unique_ptr<TestHttpClient>> clients;
    for (int i = 0; i < kStreams; ++i) {
        clients.push_back(std::make_unique<TestHttpClient>(core.port()));
        QVERIFY(clients.back()->startRequest("POST", "/v1/chat/completions", chat("m", R"("stream":true)"), {}));
    }
    int complete = 0;
    for (auto &client : clients) {
        TestResponse r;
        while (client->readSome(r, 10000)) {
        }
        if (r.complete && r.status == 200 && r.sseData().last() == "[DONE]" && r.sseData().size() == 11)
            ++complete;
    }
    QCOMPARE(complete, kStreams);
    // All of them were open at the sim at the same time: nothing was serialised.
    QCOMPARE(sim.stats().value(QLatin1String("maxActive")).toInt(), kStreams);
}

void TestProxy::junkNeverCrashes()
{
    SimProcess sim;
    RunningCore core(configFor({{"sim", &sim}}, R"({"id":"m","backend":"sim"})"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QRandomGenerator random(11);
    const QByteArrayList seeds = {chat("m"), chat("m", R"("stream":true)"), R"({"model":"m","prompt":"x"})",
                                  R"({"model":"m","input":["a"]})"};
    const QByteArrayList paths = {"/v1/chat/completions", "/v1/completions", "/v1/embeddings"};
    TestHttpClient client(core.port());
    for (int i = 0; i < 300; ++i) {
        QByteArray body = seeds[i % seeds.size()];
        const int edits = int(random.bounded(1, 6));
        for (int e = 0; e < edits && !body.isEmpty(); ++e) {
            const int at = int(random.bounded(body.size()));
            switch (random.bounded(3)) {
            case 0: body[at] = char(random.bounded(256)); break;
            case 1: body.remove(at, 1); break;
            default: body.insert(at, "{[\"\\"[random.bounded(4)]); break;
            }
        }
        const TestResponse r = client.postJson(paths[i % paths.size()], body, {}, 5000);
        QVERIFY2(r.complete, qPrintable(QStringLiteral("no answer to: ") + QString::fromUtf8(body)));
        QVERIFY2(r.status == 200 || r.status == 400 || r.status == 404,
                 qPrintable(QStringLiteral("%1 for %2").arg(r.status).arg(QString::fromUtf8(body))));
    }
    QCOMPARE(client.get("/health").status, 200);
}

QTEST_GUILESS_MAIN(TestProxy)
#include "tst_proxy.moc"
