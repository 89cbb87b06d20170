#include "corehost.h"

#include "util/epolldispatcher.h"

#include <QMetaObject>

namespace sy {

CoreHost::CoreHost(CoreOptions options) : m_options(std::move(options))
{
    m_thread.setObjectName(QStringLiteral("switchyard-core"));
}

CoreHost::~CoreHost()
{
    stop();
}

bool CoreHost::start(QString *error)
{
    // epoll instead of Qt's poll()-based dispatchers: their cost per iteration grows with
    // every open connection (see util/epolldispatcher.h).
    m_thread.setEventDispatcher(new EpollEventDispatcher);
    m_thread.start();
    QObject context;
    context.moveToThread(&m_thread);
    bool ok = false;
    QString message;
    QMetaObject::invokeMethod(
        &context,
        [&] {
            m_core = new Core(m_options);
            ok = m_core->start(&message);
            if (ok) {
                m_endpoint = m_core->endpoint();
                m_configPath = m_core->configPath();
                m_adminToken = m_core->adminToken();
            } else {
                delete m_core;
                m_core = nullptr;
            }
        },
        Qt::BlockingQueuedConnection);
    // `context` must not be destroyed from this thread while it lives on the core thread.
    QMetaObject::invokeMethod(&context, [&context] { context.moveToThread(nullptr); }, Qt::BlockingQueuedConnection);
    if (!ok) {
        *error = message;
        m_thread.quit();
        m_thread.wait();
    }
    return ok;
}

void CoreHost::stop()
{
    if (!m_thread.isRunning())
        return;
    if (Core *core = std::exchange(m_core, nullptr)) {
        QThread *thread = &m_thread;
        QMetaObject::invokeMethod(core, [core, thread] {
            core->shutdown([core, thread] {
                delete core;
                thread->quit();
            });
        });
    } else {
        m_thread.quit();
    }
    m_thread.wait();
}

} // namespace sy
