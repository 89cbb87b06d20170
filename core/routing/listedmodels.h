#pragma once
// Every name a client may ask for, for the model lists of all four protocols (/v1/models,
// /v1beta/models, /api/tags): configured models and aliases, mapped names, pseudo-models
// (auto, agent:, role:, mode:, balance sets) and what Ollama backends have.

#include <QByteArray>
#include <vector>

namespace sy::pool {
struct OllamaModel;
}

namespace sy::routing {

struct ProxyServices;

struct ListedModel {
    QByteArray id;
    QByteArray owner;                          // backend id, or "switchyard" for pseudo-models
    int model = -1;                            // index in RouteTable::models(), -1 if none
    const pool::OllamaModel *ollama = nullptr; // for a model an Ollama backend has
    bool pseudo = false;
};

std::vector<ListedModel> listedModels(const ProxyServices &services);

} // namespace sy::routing
