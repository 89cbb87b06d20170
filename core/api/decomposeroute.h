#pragma once
// POST /api/v1/decompose: {"prompt": "..."} or {"messages": [...]} (the last user
// message), optionally "agent_class"; answers the subtasks, their dependencies, task
// types, complexity, run stages and strategy, and the model "auto" would pick for each.

#include "api/apiresult.h"

namespace sy::http {
class HttpExchange;
}
namespace sy::routing {
struct ProxyServices;
}

namespace sy::api {

ApiResult decomposeRequest(const routing::ProxyServices &services, const http::HttpExchange *exchange);

} // namespace sy::api
