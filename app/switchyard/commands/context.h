#pragma once
// What a command works with: its parsed arguments, the link to the running Switchyard
// (found on first use), and output in the chosen form (tables, or JSON with --json).

#include "commands/coreconnection.h"
#include "commands/exitcode.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <memory>
#include <optional>

namespace sy::app::commands {

class Context {
public:
    Context(const QCommandLineParser &args, LocateOptions where);
    ~Context();

    const QCommandLineParser &args() const { return m_args; }
    QStringList positional() const { return m_args.positionalArguments(); }
    bool json() const { return m_json; }
    // An integer option in [min, max]; nullopt after reporting a usage error.
    std::optional<int> intOption(const QString &name, int min, int max, int fallback);

    CoreConnection &core();

    // Writes and flushes at once (a follower's output shows as it comes).
    void print(const QString &text) const;
    void printJson(const QJsonObject &object) const; // one compact document a line
    // Reports on stderr ("switchyard: ...") and returns `code`.
    ExitCode fail(ExitCode code, const QString &message) const;
    ExitCode usage(const QString &message) const { return fail(ExitCode::Usage, message); }
    // A failed API call, reported with the exit status it stands for.
    ExitCode fail(const client::RestReply &reply);

private:
    const QCommandLineParser &m_args;
    LocateOptions m_where;
    bool m_json = false;
    std::unique_ptr<CoreConnection> m_core;
};

} // namespace sy::app::commands
