#pragma once
// The launch driver for models Switchyard starts itself (a managed backend's models): the
// pool's scheduler does the loading, queueing and eviction; this presents it as a driver.

#include "pool/launchdriver.h"

namespace sy::pool {

class ModelPool;

class ProcessDriver final : public LaunchDriver {
public:
    explicit ProcessDriver(ModelPool &pool) : m_pool(pool) {}

    DriverStatus status(const QString &id) const override;
    void load(const QString &id, int ttlS, Done done) override;
    void unload(const QString &id, Done done) override;
    void setPinned(const QString &id, bool pinned, int ttlS, Done done) override;

private:
    ModelPool &m_pool;
};

} // namespace sy::pool
