#include "widgets/failurepanel.h"

#include "models/modeltablemodel.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace sy::ui {

FailurePanel::FailurePanel(QWidget *parent)
    : QFrame(parent), m_title(new QLabel(this)), m_details(new QLabel(this)), m_logs(new QPushButton(tr("Show logs"), this)),
      m_retry(new QPushButton(tr("Load again"), this))
{
    setFrameShape(QFrame::StyledPanel);
    setObjectName(QStringLiteral("failurePanel"));
    setStyleSheet(QStringLiteral("#failurePanel { border: 1px solid #c83232; border-radius: 4px; }"));
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_details->setTextFormat(Qt::PlainText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    connect(m_logs, &QPushButton::clicked, this, [this] { Q_EMIT showLogsRequested(m_id); });
    connect(m_retry, &QPushButton::clicked, this, [this] { Q_EMIT retryRequested(m_id); });

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_logs);
    buttons->addWidget(m_retry);
    buttons->addStretch(1);
    auto *text = new QVBoxLayout;
    text->addWidget(m_title);
    text->addWidget(m_details);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(text, 1);
    layout->addLayout(buttons);
    hide();
}

bool FailurePanel::showModel(const QJsonObject &model)
{
    const QString error = model.value(QLatin1String("lastError")).toString();
    const QString state = model.value(QLatin1String("state")).toString();
    if (error.isEmpty() || (state != QLatin1String("failed") && state != QLatin1String("cold") && state != QLatin1String("unreachable"))) {
        m_id.clear();
        hide();
        return false;
    }
    m_id = model.value(QLatin1String("id")).toString();
    // The core writes "<cause>; last output:\n<lines>": the cause as the title, the lines below.
    const qsizetype split = error.indexOf(QLatin1String("; last output:\n"));
    const QString cause = split < 0 ? error : error.left(split);
    const QString output = split < 0 ? QString() : error.mid(split + 15);
    const QString title = state == QLatin1String("failed") ? tr("%1 failed: %2") : tr("%1 failed last time: %2");
    m_title->setText(title.arg(m_id, cause));
    m_details->setText(output);
    m_details->setVisible(!output.isEmpty());
    m_retry->setEnabled(ModelTableModel::isControllable(model));
    show();
    return true;
}

QString FailurePanel::text() const
{
    return m_id.isEmpty() ? QString() : m_title->text() + QLatin1Char('\n') + m_details->text();
}

} // namespace sy::ui
