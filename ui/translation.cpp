#include "translation.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace sy::ui {

QString installTranslation(const QString &override)
{
    QString language = override;
    if (language.isEmpty())
        language = QSettings().value(QStringLiteral("ui/language")).toString();
    if (language.isEmpty())
        language = QLocale::system().name().section(QLatin1Char('_'), 0, 0);
    if (language == QLatin1String("en") || language == QLatin1String("C"))
        return QStringLiteral("en");

    auto *own = new QTranslator(QCoreApplication::instance());
    if (!own->load(QStringLiteral(":/i18n/switchyard_%1.qm").arg(language))) {
        delete own;
        return QStringLiteral("en"); // a language we do not have: the source strings
    }
    QCoreApplication::installTranslator(own);
    // Qt's own dialogs (buttons such as Cancel), where the system has them.
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    QLocale::setDefault(QLocale(language));
    return language;
}

} // namespace sy::ui
