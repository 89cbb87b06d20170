#include "routing/nameresolver.h"

namespace sy::routing {

const char *routeModeName(RouteMode mode)
{
    switch (mode) {
    case RouteMode::Model: return "model";
    case RouteMode::ModelMapping: return "model_mapping";
    case RouteMode::Prefix: return "prefix";
    case RouteMode::Agent: return "agent";
    case RouteMode::Pool: return "pool";
    case RouteMode::Mode: return "mode";
    case RouteMode::Capability: return "capability";
    case RouteMode::Auto: return "auto";
    case RouteMode::Default: return "default";
    case RouteMode::Failed: return "failed";
    }
    return "failed";
}

namespace {

QString text(QByteArrayView bytes)
{
    return QString::fromUtf8(bytes.data(), bytes.size());
}

Candidate passThrough(const RouteTable &table, int backend, QByteArrayView upstreamModel)
{
    Candidate c;
    c.backend = backend;
    c.upstreamModel = upstreamModel.toByteArray();
    c.label = table.backends()[std::size_t(backend)].id + ':' + c.upstreamModel;
    return c;
}

} // namespace

RouteDecision resolveName(const RouteTable &table, QByteArrayView requested)
{
    RouteDecision d;
    if (const int model = table.findModel(requested); model >= 0) {
        const ModelEntry &m = table.models()[std::size_t(model)];
        d.mode = RouteMode::Model;
        d.chain.push_back({model, m.backend, m.upstreamModel, m.id});
        d.trace.push_back({QStringLiteral("model"),
                           m.id == requested ? QStringLiteral("\"%1\" is a configured model").arg(text(requested))
                                             : QStringLiteral("\"%1\" is an alias of \"%2\"").arg(text(requested), text(m.id))});
        return d;
    }

    const QByteArray key = QByteArray::fromRawData(requested.data(), requested.size());
    for (int b = 0; b < int(table.backends().size()); ++b) {
        const BackendEntry &backend = table.backends()[std::size_t(b)];
        const auto it = backend.modelMapping.constFind(key);
        if (it == backend.modelMapping.constEnd())
            continue;
        // A mapping onto a configured model of the same backend inherits its settings.
        const int model = table.findModel(*it);
        if (model >= 0 && table.models()[std::size_t(model)].backend == b)
            d.chain.push_back({model, b, table.models()[std::size_t(model)].upstreamModel, table.models()[std::size_t(model)].id});
        else
            d.chain.push_back(passThrough(table, b, *it));
        d.trace.push_back({QStringLiteral("model_mapping"), QStringLiteral("backend \"%1\" maps \"%2\" to \"%3\"")
                                                                 .arg(text(backend.id), text(requested), text(*it))});
    }
    if (!d.chain.empty()) {
        d.mode = RouteMode::ModelMapping;
        return d;
    }

    if (const int b = table.findPrefix(requested); b >= 0) {
        const BackendEntry &backend = table.backends()[std::size_t(b)];
        const QByteArrayView rest = requested.sliced(backend.prefix.size());
        d.mode = RouteMode::Prefix;
        d.chain.push_back(passThrough(table, b, rest));
        d.trace.push_back({QStringLiteral("prefix"), QStringLiteral("\"%1\" goes to backend \"%2\" as \"%3\"")
                                                         .arg(text(backend.prefix), text(backend.id), text(rest))});
        return d;
    }

    if (const int b = table.defaultBackend(); b >= 0) {
        d.mode = RouteMode::Default;
        d.chain.push_back(passThrough(table, b, requested));
        d.trace.push_back({QStringLiteral("default"), QStringLiteral("no model or prefix matched; default backend \"%1\"")
                                                          .arg(text(table.backends()[std::size_t(b)].id))});
        return d;
    }

    d.mode = RouteMode::Failed;
    d.error = protocol::makeError(
        protocol::ErrorKind::NotFound,
        QStringLiteral("The model `%1` does not exist: it is not a configured model or alias, no backend maps or "
                       "prefixes it, and no default backend is set.")
            .arg(text(requested)),
        "model_not_found", "model");
    d.trace.push_back({QStringLiteral("failed"), d.error.message});
    return d;
}

} // namespace sy::routing
