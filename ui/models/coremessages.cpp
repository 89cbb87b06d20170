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

QString localizedConfigIssue(const QString &form, const QStringList &args, const QString &message)
{
    if (form.isEmpty())
        return message;
    const QString translated = QCoreApplication::translate("ConfigMessages", form.toUtf8().constData());
    // The forms that name a JSON type end in ", not %1" ("must be a string, not a number");
    // that argument is translated too (context "ConfigTypes"), the others are the user's own
    // text and stay as written (a model may well be called "unknown").
    QStringList shown = args;
    if (form.endsWith(QLatin1String(", not %1")) && shown.size() == 1)
        shown[0] = QCoreApplication::translate("ConfigTypes", shown[0].toUtf8().constData());
    // QString::arg with several arguments fills them in one pass, so "%1" inside one stays.
    switch (shown.size()) {
    case 0: return translated;
    case 1: return translated.arg(shown[0]);
    case 2: return translated.arg(shown[0], shown[1]);
    case 3: return translated.arg(shown[0], shown[1], shown[2]);
    default: return message;
    }
}

QString localizedCoreError(const QString &code, const QString &message)
{
    static const QRegularExpression quotedName(QStringLiteral("^(?:no model )?\"(.*?)\""));
    const QString name = quotedName.match(message).captured(1);
    if (code == QLatin1String("model_not_found"))
        return QCoreApplication::translate("CoreMessages", "There is no model \"%1\".").arg(name);
    if (code == QLatin1String("not_managed"))
        return QCoreApplication::translate("CoreMessages", "\"%1\" is served by a remote service: Switchyard cannot load, unload or pin it.").arg(name);
    if (code == QLatin1String("load_refused"))
        return localizedFailureCause(message);
    if (code == QLatin1String("config_changed"))
        return QCoreApplication::translate("CoreMessages", "The config changed since the window read it. Revert to load the new one, then make the edit again.");
    if (code == QLatin1String("config_not_saved")) {
        static const QRegularExpression cannotSave(QStringLiteral("^cannot save (.*): (.*)$"), QRegularExpression::DotMatchesEverythingOption);
        if (const QRegularExpressionMatch m = cannotSave.match(message); m.hasMatch())
            return QCoreApplication::translate("CoreMessages", "The config could not be saved to %1: %2").arg(m.captured(1), m.captured(2));
    }
    return message;
}

} // namespace sy::ui
