#pragma once
// An immutable, indexed snapshot of the routing part of the config. Replaced as a whole
// when the config changes, so a request in flight keeps the table it started with.

#include "http/headers.h"
#include "http/origin.h"
#include "protocol/jsonsplice.h"
#include "record/capabilities.h"
#include "routing/routedecision.h"
#include "routing/taskdetect.h"
#include "store/config.h"

#include <QHash>
#include <QUrl>
#include <array>
#include <memory>
#include <vector>

namespace sy::routing {

using record::Capability;
using record::CapTools;
using record::CapVision;
using record::CapJson;
using record::CapEmbeddings;
using record::CapReasoning;
using record::CapRerank;
using record::capabilitiesFromNames;
using record::capabilityNames;

struct BackendEntry {
    QByteArray id;
    config::BackendProtocol protocol = config::BackendProtocol::OpenAI;
    bool managed = false;
    QUrl baseUrl;
    http::Origin origin;   // unset for managed backends (each instance has its own port)
    QByteArray basePath;   // path of baseUrl without a trailing '/'
    QByteArray openAiBase; // where its OpenAI-compatible API lives (Ollama: basePath + /v1)
    QByteArray apiKey;     // from apiKeyEnv; never logged or shown
    QByteArray apiKeyEnv;
    QByteArray prefix;
    QHash<QByteArray, QByteArray> modelMapping;
    http::Headers extraHeaders;
    QByteArray node; // the node (nodes[]) it stands for, or empty
    bool passThrough = false; // config::BackendConfig::passThrough, decided
    // OpenAI's own API refuses top_k (an unknown parameter is a 400 there), which llama.cpp,
    // vLLM and the other OpenAI-compatible servers take; converted requests leave it out.
    bool refusesTopK = false;
};

struct ModelEntry {
    QByteArray id;
    int backend = -1;
    QByteArray upstreamModel;
    protocol::RawParams params;
    unsigned capabilities = 0;
    bool capabilitiesDeclared = false;
    int contextTokens = 0;
    const config::ModelConfig *config = nullptr; // points into RouteTable::config()
};

// What "auto" ranks a model by, packed together so scoring hundreds of them stays in cache.
struct AutoEntry {
    std::array<double, kTaskTypes> taskFit{}; // profile.scores by TaskType (0.5 where unset)
    double weight = 1.0;                      // profile.weight
    double priority = 0.5;                    // profile.priority / 100
    unsigned capabilities = 0;
    bool capabilitiesDeclared = false;
    int contextTokens = 0;
    int model = -1;
};

// A policy's ordered models, resolved once when the table is built.
struct PolicyList {
    std::vector<Candidate> candidates;
};

class RouteTable {
public:
    explicit RouteTable(config::Config config);

    const config::Config &config() const { return m_config; }
    const std::vector<BackendEntry> &backends() const { return m_backends; }
    const std::vector<ModelEntry> &models() const { return m_models; }
    const protocol::RawParams &globalParams() const { return m_globalParams; }

    // A model by id or alias; -1 if none.
    int findModel(QByteArrayView nameOrAlias) const;
    int findBackend(QByteArrayView id) const;
    int defaultBackend() const { return m_defaultBackend; }
    // The backend whose prefix is the longest one starting `name`; -1 if none.
    int findPrefix(QByteArrayView name) const;
    // Every alias of a model (for /v1/models).
    const QHash<QByteArray, int> &aliases() const { return m_aliases; }
    // Models sharing a balance name, or null.
    const std::vector<int> *balanceSet(QByteArrayView name) const;
    const QHash<QByteArray, std::vector<int>> &balanceSets() const { return m_balance; }

    const PolicyList *agent(QByteArrayView name) const;
    const PolicyList *pool(QByteArrayView role, QByteArrayView product) const;
    bool hasRole(QByteArrayView role) const;
    const PolicyList *mode(QByteArrayView name) const;
    const std::vector<AutoEntry> &autoModels() const { return m_autoModels; }
    const config::ValidatorConfig *validator(QByteArrayView role) const;

private:
    config::Config m_config;
    std::vector<BackendEntry> m_backends;
    std::vector<ModelEntry> m_models;
    protocol::RawParams m_globalParams;
    QHash<QByteArray, int> m_modelIndex; // id -> model
    QHash<QByteArray, int> m_aliases;    // alias -> model
    QHash<QByteArray, int> m_backendIndex;
    std::vector<int> m_prefixOrder;      // backends with a prefix, longest first
    QHash<QByteArray, std::vector<int>> m_balance;
    QHash<QByteArray, PolicyList> m_agents;
    QHash<QByteArray, QHash<QByteArray, PolicyList>> m_pools; // role -> product -> list
    QHash<QByteArray, PolicyList> m_modes;
    std::vector<AutoEntry> m_autoModels;
    void buildPolicies();
    PolicyList resolveList(const QStringList &names, const QJsonObject &params, const std::map<QString, QJsonObject> &perModel) const;
    int m_defaultBackend = -1;
};

using RouteTablePtr = std::shared_ptr<const RouteTable>;

// Params as (key, raw JSON) pairs, in the object's order.
protocol::RawParams rawParams(const QJsonObject &params);

} // namespace sy::routing
