#pragma once
// The right to send one request to a running model: holds it "in flight" until released
// (or destroyed), which keeps it from being unloaded and restarts its TTL afterwards.

#include "http/origin.h"
#include "protocol/apierror.h"
#include "record/trigger.h"

#include <QPointer>

namespace sy::pool {

class ModelPool;

class Lease {
public:
    Lease() = default;
    Lease(ModelPool *pool, QString modelId, quint64 generation, http::Origin origin);
    Lease(Lease &&other) noexcept;
    Lease &operator=(Lease &&other) noexcept;
    Lease(const Lease &) = delete;
    Lease &operator=(const Lease &) = delete;
    ~Lease() { release(); }

    void release();
    bool isValid() const { return !m_modelId.isEmpty(); }
    const http::Origin &origin() const { return m_origin; }
    const QString &modelId() const { return m_modelId; }

private:
    QPointer<ModelPool> m_pool;
    QString m_modelId;
    quint64 m_generation = 0;
    http::Origin m_origin;
};

struct LeaseResult {
    Lease lease;
    protocol::ApiError error; // when there is no lease
    record::Trigger trigger = record::Trigger::None; // why there is no lease
    int retryAfterS = 0;      // for 503s
    bool ok() const { return lease.isValid(); }
};

} // namespace sy::pool
