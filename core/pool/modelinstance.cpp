#include "pool/modelinstance.h"

#include <cmath>

#include "http/upstreampool.h"
#include "pool/failureexcerpt.h"
#include "pool/portallocator.h"
#include "util/clock.h"
#include "util/log.h"

#include <QDateTime>
#include <QRegularExpression>

namespace sy::pool {
namespace {

auto &lg()
{
    static auto l = sy::log::get("pool");
    return *l;
}

constexpr qint64 kMaxBackoffMs = 60'000;
constexpr qint64 kStableRunMs = 60'000; // running this long ends a series of failures
constexpr int kLogLinesInErrors = 8;
constexpr std::size_t kLogLinesSearched = 500; // for the lines that name the problem

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

http::Origin loopbackOrigin(quint16 port)
{
    return *http::Origin::fromUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
}

// The command line for the log, without the values of options and variables that name a key,
// token, secret or password ("--api-key sk-...", "--hf-token=...", "API_KEY=..." inside
// `sh -c`): the log is shown in the window and the API.
QString loggableCommand(const QStringList &argv)
{
    // A value is the next word unless that is another option ("--skip-tokenizer-init --port").
    static const QRegularExpression option(
        QStringLiteral(R"((?:^|(?<=\s))(-{1,2}[\w-]*(?:key|token(?!s\b|iz)|secret|passw|auth)[\w-]*)(=|\s+)("[^"]*"?|'[^']*'?|[^\s-]\S*))"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression variable(QStringLiteral(R"(\b(\w*(?:key|token|secret|passw|auth)\w*)=("[^"]*"?|'[^']*'?|\S+))"),
                                             QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression bearer(QStringLiteral(R"(\b(Bearer|Basic)\s+[^\s"']+)"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression userInfo(QStringLiteral(R"((://)[^/@\s]+@)"));
    QString text = argv.join(QLatin1Char(' '));
    text.replace(option, QStringLiteral("\\1\\2[redacted]"));
    text.replace(variable, QStringLiteral("\\1=[redacted]"));
    text.replace(bearer, QStringLiteral("\\1 [redacted]"));
    text.replace(userInfo, QStringLiteral("\\1[redacted]@"));
    return text;
}

} // namespace

ModelInstance::ModelInstance(const config::ModelConfig &model, const config::PoolConfig &pool, InstanceContext context,
                             QObject *parent)
    : QObject(parent),
      m_config(model),
      m_poolConfig(pool),
      m_context(context),
      m_health(*context.upstreams, [this] { onHealthy(); }),
      m_ttl([this] {
          if (isIdle() && !m_pinned)
              unload(QStringLiteral("idle for %1 s (ttl)").arg(ttlS()));
      }),
      m_loadTimeout([this] { onLoadTimeout(); }),
      m_pinned(model.pinned)
{
    m_process.setReaper(m_context.reaper);
    connect(&m_process, &ChildProcess::exited, this, &ModelInstance::onExited);
}

ModelInstance::~ModelInstance()
{
    if (m_port)
        m_context.ports->release(m_port);
}

void ModelInstance::reconfigure(const config::ModelConfig &model, const config::PoolConfig &pool)
{
    const bool pinChanged = model.pinned != m_config.pinned;
    m_config = model;
    m_poolConfig = pool;
    if (pinChanged)
        m_pinned = model.pinned;
    if (isIdle())
        armTtl();
    Q_EMIT changed();
}

bool ModelInstance::isRunning() const
{
    return m_state == ModelState::Starting || m_state == ModelState::Hot || m_state == ModelState::Busy ||
           m_state == ModelState::Unloading;
}

bool ModelInstance::canAdmit() const
{
    if (m_state != ModelState::Hot && m_state != ModelState::Busy)
        return false;
    return m_config.maxConcurrent <= 0 || m_inFlight < m_config.maxConcurrent;
}

int ModelInstance::ttlS() const
{
    if (m_keepAliveS && *m_keepAliveS >= 0)
        return *m_keepAliveS;
    return m_config.ttlS.value_or(m_poolConfig.defaultTtlS);
}

void ModelInstance::setKeepAlive(double seconds)
{
    constexpr double kLongest = 7 * 24 * 3600; // as a configured ttlS; also keeps the int conversion defined
    m_keepAliveS = seconds < 0 ? 0 : seconds == 0 ? -1 : int(std::ceil(std::min(seconds, kLongest)));
    armTtl();
    Q_EMIT changed();
}

qint64 ModelInstance::backoffRemainingMs() const
{
    if (m_consecutiveFailures == 0)
        return 0;
    const qint64 backoff = std::min<qint64>(kMaxBackoffMs, 1000ll << std::min(m_consecutiveFailures - 1, 6));
    return std::max<qint64>(0, m_failedAtMs + backoff - nowMs());
}

qint64 ModelInstance::expectedBytes() const
{
    if (isRunning() && m_rssBytes > 0)
        return std::max(m_rssBytes, m_config.memoryMiB.value_or(0) * qint64(1024 * 1024));
    if (m_config.memoryMiB)
        return *m_config.memoryMiB * qint64(1024 * 1024);
    return m_peakRssBytes;
}

void ModelInstance::setMeasuredMemory(qint64 rssBytes, std::optional<qint64> gpuBytes)
{
    m_rssBytes = rssBytes;
    m_gpuBytes = gpuBytes;
    m_peakRssBytes = std::max(m_peakRssBytes, rssBytes);
}

void ModelInstance::setPinned(bool pinned)
{
    if (pinned == m_pinned)
        return;
    m_pinned = pinned;
    if (pinned)
        m_ttl.disarm();
    else if (isIdle())
        armTtl();
    Q_EMIT changed();
}

QStringList ModelInstance::commandLine() const
{
    QStringList argv;
    for (QString arg : m_config.launch->command) {
        arg.replace(QLatin1String("${PORT}"), QString::number(m_port));
        arg.replace(QLatin1String("${MODEL}"), m_config.upstreamModel);
        arg.replace(QLatin1String("${HOST}"), QStringLiteral("127.0.0.1"));
        argv << arg;
    }
    return argv;
}

void ModelInstance::load()
{
    if (isRunning() || !m_config.launch)
        return;
    m_port = m_context.ports->acquire();
    if (m_port == 0) {
        fail(QStringLiteral("no free port in pool.portRange %1-%2").arg(m_poolConfig.portFrom).arg(m_poolConfig.portTo), true, true);
        return;
    }
    const QStringList argv = commandLine();
    m_process.logs().setNoiseFilter(
        [healthPath = m_config.launch->healthPath](QStringView line) { return isHealthPollLine(line, healthPath); });
    QString error;
    const QStringList withheld = m_context.withheldEnvironment ? *m_context.withheldEnvironment : QStringList();
    if (!m_process.start(argv, m_config.launch->env, withheld, m_config.launch->workingDir, &error)) {
        fail(error, true, true);
        return;
    }
    ++m_loads;
    m_loadStartedMs = nowMs();
    lg().info("loading {} on port {} (pid {}): {}", m_config.id, m_port, m_process.pid(), loggableCommand(argv));
    m_lastError.clear();
    m_rssBytes = 0;
    m_gpuBytes.reset();
    setState(ModelState::Starting);
    m_loadTimeout.arm(*m_context.deadlines, std::chrono::seconds(m_config.launch->loadTimeoutS));
    m_health.start(loopbackOrigin(m_port), m_config.launch->healthPath.toUtf8());
}

void ModelInstance::onHealthy()
{
    if (m_state != ModelState::Starting)
        return;
    m_loadTimeout.disarm();
    m_loadedAtMs = nowMs();
    m_lastUsedMs = m_loadedAtMs;
    m_lastUsedNs = clock::nowNs();
    lg().info("{} is ready on port {}", m_config.id, m_port);
    setState(ModelState::Hot);
    armTtl();
    Q_EMIT ready();
}

void ModelInstance::onLoadTimeout()
{
    if (m_state != ModelState::Starting)
        return;
    fail(QStringLiteral("did not become healthy within %1 s (last health check: %2)")
             .arg(m_config.launch->loadTimeoutS)
             .arg(m_health.lastObservation()),
         true);
    m_process.kill();
}

void ModelInstance::unload(const QString &reason)
{
    if (m_state == ModelState::Unloading || !isRunning())
        return;
    lg().info("unloading {}: {}", m_config.id, reason);
    m_unloadReason = reason;
    m_keepAliveS.reset(); // a client's keep_alive lasts until the model unloads
    m_health.stop();
    m_loadTimeout.disarm();
    m_ttl.disarm();
    setState(ModelState::Unloading);
    m_process.stop(std::chrono::seconds(5));
}

void ModelInstance::stopForShutdown(std::chrono::milliseconds grace)
{
    m_health.stop();
    m_loadTimeout.disarm();
    m_ttl.disarm();
    if (m_process.isRunning()) {
        setState(ModelState::Unloading);
        m_process.stop(grace);
    }
}

bool ModelInstance::checkAlive()
{
    if (!isRunning() || m_state == ModelState::Unloading || !m_process.hasDied())
        return true;
    fail(QStringLiteral("exited unexpectedly"), m_state == ModelState::Starting);
    Q_EMIT stopped();
    return false;
}

void ModelInstance::onExited(int exitCode, bool crashed, bool expected)
{
    m_health.stop();
    m_loadTimeout.disarm();
    m_ttl.disarm();
    m_context.upstreams->closeIdle(loopbackOrigin(m_port));
    m_context.ports->release(m_port);
    m_rssBytes = 0;
    m_gpuBytes.reset();
    if (m_state == ModelState::Failed) { // killed after a load timeout: already reported, and stays failed
        m_port = 0;
        Q_EMIT stopped();
        return;
    }
    if (expected || m_state == ModelState::Unloading) {
        lg().info("{} stopped", m_config.id);
        if (m_loadedAtMs >= m_loadStartedMs && m_loadedAtMs > 0)
            m_consecutiveFailures = 0; // it ran and stopped cleanly: a series of failures is over
        m_port = 0;
        setState(ModelState::Cold);
        Q_EMIT stopped();
        return;
    }
    const QString how = crashed ? QStringLiteral("crashed") : QStringLiteral("exited with code %1").arg(exitCode);
    const bool whileLoading = m_state == ModelState::Starting;
    fail(whileLoading ? QStringLiteral("%1 while loading").arg(how) : QStringLiteral("%1 unexpectedly").arg(how), whileLoading);
    m_port = 0;
    Q_EMIT stopped();
}

void ModelInstance::fail(const QString &message, bool loading, bool noProcess)
{
    const LogRing &logs = m_process.logs();
    const QString said = noProcess ? QString() : failureExcerpt(logs.currentRun(kLogLinesSearched), kLogLinesInErrors, logs.noiseInRun());
    m_lastError = said.isEmpty() ? message : message + QStringLiteral("; last output:\n") + said;
    lg().warn("{} failed: {}", m_config.id, message);
    m_health.stop();
    m_loadTimeout.disarm();
    // The back-off starts afresh only for a model that ran a while: one that dies soon after
    // each start (restart "always") was started again every second, for ever.
    const bool ranAWhile = (m_state == ModelState::Hot || m_state == ModelState::Busy) && nowMs() - m_loadedAtMs >= kStableRunMs;
    if (ranAWhile)
        m_consecutiveFailures = 0;
    ++m_consecutiveFailures;
    ++m_restarts;
    m_failedAtMs = nowMs();
    setState(ModelState::Failed);
    if (m_port && !m_process.isRunning()) {
        m_context.ports->release(m_port);
        m_port = 0;
    }
    if (loading) // also from Failed: a model that failed before and cannot even start now
        Q_EMIT loadFailed();
}

void ModelInstance::admit()
{
    ++m_inFlight;
    m_ttl.disarm();
    if (m_state == ModelState::Hot)
        setState(ModelState::Busy);
}

void ModelInstance::release()
{
    if (m_inFlight > 0)
        --m_inFlight;
    m_lastUsedMs = nowMs();
    m_lastUsedNs = clock::nowNs();
    if (m_inFlight == 0) {
        if (m_state == ModelState::Busy)
            setState(ModelState::Hot);
        armTtl();
        Q_EMIT idle();
    }
}

void ModelInstance::armTtl()
{
    if (m_keepAliveS == -1 && m_state == ModelState::Hot && m_inFlight == 0 && !m_pinned) {
        unload(QStringLiteral("keep_alive 0: unloaded when idle"));
        return;
    }
    if (m_state != ModelState::Hot || m_inFlight > 0 || m_pinned || ttlS() <= 0) {
        m_ttl.disarm();
        return;
    }
    m_ttl.arm(*m_context.deadlines, std::chrono::seconds(ttlS()));
}

void ModelInstance::setState(ModelState state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT changed();
}

} // namespace sy::pool
