#include "widgets/loghighlighter.h"

#include <QColor>
#include <QFont>
#include <QRegularExpression>

namespace sy::ui {
namespace {

constexpr int kLevelAt = 13; // after "HH:mm:ss.zzz "

} // namespace

LogHighlighter::LogHighlighter(QTextDocument *document) : QSyntaxHighlighter(document) {}

void LogHighlighter::setLevels(bool levels)
{
    if (levels == m_levels)
        return;
    m_levels = levels;
    rehighlight();
}

void LogHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression marker(QStringLiteral("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3} )?--- .* ---$"));
    if (marker.match(text).hasMatch()) {
        QTextCharFormat bold;
        bold.setFontWeight(QFont::Bold);
        setFormat(0, int(text.size()), bold);
        return;
    }
    if (!m_levels)
        return;
    const QStringView level = QStringView(text).mid(kLevelAt).left(8).trimmed();
    QTextCharFormat format;
    if (level == QLatin1String("error") || level == QLatin1String("critical")) {
        format.setForeground(QColor(0xc6, 0x28, 0x28));
        format.setFontWeight(QFont::DemiBold);
    } else if (level == QLatin1String("warning") || level == QLatin1String("warn")) {
        format.setForeground(QColor(0xb2, 0x6a, 0x00));
    } else if (level == QLatin1String("debug") || level == QLatin1String("trace")) {
        format.setForeground(QColor(0x80, 0x80, 0x80));
    } else {
        return;
    }
    setFormat(0, int(text.size()), format);
}

} // namespace sy::ui
