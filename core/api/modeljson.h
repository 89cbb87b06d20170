#pragma once
// The JSON shapes of models and the system, shared by the REST API and the live feed.

#include <QJsonObject>

namespace sy::pool {
class ModelPool;
}
namespace sy::routing {
class RouteTable;
}

namespace sy::api {

// Every configured model (managed or remote), with live state where the pool has it.
QJsonObject modelJson(const routing::RouteTable &table, const pool::ModelPool &pool, int modelIndex);
// The fast-changing part: state, TTL, memory, in flight, queued.
QJsonObject modelCounters(const routing::RouteTable &table, const pool::ModelPool &pool, int modelIndex);
QJsonObject systemJson(const routing::RouteTable &table, const pool::ModelPool &pool);

} // namespace sy::api
