// The validating scan of an OpenAI request body that every request pays before routing
// (core/protocol/openai/requestscan.cpp), on the 40 KB agent request (also with "model" as
// its last key, as the OpenAI Python SDK orders them: the model's byte range is then found
// after the whole transcript) and on a small chat request. The reference in the same run is
// simdjson's DOM parser on the same bytes, which the scan is built on: the difference is
// what the scan adds to a bare parse.
//
//   build/dev/bench/bench_requestscan --benchmark_min_time=1 --benchmark_repetitions=3

#include "protocol/openai/requestscan.h"

#include <QFile>
#include <benchmark/benchmark.h>
#include <simdjson.h>

using namespace sy::protocol::openai;

namespace {

QByteArray agentRequest()
{
    QFile file(QStringLiteral(SWITCHYARD_TEST_DATA "/agent-request-40k.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return padForScan(file.readAll());
}

const QByteArray kSmall = padForScan(R"({"model":"qwen-coder","messages":[{"role":"user","content":"Say hello."}],"max_tokens":16})");

void scan(benchmark::State &state, const QByteArray &body)
{
    for (auto _ : state) {
        RequestScan result = scanRequest(body, Endpoint::ChatCompletions);
        if (!result.ok)
            state.SkipWithError("the body was refused");
        benchmark::DoNotOptimize(result);
    }
    state.SetBytesProcessed(state.iterations() * body.size());
}

void BM_ScanAgent40KB(benchmark::State &state) { scan(state, agentRequest()); }

// The same request with its first key ("model") moved to the end.
void BM_ScanAgent40KBModelLast(benchmark::State &state)
{
    const QByteArray body = agentRequest();
    const qsizetype modelStart = body.indexOf("\"model\"");
    const qsizetype modelEnd = body.indexOf(',', modelStart);
    const QByteArray moved = body.left(modelStart) + body.mid(modelEnd + 1, body.lastIndexOf('}') - modelEnd - 1) + "," +
                             body.mid(modelStart, modelEnd - modelStart) + "}";
    scan(state, padForScan(moved));
}
void BM_ScanSmall(benchmark::State &state) { scan(state, kSmall); }

void BM_Reference_DomParse40KB(benchmark::State &state)
{
    const QByteArray body = agentRequest();
    simdjson::dom::parser parser;
    for (auto _ : state) {
        simdjson::dom::element root;
        if (parser.parse(body.constData(), std::size_t(body.size()), false).get(root))
            state.SkipWithError("not valid JSON");
        benchmark::DoNotOptimize(root);
    }
    state.SetBytesProcessed(state.iterations() * body.size());
}

} // namespace

BENCHMARK(BM_Reference_DomParse40KB);
BENCHMARK(BM_ScanAgent40KB);
BENCHMARK(BM_ScanAgent40KBModelLast);
BENCHMARK(BM_ScanSmall);
BENCHMARK_MAIN();
