#include "views/logsview.h"

#include "client/corelink.h"
#include "models/modeltablemodel.h"
#include "widgets/loghighlighter.h"

#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QMessageBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
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
      m_filter(new QLineEdit(this)), m_refresh(new QPushButton(tr("Refresh"), this)), m_save(new QPushButton(tr("Save…"), this)),
      m_text(new QPlainTextEdit(this)), m_highlighter(new LogHighlighter(m_text->document()))
{
    m_follow.setInterval(1000);
    connect(&m_follow, &QTimer::timeout, this, &LogsView::followModel);
    m_save->setToolTip(tr("Save the lines shown to a file"));
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
    bar->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_text, 1);

    refillSources();
    connect(m_models, &QAbstractItemModel::modelReset, this, &LogsView::refillSources);
    connect(m_source, &QComboBox::currentIndexChanged, this, &LogsView::reload);
    connect(m_level, &QComboBox::currentIndexChanged, this, &LogsView::render);
    connect(m_filter, &QLineEdit::textChanged, this, &LogsView::render);
    connect(m_refresh, &QPushButton::clicked, this, &LogsView::reload);
    connect(m_save, &QPushButton::clicked, this, &LogsView::saveAs);
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
    if (!m_source->currentData().toString().isEmpty())
        m_follow.start();
}

void LogsView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_follow.stop(); // nobody reads it: no polling
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
    m_highlighter->setLevels(model.isEmpty());
    m_follow.stop();
    if (model.isEmpty()) {
        m_link->get(QStringLiteral("/api/v1/logs?lines=1000"), [this](const RestReply &r) {
            if (!r.ok())
                return;
            m_coreLines.clear();
            for (const QJsonValue &line : r.body.value(QLatin1String("lines")).toArray())
                m_coreLines.push_back(line.toObject());
            render();
        });
        return;
    }
    m_link->get(CoreLink::modelLogsPath(model, 1000, 0, true),
                [this, model](const RestReply &r) {
                    if (m_source->currentData().toString() != model)
                        return;
                    m_modelLines.clear();
                    for (const QJsonValue &line : r.body.value(QLatin1String("lines")).toArray())
                        m_modelLines << line.toString();
                    m_modelLast = r.body.value(QLatin1String("last")).toInteger();
                    if (!r.ok())
                        m_modelLines << r.message();
                    render();
                    if (r.ok() && isVisible())
                        m_follow.start();
                });
}

void LogsView::followModel()
{
    const QString model = m_source->currentData().toString();
    if (model.isEmpty())
        return;
    m_link->get(CoreLink::modelLogsPath(model, 1000, m_modelLast, true),
                [this, model](const RestReply &r) {
                    if (!r.ok() || m_source->currentData().toString() != model)
                        return;
                    const qint64 last = r.body.value(QLatin1String("last")).toInteger();
                    if (last <= m_modelLast)
                        return;
                    m_modelLast = last;
                    const bool wasEmpty = m_modelLines.isEmpty();
                    QStringList fresh;
                    const QString filter = m_filter->text();
                    for (const QJsonValue &v : r.body.value(QLatin1String("lines")).toArray()) {
                        m_modelLines << v.toString();
                        if (filter.isEmpty() || v.toString().contains(filter, Qt::CaseInsensitive))
                            fresh << v.toString();
                    }
                    while (m_modelLines.size() > qsizetype(kMaxLines))
                        m_modelLines.removeFirst();
                    if (wasEmpty)
                        render(); // replaces the "no output yet" line
                    else
                        appendShown(fresh);
                });
}

void LogsView::appendShown(const QStringList &lines)
{
    if (lines.isEmpty())
        return;
    QScrollBar *bar = m_text->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    m_text->appendPlainText(lines.join(QLatin1Char('\n')));
    if (atEnd)
        bar->setValue(bar->maximum()); // follow the end unless the reader scrolled up
}

bool LogsView::saveTo(const QString &path, QString *error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text) || file.write(m_text->toPlainText().toUtf8() + '\n') < 0) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void LogsView::saveAs()
{
    const QString model = m_source->currentData().toString();
    const QString name = QStringLiteral("%1-%2.log").arg(model.isEmpty() ? QStringLiteral("switchyard") : QString(model).replace(QLatin1Char('/'), QLatin1Char('_')),
                                                         QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save log"), name, tr("Log files (*.log *.txt);;All files (*)"));
    QString error;
    if (!path.isEmpty() && !saveTo(path, &error))
        QMessageBox::warning(this, tr("Save log"), tr("The log could not be saved: %1").arg(error));
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
    if (showing)
        appendShown(fresh);
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
