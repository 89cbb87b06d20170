#include "pool/healthprobe.h"

#include "http/upstreampool.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace sy::pool {

HealthProbe::HealthProbe(http::UpstreamPool &upstreams, std::function<void()> onHealthy)
    : m_upstreams(upstreams), m_onHealthy(std::move(onHealthy))
{
    m_timer.setSingleShot(true);
    QObject::connect(&m_timer, &QTimer::timeout, [this] { poll(); });
}

HealthProbe::~HealthProbe() = default;

void HealthProbe::start(const http::Origin &origin, const QByteArray &path)
{
    m_origin = origin;
    m_path = path;
    m_intervalMs = 25;
    m_running = true;
    m_lastObservation = QStringLiteral("no answer yet");
    m_timer.start(m_intervalMs);
}

void HealthProbe::stop()
{
    m_running = false;
    m_timer.stop();
    m_request.reset();
}

void HealthProbe::poll()
{
    http::UpstreamRequestSpec spec;
    spec.origin = m_origin;
    spec.method = "GET";
    spec.target = m_path;
    spec.timeouts.connect = std::chrono::milliseconds(1000);
    spec.timeouts.firstByte = std::chrono::milliseconds(2000);
    spec.timeouts.idle = std::chrono::milliseconds(2000);
    m_body.clear();
    m_request = m_upstreams.start(std::move(spec), this);
}

void HealthProbe::scheduleNext()
{
    if (!m_running)
        return;
    m_intervalMs = std::min(500, m_intervalMs * 3 / 2);
    m_timer.start(m_intervalMs);
}

void HealthProbe::onUpstreamHead() {}

void HealthProbe::onUpstreamBody()
{
    m_body += m_request->takeBody();
}

void HealthProbe::onUpstreamFinished()
{
    const int status = m_request->head().status;
    if (status == 200) {
        m_running = false;
        m_lastObservation = QStringLiteral("healthy");
        m_onHealthy(); // may destroy this probe's owner state: nothing after it
        return;
    }
    const QJsonValue error = QJsonDocument::fromJson(m_body).object().value(QLatin1String("error"));
    const QString detail = error.isObject() ? error.toObject().value(QLatin1String("message")).toString() : error.toString();
    m_lastObservation = QStringLiteral("%1 %2").arg(status).arg(detail).trimmed();
    scheduleNext();
}

void HealthProbe::onUpstreamFailed(const http::UpstreamError &error)
{
    m_lastObservation = error.message;
    scheduleNext();
}

} // namespace sy::pool
