#include "commands/context.h"

#include <QJsonDocument>
#include <cstdio>

namespace sy::app::commands {

Context::Context(const QCommandLineParser &args, LocateOptions where)
    : m_args(args), m_where(std::move(where)), m_json(args.isSet(QStringLiteral("json")))
{
}

Context::~Context() = default;

std::optional<int> Context::intOption(const QString &name, int min, int max, int fallback)
{
    if (!m_args.isSet(name))
        return fallback;
    bool ok = false;
    const int value = m_args.value(name).toInt(&ok);
    if (!ok || value < min || value > max) {
        const QString dashes = name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--");
        usage(QStringLiteral("%1%2 must be a number from %3 to %4 (is \"%5\")").arg(dashes, name).arg(min).arg(max).arg(m_args.value(name)));
        return std::nullopt;
    }
    return value;
}

CoreConnection &Context::core()
{
    if (!m_core)
        m_core = std::make_unique<CoreConnection>(locateCore(m_where));
    return *m_core;
}

void Context::print(const QString &text) const
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void Context::printJson(const QJsonObject &object) const
{
    print(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
}

ExitCode Context::fail(ExitCode code, const QString &message) const
{
    std::fprintf(stderr, "switchyard: %s\n", qPrintable(message));
    return code;
}

ExitCode Context::fail(const client::RestReply &reply)
{
    const Failure f = core().failure(reply);
    return fail(f.code, f.message);
}

} // namespace sy::app::commands
