#include "routing/routetable.h"

#include "routing/nameresolver.h"
#include "store/configreader.h"

namespace sy::routing {

protocol::RawParams rawParams(const QJsonObject &params)
{
    protocol::RawParams raw;
    for (auto it = params.begin(); it != params.end(); ++it)
        raw.emplace_back(it.key().toUtf8(), protocol::rawJson(it.value()));
    return raw;
}

RouteTable::RouteTable(config::Config config) : m_config(std::move(config))
{
    m_backends.reserve(m_config.backends.size());
    for (const config::BackendConfig &b : m_config.backends) {
        BackendEntry e;
        e.id = b.id.toUtf8();
        e.protocol = b.protocol;
        e.managed = b.managed;
        if (!b.managed) {
            e.baseUrl = QUrl(b.baseUrl);
            if (auto origin = http::Origin::fromUrl(e.baseUrl))
                e.origin = *origin;
            e.basePath = e.baseUrl.path(QUrl::FullyEncoded).toUtf8();
            while (e.basePath.endsWith('/'))
                e.basePath.chop(1);
            // Ollama serves the OpenAI API under /v1 beside its native one.
            e.openAiBase = e.protocol == config::BackendProtocol::Ollama ? e.basePath + "/v1" : e.basePath;
        } else {
            e.openAiBase = "/v1"; // llama-server and the sim serve the OpenAI API there
        }
        e.apiKeyEnv = b.apiKeyEnv.toUtf8();
        if (!b.apiKeyEnv.isEmpty()) {
            // A key read from a file often ends in a newline; one holding a line break or other
            // control character inside would put lines of its own into the request's head, so
            // it is not sent at all (the backend then says the key is missing).
            e.apiKey = qgetenv(e.apiKeyEnv.constData()).trimmed();
            if (config::hasControlCharacters(QString::fromLatin1(e.apiKey)))
                e.apiKey.clear();
        }
        e.prefix = b.prefix.toUtf8();
        e.node = b.node.toUtf8();
        const QString host = e.baseUrl.host().toLower();
        e.passThrough = b.passThrough.value_or(host == QLatin1String("api.anthropic.com") || host.endsWith(QLatin1String(".googleapis.com")));
        e.refusesTopK = host == QLatin1String("api.openai.com") || host.endsWith(QLatin1String(".openai.azure.com"));
        for (const auto &[from, to] : b.modelMapping)
            e.modelMapping.insert(from.toUtf8(), to.toUtf8());
        for (const auto &[name, value] : b.headers)
            e.extraHeaders.add(name.toUtf8(), value.toUtf8());
        m_backendIndex.insert(e.id, int(m_backends.size()));
        m_backends.push_back(std::move(e));
    }
    m_models.reserve(m_config.models.size());
    for (const config::ModelConfig &m : m_config.models) {
        ModelEntry e;
        e.id = m.id.toUtf8();
        e.backend = findBackend(m.backend.toUtf8());
        e.upstreamModel = m.upstreamModel.toUtf8();
        e.params = rawParams(m.params);
        e.capabilities = capabilitiesFromNames(m.capabilities);
        e.capabilitiesDeclared = m.capabilitiesDeclared;
        e.contextTokens = m.contextTokens;
        e.config = &m;
        const int index = int(m_models.size());
        m_modelIndex.insert(e.id, index);
        for (const QString &alias : m.aliases)
            m_aliases.insert(alias.toUtf8(), index);
        m_models.push_back(std::move(e));
    }
    m_globalParams = rawParams(m_config.params);
    for (int i = 0; i < int(m_backends.size()); ++i) {
        if (!m_backends[std::size_t(i)].prefix.isEmpty())
            m_prefixOrder.push_back(i);
    }
    std::sort(m_prefixOrder.begin(), m_prefixOrder.end(), [this](int a, int b) {
        return m_backends[std::size_t(a)].prefix.size() > m_backends[std::size_t(b)].prefix.size();
    });
    m_defaultBackend = m_config.server.defaultBackend.isEmpty() ? -1 : findBackend(m_config.server.defaultBackend.toUtf8());
    for (int i = 0; i < int(m_models.size()); ++i) {
        if (!m_models[std::size_t(i)].config->balance.isEmpty())
            m_balance[m_models[std::size_t(i)].config->balance.toUtf8()].push_back(i);
    }
    buildPolicies();
}

PolicyList RouteTable::resolveList(const QStringList &names, const QJsonObject &params,
                                   const std::map<QString, QJsonObject> &perModel) const
{
    PolicyList list;
    for (const QString &name : names) {
        RouteMode mode;
        const std::size_t first = list.candidates.size();
        resolveName(*this, name.toUtf8(), list.candidates, &mode);
        // The agent's params, then its per-model overrides (by the name it listed).
        QJsonObject merged = params;
        if (auto it = perModel.find(name); it != perModel.end()) {
            for (auto p = it->second.begin(); p != it->second.end(); ++p)
                merged.insert(p.key(), p.value());
        }
        const protocol::RawParams raw = rawParams(merged);
        for (std::size_t i = first; i < list.candidates.size(); ++i)
            list.candidates[i].agentParams = raw;
    }
    return list;
}

void RouteTable::buildPolicies()
{
    for (const auto &[name, agent] : m_config.agents)
        m_agents.insert(name.toUtf8(), resolveList(agent.models, agent.params, agent.modelParams));
    for (const auto &[role, products] : m_config.pools) {
        QHash<QByteArray, PolicyList> &target = m_pools[role.toUtf8()];
        for (const auto &[product, models] : products)
            target.insert(product.toUtf8(), resolveList(models, {}, {}));
    }
    for (const auto &[name, mode] : m_config.modes)
        m_modes.insert(name.toUtf8(), resolveList(mode.models, {}, {}));
    std::vector<int> autoModels;
    if (m_config.routing.autoModels.isEmpty()) {
        for (int i = 0; i < int(m_models.size()); ++i)
            autoModels.push_back(i);
    } else {
        for (const QString &name : m_config.routing.autoModels) {
            const int model = findModel(name.toUtf8());
            if (model >= 0)
                autoModels.push_back(model);
        }
    }
    for (int index : autoModels) {
        const ModelEntry &m = m_models[std::size_t(index)];
        AutoEntry e;
        for (int t = 0; t < kTaskTypes; ++t) {
            const auto it = m.config->profile.scores.find(QLatin1String(taskName(TaskType(t))));
            e.taskFit[std::size_t(t)] = it == m.config->profile.scores.end() ? 0.5 : it->second;
        }
        e.weight = m.config->profile.weight;
        e.priority = m.config->profile.priority / 100.0;
        e.capabilities = m.capabilities;
        e.capabilitiesDeclared = m.capabilitiesDeclared;
        e.contextTokens = m.contextTokens;
        e.model = index;
        m_autoModels.push_back(e);
    }
}

const std::vector<int> *RouteTable::balanceSet(QByteArrayView name) const
{
    auto it = m_balance.constFind(QByteArray::fromRawData(name.data(), name.size()));
    return it == m_balance.constEnd() ? nullptr : &*it;
}

const PolicyList *RouteTable::agent(QByteArrayView name) const
{
    auto it = m_agents.constFind(QByteArray::fromRawData(name.data(), name.size()));
    return it == m_agents.constEnd() ? nullptr : &*it;
}

bool RouteTable::hasRole(QByteArrayView role) const
{
    return m_pools.contains(QByteArray::fromRawData(role.data(), role.size()));
}

const PolicyList *RouteTable::pool(QByteArrayView role, QByteArrayView product) const
{
    auto r = m_pools.constFind(QByteArray::fromRawData(role.data(), role.size()));
    if (r == m_pools.constEnd())
        return nullptr;
    auto p = r->constFind(QByteArray::fromRawData(product.data(), product.size()));
    return p == r->constEnd() ? nullptr : &*p;
}

const PolicyList *RouteTable::mode(QByteArrayView name) const
{
    auto it = m_modes.constFind(QByteArray::fromRawData(name.data(), name.size()));
    return it == m_modes.constEnd() ? nullptr : &*it;
}

const config::ValidatorConfig *RouteTable::validator(QByteArrayView role) const
{
    auto it = m_config.validators.find(QString::fromUtf8(role.data(), role.size()));
    return it == m_config.validators.end() ? nullptr : &it->second;
}

int RouteTable::findModel(QByteArrayView nameOrAlias) const
{
    const QByteArray key = QByteArray::fromRawData(nameOrAlias.data(), nameOrAlias.size());
    if (auto it = m_modelIndex.constFind(key); it != m_modelIndex.constEnd())
        return *it;
    if (auto it = m_aliases.constFind(key); it != m_aliases.constEnd())
        return *it;
    return -1;
}

int RouteTable::findBackend(QByteArrayView id) const
{
    return m_backendIndex.value(QByteArray::fromRawData(id.data(), id.size()), -1);
}

int RouteTable::findPrefix(QByteArrayView name) const
{
    for (int i : m_prefixOrder) {
        const QByteArray &prefix = m_backends[std::size_t(i)].prefix;
        if (name.size() > prefix.size() && name.startsWith(prefix))
            return i;
    }
    return -1;
}

} // namespace sy::routing
