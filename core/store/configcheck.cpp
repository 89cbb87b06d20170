#include "store/configcheck.h"

#include "record/capabilities.h"

#include <QSet>

namespace sy::config {
namespace {

// Whether `name` can be served: a model id or alias, a modelMapping key, or a prefixed name.
bool isRoutable(const Config &c, const QSet<QString> &names, const QString &name)
{
    if (names.contains(name))
        return true;
    for (const BackendConfig &b : c.backends) {
        if (b.modelMapping.count(name) || (!b.prefix.isEmpty() && name.startsWith(b.prefix) && name.size() > b.prefix.size()))
            return true;
    }
    return false;
}

} // namespace

void crossCheck(ConfigReader &r, Config &c, const QStringList &implicitModels)
{
    QSet<QString> backendIds, prefixes, names;
    qsizetype nodeIndex = 0; // the backends made from nodes come last, in their order
    for (std::size_t i = 0; i < c.backends.size(); ++i) {
        const BackendConfig &b = c.backends[i];
        const QString path = b.node.isEmpty() ? ConfigReader::index(QStringLiteral("backends"), qsizetype(i))
                                              : ConfigReader::index(QStringLiteral("nodes"), nodeIndex++);
        if (!b.id.isEmpty() && backendIds.contains(b.id))
            r.error(path + QStringLiteral(".id"), QT_TRANSLATE_NOOP("ConfigMessages", "duplicate backend id \"%1\""), {b.id});
        backendIds.insert(b.id);
        if (!b.prefix.isEmpty() && prefixes.contains(b.prefix))
            r.error(path + QStringLiteral(".prefix"),
                    QT_TRANSLATE_NOOP("ConfigMessages", "prefix \"%1\" is used by another backend"), {b.prefix});
        prefixes.insert(b.prefix);
    }
    for (std::size_t i = 0; i < c.models.size(); ++i) {
        ModelConfig &m = c.models[i];
        const QString path = ConfigReader::index(QStringLiteral("models"), qsizetype(i));
        if (!m.id.isEmpty() && names.contains(m.id))
            r.error(path + QStringLiteral(".id"),
                    QT_TRANSLATE_NOOP("ConfigMessages", "\"%1\" is already a model id or alias"), {m.id});
        names.insert(m.id);
        for (const QString &alias : std::as_const(m.aliases)) {
            if (names.contains(alias))
                r.error(path + QStringLiteral(".aliases"),
                        QT_TRANSLATE_NOOP("ConfigMessages", "\"%1\" is already a model id or alias"), {alias});
            names.insert(alias);
        }
        const BackendConfig *backend = c.backend(m.backend);
        if (!m.backend.isEmpty() && !backend) {
            r.error(path + QStringLiteral(".backend"),
                    QT_TRANSLATE_NOOP("ConfigMessages", "no backend has the id \"%1\""), {m.backend});
            continue;
        }
        if (backend && backend->managed && !m.launch)
            r.error(path + QStringLiteral(".launch"),
                    QT_TRANSLATE_NOOP("ConfigMessages", "is required: backend \"%1\" is managed, so Switchyard starts this model"), {m.backend});
        if (backend && !backend->managed && m.launch)
            r.error(path + QStringLiteral(".launch"),
                    QT_TRANSLATE_NOOP("ConfigMessages", "only models of a managed backend are launched (backend \"%1\" is not)"), {m.backend});
    }
    QSet<QString> balances;
    for (std::size_t i = 0; i < c.models.size(); ++i) {
        const QString &balance = c.models[i].balance;
        if (balance.isEmpty() || balances.contains(balance))
            continue;
        if (names.contains(balance))
            r.error(ConfigReader::index(QStringLiteral("models"), qsizetype(i)) + QStringLiteral(".balance"),
                    QT_TRANSLATE_NOOP("ConfigMessages", "\"%1\" is already a model id or alias"), {balance});
        balances.insert(balance);
    }
    names.unite(balances);
    for (const QString &name : implicitModels)
        names.insert(name);
    if (!c.server.defaultBackend.isEmpty() && !c.backend(c.server.defaultBackend))
        r.error(QStringLiteral("server.defaultBackend"),
                QT_TRANSLATE_NOOP("ConfigMessages", "no backend has the id \"%1\""), {c.server.defaultBackend});
    if (const BackendConfig *b = c.backend(c.server.defaultBackend); b && b->managed)
        r.error(QStringLiteral("server.defaultBackend"),
                QT_TRANSLATE_NOOP("ConfigMessages", "a managed backend only serves its configured models; pick a backend with a baseUrl"));

    auto checkRefs = [&](const QStringList &models, const QString &path) {
        for (qsizetype i = 0; i < models.size(); ++i) {
            if (!isRoutable(c, names, models[i]))
                r.error(ConfigReader::index(path, i),
                        QT_TRANSLATE_NOOP("ConfigMessages", "\"%1\" is not a model id, alias, mapped or prefixed name"), {models[i]});
        }
    };
    for (const auto &[name, agent] : c.agents) {
        checkRefs(agent.models, QStringLiteral("agents.%1.models").arg(name));
        for (const auto &[model, params] : agent.modelParams) {
            if (!agent.models.contains(model))
                r.error(QStringLiteral("agents.%1.modelParams.%2").arg(name, model),
                        QT_TRANSLATE_NOOP("ConfigMessages", "\"%1\" is not in this agent's models"), {model});
        }
    }
    for (const auto &[role, products] : c.pools) {
        for (const auto &[product, models] : products)
            checkRefs(models, QStringLiteral("pools.%1.%2").arg(role, product));
    }
    for (const auto &[name, mode] : c.modes)
        checkRefs(mode.models, QStringLiteral("modes.%1.models").arg(name));
    checkRefs(c.routing.autoModels, QStringLiteral("routing.autoModels"));
    // These name one model, not a balance or a mapped name.
    const auto checkModelName = [&](const QString &path, const QString &name) {
        if (!name.isEmpty() && (!names.contains(name) || balances.contains(name)))
            r.error(path, QT_TRANSLATE_NOOP("ConfigMessages", "\"%1\" is not a model id or alias"), {name});
    };
    checkModelName(QStringLiteral("routing.autoDefault"), c.routing.autoDefault);
    checkModelName(QStringLiteral("routing.autoClassifier"), c.routing.autoClassifier);
    for (const ModelConfig &m : c.models) {
        const bool classifier = m.id == c.routing.autoClassifier || m.aliases.contains(c.routing.autoClassifier);
        if (classifier && m.capabilitiesDeclared && record::servesNoText(record::capabilitiesFromNames(m.capabilities)))
            r.error(QStringLiteral("routing.autoClassifier"),
                    QT_TRANSLATE_NOOP("ConfigMessages", "\"%1\" is an embedding or rerank model; the classifier must be a chat model"),
                    {c.routing.autoClassifier});
    }
    for (const auto &[role, validator] : c.validators) {
        if (!c.pools.count(role))
            r.error(QStringLiteral("validators.%1").arg(role),
                    QT_TRANSLATE_NOOP("ConfigMessages", "no pool has the role \"%1\""), {role});
    }
    const int ports = c.pool.portTo - c.pool.portFrom + 1;
    int launched = 0;
    for (const ModelConfig &m : c.models)
        launched += m.launch ? 1 : 0;
    if (launched > ports)
        r.error(QStringLiteral("pool.portRange"), QT_TRANSLATE_NOOP("ConfigMessages", "has %1 ports for %2 launchable models"),
                {QString::number(ports), QString::number(launched)});
}


} // namespace sy::config
