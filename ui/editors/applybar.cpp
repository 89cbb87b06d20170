#include "editors/applybar.h"

#include "editors/configdocument.h"
#include "widgets/tracetree.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sy::ui {
namespace {

QString valueText(const QJsonValue &v)
{
    if (v.isString())
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    return v.isNull() || v.isUndefined() ? QStringLiteral("null") : jsonText(v);
}

} // namespace

QString describeDiff(const QJsonArray &diff)
{
    QStringList lines;
    for (const QJsonValue &v : diff) {
        const QJsonObject d = v.toObject();
        const QString change = d.value(QLatin1String("change")).toString();
        const QString path = d.value(QLatin1String("path")).toString();
        if (change == QLatin1String("added"))
            lines << ApplyBar::tr("+ %1 = %2").arg(path, valueText(d.value(QLatin1String("new"))));
        else if (change == QLatin1String("removed"))
            lines << ApplyBar::tr("- %1 (was %2)").arg(path, valueText(d.value(QLatin1String("old"))));
        else
            lines << ApplyBar::tr("~ %1: %2 → %3").arg(path, valueText(d.value(QLatin1String("old"))), valueText(d.value(QLatin1String("new"))));
    }
    return lines.join(QLatin1Char('\n'));
}

ApplyBar::ApplyBar(ConfigDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_status(new QLabel(this)), m_revert(new QPushButton(tr("Revert"), this)),
      m_apply(new QPushButton(tr("Apply…"), this))
{
    m_status->setWordWrap(true);
    m_apply->setDefault(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status, 1);
    layout->addWidget(m_revert);
    layout->addWidget(m_apply);
    connect(m_revert, &QPushButton::clicked, m_document, &ConfigDocument::revert);
    connect(m_apply, &QPushButton::clicked, this, &ApplyBar::apply);
    connect(m_document, &ConfigDocument::changed, this, &ApplyBar::updateState);
    connect(m_document, &ConfigDocument::loaded, this, &ApplyBar::updateState);
    connect(m_document, &ConfigDocument::externalChange, this, [this] {
        m_status->setText(tr("The config was changed elsewhere. Revert to see it, or apply yours over it."));
    });
    updateState();
}

void ApplyBar::updateState()
{
    const bool dirty = m_document->isDirty();
    m_apply->setEnabled(dirty);
    m_revert->setEnabled(dirty);
    if (dirty)
        m_note.clear();
    m_status->setText(!m_document->isLoaded() ? tr("Waiting for the config…")
                      : dirty                 ? tr("Changes not applied yet.")
                      : !m_note.isEmpty()     ? m_note
                                              : tr("This is the running config."));
}

void ApplyBar::apply()
{
    m_apply->setEnabled(false);
    m_status->setText(tr("Checking…"));
    m_document->preview([this](const QJsonArray &diff, const QList<ConfigIssue> &issues, const QString &message) {
        m_apply->setEnabled(m_document->isDirty());
        if (!issues.isEmpty() || !message.isEmpty()) {
            m_status->setText(issues.isEmpty() ? message : tr("Not applied: %n problem(s), shown next to the fields.", nullptr, int(issues.size())));
            return;
        }
        confirmAndApply(diff);
    });
}

QString ApplyBar::statusText() const
{
    return m_status->text();
}

void ApplyBar::confirmAndApply(const QJsonArray &diff)
{
    if (m_confirm) {
        QDialog dialog(this);
        dialog.setWindowTitle(tr("Apply these changes?"));
        auto *layout = new QVBoxLayout(&dialog);
        layout->addWidget(new QLabel(tr("The running config will change like this (at once, without a restart):"), &dialog));
        auto *text = new QPlainTextEdit(describeDiff(diff), &dialog);
        text->setReadOnly(true);
        text->setTabChangesFocus(true);
        text->setMinimumSize(520, 220);
        layout->addWidget(text);
        if (!m_document->warnings().isEmpty()) {
            auto *warnings = new QLabel(tr("It will be taken, but this will not work as it stands:") + QStringLiteral("\n• ") +
                                            m_document->warnings().join(QStringLiteral("\n• ")),
                                        &dialog);
            warnings->setWordWrap(true);
            warnings->setTextFormat(Qt::PlainText);
            warnings->setStyleSheet(QStringLiteral("color: #b8620a;"));
            layout->addWidget(warnings);
        }
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Apply | QDialogButtonBox::Cancel, &dialog);
        connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, &dialog, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        layout->addWidget(buttons);
        if (dialog.exec() != QDialog::Accepted) {
            updateState();
            return;
        }
    }
    m_status->setText(tr("Applying…"));
    m_document->apply([this, count = diff.size()](bool ok, const QList<ConfigIssue> &issues, const QString &message) {
        if (!ok) {
            m_status->setText(issues.isEmpty() ? message : tr("Not applied: %n problem(s), shown next to the fields.", nullptr, int(issues.size())));
            return;
        }
        m_note = tr("Applied %n change(s).", nullptr, int(count));
        if (!m_document->warnings().isEmpty())
            m_note += QLatin1Char(' ') + tr("Warning: %1").arg(m_document->warnings().join(QStringLiteral("; ")));
        updateState();
        Q_EMIT applied();
    });
}

} // namespace sy::ui
