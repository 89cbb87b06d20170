#include "routing/nameresolver.h"

#include "routing/routetable.h"


namespace sy::routing {

namespace {

Candidate configured(const RouteTable &table, int model)
{
    const ModelEntry &m = table.models()[std::size_t(model)];
    Candidate c;
    c.model = model;
    c.backend = m.backend;
    c.upstreamModel = m.upstreamModel;
    c.label = m.id;
    return c;
}

Candidate passThrough(const RouteTable &table, int backend, QByteArrayView upstreamModel)
{
    Candidate c;
    c.backend = backend;
    c.upstreamModel = upstreamModel.toByteArray();
    const BackendEntry &b = table.backends()[std::size_t(backend)];
    c.label = b.node.isEmpty() ? b.id + ':' + c.upstreamModel : b.prefix + c.upstreamModel; // a node's: "gpu1/coder"
    return c;
}

} // namespace

bool resolveName(const RouteTable &table, QByteArrayView name, std::vector<Candidate> &out, RouteMode *mode)
{
    if (const int model = table.findModel(name); model >= 0) {
        out.push_back(configured(table, model));
        *mode = RouteMode::Model;
        return true;
    }
    if (const std::vector<int> *members = table.balanceSet(name)) {
        for (int model : *members)
            out.push_back(configured(table, model));
        *mode = RouteMode::Model;
        return true;
    }
    const QByteArray key = QByteArray::fromRawData(name.data(), name.size());
    const std::size_t before = out.size();
    for (int b = 0; b < int(table.backends().size()); ++b) {
        const BackendEntry &backend = table.backends()[std::size_t(b)];
        const auto it = backend.modelMapping.constFind(key);
        if (it == backend.modelMapping.constEnd())
            continue;
        // A mapping onto a configured model of the same backend inherits its settings.
        const int model = table.findModel(*it);
        if (model >= 0 && table.models()[std::size_t(model)].backend == b)
            out.push_back(configured(table, model));
        else
            out.push_back(passThrough(table, b, *it));
    }
    if (out.size() > before) {
        *mode = RouteMode::ModelMapping;
        return true;
    }
    if (const int b = table.findPrefix(name); b >= 0) {
        out.push_back(passThrough(table, b, name.sliced(table.backends()[std::size_t(b)].prefix.size())));
        *mode = RouteMode::Prefix;
        return true;
    }
    return false;
}

} // namespace sy::routing
