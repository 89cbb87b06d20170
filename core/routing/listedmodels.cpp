#include "routing/listedmodels.h"

#include "pool/modelpool.h"
#include "pool/nodemonitor.h"
#include "pool/ollamamonitor.h"
#include "routing/proxyservices.h"

namespace sy::routing {

std::vector<ListedModel> listedModels(const ProxyServices &services)
{
    const RouteTable &table = *services.table;
    std::vector<ListedModel> out;
    auto backendOf = [&](int model) { return table.backends()[std::size_t(table.models()[std::size_t(model)].backend)].id; };
    for (int i = 0; i < int(table.models().size()); ++i)
        out.push_back({table.models()[std::size_t(i)].id, backendOf(i), i, nullptr, false});
    for (auto it = table.aliases().begin(); it != table.aliases().end(); ++it)
        out.push_back({it.key(), backendOf(it.value()), it.value(), nullptr, false});
    for (const BackendEntry &b : table.backends()) {
        for (auto it = b.modelMapping.begin(); it != b.modelMapping.end(); ++it)
            out.push_back({it.key(), b.id, table.findModel(*it), nullptr, false});
    }
    auto pseudo = [&out](QByteArray id) { out.push_back({std::move(id), "switchyard", -1, nullptr, true}); };
    pseudo("auto");
    for (const auto &[name, agent] : table.config().agents)
        pseudo("agent:" + name.toUtf8());
    for (const auto &[role, products] : table.config().pools) {
        for (const auto &[product, models] : products)
            pseudo("role:" + role.toUtf8() + '/' + product.toUtf8());
    }
    for (const auto &[name, mode] : table.config().modes)
        pseudo("mode:" + name.toUtf8());
    for (auto it = table.balanceSets().begin(); it != table.balanceSets().end(); ++it)
        pseudo(it.key());
    for (const pool::OllamaMonitor *monitor : services.pool->ollama()) {
        for (const pool::OllamaModel &m : monitor->models())
            out.push_back({monitor->idFor(m.name).toUtf8(), monitor->backendId().toUtf8(), -1, &m, false});
    }
    // Other Switchyards' models, while their node answers (requests for them are served then).
    for (const pool::NodeMonitor *monitor : services.pool->nodes()) {
        if (!monitor->reachable())
            continue;
        for (const pool::NodeModel &m : monitor->models())
            out.push_back({monitor->idFor(m.name).toUtf8(), monitor->nodeId().toUtf8(), -1, nullptr, false});
    }
    return out;
}

} // namespace sy::routing
