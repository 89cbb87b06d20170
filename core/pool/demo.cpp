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

const DemoModel kDemoModels[] = {
    {"demo-tiny", "tiny-0.5b", 400, 48, 120, 60, {}, "", false, true, 8192},
    {"demo-coder", "coder-7b", 2500, 320, 30, 180, {QStringLiteral("tools")}, "gpu", false, false, 32768},
    {"demo-chat", "chat-8b", 2000, 288, 28, 120, {QStringLiteral("tools")}, "gpu", false, false, 16384},
    {"demo-vision", "vision-4b", 1500, 192, 40, 90, {QStringLiteral("vision")}, "", false, true, 8192},
    {"demo-embed", "embed-small", 300, 32, 0, 0, {QStringLiteral("embeddings")}, "", true, true, 2048},
};


// The policies the demo adds, so agent:Coder, mode:eco and role:writer/landing can be tried.
const std::pair<const char *, QStringList> kDemoAgents[] = {
    {"Coder", {QStringLiteral("demo-coder"), QStringLiteral("demo-chat")}},
    {"default", {QStringLiteral("demo-chat"), QStringLiteral("demo-tiny")}},
};
const std::pair<const char *, QStringList> kDemoModes[] = {
    {"eco", {QStringLiteral("demo-tiny")}},
    {"fast", {QStringLiteral("demo-tiny"), QStringLiteral("demo-chat")}},
};
// The seed system's roles (each with a default and a landing list).
const std::pair<const char *, QStringList> kDemoRoles[] = {
    {"classifier", {QStringLiteral("demo-tiny"), QStringLiteral("demo-chat")}},
    {"writer", {QStringLiteral("demo-chat"), QStringLiteral("demo-coder")}},
    {"expander", {QStringLiteral("demo-chat"), QStringLiteral("demo-tiny")}},
    {"validator", {QStringLiteral("demo-tiny"), QStringLiteral("demo-chat")}},
    {"style_refiner", {QStringLiteral("demo-chat"), QStringLiteral("demo-tiny")}},
};

QStringList names(const auto &table)
{
    QStringList out;
    for (const auto &[name, models] : table)
        out << QLatin1String(name);
    return out;
}

} // namespace

DemoPolicyNames demoPolicyNames()
{
    return {names(kDemoAgents), names(kDemoModes), names(kDemoRoles)};
}

QStringList demoModelIds()
{
    QStringList ids;
    for (const DemoModel &d : kDemoModels)
        ids << QLatin1String(d.id);
    return ids;
}

void addDemoPool(config::Config &config, const QString &simBinary)
{
    if (!config.backend(QLatin1String(kDemoBackendId))) {
        config::BackendConfig backend;
        backend.id = QLatin1String(kDemoBackendId);
        backend.managed = true;
        config.backends.push_back(backend);
    }
    for (const DemoModel &d : kDemoModels) {
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
        m.capabilitiesDeclared = true; // so requests needing vision or embeddings find the right one
        m.group = QLatin1String(d.group);
        m.pinned = d.pinned;
        m.preload = d.preload;
        m.contextTokens = d.contextTokens;
        m.memoryMiB = d.memoryMiB + 16; // the sim's own footprint on top
        config.models.push_back(m);
    }
    // A user's agent, mode or pool of the same name wins (and the editors say so).
    for (const auto &[name, models] : kDemoAgents) {
        if (!config.agents.count(QLatin1String(name)))
            config.agents[QLatin1String(name)].models = models;
    }
    for (const auto &[name, models] : kDemoModes) {
        if (!config.modes.count(QLatin1String(name)))
            config.modes[QLatin1String(name)].models = models;
    }
    for (const auto &[role, models] : kDemoRoles) {
        auto &products = config.pools[QLatin1String(role)];
        if (products.empty()) {
            products[QStringLiteral("default")] = models;
            products[QStringLiteral("landing")] = QStringList{models.last(), models.first()};
        }
    }
    // Profiles for "auto": what each simulated model is said to be good at.
    const std::pair<const char *, std::map<QString, double>> profiles[] = {
        {"demo-coder", {{QStringLiteral("code"), 0.9}, {QStringLiteral("math"), 0.7}, {QStringLiteral("factual"), 0.5}}},
        {"demo-chat", {{QStringLiteral("conversational"), 0.9}, {QStringLiteral("creative"), 0.8}, {QStringLiteral("factual"), 0.7}}},
        {"demo-tiny", {{QStringLiteral("conversational"), 0.6}, {QStringLiteral("code"), 0.2}, {QStringLiteral("math"), 0.2}}},
        {"demo-vision", {{QStringLiteral("factual"), 0.5}}},
        {"demo-embed", {{QStringLiteral("code"), 0.0}, {QStringLiteral("math"), 0.0}, {QStringLiteral("factual"), 0.0},
                        {QStringLiteral("creative"), 0.0}, {QStringLiteral("conversational"), 0.0}}},
    };
    for (config::ModelConfig &m : config.models) {
        for (const auto &[id, scores] : profiles) {
            if (m.id == QLatin1String(id) && m.backend == QLatin1String(kDemoBackendId) && m.profile.scores.empty())
                m.profile.scores = scores;
        }
    }
    if (config.pool.memoryBudgetMiB == 0)
        config.pool.memoryBudgetMiB = 768; // small enough that eviction shows
}

} // namespace sy::pool
