#pragma once
// The /model-pool endpoints kept from the system Switchyard replaces, so its clients work
// unchanged: GET /model-pool/status, GET/PUT /model-pool/preferences (the agents), and
// POST /model-pool/route and /model-pool/route/stream ({"agent_class", "prompt" or
// "messages", "params"}: routed by agent class, loading the model if needed, answered in
// OpenAI's chat format).

#include <QByteArray>

namespace sy::config {
class ConfigStore;
}
namespace sy::routing {
struct ProxyServices;
}

namespace sy::api {

class Dispatcher;

void registerModelPoolRoutes(Dispatcher &dispatcher, const routing::ProxyServices &services, config::ConfigStore &store,
                             const QByteArray &token);

} // namespace sy::api
