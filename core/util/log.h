#pragma once
// Logging for the core: one named spdlog logger per module ("http", "proxy", "pool", ...),
// all sharing the same sinks (stderr, rotating file, in-memory ring for the GUI / API).
// Include this only from .cpp files: it pulls in spdlog and fmt.

#include <QByteArray>
#include <QString>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

template<>
struct fmt::formatter<QString> : fmt::formatter<std::string_view> {
    auto format(const QString &s, fmt::format_context &ctx) const {
        const QByteArray utf8 = s.toUtf8();
        return fmt::formatter<std::string_view>::format(std::string_view(utf8.constData(), utf8.size()), ctx);
    }
};

template<>
struct fmt::formatter<QByteArray> : fmt::formatter<std::string_view> {
    auto format(const QByteArray &s, fmt::format_context &ctx) const {
        return fmt::formatter<std::string_view>::format(std::string_view(s.constData(), s.size()), ctx);
    }
};

namespace sy::log {

struct Options {
    spdlog::level::level_enum level = spdlog::level::info;
    QString filePath;        // empty = no file sink
    bool toStderr = true;
};

struct Line {
    qint64 timeMs = 0;
    QString level;
    QString module;
    QString message;
};

std::optional<spdlog::level::level_enum> parseLevel(const QString &name);

// Configures the shared sinks; loggers created before are re-pointed at them.
void init(const Options &options);

// The logger of one module; created on first use.
std::shared_ptr<spdlog::logger> get(const char *module);

// Called with every line, on the logging thread (not the caller's). Returns a handle for
// removeListener, after which the listener is never called again.
using Listener = std::function<void(const Line &)>;
int addListener(Listener listener);
void removeListener(int handle);

// The most recent lines (oldest first), at most `max`.
std::vector<Line> recent(std::size_t max);

// Flushes and stops the background writer (call once, at exit).
void shutdown();

} // namespace sy::log
