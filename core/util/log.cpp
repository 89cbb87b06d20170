#include "util/log.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <spdlog/async.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <fcntl.h>
#include <map>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace sy::log {
namespace {

constexpr std::size_t kRingLines = 2000;
constexpr std::size_t kFileBytes = 5 * 1024 * 1024;
constexpr std::size_t kFileCount = 3;

// Hands each line to whoever listens (the live feed), from the logging thread.
class ListenerSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    int add(Listener listener)
    {
        std::lock_guard lock(mutex_);
        m_listeners.emplace(++m_next, std::move(listener));
        return m_next;
    }
    void remove(int handle)
    {
        std::lock_guard lock(mutex_); // after this, the listener is not called again
        m_listeners.erase(handle);
    }

protected:
    void sink_it_(const spdlog::details::log_msg &msg) override
    {
        if (m_listeners.empty())
            return;
        Line line;
        line.timeMs = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
        const auto level = spdlog::level::to_string_view(msg.level);
        line.level = QString::fromUtf8(level.data(), qsizetype(level.size()));
        line.module = QString::fromUtf8(msg.logger_name.data(), qsizetype(msg.logger_name.size()));
        line.message = QString::fromUtf8(msg.payload.data(), qsizetype(msg.payload.size()));
        for (const auto &[handle, listener] : m_listeners)
            listener(line);
    }
    void flush_() override {}

private:
    std::map<int, Listener> m_listeners;
    int m_next = 0;
};

struct State {
    std::mutex mutex;
    std::vector<spdlog::sink_ptr> sinks;
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> ring;
    std::shared_ptr<ListenerSink> listener = std::make_shared<ListenerSink>();
    spdlog::level::level_enum level = spdlog::level::info;
    bool threadPoolReady = false;
};

State &state()
{
    static State s;
    return s;
}

// Caller holds the mutex.
void ensureDefaults(State &s)
{
    if (!s.threadPoolReady) {
        // One background thread formats and writes, so the core thread never blocks on I/O.
        spdlog::init_thread_pool(8192, 1);
        s.threadPoolReady = true;
    }
    if (!s.ring) {
        s.ring = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(kRingLines);
        s.ring->set_pattern("%Y-%m-%dT%H:%M:%S.%e|%l|%n|%v");
        s.sinks = {std::make_shared<spdlog::sinks::stderr_color_sink_mt>(), s.ring, s.listener};
    }
}

std::shared_ptr<spdlog::logger> makeLogger(State &s, const std::string &name)
{
    auto logger = std::make_shared<spdlog::async_logger>(name, s.sinks.begin(), s.sinks.end(), spdlog::thread_pool(),
                                                         spdlog::async_overflow_policy::overrun_oldest);
    logger->set_level(s.level);
    logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(logger);
    return logger;
}

} // namespace

std::optional<spdlog::level::level_enum> parseLevel(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("trace")) return spdlog::level::trace;
    if (n == QLatin1String("debug")) return spdlog::level::debug;
    if (n == QLatin1String("info")) return spdlog::level::info;
    if (n == QLatin1String("warn") || n == QLatin1String("warning")) return spdlog::level::warn;
    if (n == QLatin1String("error")) return spdlog::level::err;
    if (n == QLatin1String("off")) return spdlog::level::off;
    return std::nullopt;
}

void init(const Options &options)
{
    State &s = state();
    std::lock_guard lock(s.mutex);
    ensureDefaults(s);
    s.level = options.level;
    s.sinks.clear();
    if (options.toStderr)
        s.sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    s.sinks.push_back(s.ring);
    s.sinks.push_back(s.listener);
    if (!options.filePath.isEmpty()) {
        QDir().mkpath(QFileInfo(options.filePath).absolutePath());
        // The log names requests and backends: readable by its owner only. (New files after
        // a rotation follow the process umask, which main() makes private.)
        const QByteArray native = QFile::encodeName(options.filePath);
        if (const int fd = ::open(native.constData(), O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0600); fd >= 0) {
            ::fchmod(fd, 0600);
            ::close(fd);
        }
        try {
            s.sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                options.filePath.toStdString(), kFileBytes, kFileCount));
        } catch (const spdlog::spdlog_ex &e) {
            fprintf(stderr, "switchyard: cannot open log file %s: %s\n", qPrintable(options.filePath), e.what());
        }
    }
    // Re-create registered loggers so they pick up the new sinks and level.
    std::vector<std::string> names;
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger> &l) { names.push_back(l->name()); });
    for (const std::string &name : names) {
        auto old = spdlog::get(name);
        old->sinks() = s.sinks;
        old->set_level(s.level);
    }
}

std::shared_ptr<spdlog::logger> get(const char *module)
{
    if (auto existing = spdlog::get(module))
        return existing;
    State &s = state();
    std::lock_guard lock(s.mutex);
    if (auto existing = spdlog::get(module))
        return existing;
    ensureDefaults(s);
    return makeLogger(s, module);
}

int addListener(Listener listener)
{
    State &s = state();
    std::lock_guard lock(s.mutex);
    return s.listener->add(std::move(listener));
}

void removeListener(int handle)
{
    State &s = state();
    std::lock_guard lock(s.mutex);
    s.listener->remove(handle);
}

std::vector<Line> recent(std::size_t max)
{
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> ring;
    {
        State &s = state();
        std::lock_guard lock(s.mutex);
        ring = s.ring;
    }
    std::vector<Line> lines;
    if (!ring)
        return lines;
    for (const std::string &formatted : ring->last_formatted(max)) {
        const QStringList parts = QString::fromStdString(formatted).split(QLatin1Char('|'));
        if (parts.size() < 4)
            continue;
        Line line;
        line.timeMs = QDateTime::fromString(parts[0], Qt::ISODateWithMs).toMSecsSinceEpoch();
        line.level = parts[1];
        line.module = parts[2];
        line.message = parts.mid(3).join(QLatin1Char('|')).trimmed();
        lines.push_back(std::move(line));
    }
    return lines;
}

void shutdown()
{
    spdlog::shutdown();
}

} // namespace sy::log
