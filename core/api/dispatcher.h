#pragma once
// Maps method + path to a handler. Exact paths are a hash lookup (the proxy endpoints);
// patterns with {name} segments are matched in order. Unknown paths get a 404 and a
// known path with the wrong method a 405, in the protocol of the path.

#include <QByteArray>
#include <QHash>
#include <functional>
#include <vector>

namespace sy::http {
class HttpExchange;
}

namespace sy::api {

class PathParams {
public:
    void add(QByteArray name, QByteArray value) { m_items.emplace_back(std::move(name), std::move(value)); }
    QByteArray value(QByteArrayView name) const;

private:
    std::vector<std::pair<QByteArray, QByteArray>> m_items;
};

class Dispatcher {
public:
    using Handler = std::function<void(http::HttpExchange *, const PathParams &)>;

    // `pattern`: "/v1/models" or "/api/v1/models/{id}/load"; a last segment "{rest...}"
    // takes the remainder of the path, slashes included.
    void add(QByteArray method, QByteArray pattern, Handler handler);
    void dispatch(http::HttpExchange *exchange) const;

private:
    struct Route {
        QByteArray method;
        std::vector<QByteArray> segments;
        Handler handler;
    };
    static bool match(const Route &route, const std::vector<QByteArrayView> &path, PathParams &params);

    QHash<QByteArray, std::vector<Route>> m_exact;
    std::vector<Route> m_patterns;
};

} // namespace sy::api
