#include "views/requestsview.h"

#include "client/corelink.h"
#include "models/requestfilter.h"
#include "models/requesttablemodel.h"
#include "widgets/tracetree.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace sy::ui {

RequestsView::RequestsView(CoreLink *link, RequestTableModel *requests, QWidget *parent)
    : QWidget(parent), m_link(link), m_requests(requests), m_filter(new RequestFilter(requests, this)), m_table(new QTableView(this)),
      m_summary(new QLabel(this)),
      m_attempts(makeDetailTree({tr("Model"), tr("Backend"), tr("Outcome"), tr("Trigger"), tr("Status"), tr("Latency"), tr("Error")}, this)),
      m_trace(makeDetailTree({tr("Step"), tr("Model"), tr("Detail")}, this))
{
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->setTabKeyNavigation(false); // one Tab stop for the table, not one per cell; arrows move
    m_table->sortByColumn(RequestTableModel::Time, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            showRecord(m_filter->record(current.row()));
    });
    // New requests arrive at the top: once the operator scrolled down, the rows in view stay
    // where they are instead of sliding away (the scroll position counts rows).
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        QScrollBar *bar = m_table->verticalScrollBar();
        if (bar->value() > 0 && first <= m_table->rowAt(0))
            bar->setValue(bar->value() + last - first + 1);
    });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &RequestsView::updateCount);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &RequestsView::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &RequestsView::updateCount);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &RequestsView::updateCount);

    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *detail = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_summary);
    detailLayout->addWidget(new QLabel(tr("<b>Attempts</b>"), detail));
    detailLayout->addWidget(m_attempts, 1);
    detailLayout->addWidget(new QLabel(tr("<b>Why this model (explain trace)</b>"), detail));
    detailLayout->addWidget(m_trace, 2);

    auto *list = new QWidget(this);
    auto *listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(makeFilterBar());
    listLayout->addWidget(m_table, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(list);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
    m_summary->setText(tr("Select a request to see how it was routed."));
    updateCount();
}

QWidget *RequestsView::makeFilterBar()
{
    auto *bar = new QWidget(this);
    m_search = new QLineEdit(bar);
    m_search->setPlaceholderText(tr("Search id, client, model, error…"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search requests"));
    connect(m_search, &QLineEdit::textChanged, m_filter, &RequestFilter::setText);
    connect(m_search, &QLineEdit::textChanged, this, &RequestsView::updateCount);
    m_outcome = new QComboBox(bar);
    m_outcome->addItem(tr("All requests"), int(RequestFilter::Outcome::Any));
    m_outcome->addItem(tr("Failed only"), int(RequestFilter::Outcome::Failed));
    m_outcome->addItem(tr("Succeeded only"), int(RequestFilter::Outcome::Succeeded));
    m_outcome->setAccessibleName(tr("Show requests"));
    connect(m_outcome, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setOutcome(RequestFilter::Outcome(m_outcome->currentData().toInt()));
        updateCount();
    });
    m_count = new QLabel(bar);
    auto *exportButton = new QPushButton(tr("&Export…"), bar);
    exportButton->setToolTip(tr("Save the requests shown as CSV or JSON Lines"));
    connect(exportButton, &QPushButton::clicked, this, &RequestsView::exportAsked);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 1);
    layout->addWidget(m_outcome);
    layout->addWidget(m_count);
    layout->addWidget(exportButton);
    return bar;
}

void RequestsView::updateCount()
{
    if (m_count)
        m_count->setText(tr("%1 of %2").arg(m_filter->rowCount()).arg(m_requests->rowCount()));
}

bool RequestsView::exportTo(const QString &path, QString *error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(m_filter->exportRows(path.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive))) < 0 || !file.flush()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void RequestsView::exportAsked()
{
    QString filter;
    QString path = QFileDialog::getSaveFileName(this, tr("Export requests"), QStringLiteral("requests.csv"),
                                                tr("CSV (*.csv);;JSON Lines (*.jsonl)"), &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter.contains(QLatin1String("jsonl")) ? QStringLiteral(".jsonl") : QStringLiteral(".csv");
    QString error;
    if (!exportTo(path, &error))
        QMessageBox::warning(this, tr("Export requests"), tr("Could not write %1: %2").arg(path, error));
}

void RequestsView::selectRow(int row)
{
    m_table->selectRow(row); // a row as shown (sorted and filtered)
}

void RequestsView::showRecord(const QJsonObject &record)
{
    const auto fill = [this](const QJsonObject &r) {
        m_summary->setText(tr("<b>%1</b> · %2 %3 · asked for <b>%4</b>, served by <b>%5</b> (route %6) · status %7 · %8 ms")
                               .arg(r.value(QLatin1String("id")).toString(), r.value(QLatin1String("inbound")).toString(),
                                    r.value(QLatin1String("endpoint")).toString(), r.value(QLatin1String("requested")).toString().toHtmlEscaped(),
                                    r.value(QLatin1String("model")).isString() ? r.value(QLatin1String("model")).toString().toHtmlEscaped() : tr("nothing"),
                                    r.value(QLatin1String("route")).toString())
                               .arg(r.value(QLatin1String("status")).toInt())
                               .arg(qRound(r.value(QLatin1String("latencyMs")).toDouble())) +
                           (r.value(QLatin1String("error")).isString() ? QStringLiteral("<br>") + r.value(QLatin1String("error")).toString().toHtmlEscaped() : QString()));
        m_attempts->clear();
        for (const QJsonValue &v : r.value(QLatin1String("attempts")).toArray()) {
            const QJsonObject a = v.toObject();
            auto *item = new QTreeWidgetItem(m_attempts, {jsonText(a.value(QLatin1String("model"))), jsonText(a.value(QLatin1String("backend"))),
                                                          jsonText(a.value(QLatin1String("outcome"))), jsonText(a.value(QLatin1String("trigger"))),
                                                          jsonText(a.value(QLatin1String("status"))),
                                                          QStringLiteral("%1 ms").arg(qRound(a.value(QLatin1String("latencyMs")).toDouble())),
                                                          jsonText(a.value(QLatin1String("error")))});
            if (a.contains(QLatin1String("params")))
                item->setToolTip(0, tr("params added: %1").arg(jsonText(a.value(QLatin1String("params")))));
        }
        const QJsonObject trace = r.value(QLatin1String("trace")).toObject();
        fillTrace(m_trace, trace);
        if (trace.isEmpty())
            new QTreeWidgetItem(m_trace, {tr("(the trace is kept in the history; it is off or still being written)")});
    };
    fill(record);
    // The history has the trace; the live event does not.
    const QString id = record.value(QLatin1String("id")).toString();
    m_link->get(QStringLiteral("/api/v1/requests/") + QString::fromLatin1(QUrl::toPercentEncoding(id)), [this, id, fill](const RestReply &r) {
        const QModelIndex current = m_table->currentIndex();
        if (r.ok() && current.isValid() && m_filter->record(current.row()).value(QLatin1String("id")).toString() == id)
            fill(r.body);
    });
}

} // namespace sy::ui
