#pragma once
// What a request in flight needs from the core, gathered in one place.

#include "routing/routetable.h"

#include <vector>

#include <chrono>

namespace sy::http {
class UpstreamPool;
}
namespace sy::pool {
class ModelPool;
}

namespace sy::routing {

class RequestSink;

struct ProxyServices {
    http::UpstreamPool *upstreams = nullptr;
    pool::ModelPool *pool = nullptr; // managed models
    RouteTablePtr table; // the current snapshot; a call keeps the one it started with
    std::vector<RequestSink *> sinks; // told about every finished request
};

} // namespace sy::routing
