#include "widgets/modelstatuspanel.h"

#include "client/corelink.h"
#include "models/coremessages.h"
#include "models/modeltablemodel.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace sy::ui {
namespace {

constexpr int kProgressLines = 4;

} // namespace

ModelStatusPanel::ModelStatusPanel(CoreLink *link, QWidget *parent)
    : QFrame(parent), m_link(link), m_title(new QLabel(this)), m_details(new QLabel(this)),
      m_logs(new QPushButton(tr("Show logs"), this)), m_act(new QPushButton(this))
{
    setFrameShape(QFrame::StyledPanel);
    setObjectName(QStringLiteral("modelStatusPanel"));
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    connect(m_logs, &QPushButton::clicked, this, [this] { Q_EMIT showLogsRequested(m_id); });
    connect(m_act, &QPushButton::clicked, this, [this] {
        if (m_starting)
            m_link->unloadModel(m_id);
        else
            m_link->loadModel(m_id);
    });
    m_poll.setInterval(1000);
    connect(&m_poll, &QTimer::timeout, this, &ModelStatusPanel::pollOutput);

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_logs);
    buttons->addWidget(m_act);
    buttons->addStretch(1);
    auto *text = new QVBoxLayout;
    text->addWidget(m_title);
    text->addWidget(m_details);
    text->addStretch(1);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(text, 1);
    layout->addLayout(buttons);
    hide();
}

bool ModelStatusPanel::wants(const QJsonObject &model)
{
    const QString state = model.value(QLatin1String("state")).toString();
    if (state == QLatin1String("starting"))
        return model.value(QLatin1String("loadingS")).isDouble();
    return !model.value(QLatin1String("lastError")).toString().isEmpty() &&
           (state == QLatin1String("failed") || state == QLatin1String("cold") || state == QLatin1String("unreachable"));
}

bool ModelStatusPanel::showModel(const QJsonObject &model, int loadingS)
{
    const bool starting = model.value(QLatin1String("state")).toString() == QLatin1String("starting");
    if (!wants(model)) {
        m_id.clear();
        m_starting = false;
        m_poll.stop();
        hide();
        return false;
    }
    const QString id = model.value(QLatin1String("id")).toString();
    if (id != m_id || starting != m_starting)
        m_details->clear();
    m_id = id;
    m_starting = starting;
    m_act->setEnabled(ModelTableModel::isControllable(model));
    show(); // before the first poll, which asks only while the panel is visible
    if (starting)
        showProgress(model, loadingS >= 0 ? loadingS : model.value(QLatin1String("loadingS")).toInt());
    else
        showFailure(model);
    return true;
}

void ModelStatusPanel::showFailure(const QJsonObject &model)
{
    m_poll.stop();
    if (m_look != Look::Failure) {
        m_look = Look::Failure;
        setStyleSheet(QStringLiteral("#modelStatusPanel { border: 1px solid #c83232; border-radius: 4px; }"));
        m_act->setText(tr("Load again"));
    }
    const QString error = model.value(QLatin1String("lastError")).toString();
    // The core writes "<cause>; last output:\n<lines>": the cause as the title, the lines below.
    const qsizetype split = error.indexOf(QLatin1String("; last output:\n"));
    const QString cause = localizedFailureCause(split < 0 ? error : error.left(split));
    const QString output = split < 0 ? QString() : error.mid(split + 15);
    const QString title = model.value(QLatin1String("state")).toString() == QLatin1String("failed") ? tr("%1 failed: %2") : tr("%1 failed last time: %2");
    m_title->setText(title.arg(m_id, cause));
    m_details->setText(output);
    m_details->setVisible(!output.isEmpty());
}

void ModelStatusPanel::showProgress(const QJsonObject &model, int loading)
{
    if (m_look != Look::Progress) {
        m_look = Look::Progress;
        setStyleSheet(QStringLiteral("#modelStatusPanel { border: 1px solid #d98c1a; border-radius: 4px; }"));
        m_act->setText(tr("Cancel"));
    }
    m_loadTimeoutS = model.value(QLatin1String("loadTimeoutS")).toInt();
    m_title->setText(m_loadTimeoutS > 0 ? tr("%1 is loading: %2 (gives up after %3)").arg(m_id, ModelTableModel::duration(loading), ModelTableModel::duration(m_loadTimeoutS))
                                        : tr("%1 is loading: %2").arg(m_id, ModelTableModel::duration(loading)));
    m_details->setVisible(!m_details->text().isEmpty());
    if (!m_poll.isActive()) {
        m_poll.start();
        pollOutput();
    }
}

void ModelStatusPanel::pollOutput()
{
    if (!m_starting || !isVisible()) {
        m_poll.stop();
        return;
    }
    const QString id = m_id;
    m_link->get(CoreLink::modelLogsPath(id, kProgressLines),
                [this, id](const RestReply &r) {
                    if (!r.ok() || id != m_id || !m_starting)
                        return;
                    QStringList lines;
                    for (const QJsonValue &line : r.body.value(QLatin1String("lines")).toArray())
                        lines << line.toString();
                    m_details->setText(lines.join(QLatin1Char('\n')));
                    m_details->setVisible(!lines.isEmpty());
                });
}

QString ModelStatusPanel::text() const
{
    return m_id.isEmpty() ? QString() : m_title->text() + QLatin1Char('\n') + m_details->text();
}

} // namespace sy::ui
