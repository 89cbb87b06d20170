#include "ingress/clientkeys.h"

#include "http/message.h"
#include "util/clock.h"
#include "util/log.h"

#include <QCryptographicHash>

namespace sy::ingress {
namespace {

auto &lg()
{
    static auto l = sy::log::get("ingress");
    return *l;
}

QByteArray digest(QByteArrayView key)
{
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256);
}

// The keys a request carries, where each protocol's clients send theirs (a key in the URL
// only where Gemini's clients put it).
QByteArrayList presentedKeys(const http::RequestHead &head, protocol::Protocol protocol)
{
    QByteArrayList keys;
    const QByteArray authorization = head.headers.value("authorization");
    if (authorization.size() > 7 && authorization.first(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        keys << authorization.sliced(7).trimmed();
    for (const char *name : {"x-api-key", "x-goog-api-key"}) {
        if (QByteArray value = head.headers.value(name); !value.isEmpty())
            keys << value;
    }
    if (protocol == protocol::Protocol::Gemini)
        if (QByteArray value = head.queryValue("key"); !value.isEmpty())
            keys << value;
    return keys;
}

bool allows(const QStringList &patterns, QByteArrayView model)
{
    if (patterns.isEmpty())
        return true;
    const QString name = QString::fromUtf8(model);
    for (const QString &p : patterns) {
        if (p.endsWith(QLatin1Char('*')) ? name.startsWith(QStringView(p).chopped(1)) : name == p)
            return true;
    }
    return false;
}

protocol::ApiError rateLimited(QString message, int retryAfterS)
{
    protocol::ApiError e = protocol::makeError(protocol::ErrorKind::RateLimited, std::move(message), "rate_limit_exceeded");
    e.retryAfterS = std::max(1, retryAfterS);
    return e;
}

} // namespace

void ClientKeys::configure(const std::vector<config::ClientKeyConfig> &keys)
{
    m_keys.clear();
    m_byDigest.clear();
    m_unusable = 0;
    for (const config::ClientKeyConfig &k : keys) {
        QByteArray keyDigest;
        if (!k.keyEnv.isEmpty()) {
            const QByteArray key = qgetenv(k.keyEnv.toUtf8().constData());
            if (key.isEmpty()) {
                ++m_unusable;
                lg().error("client key \"{}\": the environment variable {} is not set; requests with that key are refused",
                           k.name.toStdString(), k.keyEnv.toStdString());
                continue;
            }
            keyDigest = digest(key);
        } else {
            keyDigest = QByteArray::fromHex(k.keyHash.sliced(7).toLatin1());
        }
        if (m_byDigest.contains(keyDigest)) {
            lg().error("client key \"{}\" is the same key as \"{}\"; it is left out", k.name.toStdString(),
                       m_keys[m_byDigest.value(keyDigest)].name.toStdString());
            continue;
        }
        m_byDigest.insert(keyDigest, m_keys.size());
        m_keys.push_back({k.name.toUtf8(), k.models, k.rpm, k.maxConcurrent});
    }
}

ClientKeys::Identity ClientKeys::identify(const http::RequestHead &head, protocol::Protocol protocol) const
{
    if (!required())
        return {};
    const QByteArrayList keys = presentedKeys(head, protocol);
    if (keys.isEmpty())
        return {{}, protocol::makeError(protocol::ErrorKind::Unauthorized,
                                        QStringLiteral("this endpoint needs a client key: send it as \"Authorization: Bearer <key>\" "
                                                       "(or x-api-key, x-goog-api-key)"),
                                        "missing_api_key")};
    // Looked up by the key's SHA-256, so the comparison reveals nothing about the stored keys.
    for (const QByteArray &key : keys) {
        if (const auto it = m_byDigest.constFind(digest(key)); it != m_byDigest.constEnd())
            return {m_keys[*it].name, {}};
    }
    return {{}, protocol::makeError(protocol::ErrorKind::Unauthorized, QStringLiteral("the client key is not valid"), "invalid_api_key")};
}

const ClientKeys::Key *ClientKeys::find(const QByteArray &name) const
{
    for (const Key &k : m_keys) {
        if (k.name == name)
            return &k;
    }
    return nullptr;
}

ClientKeys::Admission ClientKeys::admit(const QByteArray &name, routing::RoutingRequest &routing)
{
    if (name.isEmpty())
        return {};
    const Key *key = find(name);
    if (!key) // removed by a config change since the request arrived
        return {{}, protocol::makeError(protocol::ErrorKind::Unauthorized, QStringLiteral("the client key is not valid"), "invalid_api_key")};
    if (!allows(key->models, routing.model))
        return {{}, protocol::makeError(protocol::ErrorKind::Forbidden,
                                        QStringLiteral("the client key \"%1\" may not use the model \"%2\"")
                                            .arg(QString::fromUtf8(name), protocol::excerpt(routing.model, 120)),
                                        "model_not_allowed", "model")};
    if (!key->models.isEmpty()) {
        // Routing headers would pick a policy the name did not: only those the key may use count.
        if (!allows(key->models, "agent:" + routing.agentClass))
            routing.agentClass.clear();
        if (!allows(key->models, "role:" + routing.role + '/' + (routing.product.isEmpty() ? QByteArray("default") : routing.product)))
            routing.role.clear();
        if (!allows(key->models, "mode:" + routing.mode))
            routing.mode.clear();
        routing.namedOnly = true;
    }
    std::shared_ptr<Usage> &usage = m_usage[name];
    if (!usage)
        usage = std::make_shared<Usage>();
    if (key->maxConcurrent > 0 && usage->inFlight >= key->maxConcurrent)
        return {{}, rateLimited(QStringLiteral("the client key \"%1\" has %2 requests in flight, its limit")
                                    .arg(QString::fromUtf8(name))
                                    .arg(usage->inFlight),
                                1)};
    if (key->rpm > 0) {
        const qint64 nowMs = clock::nowNs() / 1'000'000;
        while (!usage->admittedMs.empty() && (usage->admittedMs.front() <= nowMs - 60'000 || int(usage->admittedMs.size()) > key->rpm))
            usage->admittedMs.pop_front(); // older than a minute, or beyond a limit that was lowered
        if (int(usage->admittedMs.size()) >= key->rpm) {
            const qint64 waitMs = usage->admittedMs.front() + 60'000 - nowMs;
            return {{}, rateLimited(QStringLiteral("the client key \"%1\" may send %2 requests per minute")
                                        .arg(QString::fromUtf8(name))
                                        .arg(key->rpm),
                                    int((waitMs + 999) / 1000))};
        }
        usage->admittedMs.push_back(nowMs);
    }
    ++usage->inFlight;
    return {std::shared_ptr<void>(nullptr, [usage](void *) { --usage->inFlight; }), {}};
}

} // namespace sy::ingress
