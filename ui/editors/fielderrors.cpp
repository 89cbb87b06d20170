#include "editors/fielderrors.h"

#include <QLabel>
#include <QWidget>

namespace sy::ui {
namespace {

// Whether `path` is `prefix` or continues it with "." or "[".
bool under(const QString &path, const QString &prefix)
{
    return path == prefix || (path.startsWith(prefix) && (path.at(prefix.size()) == QLatin1Char('.') || path.at(prefix.size()) == QLatin1Char('[')));
}

// A red tint of the field's own background (a style sheet would drop the native look).
void markInvalid(QWidget *widget, bool invalid)
{
    if (!invalid) {
        widget->setPalette(QPalette());
        return;
    }
    QPalette palette = widget->palette();
    const QColor base = palette.color(QPalette::Base);
    const QColor red(200, 50, 50);
    palette.setColor(QPalette::Base, QColor((base.red() * 3 + red.red()) / 4, (base.green() * 3 + red.green()) / 4, (base.blue() * 3 + red.blue()) / 4));
    widget->setPalette(palette);
}

} // namespace

QLabel *errorLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #c83232;"));
    label->hide();
    return label;
}

void FieldErrors::add(const QString &path, QWidget *field, QLabel *label)
{
    m_fields.push_back({path, field, label});
}

void FieldErrors::clearFields()
{
    m_fields.clear();
}

QList<ConfigIssue> FieldErrors::forSections(const QList<ConfigIssue> &issues, const QStringList &sections)
{
    QList<ConfigIssue> out;
    for (const ConfigIssue &issue : issues) {
        for (const QString &section : sections) {
            if (under(issue.path, section)) {
                out << issue;
                break;
            }
        }
    }
    return out;
}

void FieldErrors::show(const QList<ConfigIssue> &issues)
{
    QStringList general;
    for (Field &f : m_fields) {
        if (f.label) {
            f.label->clear();
            f.label->hide();
        }
        if (f.widget)
            markInvalid(f.widget, false);
    }
    for (const ConfigIssue &issue : issues) {
        Field *best = nullptr;
        for (Field &f : m_fields) {
            if (under(issue.path, f.path) && (!best || f.path.size() > best->path.size()))
                best = &f;
        }
        if (!best || !best->label) {
            general << issue.path + QStringLiteral(": ") + issue.message;
            continue;
        }
        const QString line = issue.path == best->path ? issue.message : issue.path + QStringLiteral(": ") + issue.message;
        best->label->setText(best->label->text().isEmpty() ? line : best->label->text() + QLatin1Char('\n') + line);
        best->label->show();
        if (best->widget)
            markInvalid(best->widget, true);
    }
    if (m_general) {
        m_general->setText(general.join(QLatin1Char('\n')));
        m_general->setVisible(!general.isEmpty());
    }
}

} // namespace sy::ui
