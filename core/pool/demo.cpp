#include "pool/demo.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QStandardPaths>

namespace sy::pool {

QString findSimBinary()
{
    const QString fromEnv = qEnvironmentVariable("SWITCHYARD_SIM");
    if (!fromEnv.isEmpty() && QFileInfo(fromEnv).isExecutable())
        return fromEnv;
    const QString dir = QCoreApplication::applicationDirPath();
    for (const QString &candidate : {dir + QStringLiteral("/switchyard-sim"), dir + QStringLiteral("/../sim/switchyard-sim"),
                                     dir + QStringLiteral("/../app/sim/switchyard-sim"),
                                     dir + QStringLiteral("/../lib/switchyard/switchyard-sim")}) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return QStandardPaths::findExecutable(QStringLiteral("switchyard-sim"));
}

namespace {

struct DemoModel {
    const char *id;
    const char *upstream;
    int startupMs;
    int memoryMiB;
    int tokensPerS;
    int ttlS;
    QStringList capabilities;
    const char *group;
    bool pinned;
    bool preload;
    int contextTokens;
};

} // namespace

void addDemoPool(config::Config &config, const QString &simBinary)
{
    if (!config.backend(QLatin1String(kDemoBackendId))) {
        config::BackendConfig backend;
        backend.id = QLatin1String(kDemoBackendId);
        backend.managed = true;
        config.backends.push_back(backend);
    }
    const DemoModel models[] = {
        {"demo-tiny", "tiny-0.5b", 400, 48, 120, 60, {}, "", false, true, 8192},
        {"demo-coder", "coder-7b", 2500, 320, 30, 180, {QStringLiteral("tools")}, "gpu", false, false, 32768},
        {"demo-chat", "chat-8b", 2000, 288, 28, 120, {QStringLiteral("tools")}, "gpu", false, false, 16384},
        {"demo-vision", "vision-4b", 1500, 192, 40, 90, {QStringLiteral("vision")}, "", false, true, 8192},
        {"demo-embed", "embed-small", 300, 32, 0, 0, {QStringLiteral("embeddings")}, "", true, true, 2048},
    };
    for (const DemoModel &d : models) {
        if (config.model(QLatin1String(d.id)))
            continue;
        config::ModelConfig m;
        m.id = QLatin1String(d.id);
        m.backend = QLatin1String(kDemoBackendId);
        m.upstreamModel = QLatin1String(d.upstream);
        config::LaunchConfig launch;
        launch.command = {simBinary, QStringLiteral("--port"), QStringLiteral("${PORT}"), QStringLiteral("--model-name"),
                          QStringLiteral("${MODEL}"), QStringLiteral("--startup-ms"), QString::number(d.startupMs),
                          QStringLiteral("--memory-mib"), QString::number(d.memoryMiB), QStringLiteral("--tokens-per-s"),
                          QString::number(d.tokensPerS), QStringLiteral("--tokens"), QStringLiteral("48")};
        launch.loadTimeoutS = 30;
        m.launch = launch;
        m.ttlS = d.ttlS;
        m.capabilities = d.capabilities;
        m.group = QLatin1String(d.group);
        m.pinned = d.pinned;
        m.preload = d.preload;
        m.contextTokens = d.contextTokens;
        m.memoryMiB = d.memoryMiB + 16; // the sim's own footprint on top
        config.models.push_back(m);
    }
    if (!config.agents.count(QStringLiteral("Coder")))
        config.agents[QStringLiteral("Coder")].models = {QStringLiteral("demo-coder"), QStringLiteral("demo-chat")};
    if (!config.agents.count(QStringLiteral("default")))
        config.agents[QStringLiteral("default")].models = {QStringLiteral("demo-chat"), QStringLiteral("demo-tiny")};
    if (!config.modes.count(QStringLiteral("eco")))
        config.modes[QStringLiteral("eco")].models = {QStringLiteral("demo-tiny")};
    if (!config.modes.count(QStringLiteral("fast")))
        config.modes[QStringLiteral("fast")].models = {QStringLiteral("demo-tiny"), QStringLiteral("demo-chat")};
    if (config.pool.memoryBudgetMiB == 0)
        config.pool.memoryBudgetMiB = 768; // small enough that eviction shows
}

} // namespace sy::pool
