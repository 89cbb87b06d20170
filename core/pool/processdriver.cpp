#include "pool/processdriver.h"

#include "pool/modelpool.h"

namespace sy::pool {

DriverStatus ProcessDriver::status(const QString &id) const
{
    const ModelInstance *instance = m_pool.instance(id);
    if (!instance)
        return {};
    const bool warm = instance->state() == ModelState::Hot || instance->state() == ModelState::Busy;
    return {warm, instance->inFlight() + m_pool.queued(id), true};
}

void ProcessDriver::load(const QString &id, int, Done done)
{
    QString error;
    done(m_pool.load(id, &error) ? QString() : error);
}

void ProcessDriver::unload(const QString &id, Done done)
{
    QString error;
    done(m_pool.unload(id, &error) ? QString() : error);
}

void ProcessDriver::setPinned(const QString &id, bool pinned, int, Done done)
{
    QString error;
    done(m_pool.setPinned(id, pinned, &error) ? QString() : error);
}

} // namespace sy::pool
