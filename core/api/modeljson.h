#pragma once
// The JSON shapes of models and the system, shared by the REST API and the live feed.
// A model is a configured one (managed or remote, or on an Ollama backend), an Ollama
// model discovered on an Ollama backend, or a node's model ("<node>/<id>", kind "node").

#include <QJsonArray>
#include <QJsonObject>
#include <optional>

namespace sy::pool {
class ModelPool;
}
namespace sy::routing {
class RouteTable;
class RouterState;
}

namespace sy::api {

// `health` (optional) adds cooldownRemainingS.
QJsonArray allModelsJson(const routing::RouteTable &table, const pool::ModelPool &pool, const routing::RouterState *health);
std::optional<QJsonObject> modelJsonById(const routing::RouteTable &table, const pool::ModelPool &pool,
                                         const routing::RouterState *health, const QString &id);
// The fast-changing part of the models the pool runs: state, TTL, memory, in flight, queued.
QJsonArray countersJson(const routing::RouteTable &table, const pool::ModelPool &pool);
QJsonObject systemJson(const routing::RouteTable &table, const pool::ModelPool &pool);

} // namespace sy::api
