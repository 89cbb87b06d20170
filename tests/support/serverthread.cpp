#include "serverthread.h"

namespace sy::test {

ServerThread::ServerThread(std::function<void(http::HttpServer &)> setup)
{
    m_thread.start();
    QObject context;
    context.moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        &context,
        [&] {
            m_server = new http::HttpServer;
            setup(*m_server);
            if (m_server->listen(QHostAddress::LocalHost, 0))
                m_port = m_server->serverPort();
        },
        Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(&context, [&context] { context.moveToThread(nullptr); }, Qt::BlockingQueuedConnection);
}

ServerThread::~ServerThread()
{
    http::HttpServer *server = m_server;
    QMetaObject::invokeMethod(server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void ServerThread::run(const std::function<void(http::HttpServer &)> &fn)
{
    QMetaObject::invokeMethod(m_server, [&] { fn(*m_server); }, Qt::BlockingQueuedConnection);
}

} // namespace sy::test
