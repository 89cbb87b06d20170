#include "models/coremessages.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace sy::ui {
namespace {

// "crashed" / "exited with code 3"
QString how(const QString &english)
{
    static const QRegularExpression exited(QStringLiteral("^exited with code (-?\\d+)$"));
    if (english == QLatin1String("crashed"))
        return QCoreApplication::translate("CoreMessages", "crashed");
    const QRegularExpressionMatch m = exited.match(english);
    return m.hasMatch() ? QCoreApplication::translate("CoreMessages", "exited with code %1").arg(m.captured(1)) : english;
}

} // namespace

QString localizedFailureCause(const QString &cause)
{
    struct Form {
        QRegularExpression pattern;
        QString (*build)(const QRegularExpressionMatch &);
    };
    static const Form forms[] = {
        {QRegularExpression(QStringLiteral("^\"(.*)\" was not found in PATH$")),
         [](const QRegularExpressionMatch &m) { return QCoreApplication::translate("CoreMessages", "\"%1\" was not found in PATH").arg(m.captured(1)); }},
        {QRegularExpression(QStringLiteral("^\"(.*)\" is not an executable file$")),
         [](const QRegularExpressionMatch &m) { return QCoreApplication::translate("CoreMessages", "\"%1\" is not an executable file").arg(m.captured(1)); }},
        {QRegularExpression(QStringLiteral("^no free port in pool\\.portRange (\\d+)-(\\d+)$")),
         [](const QRegularExpressionMatch &m) { return QCoreApplication::translate("CoreMessages", "no free port in pool.portRange %1-%2").arg(m.captured(1), m.captured(2)); }},
        {QRegularExpression(QStringLiteral("^did not become healthy within (\\d+) s \\(last health check: (.*)\\)$"),
                            QRegularExpression::DotMatchesEverythingOption),
         [](const QRegularExpressionMatch &m) { return QCoreApplication::translate("CoreMessages", "did not become healthy within %1 s (last health check: %2)").arg(m.captured(1), m.captured(2)); }},
        {QRegularExpression(QStringLiteral("^exited unexpectedly$")), [](const QRegularExpressionMatch &) { return QCoreApplication::translate("CoreMessages", "exited unexpectedly"); }},
        {QRegularExpression(QStringLiteral("^(crashed|exited with code -?\\d+) while loading$")),
         [](const QRegularExpressionMatch &m) { return QCoreApplication::translate("CoreMessages", "%1 while loading").arg(how(m.captured(1))); }},
        {QRegularExpression(QStringLiteral("^(crashed|exited with code -?\\d+) unexpectedly$")),
         [](const QRegularExpressionMatch &m) { return QCoreApplication::translate("CoreMessages", "%1 unexpectedly").arg(how(m.captured(1))); }},
    };
    for (const Form &form : forms) {
        const QRegularExpressionMatch m = form.pattern.match(cause);
        if (m.hasMatch())
            return form.build(m);
    }
    return cause;
}

} // namespace sy::ui
