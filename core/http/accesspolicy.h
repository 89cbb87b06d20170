#pragma once
// Who may use the endpoint from where: the Host header must name this machine (or an
// allowed host; against DNS rebinding), a request from a web page must come from an
// allowed Origin (against any page the user visits driving the router, its upstream keys
// and its model loads), and bodies must be JSON (the "simple" types a page can send
// without asking first are refused). CORS preflights are answered for allowed origins only.

#include "http/headers.h"
#include "http/message.h"
#include "protocol/apierror.h"

#include <QStringList>
#include <optional>

namespace sy::http {

class AccessPolicy {
public:
    struct Settings {
        QString listenHost;         // server.host
        bool listensOnAll = false;  // 0.0.0.0 / ::
        QStringList allowedHosts;   // server.allowedHosts ("*" = any)
        QStringList allowedOrigins; // server.allowedOrigins ("*" = any)
    };
    void configure(Settings settings) { m_settings = std::move(settings); }

    // Why this request is refused, or nothing.
    std::optional<protocol::ApiError> refusal(const RequestHead &head) const;
    // An OPTIONS request asking whether a cross-origin call is allowed.
    static bool isPreflight(const RequestHead &head);
    // Response fields for a cross-origin request from an allowed origin (none otherwise);
    // for a preflight, also what it may send.
    Headers corsHeaders(const RequestHead &head) const;

private:
    bool isAllowedHost(QByteArrayView hostHeader) const;
    bool isAllowedOrigin(QByteArrayView origin) const;

    Settings m_settings;
};

} // namespace sy::http
