#pragma once
// What a request in flight needs from the core, gathered in one place.

#include "routing/router.h"
#include "routing/routetable.h"

#include <vector>

#include <chrono>

namespace sy::http {
class UpstreamPool;
}
namespace sy::pool {
class ModelPool;
}

namespace sy::record {
class RequestSink;
}

namespace sy::routing {

class SecondTier;
class CallsInFlight;

struct ProxyServices {
    http::UpstreamPool *upstreams = nullptr;
    pool::ModelPool *pool = nullptr; // managed models
    RouteTablePtr table; // the current snapshot; a call keeps the one it started with
    std::vector<record::RequestSink *> sinks; // told about every finished request
    RouterState *routerState = nullptr; // cooldowns and health, learned from attempts
    const Router *router = nullptr;
    SecondTier *secondTier = nullptr; // "auto" asks it when the classifier is unsure (routing.autoClassifier)
    CallsInFlight *calls = nullptr; // every ProxyCall counts itself in while it runs
};

} // namespace sy::routing
