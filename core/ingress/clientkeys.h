#pragma once
// Client keys on the inference endpoint (server.clientKeys): with any key configured, every
// inference request must carry one, in whichever header its protocol uses. A key has a
// name (what history, metrics and the requests view show; the key itself appears nowhere),
// the models and policies it may ask for, a requests-per-minute limit and a limit on its
// requests in flight. Refusals are ApiErrors the endpoint renders in the caller's format.

#include "protocol/apierror.h"
#include "routing/router.h"
#include "store/config.h"

#include <QByteArray>
#include <QHash>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace sy::http {
struct RequestHead;
}

namespace sy::ingress {

class ClientKeys {
public:
    // Keys whose environment variable is unset are left out (and the log says which).
    // Limits apply from now on; what a key's requests in flight hold carries over.
    void configure(const std::vector<config::ClientKeyConfig> &keys);
    bool required() const { return !m_keys.empty() || m_unusable > 0; }

    // Which configured key the request carries (Authorization: Bearer, x-api-key,
    // x-goog-api-key, and on Gemini paths ?key=; the first that is a configured key counts):
    // its name, or a 401. Empty name when no keys are configured.
    struct Identity {
        QByteArray name;
        std::optional<protocol::ApiError> refusal;
    };
    Identity identify(const http::RequestHead &head, protocol::Protocol protocol) const;

    // Whether `name`'s key may make this request now: 403 for a model or policy it may not
    // use, 429 with Retry-After over its limits. A key limited to some models has the routing
    // headers naming policies it may not use dropped (X-Agent-Class, X-Switchyard-Role/
    // -Product/-Mode), and a name that resolves to nothing is not served by capability. The
    // returned slot counts as one of its requests in flight until it is destroyed.
    struct Admission {
        std::shared_ptr<void> slot; // null pointer with a deleter: releasing it frees the place
        std::optional<protocol::ApiError> refusal;
    };
    Admission admit(const QByteArray &name, routing::RoutingRequest &routing);

private:
    struct Usage {
        std::deque<qint64> admittedMs; // the last minute's admissions (at most rpm)
        int inFlight = 0;
    };
    struct Key {
        QByteArray name;
        QStringList models;
        int rpm = 0;
        int maxConcurrent = 0;
    };
    const Key *find(const QByteArray &name) const;

    std::vector<Key> m_keys;
    QHash<QByteArray, std::size_t> m_byDigest; // SHA-256 of the key -> m_keys index
    QHash<QByteArray, std::shared_ptr<Usage>> m_usage; // by name; kept across reconfigures
    int m_unusable = 0; // configured, but their environment variable is unset
};

} // namespace sy::ingress
