#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace sim {

// A tool call the sim makes whenever a request offers the named tool and the user spoke last
// (--tool-call NAME=JSON); after the tool's result it answers by quoting that result. This is
// how a real agent CLI is walked through a tool round trip.
struct ScriptedCall {
    QString tool;
    QJsonObject arguments;
};

struct SimOptions {
    QString host = QStringLiteral("127.0.0.1");
    int port = 8080;
    QString modelName = QStringLiteral("sim-model");
    int startupMs = 0;          // /health answers 503 "Loading model" until then
    int memoryMiB = 0;          // allocated and touched, so RSS is real
    double tokensPerS = 0;      // 0 = as fast as possible
    bool reportsTimings = true; // llama-server's "timings" with the answer (when paced)
    double failRate = 0;        // share of completions answered with 500
    int crashAfter = -1;        // crash while serving completion request N+1
    int firstByteDelayMs = 0;   // wait before answering a completion
    int exitAfterMs = -1;       // die on its own (exit code 7) this long after start: a crash while idle
    int defaultTokens = 16;     // length of an answer without max_tokens
    int embeddingDims = 16;
    quint64 seed = 42;          // for --fail-rate
    QStringList ollamaModels;   // --ollama: serve Ollama's API with these models
    QStringList ollamaEmbeddingModels; // --ollama-embedding: and these embedding models
    QString answer;             // a fixed answer instead of generated words
    bool badJson = false;       // answer completions and embeddings with 200 and a body that is not JSON
    QString requiredKey;        // answer 401 unless the request carries this API key (each protocol's way)
    QList<ScriptedCall> toolCalls;
};

} // namespace sim
