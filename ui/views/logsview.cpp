#include "views/logsview.h"

#include "client/corelink.h"
#include "models/modeltablemodel.h"

#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QUrl>
#include <QVBoxLayout>

namespace sy::ui {
namespace {

constexpr std::size_t kMaxLines = 5000;
const QStringList kLevels = {QStringLiteral("trace"), QStringLiteral("debug"), QStringLiteral("info"),
                             QStringLiteral("warning"), QStringLiteral("error"), QStringLiteral("critical")};

int levelRank(const QString &level)
{
    const QString l = level == QLatin1String("warn") ? QStringLiteral("warning") : level;
    return int(kLevels.indexOf(l));
}

} // namespace

LogsView::LogsView(CoreLink *link, ModelTableModel *models, QWidget *parent)
    : QWidget(parent), m_link(link), m_models(models), m_source(new QComboBox(this)), m_level(new QComboBox(this)),
      m_filter(new QLineEdit(this)), m_refresh(new QPushButton(tr("Refresh"), this)), m_text(new QPlainTextEdit(this))
{
    m_level->addItem(tr("All levels"), 0);
    m_level->addItem(tr("Info and above"), 2);
    m_level->addItem(tr("Warnings and errors"), 3);
    m_level->addItem(tr("Errors only"), 4);
    m_level->setCurrentIndex(1);
    m_filter->setPlaceholderText(tr("Filter text…"));
    m_filter->setClearButtonEnabled(true);
    m_text->setReadOnly(true);
    m_text->setMaximumBlockCount(int(kMaxLines));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Source:"), this));
    bar->addWidget(m_source, 1);
    bar->addWidget(m_level);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_refresh);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_text, 1);

    refillSources();
    connect(m_models, &QAbstractItemModel::modelReset, this, &LogsView::refillSources);
    connect(m_source, &QComboBox::currentIndexChanged, this, &LogsView::reload);
    connect(m_level, &QComboBox::currentIndexChanged, this, &LogsView::render);
    connect(m_filter, &QLineEdit::textChanged, this, &LogsView::render);
    connect(m_refresh, &QPushButton::clicked, this, &LogsView::reload);
    connect(m_link, &CoreLink::logLines, this, &LogsView::addLines);
}

void LogsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_subscribed) { // live core lines from now on, the recent ones read once
        m_subscribed = true;
        m_link->subscribe({QStringLiteral("logs")});
        reload();
    }
}

void LogsView::refillSources()
{
    const QString current = m_source->currentData().toString();
    QSignalBlocker block(m_source);
    m_source->clear();
    m_source->addItem(tr("Switchyard"), QString());
    for (int row = 0; row < m_models->rowCount(); ++row) {
        const QJsonObject m = m_models->model(row);
        if (m.value(QLatin1String("kind")) == QLatin1String("managed"))
            m_source->addItem(tr("Model server: %1").arg(m.value(QLatin1String("id")).toString()), m.value(QLatin1String("id")).toString());
    }
    const int index = m_source->findData(current);
    m_source->setCurrentIndex(index < 0 ? 0 : index);
}

void LogsView::showSource(const QString &modelId)
{
    const int index = m_source->findData(modelId);
    if (index >= 0)
        m_source->setCurrentIndex(index);
}

void LogsView::reload()
{
    const QString model = m_source->currentData().toString();
    m_level->setEnabled(model.isEmpty()); // a model server's output has no levels
    if (model.isEmpty()) {
        m_link->get(QStringLiteral("/api/v1/logs?lines=1000"), [this](const RestReply &r) {
            if (!r.ok())
                return;
            m_coreLines.clear();
            for (const QJsonValue &line : r.body.value(QLatin1String("lines")).toArray())
                m_coreLines.push_back(line.toObject());
            render();
        });
    } else {
        m_link->get(QStringLiteral("/api/v1/models/%1/logs?lines=1000").arg(QString::fromLatin1(QUrl::toPercentEncoding(model))), [this, model](const RestReply &r) {
            if (m_source->currentData().toString() != model)
                return;
            m_modelLines.clear();
            for (const QJsonValue &line : r.body.value(QLatin1String("lines")).toArray())
                m_modelLines << line.toString();
            if (!r.ok())
                m_modelLines << r.message();
            render();
        });
    }
}

void LogsView::addLines(const QJsonArray &lines)
{
    const bool showing = m_source->currentData().toString().isEmpty();
    QStringList fresh;
    for (const QJsonValue &v : lines) {
        const QJsonObject line = v.toObject();
        m_coreLines.push_back(line);
        if (m_coreLines.size() > kMaxLines)
            m_coreLines.pop_front();
        if (showing && passes(line))
            fresh << format(line);
    }
    if (showing && !fresh.isEmpty()) {
        QScrollBar *bar = m_text->verticalScrollBar();
        const bool atEnd = bar->value() == bar->maximum();
        m_text->appendPlainText(fresh.join(QLatin1Char('\n')));
        if (atEnd)
            bar->setValue(bar->maximum()); // follow the end unless the reader scrolled up
    }
}

bool LogsView::passes(const QJsonObject &line) const
{
    if (levelRank(line.value(QLatin1String("level")).toString()) < m_level->currentData().toInt())
        return false;
    const QString filter = m_filter->text();
    return filter.isEmpty() || line.value(QLatin1String("message")).toString().contains(filter, Qt::CaseInsensitive) ||
           line.value(QLatin1String("module")).toString().contains(filter, Qt::CaseInsensitive);
}

QString LogsView::format(const QJsonObject &line) const
{
    return QStringLiteral("%1 %2 [%3] %4")
        .arg(QDateTime::fromMSecsSinceEpoch(qint64(line.value(QLatin1String("timeMs")).toDouble())).toString(QStringLiteral("HH:mm:ss.zzz")),
             line.value(QLatin1String("level")).toString().leftJustified(7), line.value(QLatin1String("module")).toString(),
             line.value(QLatin1String("message")).toString());
}

void LogsView::render()
{
    QStringList out;
    if (m_source->currentData().toString().isEmpty()) {
        for (const QJsonObject &line : m_coreLines) {
            if (passes(line))
                out << format(line);
        }
    } else {
        const QString filter = m_filter->text();
        for (const QString &line : m_modelLines) {
            if (filter.isEmpty() || line.contains(filter, Qt::CaseInsensitive))
                out << line;
        }
        if (m_modelLines.isEmpty())
            out << tr("(no output yet: the model has not been started)");
    }
    m_text->setPlainText(out.join(QLatin1Char('\n')));
    m_text->verticalScrollBar()->setValue(m_text->verticalScrollBar()->maximum());
}

} // namespace sy::ui
