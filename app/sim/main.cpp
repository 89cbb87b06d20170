// switchyard-sim: a llama-server look-alike for tests and the demo pool.

#include "simserver.h"
#include "util/unixsignals.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTimer>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

// Allocates and touches `mib` MiB so the resident size is real, as a loaded model's would be.
char *occupyMemory(int mib)
{
    if (mib <= 0)
        return nullptr;
    const std::size_t bytes = std::size_t(mib) * 1024 * 1024;
    char *block = static_cast<char *>(std::malloc(bytes));
    if (block) {
        for (std::size_t i = 0; i < bytes; i += 4096)
            block[i] = char(i);
    }
    return block;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchyard-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHYARD_VERSION));

    QCommandLineParser cli;
    cli.setApplicationDescription(QStringLiteral("A llama-server look-alike: OpenAI-compatible, deterministic, with "
                                                 "knobs for load time, speed, memory and faults."));
    cli.addHelpOption();
    cli.addVersionOption();
    const QCommandLineOption host({QStringLiteral("host")}, QStringLiteral("Address to listen on."), QStringLiteral("addr"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port({QStringLiteral("port")}, QStringLiteral("Port to listen on."), QStringLiteral("port"), QStringLiteral("8080"));
    const QCommandLineOption name({QStringLiteral("model-name"), QStringLiteral("alias")}, QStringLiteral("Model name it reports."), QStringLiteral("name"));
    const QCommandLineOption modelFile({QStringLiteral("m"), QStringLiteral("model")}, QStringLiteral("Model file (only its name is used)."), QStringLiteral("path"));
    const QCommandLineOption startup({QStringLiteral("startup-ms")}, QStringLiteral("Load time: /health answers 503 until then."), QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption memory({QStringLiteral("memory-mib")}, QStringLiteral("Memory to allocate and touch."), QStringLiteral("MiB"), QStringLiteral("0"));
    const QCommandLineOption speed({QStringLiteral("tokens-per-s")}, QStringLiteral("Generation speed, streamed or not (0 = unthrottled)."), QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption failRate({QStringLiteral("fail-rate")}, QStringLiteral("Share of requests answered with 500."), QStringLiteral("0..1"), QStringLiteral("0"));
    const QCommandLineOption crashAfter({QStringLiteral("crash-after")}, QStringLiteral("Crash while serving request N+1."), QStringLiteral("N"), QStringLiteral("-1"));
    const QCommandLineOption delay({QStringLiteral("first-byte-delay-ms")}, QStringLiteral("Wait before answering."), QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption tokens({QStringLiteral("tokens")}, QStringLiteral("Answer length in tokens."), QStringLiteral("n"), QStringLiteral("16"));
    const QCommandLineOption dims({QStringLiteral("embedding-dims")}, QStringLiteral("Embedding size."), QStringLiteral("n"), QStringLiteral("16"));
    const QCommandLineOption seed({QStringLiteral("seed")}, QStringLiteral("Seed for --fail-rate."), QStringLiteral("n"), QStringLiteral("42"));
    const QCommandLineOption ctx({QStringLiteral("c"), QStringLiteral("ctx-size")}, QStringLiteral("Accepted for llama-server compatibility."), QStringLiteral("n"));
    const QCommandLineOption exitAfter({QStringLiteral("exit-after-ms")}, QStringLiteral("Exit with code 7 this long after start (a crash while idle)."), QStringLiteral("ms"), QStringLiteral("-1"));
    const QCommandLineOption answer({QStringLiteral("answer")}, QStringLiteral("Always answer this text."), QStringLiteral("text"));
    const QCommandLineOption badJson({QStringLiteral("bad-json")}, QStringLiteral("Answer completions and embeddings with 200 and a body that is not JSON."));
    const QCommandLineOption requireKey({QStringLiteral("require-key")}, QStringLiteral("Refuse requests without this API key (Bearer, x-api-key or x-goog-api-key)."), QStringLiteral("key"));
    const QCommandLineOption toolCall({QStringLiteral("tool-call")},
                                      QStringLiteral("When a request offers tool NAME and the user spoke last, call it with these JSON "
                                                     "arguments; after its result, answer by quoting it. Repeatable: the first offered wins."),
                                      QStringLiteral("NAME=JSON"));
    const QCommandLineOption noTimings({QStringLiteral("no-timings")},
                                       QStringLiteral("Do not report the generation speed (llama-server's \"timings\"), as other servers do not."));
    const QCommandLineOption ollama({QStringLiteral("ollama")}, QStringLiteral("Also serve Ollama's native API with these models (comma-separated)."), QStringLiteral("models"));
    const QCommandLineOption ollamaEmbedding({QStringLiteral("ollama-embedding")},
                                             QStringLiteral("With --ollama, also these embedding models, which refuse generate and chat (comma-separated)."),
                                             QStringLiteral("models"));
    for (const auto &o : {host, port, name, modelFile, startup, memory, speed, failRate, crashAfter, delay, tokens, dims, seed, ctx, ollama, ollamaEmbedding,
                          exitAfter, answer, badJson, requireKey, toolCall, noTimings})
        cli.addOption(o);
    cli.process(app);

    sim::SimOptions options;
    options.host = cli.value(host);
    options.port = cli.value(port).toInt();
    options.modelName = cli.isSet(name) ? cli.value(name)
                        : cli.isSet(modelFile) ? QFileInfo(cli.value(modelFile)).completeBaseName()
                                               : options.modelName;
    options.startupMs = cli.value(startup).toInt();
    options.memoryMiB = cli.value(memory).toInt();
    options.tokensPerS = cli.value(speed).toDouble();
    options.reportsTimings = !cli.isSet(noTimings);
    options.failRate = cli.value(failRate).toDouble();
    options.crashAfter = cli.value(crashAfter).toInt();
    options.firstByteDelayMs = cli.value(delay).toInt();
    options.defaultTokens = std::max(1, cli.value(tokens).toInt());
    options.embeddingDims = std::max(1, cli.value(dims).toInt());
    options.seed = cli.value(seed).toULongLong();
    options.exitAfterMs = cli.value(exitAfter).toInt();
    options.answer = cli.value(answer);
    options.badJson = cli.isSet(badJson);
    options.requiredKey = cli.value(requireKey);
    for (const QString &spec : cli.values(toolCall)) {
        const qsizetype eq = spec.indexOf(QLatin1Char('='));
        const QJsonDocument arguments = QJsonDocument::fromJson(spec.mid(eq + 1).toUtf8());
        if (eq <= 0 || !arguments.isObject()) {
            std::fprintf(stderr, "sim: --tool-call wants NAME={json object}, got: %s\n", qPrintable(spec));
            return 2;
        }
        options.toolCalls.append({spec.left(eq), arguments.object()});
    }
    if (cli.isSet(ollama))
        options.ollamaModels = cli.value(ollama).split(QLatin1Char(','), Qt::SkipEmptyParts);
    options.ollamaEmbeddingModels = cli.value(ollamaEmbedding).split(QLatin1Char(','), Qt::SkipEmptyParts);

    sy::UnixSignals signals;
    QObject::connect(&signals, &sy::UnixSignals::terminationRequested, &app, [](int signal) {
        std::printf("sim: signal %d, shutting down\n", signal);
        std::fflush(stdout);
        QCoreApplication::quit();
    });

    std::printf("sim: loading model %s (%d ms, %d MiB)\n", qPrintable(options.modelName), options.startupMs, options.memoryMiB);
    std::fflush(stdout);
    char *occupied = occupyMemory(options.memoryMiB);

    sim::SimServer server(options);
    QString error;
    if (!server.listen(&error)) {
        std::fprintf(stderr, "sim: cannot listen on %s:%d: %s\n", qPrintable(options.host), options.port, qPrintable(error));
        return 2;
    }
    std::printf("sim: listening on http://%s:%d\n", qPrintable(options.host), int(server.port()));
    std::fflush(stdout);
    if (options.exitAfterMs >= 0) {
        QTimer::singleShot(options.exitAfterMs, [] {
            std::printf("sim: exiting on purpose (--exit-after-ms)\n");
            std::fflush(stdout);
            std::_Exit(7);
        });
    }
    QTimer::singleShot(options.startupMs, [&] {
        std::printf("sim: model loaded\n");
        std::fflush(stdout);
    });
    const int rc = app.exec();
    std::free(occupied);
    return rc;
}
